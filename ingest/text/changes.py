"""Dated change events of a law: where two real versions of the same provision differ.

Versions are grouped by law (``meta["law"]``) and by the date the new text is in force. For each provision,
each version is compared with the one before it (``ingest.text.diff``, on the parts both cover); a
provision that has no earlier version gives no change (its first version is not an addition: an excerpt or
an earlier crawl may simply not have held it), unless both are whole versions of the law
(``meta["complete_law"]``, an API answer): then an article the later whole version holds and the earlier one
lacked is added, and one it lacks that the earlier one held is removed. A law version in which no provision
differs from the one before gives no event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ingest.text.diff import Change, diff_versions
from ingest.text.model import NOT_IN_FORCE_DATES, TextVersion


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
    dated_by: str = "in_force_date"  # how the new version is dated (``NOT_IN_FORCE_DATES``: not in force)
    items_moved: tuple[str, ...] = ()  # renumbered, text unchanged: where each now stands

    @property
    def id(self) -> str:
        return f"{self.regime}:{self.law}@{self.in_force}"

    @property
    def in_force_known(self) -> bool:
        """Whether ``in_force`` is the day the new text entered into force (else only the date the version
        is dated by, e.g. the publication of the law's last amendment)."""
        return self.dated_by not in NOT_IN_FORCE_DATES

    @property
    def summary(self) -> str:
        parts = [
            f"{len(self.items_added)} added" if self.items_added else "",
            f"{len(self.items_removed)} removed" if self.items_removed else "",
            f"{len(self.items_changed)} changed" if self.items_changed else "",
            f"{len(self.items_moved)} moved" if self.items_moved else "",
        ]
        counts = ", ".join(p for p in parts if p) or "no item"
        where = "; ".join(p.split(" ", 1)[1] if " " in p else p for p in self.provisions)
        by = f" by {self.instrument}" if self.instrument else ""
        if not self.in_force_known:
            return (
                f"{self.law_title or self.law} amended between the versions last amended {self.previous} "
                f"and {self.in_force} (publication dates of each version's last amendment; the in-force date "
                f"and amending instrument are not in the record): {where} "
                f"({counts}; {self.paragraphs} paragraphs)"
            )
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
            "items_moved": list(self.items_moved),
            "paragraphs": self.paragraphs,
            "summary": self.summary,
            "dated_by": self.dated_by,
            "source": self.source,
            "confidence": "official",
        }


def _empty(v: TextVersion, day: str) -> TextVersion:
    """A stand-in for a provision a whole version of its law does not hold on ``day``."""
    meta = {**v.meta, "absent": True}
    return TextVersion(v.ref, day, "", (), v.source, v.parser, v.dated_by, v.covers, v.source_url, "", meta)


def _whole_law_changes(versions: list[TextVersion]) -> list[tuple[TextVersion, TextVersion, list[Change]]]:
    """Articles added or removed between two consecutive whole versions of a law."""
    laws: dict[str, dict[str, dict[str, TextVersion]]] = {}  # law -> day -> ref -> version
    for v in versions:
        if v.meta.get("complete_law"):
            laws.setdefault(str(v.meta.get("law")), {}).setdefault(v.valid_from, {})[v.ref] = v
    out = []
    for days in laws.values():
        ordered = sorted(days)
        for before, after in zip(ordered, ordered[1:], strict=False):
            old, new = days[before], days[after]
            for ref in sorted(set(new) - set(old)):
                v = new[ref]
                added = [Change(p.designation, "added", None, p.text) for p in v.paragraphs]
                top = str(v.meta.get("designation") or v.ref)
                out.append((_empty(v, before), v, added or [Change(top, "added", None, v.heading)]))
            for ref in sorted(set(old) - set(new)):
                v = old[ref]
                removed = [Change(p.designation, "removed", p.text, None) for p in v.paragraphs]
                top = str(v.meta.get("designation") or v.ref)
                out.append((v, _empty(v, after), removed or [Change(top, "removed", v.heading, None)]))
    return out


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

    def add(prev: TextVersion, cur: TextVersion, changes: list[Change]) -> None:
        key = (str(cur.meta.get("regime") or ""), str(cur.meta.get("law") or cur.ref), cur.valid_from)
        grouped.setdefault(key, []).append((prev, cur, changes))

    for ref_versions in by_ref.values():
        for prev, cur in zip(ref_versions, ref_versions[1:], strict=False):
            changes = list(diff_versions(prev, cur).changes)
            if changes:
                add(prev, cur, changes)
    for prev, cur, changes in _whole_law_changes(versions):
        add(prev, cur, changes)
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
                dated_by=first.dated_by,
                items_moved=_items(all_changes, "moved"),
            )
        )
    return events
