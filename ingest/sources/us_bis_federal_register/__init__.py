"""Source ``federal-register``: BIS documents of the Federal Register (see ``source.yml``)."""
