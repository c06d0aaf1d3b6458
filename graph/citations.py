"""Keys for what documents cite: Federal Register citations, CFR provisions, ECCNs, entity names.

The graph identifies a cited FR page by volume and page, a CFR provision by a normalized id
(``15 CFR 744.11``, ``15 CFR part 744 supp. 4``), an item by ``<regime>:<base ECCN>`` and an entity by
its normalized name. These functions compute the keys the same way for every loader.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

ECCN_BASE_RE = re.compile(r"^(\d[A-EY]\d{3,4})")  # Y: the 0Y521 series
_CFR_SECTION_RE = re.compile(r"^(?P<title>\d+) CFR (?P<part>\d+)\.(?P<sec>\d+)(?P<para>(?:\([^)]*\))*)")
_CFR_PART_RE = re.compile(
    r"^(?P<title>\d+) CFR parts? (?P<part>\d+)(?:\s+supp\.\s*(?P<supp>\w+))?$", re.IGNORECASE
)


def provision_key(normalized: str) -> tuple[str, dict[str, str | int | None], str | None]:
    """The Provision id, its properties and the paragraph, for a normalized CFR citation.

    ``15 CFR 744.11(b)`` -> (``15 CFR 744.11``, {...section...}, ``(b)``); ``15 CFR part 744 supp. 4`` ->
    (``15 CFR part 744 supp. 4``, {...}, None). Anything else keeps its text as the id.
    """
    text = " ".join(normalized.split())
    m = _CFR_SECTION_RE.match(text)
    if m:
        section = f"{m.group('part')}.{m.group('sec')}"
        pid = f"{m.group('title')} CFR {section}"
        props: dict[str, str | int | None] = {
            "title": int(m.group("title")),
            "part": m.group("part"),
            "section": section,
        }
        return pid, props, m.group("para") or None
    m = _CFR_PART_RE.match(text)
    if m:
        supp = m.group("supp")
        pid = f"{m.group('title')} CFR part {m.group('part')}" + (f" supp. {supp}" if supp else "")
        return pid, {"title": int(m.group("title")), "part": m.group("part"), "supplement": supp}, None
    return text, {}, None


def amendment_provision(
    title: str | None, part: str | None, section: str | None, supplement: str | None
) -> tuple[str, dict[str, str | int | None]] | None:
    """Provision id and properties for an amendment target, or None when it names no part."""
    if not part and not section:
        return None
    t = (title or "15").strip()
    if section:
        sec = section.strip().lstrip("§ ").strip()
        if "." not in sec and part:
            sec = f"{part}.{sec}"
        return f"{t} CFR {sec}", {
            "title": int(t) if t.isdigit() else None,
            "part": sec.split(".")[0],
            "section": sec,
        }
    supp = (supplement or "").strip()
    supp_no = re.sub(r"(?i)^supplement\s*(no\.?)?\s*", "", supp) or None
    pid = f"{t} CFR part {part}" + (f" supp. {supp_no}" if supp_no else "")
    return pid, {"title": int(t) if t.isdigit() else None, "part": part, "supplement": supp_no}


def eccn_base(code: str | None) -> str | None:
    """The ECCN an item id is built on: ``3A090.a`` -> ``3A090``; None when it is no ECCN."""
    m = ECCN_BASE_RE.match((code or "").strip().upper())
    return m.group(1) if m else None


def name_key(name: str) -> str:
    """A name reduced to lower-case letters and digits, single-spaced, to match the same party."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.casefold()).split())


def search_fields(names: Iterable[str]) -> dict[str, Any]:
    """An ``Entity``'s ``search_names`` (every name and alias, case-folded, once, sorted) and its
    ``search_text`` (those joined by `` | ``, what name searches match with ``CONTAINS``)."""
    search = sorted({n.casefold() for n in names})
    return {"search_names": search, "search_text": " | ".join(search)}


def entity_id(name: str, country: str | None) -> str:
    """The Entity node id: ``EL:<name key>:<country>``."""
    return f"EL:{name_key(name)}:{(country or 'XX').upper()}"
