"""Measure the extraction stage against hand labels: precision, recall and F1 per label.

Label files (``tests/fixtures/labels/*.jsonl``, one labelled text per line with the text itself)
were written by reading the texts; see that folder's README. Two datasets:

- ``abstracts``: 49 abstracts of the BIS rules cache, each run through ``extract_text``;
- ``fr_2023-03929``: every paragraph of the real XML of FR Doc. 2023-03929, run through the
  parser and ``extract_document``; each labelled paragraph is found in ``ParsedDocument.text``;
- ``fr_2025-00636``: 14 paragraphs of the public-inspection PDF of the AI Diffusion rule (dense
  in ECCNs, thresholds, country groups and CFR citations), through ``parse_pdf`` and
  ``extract_document``.

A second, held-out set (``fr_2016-04-15``) covers the 9 rules and 4 proposed rules of another
agency mix (FDIC, FDA, BIA, PBGC, OFAC, Coast Guard, EPA, GAO, APHIS, Education) in the daily
issue of 2016-04-15, labelled before the extractor was run on them: the front matter and the
amendatory instructions of each, for DATE, CFR_CITATION, FR_CITATION and COUNTRY, and each
date's role. Besides the span labels it scores ``DATE_ROLE`` (span, date and role of every
labelled date) and ``KEY_DATE`` (the document's own key dates, from its DATES block, with role).

A predicted mention counts as correct only when label, start, end and normalized value all equal
a labelled span. The Entity List rows of 2023-03929 are checked against the trade.gov screening
list rows that cite it (``entity_rows``): every listed name must come out under each of its
countries, and the row count must equal the 13 entries the rule announces.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Set
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from exportwatch.errors import ExtractError
from ingest.extract import extract_document, extract_text
from ingest.models import EntityRow, Mention, ParsedDocument

REPO = Path(__file__).resolve().parents[1]
LABELS_DIR = REPO / "tests" / "fixtures" / "labels"
XML_2023_03929 = REPO / "tests" / "fixtures" / "federal_register" / "fr_2023-03929_entity_list_additions.xml"
PDF_2025_00636 = (
    REPO / "exportwatch" / "snapshot" / "guidance" / "fr_2025-00636_ai_diffusion_public_inspection.pdf"
)
CSL_88FR12171 = REPO / "tests" / "fixtures" / "screening_lists" / "csl_entity_list_88fr12171_2026-07-31.json"
ANNOUNCED_ENTRIES_2023_03929 = 13  # "adding 10 entities under 13 entries" (the rule's summary)
DAILY_2016_04_15 = REPO / "tests" / "fixtures" / "federal_register" / "daily_issues" / "FR-2016-04-15.xml"
HELD_OUT = "fr_2016-04-15"
HELD_OUT_TYPES = ("Rule", "Proposed Rule")
HELD_OUT_LABELS = frozenset({"DATE", "CFR_CITATION", "FR_CITATION", "COUNTRY", "DATE_ROLE", "KEY_DATE"})
_REBUILD = "the parser's text changed: rebuild the labels (tests/fixtures/labels/build_labels.py)"
_KEY_DATE_BLOCKS = ("dates", "effective_date")
_REF = re.compile(r"^fr_(?P<doc>\d{4}-\d{5}) \[(?P<block>\d+)\]$")

Key = tuple[str, int, int, str | None]


@dataclass
class LabelScore:
    """Counts and scores of one label in one dataset."""

    dataset: str
    label: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> dict[str, Any]:
        """A flat record for tables and JSON."""
        return {
            "dataset": self.dataset,
            "label": self.label,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class EntityRowScore:
    """The Entity List rows of 2023-03929 against the screening list."""

    expected_pairs: int
    found_pairs: int
    missing: list[str]
    rows: int
    announced_entries: int
    aliases_expected: int
    aliases_found: int

    @property
    def recall(self) -> float:
        return self.found_pairs / self.expected_pairs if self.expected_pairs else 1.0

    def row(self) -> dict[str, Any]:
        d = asdict(self)
        d["recall"] = round(self.recall, 4)
        return d


def _totals(scores: Iterable[LabelScore], name: str) -> list[LabelScore]:
    out: dict[str, LabelScore] = {}
    for s in scores:
        t = out.setdefault(s.label, LabelScore(name, s.label))
        t.tp += s.tp
        t.fp += s.fp
        t.fn += s.fn
        t.errors.extend(s.errors)
    return [out[k] for k in sorted(out)]


@dataclass
class EvalReport:
    """Per-label scores of every dataset, the totals per label, the held-out set, the entity-row check."""

    scores: list[LabelScore]
    entity_rows: EntityRowScore | None = None
    held_out: list[LabelScore] = field(default_factory=list)

    def totals(self) -> list[LabelScore]:
        """Scores per label over the first (development) datasets."""
        return _totals(self.scores, "all")

    def held_out_totals(self) -> list[LabelScore]:
        """Scores per label on the held-out set."""
        return _totals(self.held_out, HELD_OUT)

    def to_json(self) -> dict[str, Any]:
        return {
            "per_dataset": [s.row() for s in [*self.scores, *self.held_out]],
            "per_label": [s.row() for s in self.totals()],
            "held_out": {
                "dataset": HELD_OUT,
                "per_label": [s.row() for s in self.held_out_totals()],
            },
            "entity_rows": self.entity_rows.row() if self.entity_rows else None,
        }


def load_labels(path: Path) -> list[dict[str, Any]]:
    """Read a label file: one JSON object per line with ``ref``, ``text`` and ``spans``."""
    if not path.is_file():
        raise ExtractError(f"label file {path} not found", hint="labels live in tests/fixtures/labels/")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise ExtractError(f"{path.name} line {n}: not JSON: {e}") from None
        if not isinstance(row, dict) or not {"text", "spans"} <= set(row):
            raise ExtractError(f"{path.name} line {n}: a label row needs 'text' and 'spans'")
        rows.append(row)
    return rows


def _gold(row: Mapping[str, Any], shift: int = 0) -> set[Key]:
    return {(s["label"], s["start"] + shift, s["end"] + shift, s.get("normalized")) for s in row["spans"]}


def _pred(mentions: Iterable[Mention], lo: int, hi: int, labels: Set[str]) -> set[Key]:
    return {
        (m.label, m.start, m.end, m.normalized)
        for m in mentions
        if m.label in labels and lo <= m.start and m.end <= hi
    }


def _count(dataset: str, gold: set[Key], pred: set[Key], scores: dict[str, LabelScore], where: str) -> None:
    for key in gold | pred:
        s = scores.setdefault(key[0], LabelScore(dataset, key[0]))
        if key in gold and key in pred:
            s.tp += 1
        elif key in pred:
            s.fp += 1
            s.errors.append(f"{where}: extra {key}")
        else:
            s.fn += 1
            s.errors.append(f"{where}: missed {key}")


def evaluate_abstracts(path: Path, labels: set[str]) -> list[LabelScore]:
    """Score ``extract_text`` on each labelled abstract."""
    scores: dict[str, LabelScore] = {label: LabelScore("abstracts", label) for label in sorted(labels)}
    for row in load_labels(path):
        x = extract_text(row["text"], lang="en", name=row.get("ref", "abstract"))
        _count(
            "abstracts",
            _gold(row),
            _pred(x.mentions, 0, len(row["text"]), labels),
            scores,
            row.get("ref", ""),
        )
    return list(scores.values())


def _parse_xml(path: Path) -> ParsedDocument:
    from ingest.parse_fr_xml import parse_fr_xml

    return parse_fr_xml(path.read_bytes(), source_name=path.name)[0]


def _parse_pdf(path: Path) -> ParsedDocument:
    from ingest.parse_pdf import parse_pdf

    return parse_pdf(path.read_bytes(), name=path.name, tables=False)


def evaluate_document(path: Path, doc: ParsedDocument, labels: set[str], *, whole: bool) -> list[LabelScore]:
    """Score ``extract_document`` on the labelled paragraphs of one parsed document.

    Args:
        path: the label file; each row holds one paragraph's text and spans.
        doc: the parsed document the paragraphs come from.
        labels: the labels to score.
        whole: every paragraph of the document was labelled (those absent from the file hold no
            mention, so predictions there are false positives); else only the listed ones are scored.
    """
    dataset = path.name.removesuffix(".jsonl")
    x = extract_document(doc)
    scores: dict[str, LabelScore] = {label: LabelScore(dataset, label) for label in sorted(labels)}
    gold: set[Key] = set()
    pred: set[Key] = set()
    pos = 0
    for row in load_labels(path):
        at = doc.text.find(row["text"], pos)
        if at < 0:
            at = doc.text.find(row["text"])
        if at < 0:
            raise ExtractError(
                f"{path.name}: paragraph {row.get('ref')!r} is not in the parsed text of "
                f"{doc.meta.document_number}",
                hint=_REBUILD,
            )
        gold |= _gold(row, at)
        if not whole:
            pred |= _pred(x.mentions, at, at + len(row["text"]), labels)
        pos = at + len(row["text"])
    if whole:
        pred = _pred(x.mentions, 0, len(doc.text), labels)
    _count(dataset, gold, pred, scores, dataset)
    return list(scores.values())


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def evaluate_entity_rows(xml: Path = XML_2023_03929, csl: Path = CSL_88FR12171) -> EntityRowScore:
    """Entity List rows of 2023-03929 against the screening-list rows citing 88 FR 12171."""
    if not csl.is_file():
        raise ExtractError(f"screening-list fixture {csl} not found")
    doc = _parse_xml(xml)
    rows: tuple[EntityRow, ...] = extract_document(doc).entities
    got = {(_name_key(r.name), r.country_code) for r in rows}
    aliases = {(_name_key(r.name), _name_key(a)) for r in rows for a in r.aliases}
    expected: set[tuple[str, str | None]] = set()
    alias_expected: set[tuple[str, str]] = set()
    for e in json.loads(csl.read_text(encoding="utf-8"))["rows"]:
        for code in e["address_countries"]:
            expected.add((_name_key(e["name"]), code))
        alias_expected |= {(_name_key(e["name"]), _name_key(a)) for a in e.get("alt_names", [])}
    missing = sorted(f"{n} ({c})" for n, c in expected - got)
    return EntityRowScore(
        expected_pairs=len(expected),
        found_pairs=len(expected & got),
        missing=missing,
        rows=len(rows),
        announced_entries=ANNOUNCED_ENTRIES_2023_03929,
        aliases_expected=len(alias_expected),
        aliases_found=len(alias_expected & aliases),
    )


def _role_keys(label: str, dates: Iterable[tuple[int, int, str | None, str]]) -> set[Key]:
    return {(label, start, end, f"{role} {iso}") for start, end, iso, role in dates}


def evaluate_held_out(path: Path, daily: Path = DAILY_2016_04_15) -> list[LabelScore]:
    """Score the rules and proposed rules of a daily issue on their labelled paragraphs.

    Every paragraph in scope is listed in the label file (also those without a mention), so a
    prediction in a listed paragraph that is not labelled is a false positive; paragraphs not listed
    are not scored. ``KEY_DATE`` compares the document's key dates (``DateFact.key``) with the
    labelled dates of its DATES / EFFECTIVE DATE paragraphs, with their role.
    """
    from ingest.parse_fr_xml import parse_fr_xml

    docs = {d.meta.document_number: d for d in parse_fr_xml(daily.read_bytes(), source_name=daily.name)}
    rows: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for row in load_labels(path):
        m = _REF.match(row.get("ref", ""))
        if not m or m.group("doc") not in docs:
            raise ExtractError(f"{path.name}: label row {row.get('ref')!r} names no document of {daily.name}")
        rows.setdefault(m.group("doc"), []).append((int(m.group("block")), row))
    scores = {label: LabelScore(HELD_OUT, label) for label in sorted(HELD_OUT_LABELS)}
    spans = HELD_OUT_LABELS - {"DATE_ROLE", "KEY_DATE"}
    for number, labelled in rows.items():
        doc = docs[number]
        if doc.meta.type not in HELD_OUT_TYPES:
            raise ExtractError(f"{path.name}: {number} is a {doc.meta.type}, not a rule or proposed rule")
        x = extract_document(doc)
        gold: set[Key] = set()
        pred: set[Key] = set()
        key_gold: set[Key] = set()
        for i, row in labelled:
            block = doc.blocks[i] if i < len(doc.blocks) else None
            if block is None or block.text != row["text"]:
                raise ExtractError(
                    f"{path.name}: paragraph {row['ref']!r} is not block {i} of {number}",
                    hint=_REBUILD,
                )
            lo, hi = block.start, block.end
            gold |= _gold(row, lo)
            dated = [
                (s["start"] + lo, s["end"] + lo, s["normalized"], s["role"])
                for s in row["spans"]
                if "role" in s
            ]
            gold |= _role_keys("DATE_ROLE", dated)
            if block.kind in _KEY_DATE_BLOCKS:
                key_gold |= _role_keys("KEY_DATE", dated)
            pred |= _pred(x.mentions, lo, hi, spans)
            pred |= _role_keys(
                "DATE_ROLE",
                [(d.start, d.end, d.date, d.role) for d in x.dates if lo <= d.start and d.end <= hi],
            )
        key_pred = _role_keys("KEY_DATE", [(d.start, d.end, d.date, d.role) for d in x.dates if d.key])
        _count(HELD_OUT, gold | key_gold, pred | key_pred, scores, number)
    return list(scores.values())


def evaluate(
    labels_dir: Path = LABELS_DIR,
    xml: Path = XML_2023_03929,
    csl: Path = CSL_88FR12171,
    pdf: Path = PDF_2025_00636,
    daily: Path = DAILY_2016_04_15,
) -> EvalReport:
    """Run every evaluation: the labelled abstracts, XML document and PDF paragraphs, the entity rows.

    Args:
        labels_dir: folder of ``abstracts.jsonl``, ``fr_2023-03929.jsonl``, ``fr_2025-00636.jsonl`` and
            the held-out ``fr_2016-04-15.jsonl``.
        xml: the XML of FR Doc. 2023-03929.
        pdf: the public-inspection PDF of FR Doc. 2025-00636.
        csl: the screening-list rows citing 88 FR 12171.
        daily: the daily issue of 2016-04-15 (the held-out set's documents).

    Returns:
        The report; ``EvalReport.totals()`` gives the per-label figures over the first datasets,
        ``EvalReport.held_out_totals()`` those of the held-out set.

    Raises:
        ExtractError: a label or fixture file is missing or malformed.
    """
    abstracts = labels_dir / "abstracts.jsonl"
    document = labels_dir / "fr_2023-03929.jsonl"
    pdf_labels = labels_dir / "fr_2025-00636.jsonl"
    labels: Counter[str] = Counter()
    for p in (abstracts, document, pdf_labels):
        for row in load_labels(p):
            labels.update(s["label"] for s in row["spans"])
    wanted = set(labels)
    scores = evaluate_abstracts(abstracts, wanted)
    scores += evaluate_document(document, _parse_xml(xml), wanted, whole=True)
    scores += evaluate_document(pdf_labels, _parse_pdf(pdf), wanted, whole=False)
    held_out = evaluate_held_out(labels_dir / f"{HELD_OUT}.jsonl", daily)
    return EvalReport(scores=scores, entity_rows=evaluate_entity_rows(xml, csl), held_out=held_out)
