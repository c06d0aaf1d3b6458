"""Dated change events of a law: where two real versions of the same provision differ.

Versions are grouped by law (``meta["law"]``) and by the date the new text is in force. For each provision,
each version is compared with the one before it (``ingest.text.diff``, on the parts both cover); a
provision that has no earlier version gives no change (its first version is not an addition: an excerpt or
an earlier crawl may simply not have held it). A law version in which no provision differs from the one
before gives no event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ingest.text.diff import Change, diff_versions
from ingest.text.model import TextVersion


@dataclass(frozen=True)
class ChangeEvent:
    """A dated change of one law, with the provisions and items it touched."""

    regime: str
    law: str
    law_title: str
    instrument: str | None
    in_force: str
    previous: str
    provisions: tuple[str, ...]  # refs of the provisions whose text changed
    items_added: tuple[str, ...]
    items_removed: tuple[str, ...]
    items_changed: tuple[str, ...]  # every changed designation (a change under a changed one is its own)
    paragraphs: int
    versions: tuple[str, ...]  # ids of the new versions that show the change
    source: str
    source_url: str

    @property
    def id(self) -> str:
        return f"{self.regime}:{self.law}@{self.in_force}"

    @property
    def summary(self) -> str:
        parts = [
            f"{len(self.items_added)} added" if self.items_added else "",
            f"{len(self.items_removed)} removed" if self.items_removed else "",
            f"{len(self.items_changed)} changed" if self.items_changed else "",
        ]
        counts = ", ".join(p for p in parts if p) or "no item"
        where = "; ".join(p.split(" ", 1)[1] if " " in p else p for p in self.provisions)
        by = f" by {self.instrument}" if self.instrument else ""
        return (
            f"{self.law_title or self.law} amended{by}, in force {self.in_force}: {where} "
            f"({counts}; {self.paragraphs} paragraphs)"
        )

    def to_row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "regime": self.regime,
            "law": self.law,
            "law_title": self.law_title,
            "instrument": self.instrument,
            "in_force": self.in_force,
            "previous": self.previous,
            "provisions": list(self.provisions),
            "items_added": list(self.items_added),
            "items_removed": list(self.items_removed),
            "items_changed": list(self.items_changed),
            "paragraphs": self.paragraphs,
            "summary": self.summary,
            "source": self.source,
            "confidence": "official",
        }


def _top_most(designations: list[str]) -> tuple[str, ...]:
    """Designations not under another one of the list (``item 17 (xiv)``, not also ``item 17 (xiv) (1)``)."""
    out: list[str] = []
    for d in designations:
        if not any(d.startswith(o + " ") or re.match(re.escape(o) + r"[.(]", d) for o in out):
            out.append(d)
    return tuple(out)


def _items(changes: list[Change], kind: str) -> tuple[str, ...]:
    return _top_most([c.designation for c in changes if c.change == kind and c.designation != "heading"])


def detect_changes(versions: list[TextVersion]) -> list[ChangeEvent]:
    """Change events of every law in ``versions`` (each version carries ``meta`` law, regime, instrument).

    Versions with equal texts on consecutive dates count once (the earlier); the versions of one provision
    are compared in date order.
    """
    by_ref: dict[str, list[TextVersion]] = {}
    for v in sorted(versions, key=lambda v: (v.ref, v.valid_from)):
        kept = by_ref.setdefault(v.ref, [])
        if not kept or kept[-1].text_hash != v.text_hash:
            kept.append(v)
    grouped: dict[tuple[str, str, str], list[tuple[TextVersion, TextVersion, list[Change]]]] = {}
    for ref_versions in by_ref.values():
        for prev, cur in zip(ref_versions, ref_versions[1:], strict=False):
            changes = list(diff_versions(prev, cur).changes)
            if not changes:
                continue
            key = (str(cur.meta.get("regime") or ""), str(cur.meta.get("law") or cur.ref), cur.valid_from)
            grouped.setdefault(key, []).append((prev, cur, changes))
    events = []
    for (regime, law, day), found in sorted(grouped.items()):
        all_changes = [c for _, _, cs in found for c in cs]
        first = found[0][1]
        events.append(
            ChangeEvent(
                regime=regime,
                law=law,
                law_title=str(first.meta.get("law_title") or ""),
                instrument=first.meta.get("instrument"),
                in_force=day,
                previous=max(p.valid_from for p, _, _ in found),
                provisions=tuple(cur.ref for _, cur, _ in found),
                items_added=_items(all_changes, "added"),
                items_removed=_items(all_changes, "removed"),
                items_changed=tuple(c.designation for c in all_changes if c.change == "changed"),
                paragraphs=len(all_changes),
                versions=tuple(cur.id for _, cur, _ in found),
                source=first.source,
                source_url=first.source_url,
            )
        )
    return events
