"""The Entity List and the MEU list as the eCFR prints them: a supplement's GPOTABLE into list rows.

The eCFR versioner serves a supplement of 15 CFR part 744 (``/full/{date}/title-15.xml?part=744&appendix=
Supplement No. 4 to Part 744``) as XML whose table is a ``GPOTABLE``, the layout of the Federal Register
rules that amend it: a header row (``Country``, ``Entity``, ``License requirement``, ``License review
policy``, ``Federal Register citation``; the MEU list has Country, Entity, citation), then one row per
entry. A country cell in capitals starts a country; rows under it leave the cell blank. An entity cell
holds the name (with ``a.k.a., the following N aliases:``), the aliases as ``<LI>—alias</LI>`` and the
address as the remaining ``<LI>`` lines. Rows of asterisks (parts not reprinted) are skipped.

``supplement_json`` writes the rows in the shape of the bundled supplement files
(``{"list_id", "extracted", "count", "entities"}``), so that a live download goes through the same
parser as the offline files (``ingest.parse_lists.parse_supplement``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import etree

from exportwatch.errors import ParseError

_AKA_RE = re.compile(
    r",?\s*(?:a\.k\.a\.|also known as),?\s*(?:the following [\w-]+ alias(?:es)?:?)?\s*$", re.I
)
_COLUMNS = {
    "country": "country",
    "entity": "name",
    "licenserequirement": "license_requirement",
    "licensereviewpolicy": "license_policy",
    "federalregistercitation": "federal_register",
}


def _text(el: etree._Element) -> str:
    return " ".join("".join(str(t) for t in el.itertext()).split())


def _lines(cell: etree._Element) -> tuple[str, list[str]]:
    """The cell's text before its first ``<LI>``, and each ``<LI>`` (footnote marks ``<SU>`` dropped)."""
    head: list[str] = [cell.text or ""]
    items: list[str] = []
    for child in cell:
        if child.tag == "LI":
            items.append(_text(child))
        elif child.tag != "SU":
            (items if items else head).append(_text(child))
        if child.tail and child.tail.strip():
            if items:
                items[-1] += " " + child.tail
            else:
                head.append(child.tail)
    return " ".join(" ".join(head).split()), [" ".join(i.split()) for i in items if i.strip()]


def _header(row: etree._Element) -> list[str] | None:
    keys = [re.sub(r"[^a-z]", "", _text(e).casefold()) for e in row.iterfind("ENT")]
    if "country" in keys and "entity" in keys:
        return [_COLUMNS.get(k, k) for k in keys]
    return None


def _entity(cell: etree._Element) -> tuple[str, list[str], str | None]:
    head, items = _lines(cell)
    aliases = [
        re.sub(r"[;.,]?\s*(?:;\s*and)?$", "", i.lstrip("—-– ")).strip()
        for i in items
        if i.startswith(("—", "–"))
    ]
    rest = [i for i in items if not i.startswith(("—", "–"))]
    m = _AKA_RE.search(head)
    name = head[: m.start()] if m else head
    address = " ".join(rest) or None
    if not rest and not m and "," in name:  # "Name, street, city, country." on one line
        name, address = name.split(",", 1)
        address = address.strip()
    return name.strip().rstrip(",;"), aliases, address


def _country(heading: str | None) -> str | None:
    """``CHINA, PEOPLE'S REPUBLIC OF`` -> ``China, People's Republic of``."""
    if not heading:
        return None
    small = {"of", "the", "and"}
    words = heading.casefold().split()
    return " ".join(w if i and w in small else w[:1].upper() + w[1:] for i, w in enumerate(words))


def supplement_rows(xml: bytes, *, name: str) -> list[dict[str, Any]]:
    """Every entry of the supplement's table, as rows of the bundled supplement files.

    Raises:
        ParseError: Not XML, or no GPOTABLE with a Country and an Entity column (a changed layout).
    """
    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError as e:
        raise ParseError(f"list file {name}: not whole XML ({e})") from None
    rows: list[dict[str, Any]] = []
    found = False
    for table in root.iter("GPOTABLE"):
        columns: list[str] | None = None
        country: str | None = None
        for row in table.iterfind("ROW"):
            cells = list(row.iterfind("ENT"))
            if columns is None:
                columns = _header(row)
                continue
            found = True
            texts = [_text(c) for c in cells]
            if not any(texts) or all(set(t) <= set("* ") for t in texts[1:] if t):
                if texts and texts[0] and not set(texts[0]) <= set("* "):
                    country = texts[0]  # a country row whose other cells are asterisks
                continue
            values: dict[str, Any] = {}
            for key, cell, text in zip(columns, cells, texts, strict=False):
                if key == "name":
                    values["name"], values["aliases"], values["address"] = _entity(cell)
                elif key in _COLUMNS.values():
                    values[key] = text or None
            if values.get("country"):
                country = values["country"]
            if not values.get("name"):
                continue
            extra = {"federal_register", "license_requirement", "license_policy"} & set(columns)
            if rows and extra and not any(values.get(k) for k in extra) and not values.get("country"):
                # an address printed on a row of its own continues the entry above it
                prev = rows[-1]
                more = ", ".join(x for x in (values["name"], values.get("address")) if x)
                prev["address"] = f"{prev['address']} {more}" if prev["address"] else more
                continue
            rows.append(
                {
                    "name": values["name"],
                    "aliases": values.get("aliases", []),
                    "country": _country(country),
                    "address": values.get("address"),
                    "status": None,
                    "effective_date": None,
                    "federal_register": values.get("federal_register"),
                    "license_requirement": values.get("license_requirement"),
                    "license_policy": values.get("license_policy"),
                    "notes": None,
                }
            )
    if not found:
        raise ParseError(
            f"list file {name}: no table with Country and Entity columns (has the layout changed?)"
        )
    return rows


def supplement_json(xml: bytes, *, list_id: str, day: str, name: str) -> bytes:
    """The supplement's rows in the bundled files' shape (``list_id`` ``bis-entity-list`` or ``bis-meu``)."""
    rows = supplement_rows(xml, name=name)
    doc = {"list_id": list_id, "source_file": name, "extracted": day, "count": len(rows), "entities": rows}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode()
