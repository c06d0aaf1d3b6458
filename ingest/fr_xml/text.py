"""The text of one GPO XML element: inline elements, superscripts, whitespace and page markers.

Whitespace inside a block is collapsed (the XML is often pretty-printed); whitespace that only exists
because of pretty-printing (a line break before ``.``/``,``/``)`` or after ``(``/``“``) is dropped.

Superscripts (``<SU>``), decided by what precedes them:

- an exponent: ``10<SU>26</SU>`` -> ``10^26`` (base ``10`` or a length unit such as ``km<SU>2</SU>``, and a
  signed number as superscript);
- an ordinal suffix: ``3<SU>rd</SU>`` -> ``3rd``;
- anything else is a footnote reference, kept as ``[n]`` attached to the word before it:
  ``734.9(g),<SU>3</SU>`` -> ``734.9(g),[3]`` (the Entity List footnote 3 designation stays visible).

A ``<PRTPAGE>`` inside a block stands as a marker character in the raw text until the block's offsets
are known (``normalize``): ``PAGE``, a character of Unicode's private use area, or, for an element whose
own text has that character (``free_mark``), another one it does not have. So every page marker is
known by the number of pages collected beside it, and a private-use character in a document is text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import cast

from lxml import etree

from exportwatch.errors import ParseError

PAGE = "\ue000"  # stands for a PRTPAGE inside a block until offsets are known
SKIP = {"BILCOD", "STARS", "GID", "FTREF", "PSIG", "TDESC"}  # elements without text of their own
_CLOSERS = tuple(".,;:)]”’")
_OPENERS = tuple("([“‘")
_WS = " \t\n\r\u2009\xa0"
_EXPONENT_BASE = re.compile(r"(?:^|[^\d.,])10$|(?:^|[^A-Za-z])(?:m|cm|mm|km|nm|mi|ft|in|yd)$")
_SIGNED_NUMBER = re.compile(r"[−\-–]?\d+(?:\.\d+)?")
_ORDINALS = {"st", "nd", "rd", "th", "d"}


def text_of(el: etree._Element) -> str:
    """All the text inside ``el`` (``itertext``), as printed in the XML."""
    if not len(el):
        return el.text or ""  # what itertext() gives, without setting up its tree walk
    return "".join(cast(Iterable[str], el.itertext()))


def to_int(s: str | None) -> int | None:
    """``s`` as a number when it is all digits (a page number attribute), else None."""
    return int(s) if s and s.isdigit() else None


def free_mark(text: str) -> str:
    """A private-use character that ``text`` does not contain, to mark pages in it."""
    for code in range(ord(PAGE), 0xF900):
        if chr(code) not in text:
            return chr(code)
    raise ParseError("an element uses every private-use character; its page breaks cannot be placed")


def inline_text(ch: etree._Element, pages: list[int | None], mark: str = PAGE) -> str:
    """One inline child (without its tail): a page marker, or its text."""
    if ch.tag == "PRTPAGE":
        pages.append(to_int(ch.get("P")))
        return mark
    return "" if ch.tag in SKIP else raw_text(ch, pages, None, mark)


def raw_text(
    el: etree._Element, pages: list[int | None], lines: list[str] | None = None, mark: str = PAGE
) -> str:
    """Text of ``el`` with superscripts resolved and page markers in place (whitespace not yet collapsed).

    Whitespace that pretty-printing put between an inline element and a closing punctuation mark (or
    after an opening one) is dropped here, where the element boundaries are still known. With ``lines``,
    each ``<LI>`` starts a new line: the text before it and each LI go to ``lines``, the rest is returned.
    """
    if not len(el):
        return el.text or ""
    out = [el.text or ""]
    for ch in el:
        prev = out[-1]
        if prev and prev[-1] in _WS and "\n" in prev and prev.rstrip().endswith(_OPENERS):
            out[-1] = prev.rstrip()
        tag = ch.tag
        if tag == "E" and not len(ch):  # most inline elements: emphasis
            out.append(ch.text or "")
        elif tag == "SU":
            superscript(out, text_of(ch).strip())
        elif tag == "LI" and lines is not None:
            lines.append("".join(out))
            lines.append(raw_text(ch, pages, None, mark))
            out = [""]
        elif tag == "LI":
            out.append(f" {raw_text(ch, pages, None, mark)} ")
        else:
            out.append(inline_text(ch, pages, mark))
        tail = ch.tail
        if tail:
            if tag == "E" and tail[0].isalnum() and out[-1].endswith((":", ".")):
                out.append(" ")  # a run-in heading "<E>Effective date:</E>This ..." prints with a space
            if tail[0] in _WS and "\n" in tail and tail.lstrip().startswith(_CLOSERS):
                tail = tail.lstrip()
            out.append(tail)
    return "".join(out)


def superscript(out: list[str], sup: str) -> None:
    """Append a superscript as exponent (``^26``), ordinal suffix (``rd``) or footnote mark (``[3]``)."""
    before = "".join(out[-2:])
    core = before.rstrip()
    ws = before[len(core) :]
    if sup.lower() in _ORDINALS and core[-1:].isdigit():
        mark = sup
    elif (not ws or "\n" in ws) and _SIGNED_NUMBER.fullmatch(sup) and _EXPONENT_BASE.search(core[-12:]):
        mark = "^" + sup
    elif sup:
        mark = f"[{sup}]"
    else:
        return
    while len(out) > 1 and not out[-1].strip():  # the mark attaches to the word before it
        out.pop()
    out[-1] = out[-1].rstrip()
    out.append(mark)


def collapse(raw: str) -> str:
    """``" ".join(raw.split())``, without the split when there is nothing to collapse (most GPO
    paragraphs are one line; the split was the largest single cost of the parse).

    A string is already collapsed if its only whitespace is single inner spaces. Every character
    ``str.split()`` splits on but the space is non-printable, and in XML text the only ASCII ones that
    can occur are tab, line feed and carriage return (libxml2 rejects the other controls, even as
    character references); tests check both. So an ASCII string needs three fast searches, any other
    one ``isprintable()``. (``DocBuilder.walk`` has a copy of this test inline, for paragraphs.)
    """
    if (
        ("\n" not in raw and "\t" not in raw and "\r" not in raw) if raw.isascii() else raw.isprintable()
    ) and ("  " not in raw and raw[:1] != " " and raw[-1:] != " "):
        return raw
    return " ".join(raw.split())


def space_marks(text: str, mark: str = PAGE) -> str:
    """Put a page marker that has a space on either side after the space: ``a <m> b`` and ``a<m> b``
    become ``a <m>b``, so the page begins with the word after it. A marker without a space stays.

    (The regular expression ``" ?<m> ?"`` did the same at a tenth of the speed: it has no literal
    prefix to search for, and page-marked paragraphs are the longest ones.)
    """
    pieces = text.split(mark)
    out: list[str] = []
    eaten = False  # the space that begins this piece went with the marker before it
    last = len(pieces) - 1
    for i, piece in enumerate(pieces):
        if eaten:
            piece = piece[1:]
        if i == last:
            out.append(piece)
            break
        eaten = pieces[i + 1][:1] == " "
        if piece[-1:] == " ":
            out.append(piece[:-1])
            out.append(" " + mark)
        else:
            out.append(piece)
            out.append(" " + mark if eaten else mark)
    return "".join(out)


def normalize(raw: str, mark: str = PAGE) -> tuple[str, list[int]]:
    """Collapse whitespace; return the text and the offsets where page markers (``mark``) stood."""
    text = collapse(raw)
    if mark not in text:
        return text, []
    text = space_marks(text, mark).strip()
    pieces = text.split(mark)
    offsets, pos = [], 0
    for piece in pieces[:-1]:
        pos += len(piece)
        offsets.append(pos)
    text = "".join(pieces)
    stripped = text.rstrip()
    return stripped, [min(o, len(stripped)) for o in offsets]
