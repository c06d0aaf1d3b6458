"""Read the curated YAML (``graph/curated/``) into ``CuratedData`` and check it as a whole.

``load_curated`` parses every file with line numbers, validates each record (``graph.curated_records``) and
checks the set: ids unique, references resolved, assessments consistent with measures. Any problem raises
``SchemaError`` naming the file and line of the offending record, e.g.
``graph/curated/measures.yaml line 42: measure 'jp_2023_07_sme' implements unknown tool 'fdpr2'``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from exportwatch.errors import SchemaError
from graph.curated_records import (
    SECTIONS,
    TOOL_IDS,
    US_REGIME,
    AlliedProvision,
    Assessment,
    CuratedData,
    CuratedRecord,
    Measure,
    Regime,
    Tool,
)

CURATED_DIR: Path = Path(__file__).resolve().parent / "curated"
_LINE = "__line__"
_KEYLINES = "__keylines__"


# --- YAML with line numbers ---------------------------------------------------------------


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records line numbers and rejects duplicate keys.

    Each mapping gets ``__line__`` (its first line) and ``__keylines__`` (the line of each key).

    Dates stay strings (the timestamp resolver is removed) so that an impossible date such as
    2023-02-30 becomes a clear validation error instead of a YAML constructor crash.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keylines: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in keylines:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            keylines[key] = key_node.start_mark.line + 1
        mapping = super().construct_mapping(node, deep=deep)
        mapping[_LINE] = node.start_mark.line + 1
        mapping[_KEYLINES] = keylines
        return mapping


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _display(path: Path) -> str:
    """The path as messages show it: relative to the working directory or the repo when possible."""
    for base in (Path.cwd(), CURATED_DIR.parent.parent):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


class _Raw:
    """One record as read from YAML: its mapping (with line numbers), file and section."""

    def __init__(self, section: str, data: dict[str, Any], where: str, index: int) -> None:
        self.section = section
        self.data = data
        self.where = where
        self.index = index

    @property
    def line(self) -> int:
        return int(self.data.get(_LINE, 0))

    def label(self) -> str:
        kind = self.section[:-1]
        if self.section == "assessments":
            return f"assessment {self.data.get('regime')}/{self.data.get('tool')}"
        rid = self.data.get("id")
        return f"{kind} {rid!r}" if rid is not None else f"{kind} #{self.index + 1}"

    def at(self, key: str) -> int:
        """The line of one key of the record (the record's first line when unknown)."""
        return int(self.data.get(_KEYLINES, {}).get(key, self.line))

    def error(self, message: str, line: int | None = None) -> SchemaError:
        return SchemaError(
            f"{self.where} line {line or self.line}: {self.label()} {message}",
            hint="fix the record in the curated YAML (see docs/curated.md)",
        )


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k not in (_LINE, _KEYLINES)}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _line_at(data: Any, loc: tuple[int | str, ...], default: int) -> int:
    """The line of the innermost key or mapping along a pydantic error location."""
    line = default
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            line = int(node.get(_KEYLINES, {}).get(part, line))
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            break
        if isinstance(node, dict) and _LINE in node:
            line = int(node[_LINE])
    return line


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        if not files:
            raise SchemaError(f"{_display(path)}: no curated YAML files in this directory")
        return files
    if not path.exists():
        raise SchemaError(f"{_display(path)}: curated data file does not exist")
    return [path]


