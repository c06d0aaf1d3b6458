"""Allied legal texts in the graph: versions of provisions and list entries, and their dated changes.

- Japanese and Korean articles (``JP:<law id> art. <n>`` from ``ingest.text.egov``, ``KR:<law> art. <n>``
  from ``ingest.text.korea``) and German sections (``DE:AWV § 9`` from ``ingest.text.gesetze``) become
  ``ProvisionVersion`` nodes of a ``Provision`` (created as a stub, so that a curated provision of the same id
  keeps its properties), with the instrument that made each version where the record names it (a German
  version names only the law's last amendment, which need not have touched the section: no instrument).
- EU Annex I entries (``EU:<code>``) become ``ItemVersion`` nodes of their ``Item`` (loaded from the list).
- Every change event (``ingest.text.changes``: two real versions of a provision differ) becomes a
  ``TextChange`` linked to the new versions (``SHOWN_BY``) and to the measure it belongs to (``CHANGE_OF``):
  a curated measure of the regime whose instrument names the change's instrument, else one in force that
  day, else a measure proposed for it (confidence ``derived``). A change whose date is not an in-force date
  (``ChangeEvent.in_force_known``: German versions dated by their last amendment's publication) is matched
  by instrument only, and a measure proposed for it carries no date.

Everything is written in one transaction: a failure leaves the graph as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from graph.cypher import merge_stubs, upsert_edges, upsert_nodes
from graph.load_text import distinct_versions
from graph.reference import ListSnapshot
from graph.store import GraphStore, Row
from ingest.text import TextVersion
from ingest.text.changes import ChangeEvent, detect_changes

_SPLIT = re.compile(r"[;；、,]")
EU_PARSER = "third-party:safetecnordic/export-control"


def is_allied(v: TextVersion) -> bool:
    """Whether a version is an allied text this module loads (``JP:``/``KR:`` article, ``DE:`` section,
    ``EU:`` list entry)."""
    return v.ref.startswith(("JP:", "KR:", "DE:", "EU:"))


def annex_versions(snap: ListSnapshot) -> list[TextVersion]:
    """The EU Annex I entries of a list snapshot as versions valid from the snapshot's date (headings only:
    the bundled list holds each entry's first paragraph, so a version covers its heading and nothing else)."""
    regime = snap.regime or "EU"
    return [
        TextVersion(
            ref=f"{regime}:{it['code']}",
            valid_from=snap.snapshot,
            heading=it.get("heading") or "",
            paragraphs=(),
            source=snap.id,
            parser=snap.parser or EU_PARSER,
            dated_by=snap.dated_by or "commit_date",
            covers=("heading",),
            source_url=snap.url,
            confidence="reported",
            meta={
                "regime": regime,
                "law": "2021/821 annex I",
                "law_title": "Regulation (EU) 2021/821, Annex I",
            },
        )
        for it in snap.items
    ]


def _provision_row(v: TextVersion) -> Row:
    law = str(v.meta.get("law") or "")
    title, num = v.meta.get("law_title"), v.meta.get("law_num")
    return {
        "id": v.ref,
        "regime": v.meta.get("regime"),
        "law": f"{title} ({num})" if title and num else (title or law),
        "designation": v.meta.get("designation"),
        "heading": v.heading,
        "source": v.source_url or v.source,
        "confidence": "official",
    }


def _version_row(v: TextVersion) -> Row:
    return {
        "id": v.id,
        "provision": v.ref,
        "valid_from": v.valid_from,
        "dated_by": v.dated_by,
        "heading": v.heading,
        "text_hash": v.text_hash,
        "paragraphs": v.paragraphs_json(),
        "parser": v.parser,
        "covers": list(v.covers),
        "instrument": v.meta.get("instrument"),
        "source_url": v.source_url or None,
        "source": v.source,
        "confidence": v.confidence,
    }


def _item_version_row(v: TextVersion) -> Row:
    code = v.ref.split(":", 1)[1]
    return {
        "id": v.id,
        "item": v.ref,
        "code": code,
        "snapshot": v.valid_from,
        "valid_from": v.valid_from,
        "dated_by": v.dated_by,
        "heading": v.heading,
        "text_hash": v.text_hash,
        "paragraphs": v.paragraphs_json(),
        "parser": v.parser,
        "covers": list(v.covers),
        "source": v.source,
        "confidence": v.confidence,
    }


