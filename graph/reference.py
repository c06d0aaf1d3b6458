"""Reference lists bundled with exportwatch: the CCL at two dates and the EU Annex I entries.

The files in ``exportwatch/snapshot/reference/`` are compact derivatives of public data (see the
``SOURCES.md`` there), written by ``vendor_reference`` from the shared data folder and read back by
``load_reference``. Reading checks the shape and raises ``ParseError`` naming the file when it is off.

Regenerate with ``python -m graph.reference /work/shared/data``.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exportwatch.errors import ParseError
from ingest.parse_ccl_json import from_ecfr_api_json, from_markdown_parse

ECCN_RE = re.compile(r"^\d[A-E]\d{3}$")
_ORIGIN_RE = re.compile(r"\(([A-Z]+)\)\s*$")

CCL_OLD = "ecfr/ccl_15cfr774_supp1_parsed_2025-07.json"
CCL_NEW = "ecfr/ccl_15cfr774_supp1_ecfr-api_2026-07-23.json"
EU_LIST = "allied/no_eu_dual_use_list_english_2022-10_django_fixture.json"


@dataclass(frozen=True)
class ListSnapshot:
    """One control list at one date: ``items`` are dicts with code, category, product_group, heading..."""

    id: str  # dataset id, e.g. "dataset:ccl@2026-07-23"
    list: str
    regime: str
    snapshot: str  # ISO date
    title: str
    url: str
    items: tuple[dict[str, Any], ...]
    content_hash: str
    path: Path
    dated_by: str = "snapshot"  # ecfr_issue_date, commit_date, amendment_date
    parser: str = ""
    complete_categories: tuple[str, ...] = ()  # categories whose every entry the list holds
    coverage_note: str = ""


@dataclass(frozen=True)
class Reference:
    """Everything bundled: CCL snapshots (oldest first) and the EU list. (The restricted-party lists are
    list sources of their own: ``exportwatch/snapshot/lists``, read by ``ingest.parse_lists``.)"""

    ccl: tuple[ListSnapshot, ...]
    eu: ListSnapshot | None


def _norm_heading(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def _clean(text: str | None) -> str:
    return " ".join((text or "").replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").split())


def _ccl_old(path: Path, new_codes: dict[str, str]) -> list[dict[str, Any]]:
    """The 2025-07 Markdown parse; an entry whose code was lost is recovered from its heading."""
    return from_markdown_parse(json.loads(path.read_text(encoding="utf-8")), known=new_codes)


def _ccl_new(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return from_ecfr_api_json(json.loads(path.read_text(encoding="utf-8")))


def _eu(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    regimes = {x["pk"]: x["fields"]["name"] for x in data if x["model"] == "regulations.regime"}
    regs = {x["pk"]: x["fields"] for x in data if x["model"] == "regulations.regulation"}
    headings: dict[int, str] = {}
    for x in data:
        f = x["fields"]
        if x["model"] == "regulations.paragraph" and f["depth"] == 1:
            headings.setdefault(f["regulation"], _clean(f["text"]))
    out = []
    for pk, f in regs.items():
        origin = _ORIGIN_RE.search(regimes.get(f["regime"], ""))
        code = f["code"]
        out.append(
            {
                "code": code,
                "category": code[0],
                "product_group": code[1],
                "heading": headings.get(pk, ""),
                "origin": origin.group(1) if origin else None,
            }
        )
    return sorted(out, key=lambda x: x["code"])


def _write(path: Path, header: dict[str, Any], key: str, rows: list[dict[str, Any]]) -> None:
    """JSON with one record per line, so that diffs of a refresh stay readable."""
    head = json.dumps(header, ensure_ascii=False, indent=1)[:-2]
    body = ",\n".join("  " + json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows)
    path.write_text(f'{head},\n "{key}": [\n{body}\n ]\n}}\n', encoding="utf-8")


def vendor_reference(data_dir: Path, out_dir: Path) -> dict[str, int]:
    """Write the compact reference files from the shared data folder; returns records per file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    new_header, new = _ccl_new(data_dir / CCL_NEW)
    old = _ccl_old(data_dir / CCL_OLD, {i["code"]: i["heading"] for i in new})
    counts: dict[str, int] = {}
    for items, extra, origin, url in (
        (
            old,
            {
                "snapshot": "2025-07-11",
                "dated_by": "commit_date",
                "parser": "third-party:waynehacking8/eccn-agent (eCFR Markdown)",
                "coverage_note": (
                    "every part of each entry it lists, but some ECCNs missing from its list (e.g. "
                    "9A005-9A009, 9A103-9A119, 7A106, 1A102, whose codes occur in its text) and "
                    "superscripts lost (10^26 read "
                    "as 1026; restored after x and in 'utilizing 10NN')"
                ),
            },
            CCL_OLD,
            "https://www.ecfr.gov/current/title-15/part-774/appendix-Supplement%20No.%201",
        ),
        (
            new,
            {
                **new_header,
                "parser": "third-party:seelpeed-debug/export-controls-agent-mcp (eCFR versioner XML)",
            },
            CCL_NEW,
            "https://www.ecfr.gov/api/versioner/v1/full/2026-07-23/title-15.xml?part=774",
        ),
    ):
        date = str(extra["snapshot"])
        name = f"ccl_{date}.json"
        header = {
            "list": "Commerce Control List",
            "regime": "US",
            "title": f"Commerce Control List (15 CFR part 774, supp. no. 1) as of {date}",
            "url": url,
            "derived_from": origin,
            "complete_categories": [],
            **extra,
        }
        _write(out_dir / name, header, "items", items)
        counts[name] = len(items)
    eu = _eu(data_dir / EU_LIST)
    header = {
        "list": "EU Annex I",
        "regime": "EU",
        "snapshot": "2022-10-24",
        "title": "EU dual-use control list (Annex I numbering), English, as of 2022-10",
        "url": "https://eur-lex.europa.eu/eli/reg/2021/821/oj",
        "derived_from": EU_LIST,
    }
    _write(out_dir / "eu_annex_i_2022-10.json", header, "items", eu)
    counts["eu_annex_i_2022-10.json"] = len(eu)
    return counts


