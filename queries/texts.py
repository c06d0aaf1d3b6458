"""Texts as of a date and paragraph diffs between two dates, read from the version nodes of the graph.

>>> from queries.texts import show, diff
>>> show(store, "3A090", as_of="2026-01-01")                             # doctest: +SKIP
>>> diff(store, "3A090", "2025-07-11", "2026-07-23").to_json()["changes"]  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from exportwatch.errors import QueryError
from graph.load_text import read_versions
from graph.store import GraphStore
from ingest.text import TextDiff, TextVersion, diff_versions
from queries import allied_refs  # noqa: F401  (registers the JP and EU resolvers)
from queries.refs import TextRef, resolve


def versions(store: GraphStore, ref: TextRef) -> list[TextVersion]:
    """Every version of the thing ``ref`` names, oldest first."""
    return read_versions(store, ref.label, ref.key, ref.thing)


def version_as_of(
    store: GraphStore, ref: TextRef, as_of: str | None, found: list[TextVersion] | None = None
) -> TextVersion:
    """The version in force on ``as_of`` (the latest one when ``as_of`` is None).

    Args:
        found: the thing's versions when already read (else they are read from ``store``).

    Raises:
        QueryError: the graph has no version of the thing, or none on or before ``as_of``.
    """
    found = versions(store, ref) if found is None else found
    if not found:
        raise QueryError(
            f"no text of {ref.thing} in the graph",
            hint="`exportwatch build` loads the CCL texts and the bundled allied excerpts; CFR sections load "
            "from parsed eCFR part XML, Japanese laws from e-Gov (`exportwatch sync --source egov`)",
        )
    if as_of is None:
        return found[-1]
    before = [v for v in found if v.valid_from <= as_of]
    if not before:
        raise QueryError(
            f"no version of {ref.thing} on or before {as_of}: "
            f"the first known version is of {found[0].valid_from}"
        )
    return before[-1]


def show(store: GraphStore, reference: str, as_of: str | None = None) -> dict[str, Any]:
    """The text of ``reference`` as of a date: ``{ref, as_of, version_date, source, heading, paragraphs}``."""
    ref = resolve(reference)
    v = version_as_of(store, ref, as_of)
    paragraphs = v.select(ref.designation) if ref.designation else v.paragraphs
    if ref.designation and not paragraphs:
        raise QueryError(f"{ref.thing} has no paragraph {ref.designation} in its version of {v.valid_from}")
    return {
        "ref": ref.ref,
        "as_of": as_of or v.valid_from,
        "version_date": v.valid_from,
        "source": v.source,
        "heading": v.heading,
        "paragraphs": [{"designation": p.designation, "text": p.text} for p in paragraphs],
    }


def diff(store: GraphStore, reference: str, from_date: str, to_date: str) -> TextDiff:
    """What changed in ``reference`` between the versions in force on ``from_date`` and on ``to_date``."""
    if from_date > to_date:
        raise QueryError(f"--from {from_date} is after --to {to_date}")
    ref = resolve(reference)
    found = versions(store, ref)
    a, b = version_as_of(store, ref, from_date, found), version_as_of(store, ref, to_date, found)
    if ref.designation:
        a = _narrow(a, ref.designation)
        b = _narrow(b, ref.designation)
    d = diff_versions(a, b)
    return TextDiff(
        ref.ref, from_date, to_date, d.from_version, d.to_version, d.changes, d.not_covered, d.unmatched
    )


def _narrow(v: TextVersion, designation: str) -> TextVersion:
    return TextVersion(
        v.ref,
        v.valid_from,
        "",
        v.select(designation),
        v.source,
        v.parser,
        v.dated_by,
        tuple(c for c in v.covers if c.partition("=")[0] != "heading"),
        v.source_url,
        v.confidence,
    )
