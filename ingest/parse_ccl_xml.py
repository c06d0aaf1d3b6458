"""Our parser of the Commerce Control List in eCFR XML (15 CFR part 774, supplement no. 1, a ``DIV9``).

The supplement is a flat run of elements: ``HD1`` category and product-group headings; an entry opens with
``<FP-2><B>3A090 Heading</B></FP-2>`` (sometimes ``FP-1``); its parts open with ``License Requirements``,
``List Based License Exceptions``, ``Special Conditions for STA`` and ``List of Items Controlled`` (in ``<E
T="04">``, ``<I>`` or ``HD1``); labelled lines (``<I>Reason for Control:</I> RS, AT``, ``<I>LVS:</I> N/A``,
``<I>Related Controls:</I> ...``) and a two-column table of controls and country-chart columns; then the
items paragraph by paragraph (``a.``, ``a.1.``), with notes (``<NOTE><HED>Note 1 to 3A090.a:</HED><P>..``)
attached after the item they follow. Each entry becomes the dict that ``graph.ccl_versions.item_text`` reads
(``code, heading, reasons, paragraphs, covers``), with every part covered.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from exportwatch.errors import ParseError
from ingest.parse_ecfr import render
from ingest.text.model import clean_text

_ENTRY = re.compile(r"^(\d[A-E]\d{3})\s+(.*)$", re.S)
_ITEM = re.compile(r"^([a-z](?:\.\d+(?:\.[a-z](?:\.\d+)*)?)*|\d+(?:\.[a-z](?:\.\d+)*)?)\.\s+(?=\S)")
_LABELLED = re.compile(r"^([A-Z][A-Za-z /]{1,40}):\s*(.*)$", re.S)
COVERS = ["heading", "license_requirements", "license_exceptions", "related", "items", "labels"]


def _text(el: etree._Element) -> str:
    return clean_text(render(el))


def _section(text: str) -> str | None:
    low = text.lower().rstrip(":")
    if low == "license requirements":
        return "lr"
    if low.startswith("list based license exceptions"):
        return "le"
    if low.startswith("special conditions for sta"):
        return "sta"
    if low.startswith("list of items controlled"):
        return "loic"
    return None


class _Entry:
    def __init__(self, code: str, heading: str) -> None:
        self.code, self.heading = code, heading
        self.reasons: str | None = None
        self.paragraphs: list[list[str]] = []
        self.section = ""

    def item_line(self, text: str, in_note: bool) -> None:
        m = _ITEM.match(text)
        if m and not in_note:
            self.paragraphs.append([m.group(1), "item", text[m.end() :]])
        elif m:
            self.paragraphs.append([m.group(1), "note", text if m.group(1)[0].isdigit() else text[m.end() :]])
        else:
            self.paragraphs.append(["", "note" if in_note else "text", text])

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "category": self.code[0],
            "product_group": self.code[1],
            "heading": self.heading,
            "reasons": self.reasons,
            "paragraphs": self.paragraphs,
            "covers": list(COVERS),
        }


def _labelled(entry: _Entry, text: str) -> bool:
    m = _LABELLED.match(text)
    if not m:
        return False
    label, value = m.group(1).strip(), m.group(2).strip()
    low = label.lower()
    if low == "reason for control":
        entry.reasons = value
        entry.paragraphs.append(["reason for control", "reasons", value])
    elif entry.section in ("le", "sta") and re.fullmatch(r"[A-Z][A-Z/]{1,9}", label):
        kind, name = (
            ("special", "special conditions") if label == "STA" else ("exception", "license exception")
        )
        entry.paragraphs.append([f"{name} {label}", kind, value])
    elif low == "related controls":
        entry.paragraphs.append(["related controls", "related", value])
    elif low in ("related definitions", "related definition"):
        entry.paragraphs.append(["related definitions", "definitions", value])
    elif low == "items":
        entry.section = "items"
        if value and _ITEM.match(value):
            entry.item_line(value, False)
        elif value:
            entry.paragraphs.append(["items", "label", value])
    else:
        return False
    return True


def _table(entry: _Entry, el: etree._Element) -> None:
    for tr in el.iter("TR"):
        cells = [_text(td) for td in tr if isinstance(td.tag, str) and td.tag == "TD"]
        if len(cells) >= 2 and cells[0]:
            entry.paragraphs.append([f"control: {cells[0]}", "control", cells[1]])


def _note(entry: _Entry, el: etree._Element) -> None:
    hed = el.find("HED")
    if hed is not None:
        label = _text(hed)
        entry.paragraphs.append([label.rstrip(":"), "label", label])
    for p in el:
        if isinstance(p.tag, str) and p.tag != "HED":
            text = _text(p)
            if text:
                entry.item_line(text, True)


def parse_ccl(data: bytes, *, source: str) -> list[dict[str, Any]]:
    """Every ECCN of supplement no. 1 to part 774 in ``data`` (a part or the supplement alone).

    Raises:
        ParseError: malformed XML, or no supplement no. 1 to part 774 in it.
    """
    try:
        root = etree.fromstring(
            data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        )
    except etree.XMLSyntaxError as e:
        raise ParseError(f"CCL XML from {source}: not well-formed XML ({e})") from None
    supp = root if root.tag == "DIV9" else None
    for div in root.iter("DIV9"):
        if re.match(r"(?i)supplement no\.? 1 to part 774", div.get("N") or ""):
            supp = div
            break
    if supp is None:
        raise ParseError(f"CCL XML from {source}: no supplement no. 1 to part 774 (DIV9) in it")
    entries: list[_Entry] = []
    cur: _Entry | None = None
    for el in supp:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "HEAD":
            continue
        bold = el.find("B") if tag in ("FP-1", "FP-2") else None
        if bold is not None and (m := _ENTRY.match(_text(el))):
            cur = _Entry(m.group(1), m.group(2).strip())
            entries.append(cur)
            continue
        if cur is None:
            continue
        if tag in ("DIV", "TABLE", "GPOTABLE"):
            _table(cur, el)
            continue
        if tag == "NOTE":
            _note(cur, el)
            continue
        text = _text(el)
        if not text:
            continue
        section = _section(text)
        if section:
            cur.section = section
            continue
        if tag == "HD1" and (cur.section != "items" or re.match(r"^(Category \d|[A-E]\. )", text)):
            continue  # a category or product-group heading
        if _labelled(cur, text):
            continue
        if cur.section == "items":
            cur.item_line(text, False)
        else:
            cur.paragraphs.append(["", "label", text])
    return [e.to_dict() for e in entries]
