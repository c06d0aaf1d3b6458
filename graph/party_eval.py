"""Precision and recall of the identity layer on the labelled pairs (``tests/fixtures/identity_pairs``).

Each pair is two real list records (US Entity List, EU Annex IV, Japan's lists, MOFCOM's lists, or
a name written by the team for a hard non-match), labelled by the team as the same party or not.
``evaluate_pairs`` runs the decision rule (``party_match.compare``) on each and counts true and
false positives and negatives. Read the figures as a regression check: the labels were written by
the same team as the matcher (``README.md`` beside the pairs says how they were chosen).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exportwatch.errors import ParseError
from graph.party_match import Party, compare

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "identity_pairs" / "pairs.csv"


def _split(text: str, sep: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.split(sep) if x.strip())


def _party(row: dict[str, str], side: str, n: str) -> Party:
    return Party(
        id=f"{side}{n}",
        list=row[f"{side}_list"],
        name=row[f"{side}_name"],
        aliases=_split(row[f"{side}_aliases"], " | "),
        original_names=_split(row[f"{side}_original_names"], " | "),
        countries=_split(row[f"{side}_countries"], " "),
        addresses=_split(row[f"{side}_addresses"], " | "),
        regime=row[f"{side}_list"].split("_")[0].upper(),
    )


@dataclass
class IdentityScore:
    """Counts and the pairs the matcher got wrong."""

    pairs: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "pairs": self.pairs,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "by_kind": self.by_kind,
            "errors": self.errors,
        }


def evaluate_pairs(path: Path = PAIRS) -> IdentityScore:
    """Score the decision rule on the labelled pairs.

    Raises:
        ParseError: The pairs file is missing or lacks a column.
    """
    try:
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as e:
        raise ParseError(f"identity pairs {path}: cannot be read ({e.strerror})") from None
    score = IdentityScore()
    for row in rows:
        try:
            label = row["label"] == "1"
            a, b = _party(row, "left", row["pair"]), _party(row, "right", row["pair"])
        except KeyError as e:
            raise ParseError(f"identity pairs {path}: column {e.args[0]!r} is missing") from None
        c = compare(a, b)
        score.pairs += 1
        kind = score.by_kind.setdefault(row["kind"], {"pairs": 0, "right": 0})
        kind["pairs"] += 1
        kind["right"] += int(c.match == label)
        if c.match and label:
            score.tp += 1
        elif c.match:
            score.fp += 1
        elif label:
            score.fn += 1
        else:
            score.tn += 1
        if c.match != label:
            score.errors.append(
                {
                    "pair": int(row["pair"]),
                    "label": label,
                    "kind": row["kind"],
                    "left": a.name,
                    "right": b.name,
                    "score": c.score,
                    "rule": c.rule,
                }
            )
    return score
