"""The two small records the finders share: what is known about the document, and one hit.

A finder (``citations``, ``dates``, ``measures``, ``terms``) takes the text of one paragraph and a
``DocContext`` and yields ``Hit``s with offsets into that text. The spaCy components turn hits
into spans of ``doc.spans["exportwatch"]``; ``ingest.extract`` turns spans into ``Mention``s.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

# Labels, in the order mentions of one offset are listed.
LABELS: tuple[str, ...] = (
    "ECCN",
    "CFR_CITATION",
    "FR_CITATION",
    "DATE",
    "THRESHOLD",
    "COUNTRY_GROUP",
    "COUNTRY",
    "CONTROL_TOOL",
    "RULE_NAME",
    "REGIME",
)

# Words that make a text an EAR document (so an untitled "part 744" is 15 CFR part 744).
_EAR_WORDS = re.compile(
    r"Export Administration Regulations|(?<![A-Za-z])EAR(?![A-Za-z])|出口管理条例"
    r"|Bureau of Industry and Security|(?<![A-Za-z])BIS(?![A-Za-z])|工业与安全局|工业和安全局|美国商务部"
)


@dataclass(frozen=True)
class DocContext:
    """What the finders may use about the document a paragraph comes from.

    Attributes:
        doc_id: the document number or name, copied into every mention.
        lang: "en" or "zh".
        cfr_title: the CFR title an untitled citation belongs to ("15" in EAR documents).
        ear: True when the document is about the EAR (title 15 is inferred only for parts 700-799).
        publication_date: the document's publication date, to compute relative dates.
        fr_citation: the document's own citation ("88 FR 12170"), to resolve placeholders.
        fr_volume: the Federal Register volume, when the citation is not known.
        first_page: the first printed page, when the citation is not known.
    """

    doc_id: str = "text"
    lang: str = "en"
    cfr_title: str | None = None
    ear: bool = False
    publication_date: date | None = None
    fr_citation: str | None = None
    fr_volume: int | None = None
    first_page: int | None = None

    @property
    def own_citation(self) -> str | None:
        """The document's own FR citation: the known one, else volume plus first page."""
        if self.fr_citation:
            return self.fr_citation
        if self.fr_volume and self.first_page:
            return f"{self.fr_volume} FR {self.first_page}"
        return None


def mentions_ear(text: str) -> bool:
    """True when the text names the Export Administration Regulations (EAR, 出口管理条例), BIS or
    美国商务部 (the US Department of Commerce, as Chinese commentary names the regulator)."""
    return bool(_EAR_WORDS.search(text))


@dataclass(frozen=True, slots=True)
class Hit:
    """One match of a finder: label, offsets into the searched text, normalized value and groups."""

    label: str
    start: int
    end: int
    normalized: str | None = None
    groups: tuple[tuple[str, str], ...] = ()

    def shifted(self, offset: int) -> Hit:
        """The same hit with offsets moved by ``offset``."""
        return Hit(self.label, self.start + offset, self.end + offset, self.normalized, self.groups)


def resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep, per label, the longest of overlapping hits (the earliest on ties), sorted by offset.

    Hits of different labels may overlap: each label is found independently ("Entity List" is a
    control tool even inside a rule's title).
    """
    by_label: dict[str, list[Hit]] = {}
    for h in hits:
        by_label.setdefault(h.label, []).append(h)
    kept: list[Hit] = []
    for group in by_label.values():
        group.sort(key=lambda h: (-(h.end - h.start), h.start))
        starts: list[int] = []  # taken intervals, sorted by start; they never overlap each other
        ends: list[int] = []
        for h in group:
            i = bisect.bisect_left(starts, h.start)
            if i < len(starts) and starts[i] < h.end:
                continue  # a taken interval starts inside h
            if i > 0 and ends[i - 1] > h.start:
                continue  # the previous taken interval reaches into h
            starts.insert(i, h.start)
            ends.insert(i, h.end)
            kept.append(h)
    order = {label: i for i, label in enumerate(LABELS)}
    kept.sort(key=lambda h: (h.start, order.get(h.label, 99), h.end))
    return kept
