"""Versions of CCL entries from list snapshots, and an honest comparison of two snapshots.

A snapshot that lacks an entry says nothing about the entry unless it holds the entry's whole category
(``ListSnapshot.complete_categories``): third-party parses miss entries, so an entry absent from one of them
is ``not_covered``, never ``added`` or ``removed``. Two versions of an entry are compared paragraph by
paragraph on the parts both cover (``ingest.text.diff``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graph.reference import ListSnapshot
from ingest.text import Paragraph, TextVersion, diff_versions
from ingest.text.model import compare_key


def item_ref(code: str) -> str:
    return f"US:{code}"


def _display(paragraphs: list[list[str]]) -> tuple[Paragraph, ...]:
    """Paragraphs with a designation each: an unlabelled note paragraph is named after the item or note
    label before it (``a.2 ¶1``, ``Note 1 to 3A090.a ¶1``)."""
    out: list[Paragraph] = []
    anchor, n = "", 0
    for designation, kind, text in paragraphs:
        opens_item = kind == "item" and ((designation and "." in designation) or not out)
        if opens_item or (kind == "label" and designation):
            anchor, n = designation, 0
        if not designation:
            n += 1
            designation = f"{anchor} ¶{n}" if anchor else f"¶{n}"
        out.append(Paragraph(designation, text, kind))
    return tuple(out)


def entry_version(entry: dict[str, Any], *, valid_from: str, source: str, dated_by: str) -> TextVersion:
    """The version of one entry read by our own XML parser (``ingest.parse_ccl_xml``) from ``source``."""
    return TextVersion(
        ref=item_ref(entry["code"]),
        valid_from=valid_from,
        heading=entry.get("heading") or "",
        paragraphs=_display(entry.get("paragraphs") or []),
        source=source,
        parser="ecfr-xml",
        dated_by=dated_by,
        covers=tuple(entry.get("covers") or ("heading",)),
        source_url=source,
    )


def item_text(snap: ListSnapshot, item: dict[str, Any], *, parser: str | None = None) -> TextVersion:
    """The text of one entry of a snapshot, as a version valid from the snapshot's date.

    ``parser`` names the parser of ``item`` when it is not the snapshot's (``ecfr-xml`` for our own).
    """
    return TextVersion(
        ref=item_ref(item["code"]),
        valid_from=snap.snapshot,
        heading=item.get("heading") or "",
        paragraphs=_display(item.get("paragraphs") or []),
        source=snap.id,
        parser=parser or snap.parser or snap.id,
        dated_by=snap.dated_by,
        covers=tuple(item.get("covers") or ("heading",)),
        source_url=snap.url,
        confidence="reported" if (parser or snap.parser).startswith("third-party") else "official",
    )


@dataclass(frozen=True)
class ItemChange:
    code: str
    change: str  # added, removed, heading_changed (and maybe text), text_changed, not_covered
    previous: str
    current: str
    old_heading: str | None = None
    new_heading: str | None = None
    paragraphs: int = 0  # paragraphs added, removed or changed
    evidence: str = ""


def _mentions(snap: ListSnapshot, code: str) -> bool:
    pattern = re.compile(rf"\b{code}\b")
    for it in snap.items:
        if it["code"] == code:
            continue
        if pattern.search(it.get("heading") or "") or any(
            pattern.search(p[2]) for p in it.get("paragraphs") or []
        ):
            return True
    return False


def _absent(code: str, missing_from: ListSnapshot, other: ListSnapshot, change: str) -> ItemChange:
    prev, cur = (other, missing_from) if change == "removed" else (missing_from, other)
    if code[0] in missing_from.complete_categories:
        return ItemChange(
            code, change, prev.id, cur.id, evidence=f"{missing_from.id} holds category {code[0]} completely"
        )
    why = (
        f"the code occurs in the text of {missing_from.id}, which lacks its entry"
        if _mentions(missing_from, code)
        else f"{missing_from.id} does not hold category {code[0]} completely"
    )
    return ItemChange(code, "not_covered", prev.id, cur.id, evidence=why)


def compare_snapshots(prev: ListSnapshot, cur: ListSnapshot) -> list[ItemChange]:
    """Entries added, removed, re-headed or changed in text from ``prev`` to ``cur``; gaps as not_covered."""
    before = {i["code"]: i for i in prev.items}
    after = {i["code"]: i for i in cur.items}
    out: list[ItemChange] = []
    for code in sorted(set(before) | set(after)):
        old, new = before.get(code), after.get(code)
        if old is None:
            out.append(_absent(code, prev, cur, "added"))
            continue
        if new is None:
            out.append(_absent(code, cur, prev, "removed"))
            continue
        a, b = item_text(prev, old), item_text(cur, new)
        n = sum(1 for c in diff_versions(a, b).changes if c.designation != "heading")
        if compare_key(a.heading) != compare_key(b.heading):
            out.append(
                ItemChange(code, "heading_changed", prev.id, cur.id, a.heading, b.heading, paragraphs=n)
            )
        elif n:
            out.append(ItemChange(code, "text_changed", prev.id, cur.id, paragraphs=n))
    return out