def _read(path: Path) -> Iterator[_Raw]:
    where = _display(path)
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise SchemaError(f"{where} line {line}: invalid YAML: {exc.problem or exc}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SchemaError(f"{where}: invalid YAML: {exc}") from None
    if doc is None:
        return
    if not isinstance(doc, dict):
        raise SchemaError(f"{where} line 1: expected a mapping with keys {', '.join(SECTIONS)}")
    for section, records in doc.items():
        if section in (_LINE, _KEYLINES):
            continue
        if section not in SECTIONS:
            raise SchemaError(f"{where}: unknown section {section!r} (expected one of {', '.join(SECTIONS)})")
        if not isinstance(records, list):
            raise SchemaError(f"{where}: section {section!r} must be a list of records")
        for i, rec in enumerate(records):
            if not isinstance(rec, dict):
                raise SchemaError(f"{where}: {section} #{i + 1} must be a mapping, got {rec!r}")
            yield _Raw(section, rec, where, i)


_MODELS: dict[str, type[CuratedRecord]] = {
    "regimes": Regime,
    "tools": Tool,
    "measures": Measure,
    "assessments": Assessment,
    "provisions": AlliedProvision,
}


def _parse(raw: _Raw) -> CuratedRecord:
    try:
        return _MODELS[raw.section].model_validate(_strip_lines(raw.data))
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc) or "record"
        if err["type"] == "missing":
            what = f"is missing required field {field!r}"
        elif err["type"] == "extra_forbidden":
            what = f"has unknown field {field!r}"
        else:
            msg = str(err["msg"]).removeprefix("Value error, ")
            got = err.get("input")
            shown = "" if isinstance(got, dict | list) or repr(got) in msg else f" (got {got!r})"
            what = f"field {field!r}: {msg}{shown}"
        raise raw.error(what, _line_at(raw.data, loc, raw.line)) from None


# --- cross-record checks --------------------------------------------------------------------


def _check(parsed: list[tuple[_Raw, CuratedRecord]]) -> None:
    by: dict[str, list[tuple[_Raw, Any]]] = {s: [] for s in SECTIONS}
    for raw, rec in parsed:
        by[raw.section].append((raw, rec))

    index: dict[str, dict[str, tuple[_Raw, Any]]] = {}
    for section in ("regimes", "tools", "measures", "provisions"):
        index[section] = {}
        for raw, rec in by[section]:
            if rec.id in index[section]:
                first = index[section][rec.id][0]
                raise raw.error(f"duplicates the id of {first.where} line {first.line}")
            index[section][rec.id] = (raw, rec)
    regimes, measures = index["regimes"], index["measures"]

    for raw, tool in by["tools"]:
        if tool.id not in TOOL_IDS:
            raise raw.error(f"is not a canonical tool id (expected one of {', '.join(TOOL_IDS)})")

    for raw, regime in by["regimes"]:
        for other in regime.member_of:
            if other not in regimes:
                raise raw.error(f"is member_of unknown regime {other!r}", raw.at("member_of"))
            if regimes[other][1].kind != "multilateral":
                raise raw.error(
                    f"is member_of {other!r}, which is not a multilateral regime", raw.at("member_of")
                )

    for raw, m in by["measures"]:
        _check_measure(raw, m, regimes, measures)

    for raw, prov in by["provisions"]:
        _check_provision(raw, prov, regimes)

    seen: dict[tuple[str, str], _Raw] = {}
    for raw, a in by["assessments"]:
        key = (a.regime, a.tool)
        if key in seen:
            raise raw.error(f"duplicates the assessment at {seen[key].where} line {seen[key].line}")
        seen[key] = raw
        _check_assessment(raw, a, regimes, measures)


def _check_measure(
    raw: _Raw, m: Measure, regimes: dict[str, tuple[_Raw, Any]], measures: dict[str, tuple[_Raw, Any]]
) -> None:
    if m.regime not in regimes:
        raise raw.error(f"belongs to unknown regime {m.regime!r}", raw.at("regime"))
    impl_lines = [i.get(_LINE) for i in raw.data.get("implements") or [] if isinstance(i, dict)]
    for n, impl in enumerate(m.implements):
        if impl.tool not in TOOL_IDS:
            line = impl_lines[n] if n < len(impl_lines) else None
            raise raw.error(f"implements unknown tool {impl.tool!r}", line)
    for earlier in m.amends:
        if earlier not in measures:
            raise raw.error(f"amends unknown measure {earlier!r}", raw.at("amends"))
        if measures[earlier][1].regime != m.regime:
            raise raw.error(f"amends {earlier!r}, a measure of another regime", raw.at("amends"))
    if m.prompted_by is None:
        if m.prompted_by_source or m.prompted_by_confidence:
            raise raw.error("has prompted_by_source/prompted_by_confidence but no prompted_by")
        return
    if m.prompted_by not in measures:
        raise raw.error(f"is prompted_by unknown measure {m.prompted_by!r}", raw.at("prompted_by"))
    us = measures[m.prompted_by][1]
    if us.regime != US_REGIME:
        raise raw.error(
            f"is prompted_by {m.prompted_by!r}, which is not a US measure (regime {us.regime!r})",
            raw.at("prompted_by"),
        )
    if not m.prompted_by_source or not m.prompted_by_confidence:
        raise raw.error("has prompted_by but no prompted_by_source and prompted_by_confidence")
    if us.first_date and m.first_date and us.first_date > m.first_date:
        raise raw.error(
            f"is prompted_by {m.prompted_by!r}, which is dated later ({us.first_date})", raw.at("prompted_by")
        )


