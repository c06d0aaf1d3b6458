"""The data home's record of match decisions: what the matcher decided, and what a reviewer judged.

- ``<home>/match/decisions.jsonl``: every pair the last build scored (ids, names, score, features,
  match, automatic or reviewed), written after each build that resolved the lists;
- ``<home>/match/judgements.yaml``: pairs a reviewer accepted or rejected
  (``exportwatch match review``), honoured by the next build (like nomenklatura's resolver):

  ```yaml
  judgements:
    - {left: "dataset:eu_reg_833_annex_iv@...#17|RU|...", right: "EL:...:RU", same: false, note: "..."}
  ```
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from exportwatch.errors import ConfigError
from graph.party_match import Comparison
from graph.party_resolve import pair_key


def match_dir(home: Path) -> Path:
    return Path(home) / "match"


def read_judgements(home: Path) -> dict[tuple[str, str], bool]:
    """Reviewed pairs, ``pair_key`` -> same party or not.

    Raises:
        ConfigError: The file is not YAML or an entry lacks ``left``, ``right`` or ``same``.
    """
    path = match_dir(home) / "judgements.yaml"
    if not path.exists():
        return {}
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise ConfigError(f"judgements file {path} is not valid YAML: {e}") from None
    out: dict[tuple[str, str], bool] = {}
    for i, j in enumerate(doc.get("judgements") or []):
        if not isinstance(j, dict) or not {"left", "right", "same"} <= set(j):
            raise ConfigError(f"judgements file {path}: entry {i + 1} needs left, right and same")
        out[pair_key(str(j["left"]), str(j["right"]))] = bool(j["same"])
    return out


def write_judgement(home: Path, left: str, right: str, same: bool, note: str = "") -> Path:
    """Add (or replace) one judgement; returns the file."""
    path = match_dir(home) / "judgements.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc: dict[str, Any] = {}
    if path.exists():
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    key = pair_key(left, right)
    kept = [j for j in doc.get("judgements") or [] if pair_key(str(j["left"]), str(j["right"])) != key]
    kept.append(
        {
            "left": key[0],
            "right": key[1],
            "same": same,
            "note": note,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        yaml.safe_dump({"judgements": kept}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    tmp.replace(path)
    return path


def write_decisions(home: Path, decisions: Iterable[Comparison]) -> Path:
    """Keep every decision of the last resolution, one JSON object a line."""
    path = match_dir(home) / "decisions.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for d in decisions:
            row = {
                "left": d.left,
                "right": d.right,
                "score": d.score,
                "match": d.match,
                "decided": d.decided,
                **d.features(),
            }
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    tmp.replace(path)
    return path


def read_decisions(home: Path) -> list[dict[str, Any]]:
    """The decisions of the last build (empty before the first)."""
    path = match_dir(home) / "decisions.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
