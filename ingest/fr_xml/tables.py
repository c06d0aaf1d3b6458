"""GPOTABLEs: title, column headings and rows, each row also a ``table_row`` block of the text.

A cell's text before its first ``<LI>`` and each LI are its lines (``Table.cell_lines``), for the
extractors that read the Entity List's multi-line cells; the row text joins the lines with spaces.
"""

from __future__ import annotations

from lxml import etree

from ingest.fr_xml.regtext import RegTextReader
from ingest.fr_xml.text import PAGE, free_mark, normalize, raw_text, text_of, to_int
from ingest.models import Table


class TableReader(RegTextReader):
    """Reads GPOTABLEs into ``tables`` (their pages are filled in when the document is built)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[Table] = []

    def visit(self, el: etree._Element) -> None:
        """Visit one element (the document walk)."""
        raise NotImplementedError

    def table(self, el: etree._Element) -> None:
        title_el = el.find("TTITLE")
        title = self.block("heading", title_el, self.section) if title_el is not None else ""
        header = tuple(" ".join(text_of(c).split()) for c in el.iterfind("BOXHD/CHED"))
        start: int | None = None
        if any(header):
            self.add("table_row", " | ".join(h for h in header if h), [], self.section)
            start = self.blocks[-1].start
        rows: list[tuple[str, ...]] = []
        lines: list[tuple[tuple[str, ...], ...]] = []
        for row in el:
            if row.tag == "PRTPAGE":
                self.visit(row)
            elif row.tag == "TNOTE":
                self.block("other", row, self.section)
            if row.tag != "ROW":
                continue
            cells: list[tuple[str, ...]] = []
            late: list[int | None] = []  # page markers after a row's first cell: they begin the next row
            for ent in row:
                if ent.tag == "PRTPAGE" and not cells:
                    self.visit(ent)
                elif ent.tag == "PRTPAGE":
                    late.append(to_int(ent.get("P")))
                elif ent.tag == "ENT":
                    cells.append(cell_lines(ent, late))
            texts = tuple(" ".join(c) for c in cells)
            if any(texts):
                rows.append(texts)
                lines.append(tuple(cells))
                self.add("table_row", " | ".join(t for t in texts if t), [], self.section)
                start = self.blocks[-1].start if start is None else start
            self.pending.extend(p for p in late if p is not None)
        part = self.reg.part if self.reg is not None else None
        table = Table(header, tuple(rows), title or None, None, part, self.section, start, tuple(lines))
        self.tables.append(table)


def cell_lines(ent: etree._Element, pages: list[int | None]) -> tuple[str, ...]:
    """An ENT's lines: its own text before the first ``<LI>``, then each ``<LI>``; page markers are
    collected in ``pages`` and dropped from the text (a marker character of the text itself stays)."""
    known = len(pages)
    mark = PAGE
    while True:
        raws: list[str] = []
        raws.append(raw_text(ent, pages, raws, mark))
        if sum(r.count(mark) for r in raws) == len(pages) - known:
            return tuple(t for t in (normalize(r, mark)[0] for r in raws) if t)
        del pages[known:]
        mark = free_mark("".join(raws))