def _read(path: Path, key: str, fields: tuple[str, ...]) -> tuple[dict[str, Any], list[dict[str, Any]], str]:
    raw = path.read_bytes()
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ParseError(f"reference file {path}: not valid JSON: {e}") from None
    if not isinstance(data, dict) or not isinstance(data.get(key), list) or "snapshot" not in data:
        raise ParseError(f"reference file {path}: expected an object with 'snapshot' and a '{key}' list")
    for i, rec in enumerate(data[key]):
        if not isinstance(rec, dict) or any(f not in rec for f in fields):
            raise ParseError(f"reference file {path}: {key}[{i}] lacks one of {list(fields)}")
    return data, data[key], hashlib.sha256(raw).hexdigest()


def _list(path: Path) -> ListSnapshot:
    data, items, digest = _read(path, "items", ("code", "heading"))
    for i, it in enumerate(items):
        if not isinstance(it["code"], str) or not re.match(r"^\d[A-E]\d{3}", it["code"]):
            raise ParseError(
                f"reference file {path}: items[{i}] has no entry code like 3A090: {it['code']!r}"
            )
    short = "ccl" if data.get("regime") == "US" else "eu-annex-i"
    return ListSnapshot(
        id=f"dataset:{short}@{data['snapshot']}",
        list=str(data.get("list", "")),
        regime=str(data.get("regime", "")),
        snapshot=str(data["snapshot"]),
        title=str(data.get("title", "")),
        url=str(data.get("url", "")),
        items=tuple(items),
        content_hash=digest,
        path=path,
        dated_by=str(data.get("dated_by", "snapshot")),
        parser=str(data.get("parser", "")),
        complete_categories=tuple(str(c) for c in data.get("complete_categories") or ()),
        coverage_note=str(data.get("coverage_note", "")),
    )


def load_reference(directory: Path) -> Reference:
    """Read the reference lists from ``directory`` (the app passes the bundled snapshot's)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ParseError(f"reference directory {directory} does not exist")
    ccl = sorted((_list(p) for p in directory.glob("ccl_*.json")), key=lambda s: s.snapshot)
    eu_files = sorted(directory.glob("eu_annex_i_*.json"))
    return Reference(ccl=tuple(ccl), eu=_list(eu_files[-1]) if eu_files else None)


if __name__ == "__main__":  # pragma: no cover - maintenance script
    if len(sys.argv) != 3:
        sys.exit(
            "usage: python -m graph.reference SHARED_DATA_DIR OUT_DIR (e.g. exportwatch/snapshot/reference)"
        )
    for name, n in vendor_reference(Path(sys.argv[1]), Path(sys.argv[2])).items():
        print(f"{name}: {n} records")
