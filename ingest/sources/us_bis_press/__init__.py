"""Source ``bis-press``: BIS press releases from bis.gov (see ``source.yml``)."""