def _day(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat()[:10] if isinstance(value, date) else str(value)[:10]


def _names(instrument: str | None, measure_instrument: str | None) -> bool:
    """Whether a measure's instrument (maybe several, ``;``-separated, with a note) names ``instrument``."""
    if not instrument or not measure_instrument:
        return False
    return any(part.strip().split(" ")[0] == instrument for part in _SPLIT.split(measure_instrument))


def match_measure(event: ChangeEvent, measures: list[Row]) -> tuple[str, str, str] | None:
    """``(measure id, basis, confidence)`` of the curated measure a change belongs to, or None."""
    same = [m for m in measures if m.get("regime") == event.regime]
    named = [m for m in same if _names(event.instrument, m.get("instrument"))]
    on_day = [m for m in named if _day(m.get("effective")) == event.in_force]
    if on_day:
        return str(on_day[0]["id"]), "instrument_and_date", "official"
    if named:
        return str(named[0]["id"]), "instrument", "official"
    if not event.in_force_known:  # the date is not the day the change entered into force: no date match
        return None
    in_force = [m for m in same if _day(m.get("effective")) == event.in_force]
    if len(in_force) == 1:
        return str(in_force[0]["id"]), "in_force_date", "derived"
    return None


def proposed_measure(event: ChangeEvent) -> Row:
    """A measure proposed for a change no curated measure matches (confidence ``derived``)."""
    slug = re.sub(r"[^a-z0-9]+", "_", f"{event.regime}_{event.law}_{event.in_force}".lower()).strip("_")
    by = f" by {event.instrument}" if event.instrument else ""
    day = event.in_force if event.in_force_known else None
    undated = (
        ""
        if event.in_force_known
        else f"Made by an amendment published after {event.previous} and no later than {event.in_force}; "
        "its instrument and in-force date are not in the record. "
    )
    return {
        "id": f"text_change_{slug}",
        "regime": event.regime,
        "name": f"{event.law_title or event.law}: amended{by} (detected text change)",
        "effective": day,
        "first_date": day,
        "instrument": event.instrument,
        "document": event.law,
        "legal_basis": event.law_title or None,
        "note": f"Proposed from a detected change of the official text; not curated. {undated}"
        + event.summary,
        "source": event.source_url or event.source,
        "confidence": "derived",
    }


def _link(src: str, tgt: str, source: str, confidence: str) -> Row:
    return {"src": src, "tgt": tgt, "source": source, "confidence": confidence}


def load_allied_texts(store: GraphStore, versions: Iterable[TextVersion]) -> dict[str, int]:
    """Write allied versions, their change events and the events' measures; returns counts written.

    Of two versions with the same id (provision and date), the later in ``versions`` is kept.
    """
    # One version per provision and date: a later one (a live payload) replaces an earlier one (a bundled
    # excerpt of the same version), so that an excerpt and the full text are never compared as a change.
    by_id = {v.id: v for v in versions if is_allied(v)}
    everything = list(by_id.values())
    if not everything:
        return {"versions": 0, "changes": 0, "proposed_measures": 0}
    kept = distinct_versions(everything)
    provisions = [v for v in kept if not v.ref.startswith("EU:")]
    items = [v for v in kept if v.ref.startswith("EU:")]
    events = detect_changes(everything)
    measures = store.run(
        "MATCH (m:Measure) WHERE m.confidence <> 'derived' "
        "RETURN m.id AS id, m.regime AS regime, m.instrument AS instrument, m.effective AS effective"
    )
    change_of: list[Row] = []
    proposed: list[Row] = []
    for e in events:
        found = match_measure(e, measures)
        if found is None:
            row = proposed_measure(e)
            proposed.append(row)
            found = (row["id"], "proposed", "derived")
        mid, basis, confidence = found
        change_of.append({**_link(e.id, mid, e.source, confidence), "basis": basis})
    rows = [_version_row(v) for v in provisions]
    item_rows = [_item_version_row(v) for v in items]
    shown = [_link(e.id, vid, e.source, "official") for e in events for vid in e.versions]
    eu_shown = [r for r in shown if r["tgt"].startswith("EU:")]
    m = store.model
    with store.transaction() as tx:
        merge_stubs(tx, m, "Provision", [_provision_row(v) for v in provisions])
        upsert_nodes(tx, m, "ProvisionVersion", rows)
        has = [_link(r["provision"], r["id"], r["source"], "official") for r in rows]
        upsert_edges(tx, m, "HAS_VERSION", "Provision", "ProvisionVersion", has)
        upsert_nodes(tx, m, "ItemVersion", item_rows)
        has = [_link(r["item"], r["id"], r["source"], r["confidence"]) for r in item_rows]
        upsert_edges(tx, m, "HAS_VERSION", "Item", "ItemVersion", has)
        upsert_nodes(tx, m, "Measure", proposed)
        merge_stubs(tx, m, "Regime", [{"id": r["regime"]} for r in proposed])
        enacted = [_link(r["id"], r["regime"], r["source"], "derived") for r in proposed]
        upsert_edges(tx, m, "ENACTED_BY", "Measure", "Regime", enacted)
        upsert_nodes(tx, m, "TextChange", [e.to_row() for e in events])
        upsert_edges(
            tx, m, "SHOWN_BY", "TextChange", "ProvisionVersion", [r for r in shown if r not in eu_shown]
        )
        upsert_edges(tx, m, "SHOWN_BY", "TextChange", "ItemVersion", eu_shown)
        upsert_edges(tx, m, "CHANGE_OF", "TextChange", "Measure", change_of)
    return {
        "versions": len(rows) + len(item_rows),
        "changes": len(events),
        "proposed_measures": len(proposed),
    }
