"""Curated regime data as records: control regimes, control tools, concrete measures, tool assessments and
allied provisions (pydantic models, only at the YAML boundary), and ``CuratedData``, the whole set.

The records live as readable YAML in ``graph/curated/`` (``regimes.yaml``, ``tools.yaml``,
``measures.yaml``, ``assessments.yaml``, ``provisions.yaml``); every fact carries a ``source`` (an official
URL or a citation such as ``87 FR 62186``) and a ``confidence`` (``official`` or ``reported``). See
``docs/curated.md`` for the format; ``graph.curated_yaml.load_curated`` reads and checks them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from exportwatch.vocab.tools import CONTROL_TOOLS

US_REGIME = "US"

# The canonical control-tool ids: one list, the NLP stage's vocabulary, so mentions and curated tools agree.
TOOL_IDS: tuple[str, ...] = tuple(CONTROL_TOOLS)
TOPICS: tuple[str, ...] = ("advanced_computing", "sme", "ai_models", "entity_list", "hbm", "quantum")
SECTIONS: tuple[str, ...] = ("regimes", "tools", "measures", "assessments", "provisions")

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


class CuratedRecord(BaseModel):
    """Fields every curated fact carries: where it comes from and how far it was checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    confidence: Confidence

    @field_validator("source")
    @classmethod
    def _source_form(cls, value: str) -> str:
        return _check_source(value)


class Regime(CuratedRecord):
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


class Tool(CuratedRecord):
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


class Measure(CuratedRecord):
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


class Assessment(CuratedRecord):
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


class AlliedProvision(CuratedRecord):
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
