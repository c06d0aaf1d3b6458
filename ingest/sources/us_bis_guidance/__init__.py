"""Source ``guidance``: BIS guidance PDFs linked from press releases (see ``source.yml``)."""
