"""Blocks of text with their offsets in the document text, and the printed pages they fall on.

``BlockWriter`` appends blocks (kind, text, start, end, section) as the walk finds them; a page marker
inside a block becomes a page break at its offset, one between blocks begins the next block.
``with_pages`` then makes the ``Block`` records, and ``page_at`` looks up the page of an offset.
"""

from __future__ import annotations

from typing import cast

from lxml import etree

from ingest.fr_xml.text import PAGE, collapse, free_mark, inline_text, normalize, raw_text
from ingest.models import Block

_NEVER = float("inf")
new_draft = object.__new__


class Draft:
    """A block as the walk finds it: a mutable twin of ``Block`` (the same slots, in the same order) whose
    page is filled in when the document is built, and which then becomes a ``Block`` (``with_pages``)."""

    __slots__ = ("kind", "text", "start", "end", "page", "section")
    kind: str
    text: str
    start: int
    end: int
    page: int | None
    section: str | None


class BlockWriter:
    """Accumulates the blocks of one document, with the page breaks (offset, page) between them."""

    def __init__(self) -> None:
        self.pos = -2  # end of the last block; the next one starts 2 further on (after a blank line)
        self.blocks: list[Draft] = []
        self.breaks: list[tuple[int, int]] = []
        self.pending: list[int] = []  # pages whose marker came after the last block: they begin the next
        self.section: str | None = None  # the nearest heading or section number above

    def add(
        self, kind: str, raw: str, pages: list[int | None], section: str | None = None, mark: str = PAGE
    ) -> str:
        """Normalize ``raw`` into a block; page markers (``mark``) inside it become page breaks."""
        text, marks = normalize(raw, mark)
        if not text:
            self.pending.extend(p for p in pages if p is not None)
            return ""
        inside: list[tuple[int, int]] = []
        after: list[int] = []  # a marker at the very end begins the next block
        for rel, p in zip(marks, pages, strict=True):
            if p is None:
                continue
            if rel == 0:
                self.pending.append(p)
            elif rel < len(text):
                inside.append((rel, p))
            else:
                after.append(p)
        start = self.put(kind, text, section)
        for rel, p in inside:
            self.add_break(start + rel, p)
        self.pending.extend(after)
        return text

    def put(self, kind: str, text: str, section: str | None) -> int:
        """Append a normalized, non-empty block; page markers seen before it begin at its start."""
        start = self.pos + 2
        if self.pending:
            for p in self.pending:
                self.add_break(start, p)
            self.pending.clear()
        self.pos = end = start + len(text)
        b = new_draft(Draft)
        b.kind = kind
        b.text = text
        b.start = start
        b.end = end
        b.section = section
        self.blocks.append(b)
        return start

    def add_break(self, offset: int, page: int) -> None:
        if self.breaks and self.breaks[-1][0] == offset:
            self.breaks[-1] = (offset, page)
        else:
            self.breaks.append((offset, page))

    def block(self, kind: str, el: etree._Element, section: str | None = None) -> str:
        """``el`` as one block (its text normalized); returns the text, "" when there is none.

        A marker character in the element's own text is text: page markers are only counted as
        many as there are pages (``marked``).
        """
        if len(el):
            pages: list[int | None] = []
            raw = raw_text(el, pages)
            if pages:
                return self.marked(kind, el, raw, pages, section)
        else:
            raw = el.text or ""
        text = collapse(raw)  # without page markers, add comes down to this (put inline)
        if not text:
            return ""
        if self.pending:
            self.put(kind, text, section)
        else:
            b = new_draft(Draft)
            b.kind, b.text, b.section = kind, text, section
            b.start = start = self.pos + 2
            b.end = self.pos = start + len(text)
            self.blocks.append(b)
        return text

    def marked(
        self, kind: str, el: etree._Element, raw: str, pages: list[int | None], section: str | None
    ) -> str:
        """``add`` for the raw text of ``el`` with page markers; if the element's text has the marker
        character itself, its raw text is made again with one it does not have."""
        if raw.count(PAGE) == len(pages):
            return self.add(kind, raw, pages, section)
        mark = free_mark(raw)
        pages = []
        return self.add(kind, raw_text(el, pages, None, mark), pages, section, mark)

    def joined(self, kind: str, el: etree._Element) -> str:
        """One block from all of ``el``'s children, joined by spaces (a signature, an authority line)."""
        mark = PAGE
        while True:
            pages: list[int | None] = []
            raw = " ".join([el.text or ""] + [inline_text(ch, pages, mark) + (ch.tail or "") for ch in el])
            if raw.count(mark) == len(pages):
                return self.add(kind, raw, pages, self.section, mark)
            mark = free_mark(raw)


