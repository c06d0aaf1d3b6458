"""Paragraphs and versions of a legal text, with a content hash and what each version covers."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# Kinds of paragraph. CFR sections use ``paragraph``; CCL entries use the others. A kind groups into a
# part of the text (``PART_OF``) so that a version can say which parts it covers.
PART_OF: dict[str, str] = {
    "heading": "heading",
    "reasons": "license_requirements",
    "control": "license_requirements",
    "exception": "license_exceptions",
    "special": "license_exceptions",
    "related": "related",
    "definitions": "related",
    "item": "items",
    "note": "items",
    "text": "items",
    "paragraph": "paragraphs",
    "label": "labels",
}

# How a version is dated when its date is not the day its text entered into force: a German law version is
# dated by the publication of the law's last amendment (``ingest.text.gesetze``), else by that amendment's own
# date. A change between two such versions happened after the earlier date and no later than the later one,
# by an amendment the record does not name.
DATED_BY_LAST_AMENDMENT_PUBLISHED = "last_amendment_published"
DATED_BY_LAST_AMENDMENT = "last_amendment_dated"
NOT_IN_FORCE_DATES = frozenset({DATED_BY_LAST_AMENDMENT_PUBLISHED, DATED_BY_LAST_AMENDMENT})

_QUOTES = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00a0": " ", "\u2014": "-", "\u2013": "-"}
)
_NOISE = re.compile(r"[\s*^]+")


@functools.lru_cache(maxsize=65536)
def compare_key(text: str) -> str:
    """The text as compared across parsers: quotes, dashes, emphasis marks, superscript marks, spacing, case
    and a final full stop ignored.

    Two renderings of one official paragraph (``10<SU>26</SU>`` read as ``10 26``, ``1026`` or ``10^26``;
    curly or straight quotes; Markdown emphasis) get the same key; any change of words or digits does not.
    """
    key = _NOISE.sub("", unicodedata.normalize("NFKC", text).translate(_QUOTES)).casefold()
    return key[:-1] if key.endswith(".") else key


def clean_text(text: str | None) -> str:
    """Whitespace collapsed, curly quotes kept (they are the official text's)."""
    return " ".join((text or "").replace("\u00a0", " ").split())


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: its designation (``(a)(2)``, ``a.1``, ``license exception LVS``), kind and text."""

    designation: str
    text: str
    kind: str = "paragraph"

    @property
    def part(self) -> str:
        return PART_OF.get(self.kind, self.kind)

    def to_json(self) -> dict[str, str]:
        return {"designation": self.designation, "kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class TextVersion:
    """A thing's text valid from a date, read from one payload.

    ``covers`` names the parts of the text the payload holds completely (``heading``, ``items``...); an
    entry ``part=REGEX`` covers only the designations of that part that match (a parser that cannot read
    licence-exception symbols with a slash covers ``license_exceptions=^license exception [A-Z]{3}$``).
    A part a version does not cover is never reported as added or removed against another version.
    """

    ref: str  # the thing: "US:3A090", "15 CFR 744.23"
    valid_from: str  # ISO date
    heading: str
    paragraphs: tuple[Paragraph, ...]
    source: str  # document or dataset id the text was read from
    parser: str  # "ecfr-xml" (ours) or "third-party:<name>"
    dated_by: str  # amendment_date, ecfr_issue_date, commit_date
    covers: tuple[str, ...] = ("heading", "paragraphs")
    source_url: str = ""
    confidence: str = "official"
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def id(self) -> str:
        return f"{self.ref}@{self.valid_from}"

    @property
    def text_hash(self) -> str:
        """sha256 of the heading and paragraphs (designation, kind, text): equal hashes, equal texts."""
        body = json.dumps(
            [self.heading, [[p.designation, p.kind, p.text] for p in self.paragraphs]], ensure_ascii=False
        )
        return hashlib.sha256(body.encode("utf-8")).hexdigest()

    def covers_paragraph(self, p: Paragraph) -> bool:
        """Whether this version's payload holds ``p``'s part (and designation) completely."""
        for entry in self.covers:
            part, _, pattern = entry.partition("=")
            if part == p.part and (not pattern or re.search(pattern, p.designation)):
                return True
        return False

    def covers_part(self, part: str) -> bool:
        return any(e.partition("=")[0] == part for e in self.covers)

    def select(self, designation: str) -> tuple[Paragraph, ...]:
        """The paragraph ``designation`` and those under it (``(a)`` gives ``(a)``, ``(a)(1)``...)."""
        want = designation.strip()
        out = []
        for p in self.paragraphs:
            d = p.designation
            if d == want or (d.startswith(want) and d[len(want) : len(want) + 1] in ("(", ".", " ")):
                out.append(p)
        return tuple(out)

    def paragraphs_json(self) -> str:
        return json.dumps([p.to_json() for p in self.paragraphs], ensure_ascii=False)

    @staticmethod
    def paragraphs_from_json(text: str | None) -> tuple[Paragraph, ...]:
        rows = json.loads(text) if text else []
        return tuple(Paragraph(r["designation"], r["text"], r.get("kind", "paragraph")) for r in rows)