def _check_provision(raw: _Raw, p: AlliedProvision, regimes: dict[str, tuple[_Raw, Any]]) -> None:
    if p.regime not in regimes:
        raise raw.error(f"belongs to unknown regime {p.regime!r}", raw.at("regime"))
    if not p.id.startswith(f"{p.regime}:"):
        raise raw.error(f"has an id that does not start with its regime {p.regime + ':'!r}", raw.at("id"))
    lines = [i.get(_LINE) for i in raw.data.get("provides") or [] if isinstance(i, dict)]
    for n, pv in enumerate(p.provides):
        line = lines[n] if n < len(lines) else None
        if pv.tool not in TOOL_IDS:
            raise raw.error(f"provides unknown tool {pv.tool!r}", line)
        if pv.quote is not None and p.span(pv.quote) is None:
            what = "has no text" if not p.text else "does not contain it"
            raise raw.error(f"quotes {pv.quote[:40]!r} for {pv.tool!r} but the provision {what}", line)


def _check_assessment(
    raw: _Raw, a: Assessment, regimes: dict[str, tuple[_Raw, Any]], measures: dict[str, tuple[_Raw, Any]]
) -> None:
    if a.regime not in regimes:
        raise raw.error(f"names unknown regime {a.regime!r}", raw.at("regime"))
    if a.tool not in TOOL_IDS:
        raise raw.error(f"names unknown tool {a.tool!r}", raw.at("tool"))
    if a.judgement == "inferred" and not a.note:
        raise raw.error("is an inference (judgement 'inferred') without a note saying what it rests on")
    if a.measure is None:
        return
    if a.extent == "none":
        raise raw.error(f"has extent 'none' but names measure {a.measure!r}")
    if a.measure not in measures:
        raise raw.error(f"names unknown measure {a.measure!r}", raw.at("measure"))
    m: Measure = measures[a.measure][1]
    if m.regime != a.regime:
        raise raw.error(f"names measure {a.measure!r} of regime {m.regime!r}", raw.at("measure"))
    extents = [i.extent for i in m.implements if i.tool == a.tool]
    if not extents:
        raise raw.error(f"is inconsistent with measures: {a.measure!r} does not implement {a.tool!r}")
    if a.extent not in extents:
        raise raw.error(
            f"is inconsistent with measures: extent {a.extent!r} but {a.measure!r} implements "
            f"{a.tool!r} as {' / '.join(repr(e) for e in extents)}"
        )


def load_curated(path: Path | None = None) -> CuratedData:
    """Load and validate the curated regime data.

    Args:
        path: a curated YAML file, or a directory whose ``*.yaml`` files are read in name order
            and merged section by section; defaults to ``CURATED_DIR`` (``graph/curated/``).

    Returns:
        All regimes, tools, measures and assessments, checked as a whole.

    Raises:
        SchemaError: invalid YAML or an invalid record; the message names file and line.
    """
    parsed = [(raw, _parse(raw)) for f in _files(path or CURATED_DIR) for raw in _read(f)]
    _check(parsed)
    sections: dict[str, list[Any]] = {s: [] for s in SECTIONS}
    for raw, rec in parsed:
        sections[raw.section].append(rec)
    return CuratedData(**sections)
