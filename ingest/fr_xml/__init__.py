"""The parts of the Federal Register GPO XML parser; its entry point is ``ingest.parse_fr_xml``.

``text``: the text of one element (inline elements, superscripts, whitespace, page markers);
``blocks``: blocks with their offsets and printed pages; ``regtext``: amendatory instructions and
the sections they insert; ``tables``: GPOTABLEs; ``document``: the walk over one document.
"""
