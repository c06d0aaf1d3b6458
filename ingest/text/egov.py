"""Japanese law versions (``ingest.parse_egov``) as versioned texts, one per article or appended table.

An article of one version of one law becomes a ``TextVersion`` whose ref is ``JP:<law id> art. <n>`` (an
appended table ``JP:<law id> appx. table <n>``), valid from the version's in-force date, with every
paragraph, item and subitem under it as a paragraph (designations as ``ingest.parse_egov`` gives them,
``art. 6 para. 1 item 17 (xi)``). One text per article keeps a version small and lets an unchanged article
keep its earlier version, as CFR sections do.

An excerpt (a trimmed copy of the official file) does not hold every paragraph of the articles it keeps:
``partial`` maps an article to a regular expression of the designations the excerpt holds completely, and
the version covers only those (``covers`` entry ``paragraphs=REGEX``), so that a paragraph left out of an
excerpt is never reported as removed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from exportwatch.errors import ParseError
from ingest.parse_egov import EgovVersion, Provision
from ingest.text.model import Paragraph, TextVersion

PARSER = "egov-xml"
_TOP = re.compile(
    r"^(art\. [0-9]+(?:-[0-9]+)*(?: to [0-9]+(?:-[0-9]+)*)?|appx\. table [0-9-]+|para\. [0-9-]+)"
)


def law_ref(law_id: str) -> str:
    """``403M50000400049`` -> ``JP:403M50000400049``."""
    return f"JP:{law_id}"


def top_of(designation: str) -> str:
    """The article (or appended table) a designation belongs to: ``art. 6 para. 1 item 17`` -> ``art. 6``.

    Paragraphs of a law without articles belong to ``main provision``.
    """
    m = _TOP.match(designation)
    if not m:
        raise ParseError(f"e-Gov designation {designation!r} names no article or table")
    top = m.group(1)
    return "main provision" if top.startswith("para. ") else top


def article_versions(
    version: EgovVersion,
    *,
    source: str,
    source_url: str = "",
    partial: Mapping[str, str] | None = None,
    complete: bool = False,
) -> list[TextVersion]:
    """One ``TextVersion`` per article and appended table of ``version``, in document order.

    Args:
        version: a parsed version with its law id and in-force date.
        source: where it was read from (raw-store URL or bundled file name).
        source_url: the official URL of the version.
        partial: article designation -> regex of the designations an excerpt holds of it completely.
        complete: the payload is the whole law (an API answer, not an excerpt): an article it lacks that an
            earlier whole version had, or holds that an earlier whole version lacked, is a real change.

    Raises:
        ParseError: the version has no law id or no in-force date (neither the API envelope nor the file
            name gave one), or ``partial`` names an article the version does not have.
    """
    if not version.law_id or version.in_force is None:
        raise ParseError(
            f"{source}: an e-Gov version needs its law id and in-force date",
            hint="name the file <law id>_<YYYYMMDD>_<instrument>.xml or use the API v2 envelope",
        )
    groups: dict[str, list[Provision]] = {}
    for p in version.provisions:
        groups.setdefault(top_of(p.designation), []).append(p)
    partial = dict(partial or {})
    missing = sorted(set(partial) - set(groups))
    if missing:
        raise ParseError(f"{source}: the excerpt is said to hold {', '.join(missing)}, which it does not")
    out = []
    for top, provisions in groups.items():
        own = next((p for p in provisions if p.designation == top), None)
        heading = f"{own.label}{own.text}" if own is not None and own.kind in ("article", "table") else ""
        paragraphs = tuple(
            Paragraph(p.designation, p.text, "paragraph")
            for p in provisions
            if not (p.designation == top and p.kind == "article")
        )
        covers = ("heading", f"paragraphs={partial[top]}") if top in partial else ("heading", "paragraphs")
        out.append(
            TextVersion(
                ref=f"{law_ref(version.law_id)} {top}",
                valid_from=version.in_force.isoformat(),
                heading=heading if own is None or own.kind == "article" else own.label,
                paragraphs=paragraphs,
                source=source,
                parser=PARSER,
                dated_by="in_force_date",
                covers=covers,
                source_url=source_url,
                confidence="official",
                meta={
                    "regime": "JP",
                    "law": version.law_id,
                    "law_num": version.law_num,
                    "law_title": version.title,
                    "instrument": version.amendment,
                    "designation": top,
                    "complete_law": complete,
                },
            )
        )
    return out
