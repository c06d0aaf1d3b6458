"""Curated regime data: control regimes, control tools, concrete measures and tool assessments.

The records live as readable YAML in ``graph/curated/`` (``regimes.yaml``, ``tools.yaml``,
``measures.yaml``, ``assessments.yaml``); every fact carries a ``source`` (an official URL or a
citation such as ``87 FR 62186``) and a ``confidence`` (``official`` or ``reported``). See
``docs/curated.md`` for the format.

``load_curated`` reads them into pydantic models (pydantic only at this YAML boundary) and checks
them as a whole: ids unique, references resolved, assessments consistent with measures. Any
problem raises ``SchemaError`` naming the file and line of the offending record, e.g.
``graph/curated/measures.yaml line 42: measure 'jp_2023_07_sme' implements unknown tool 'fdpr2'``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from exportwatch.errors import SchemaError
from exportwatch.vocab.tools import CONTROL_TOOLS

CURATED_DIR: Path = Path(__file__).resolve().parent / "curated"
US_REGIME = "US"

# The canonical control-tool ids: one list, the NLP stage's vocabulary, so mentions and curated tools agree.
TOOL_IDS: tuple[str, ...] = tuple(CONTROL_TOOLS)
TOPICS: tuple[str, ...] = ("advanced_computing", "sme", "ai_models", "entity_list", "hbm", "quantum")
SECTIONS: tuple[str, ...] = ("regimes", "tools", "measures", "assessments", "provisions")

_LINE = "__line__"
_KEYLINES = "__keylines__"
# A source is a URL, a Federal Register citation ("87 FR 62186") or a public law ("Pub. L. 115-232").
_SOURCE_RE = re.compile(r"^(https?://\S+|\d+ FR \d+|Pub\. L\. \d+-\d+)$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# ECCNs (3A090, 5A992.z) and national entries in the same scheme (German 3A1901).
_ITEM_RE = re.compile(r"^\d[A-E]\d{3,4}(\.[a-z0-9]+)*$")

Confidence = Literal["official", "reported"]
Judgement = Literal["cited", "inferred"]
Extent = Literal["full", "partial"]
AssessedExtent = Literal["full", "partial", "none"]
Topic = Literal["advanced_computing", "sme", "ai_models", "entity_list", "hbm", "quantum"]
Family = Literal["item", "end_user", "end_use", "persons", "extraterritorial", "destination", "licensing"]


def _iso_date(value: Any) -> Any:
    """Accept only ``YYYY-MM-DD`` strings that name a real day (or null)."""
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE_RE.match(value):
        raise ValueError(f"not an ISO date (YYYY-MM-DD): {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"impossible date: {value!r}") from None


IsoDate = Annotated[date | None, BeforeValidator(_iso_date)]


def _check_source(value: str) -> str:
    value = value.strip()
    if not _SOURCE_RE.match(value):
        raise ValueError(f"source must be a URL or a citation like '87 FR 62186', got {value!r}")
    return value


class _Record(BaseModel):
    """Fields every curated fact carries: where it comes from and how far it was checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    confidence: Confidence

    @field_validator("source")
    @classmethod
    def _source_form(cls, value: str) -> str:
        return _check_source(value)


class Regime(_Record):
    """An export-control regime: a national, supranational or multilateral rule system."""

    id: str
    name: str
    jurisdiction: str = Field(description='ISO-2 code, "EU" or "multilateral"')
    kind: Literal["national", "supranational", "multilateral"]
    legal_basis: str | None = None
    administering_body: str | None = None
    member_of: list[str] = Field(default_factory=list, description="ids of multilateral regimes")
    note: str | None = None

    @field_validator("jurisdiction")
    @classmethod
    def _jurisdiction_form(cls, value: str) -> str:
        if value in ("EU", "multilateral") or re.fullmatch(r"[A-Z]{2}", value):
            return value
        raise ValueError(f'jurisdiction must be an ISO-2 code, "EU" or "multilateral", got {value!r}')


class Tool(_Record):
    """A canonical control tool (the US toolkit is the reference); ``id`` is one of ``TOOL_IDS``."""

    id: str
    name: str
    description: str
    us_reference: str | None = None
    family: Family