def first_pages(
    breaks: list[tuple[int, int]], text_length: int, page_in_force: int | None
) -> list[tuple[int, int]]:
    """The page breaks of a document's text, from the page markers found in it.

    Pages only go forward: "9", "10" of a reprinted CFR text are not FR pages. The text begins on the
    page in force where the document begins (in a daily issue), else on the page before its first
    marker (a document on its own has no marker for its first page), unless that marker comes first.
    """
    out: list[tuple[int, int]] = []
    last = (page_in_force or 1) - 1
    for offset, page in breaks:
        if offset < text_length and page > last:
            out.append((offset, page))
            last = page
    if text_length and not (out and out[0][0] == 0):
        if page_in_force is not None:
            out.insert(0, (0, page_in_force))
        elif out:
            out.insert(0, (0, out[0][1] - 1))
    return out


def page_at(breaks: list[tuple[int, int]], offset: int) -> int | None:
    """The page on which ``offset`` falls (the first page for an offset before every break)."""
    page = None
    for o, p in breaks:
        if o > offset:
            break
        page = p
    return page if page is not None or not breaks else breaks[0][1]


def with_pages(drafts: list[Draft], breaks: list[tuple[int, int]]) -> tuple[Block, ...]:
    """The drafts made Blocks with their page, in one pass over drafts and breaks (both in text order).

    A daily issue has tens of thousands of blocks, and the frozen dataclass ``__init__`` (one
    ``object.__setattr__`` per field) took a fifth of the parse. So the walk fills in ``Draft``s, whose
    slots are plain attribute stores, and here each one gets its page and the class ``Block`` (allowed:
    the two have the same layout): equal in every respect to ``Block(...)`` (``==``, ``repr``, ``hash``,
    pickle), three times as fast.
    """
    if not _FAST_BLOCKS:
        return tuple(
            Block(d.kind, d.text, d.start, d.end, page_at(breaks, d.start), d.section) for d in drafts
        )
    i, n = 0, len(breaks)
    page = breaks[0][1] if breaks else None
    upcoming = breaks[0][0] if breaks else _NEVER  # offset of the first break not yet in force
    for b in drafts:
        if b.start >= upcoming:
            start = b.start
            while i < n and breaks[i][0] <= start:
                page = breaks[i][1]
                i += 1
            upcoming = breaks[i][0] if i < n else _NEVER
        b.page = page
        b.__class__ = Block  # type: ignore[assignment]  # the same layout, checked at import
    return cast(tuple[Block, ...], tuple(drafts))


def fast_blocks_work(cls: type = Block) -> bool:
    """Whether a ``Draft`` made a ``cls`` as ``with_pages`` does equals one from ``cls(...)``; it
    stops being so if a field or a ``__post_init__`` is added to Block, and ``with_pages`` then calls
    ``__init__``."""
    values = ("p", "t", 0, 1, 2, "s")
    try:
        b = new_draft(Draft)
        b.kind, b.text, b.start, b.end, b.page, b.section = values
        b.__class__ = cls
    except TypeError:  # not the same layout
        return False
    made = cls(*values)
    return (
        getattr(cls, "__slots__", None) == Draft.__slots__
        and bool(b == made)
        and repr(b) == repr(made)
        and b.__getstate__() == made.__getstate__()
    )


_FAST_BLOCKS = fast_blocks_work()