class Implementation(BaseModel):
    """How far a measure implements one control tool."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tool: str
    extent: Extent
    provision: str | None = Field(default=None, description="article or section, e.g. '15 CFR 744.23'")
    note: str | None = None


class Measure(_Record):
    """A concrete measure of one regime: a rule, an ordinance, a regulation, a guidance package."""

    id: str
    regime: str
    name: str
    legal_basis: str | None = None
    administering_body: str | None = None
    announced: IsoDate = None
    adopted: IsoDate = None
    published: IsoDate = None
    effective: IsoDate = None
    period: str | None = Field(default=None, description="YYYY-MM when only the month is known")
    document: str | None = Field(default=None, description="FR document number (US) or CELEX (EU)")
    citation: str | None = None
    instrument: str | None = Field(
        default=None, description="the legal instrument, e.g. 令和五年経済産業省令第二十五号 or SI 2024/346"
    )
    implements: list[Implementation] = Field(default_factory=list)
    controls: list[str] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)
    amends: list[str] = Field(default_factory=list, description="ids of earlier measures it revises")
    prompted_by: str | None = None
    prompted_by_source: str | None = None
    prompted_by_confidence: Confidence | None = None
    note: str | None = None

    @field_validator("period")
    @classmethod
    def _period_form(cls, value: str | None) -> str | None:
        if value is not None and not _MONTH_RE.match(value):
            raise ValueError(f"period must be an ISO year-month (YYYY-MM), got {value!r}")
        return value

    @field_validator("controls")
    @classmethod
    def _item_codes(cls, value: list[str]) -> list[str]:
        for code in value:
            if not _ITEM_RE.match(code):
                raise ValueError(f"not an item code like '3A090' or '3A1901': {code!r}")
        return value

    @field_validator("prompted_by_source")
    @classmethod
    def _prompted_source_form(cls, value: str | None) -> str | None:
        return None if value is None else _check_source(value)

    @property
    def first_date(self) -> date | None:
        """The earliest known date of the measure (announced, adopted, published, effective)."""
        known = [d for d in (self.announced, self.adopted, self.published, self.effective) if d]
        if known:
            return min(known)
        return date.fromisoformat(self.period + "-01") if self.period else None


class Assessment(_Record):
    """Whether a regime has a control tool: one cell of the tool matrix.

    ``judgement`` says who made the call: ``cited`` when the cited source assesses that cell itself,
    ``inferred`` when it is our inference (the source is then what the inference rests on, and ``note``
    must say why).
    """

    regime: str
    tool: str
    extent: AssessedExtent
    judgement: Judgement
    note: str | None = None
    measure: str | None = None


class Provides(BaseModel):
    """A control tool an allied provision provides, with the passage of its text that shows it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tool: str
    extent: Extent
    quote: str | None = Field(default=None, description="passage of the provision's text; needs `text`")
    note: str | None = None


class AlliedProvision(_Record):
    """A provision of an allied law that implements a control tool, with its text where the project has it."""

    id: str = Field(description="`<REGIME>:<law> <designation>`, e.g. `KR:대외무역법 art. 19-3`")
    regime: str
    law: str
    designation: str
    heading: str | None = None
    text: str | None = None
    as_of: IsoDate = None
    text_source: str | None = None
    provides: list[Provides] = Field(default_factory=list)
    note: str | None = None

    @field_validator("id")
    @classmethod
    def _id_form(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z]{2}:\S.*", value):
            raise ValueError(f"id must read '<REGIME>:<law> <designation>', got {value!r}")
        return value

    def span(self, quote: str) -> tuple[int, int] | None:
        """Offsets of ``quote`` in the text, or None."""
        at = (self.text or "").find(quote)
        return None if at < 0 else (at, at + len(quote))


class CuratedData(BaseModel):
    """All curated records, validated as a whole by ``load_curated``."""

    model_config = ConfigDict(frozen=True)

    regimes: list[Regime] = Field(default_factory=list)
    tools: list[Tool] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    assessments: list[Assessment] = Field(default_factory=list)
    provisions: list[AlliedProvision] = Field(default_factory=list)

    def regime(self, regime_id: str) -> Regime:
        """The regime with this id.

        Raises:
            KeyError: no such regime.
        """
        for r in self.regimes:
            if r.id == regime_id:
                return r
        raise KeyError(regime_id)

    def measure(self, measure_id: str) -> Measure:
        """The measure with this id.

        Raises:
            KeyError: no such measure.
        """
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)

    def assessment(self, regime_id: str, tool_id: str) -> Assessment | None:
        """The assessment of one tool in one regime, or None when the data has none."""
        for a in self.assessments:
            if a.regime == regime_id and a.tool == tool_id:
                return a
        return None

    def missing_tools(self, regime_id: str, versus: str = US_REGIME) -> list[str]:
        """Tools that ``versus`` has (full or partial) and ``regime_id`` is assessed not to have.

        Answers "which US tools have no Japanese equivalent" as ``missing_tools("JP")``.
        """
        out = []
        for a in self.assessments:
            if a.regime == versus and a.extent != "none":
                mine = self.assessment(regime_id, a.tool)
                if mine is not None and mine.extent == "none":
                    out.append(a.tool)
        return out


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


_MODELS: dict[str, type[_Record]] = {
    "regimes": Regime,
    "tools": Tool,
    "measures": Measure,
    "assessments": Assessment,
    "provisions": AlliedProvision,
}


def _parse(raw: _Raw) -> _Record:
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


def _check(parsed: list[tuple[_Raw, _Record]]) -> None:
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
