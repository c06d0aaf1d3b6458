"""What a digest holds: sections of linked lines, and how a recipient's filters select from them.

The content builder (``content.py``) fills these from named-query rows; the renderer only
reads them. Selecting lines for a recipient compares the facts each row already carries
(items, entities, countries, regimes, tools, text); it computes nothing new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import date
from typing import Any

from exportwatch.digest.period import Period
from exportwatch.digest.subscriptions import Filters
from exportwatch.vocab.countries import country_code

# Section keys in the order they appear: what matters most comes first.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("federal_register", "Federal Register"),
    ("entity_list", "Entity List changes"),
    ("items", "Items touched"),
    ("press", "BIS press releases and guidance"),
    ("allied", "Allied developments"),
    ("upcoming", "Coming up: effective dates and comment deadlines"),
)
SECTION_TITLES = dict(SECTIONS)

# Display names of line kinds (also the values of a subscription's ``document_types``).
KIND_LABELS = {
    "rule": "Final rule",
    "proposed_rule": "Proposed rule",
    "notice": "Notice",
    "correction": "Correction",
    "public_inspection": "On public inspection",
    "press_release": "Press release",
    "guidance": "Guidance",
    "allied": "Allied measure",
    "allied_list": "List change",
    "deadline": "Deadline",
}
# Rank of kinds inside a section: final rules before proposed rules before notices, corrections last.
KIND_RANK = {k: i for i, k in enumerate(KIND_LABELS)}
# Entity List actions: listings before revisions before removals.
ACTION_RANK = {"add": 0, "revise": 1, "remove": 2}
ACTION_LABELS = {"add": "added", "revise": "revised", "remove": "removed"}


@dataclass(frozen=True)
class Line:
    """One linked line of the digest, with the facts used to select it for a recipient."""

    section: str
    kind: str
    title: str
    group: str = ""
    date: str | None = None
    url: str | None = None
    citation: str | None = None
    citation_url: str | None = None
    document_number: str | None = None
    note: str | None = None
    detail: str | None = None
    action: str | None = None
    flags: tuple[str, ...] = ()
    rank: tuple[int | str, ...] = ()
    items: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    regimes: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    text: str = ""
    weight: int = 1  # changes of the period the line stands for (deadlines ahead: 0)
    list_name: str | None = None  # the restricted-party list of a listing line (entity_list, meu, jp_...)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.replace("_", " ").capitalize())

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action or "", self.action or "")

    @classmethod
    def quick(cls, **values: Any) -> Line:
        """A line equal to ``Line(**values)``, built without the frozen dataclass's ``__init__`` (which sets
        its 22 fields one by one): for the thousands of light Entity List lines of a busy week. Only for
        callers that pass known field names; ``Line(**values)`` checks them."""
        line = object.__new__(cls)
        line.__dict__.update(_LINE_DEFAULTS)
        line.__dict__.update(values)
        return line


_LINE_DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields(Line) if f.default is not MISSING}


@dataclass(frozen=True)
class Group:
    title: str
    lines: tuple[Line, ...]
    more: int = 0  # changes of lines left out of a capped page (``DigestContent.capped``)

    @property
    def size(self) -> int:
        return (sum(x.weight for x in self.lines) or len(self.lines)) + self.more


@dataclass(frozen=True)
class MoreLink:
    """Where the lines a capped section leaves out can be read in full (a query form of the web app)."""

    label: str
    url: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    groups: tuple[Group, ...]
    more_lines: int = 0  # lines left out of a capped page (``DigestContent.capped``); a mail leaves none out
    more_changes: int = 0  # the changes those lines stand for
    more_links: tuple[MoreLink, ...] = ()

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(x for g in self.groups for x in g.lines)

    @property
    def changes(self) -> int:
        return sum(x.weight for x in self.lines) + self.more_changes

    @property
    def size(self) -> int:
        """What the summary shows: the changes, or the lines of a section of things ahead."""
        return self.changes or len(self.lines) + self.more_lines

    def capped(
        self, max_lines: int, links: Callable[[Section, tuple[Line, ...]], tuple[MoreLink, ...]]
    ) -> Section:
        """The section with its first ``max_lines`` lines (in the order shown) and a count of the rest.

        ``links`` says where the left-out lines can be read in full; the counts in the summary and the group
        headings stay those of the whole section.
        """
        if len(self.lines) <= max_lines:
            return self
        groups: list[Group] = []
        hidden: list[Line] = []
        room = max_lines
        for g in self.groups:
            shown, rest = g.lines[:room], g.lines[room:]
            room -= len(shown)
            hidden.extend(rest)
            if shown:
                groups.append(Group(g.title, shown, g.more + sum(x.weight for x in rest)))
        rest_lines = tuple(hidden)
        return replace(
            self,
            groups=tuple(groups),
            more_lines=self.more_lines + len(rest_lines),
            more_changes=self.more_changes + sum(x.weight for x in rest_lines),
            more_links=links(self, rest_lines),
        )


@dataclass(frozen=True)
class DigestContent:
    """The digest of one period, before or after selecting a recipient's lines."""

    period: Period
    as_of: date
    upcoming_days: int
    sections: tuple[Section, ...]
    filters: Filters = field(default_factory=Filters)
    warnings: tuple[str, ...] = ()

    @property
    def changes(self) -> int:
        """Number of changes in the period: documents, listings, items, releases, allied measures."""
        return sum(s.changes for s in self.sections)

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(x for s in self.sections for x in s.lines)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def counts(self) -> dict[str, int]:
        """Changes (or lines ahead) per section key, as the summary at the top shows them."""
        return {s.key: s.size for s in self.sections}

    def capped(
        self, max_lines: int, links: Callable[[Section, tuple[Line, ...]], tuple[MoreLink, ...]]
    ) -> DigestContent:
        """Each section cut to its first ``max_lines`` lines, with a count and links for the rest (the web
        page of a busy week; a mail is never capped)."""
        return replace(self, sections=tuple(s.capped(max_lines, links) for s in self.sections))

    def select(self, filters: Filters) -> DigestContent:
        """The lines a recipient with ``filters`` asked for (everything when no filters)."""
        if filters.empty:
            return replace(self, filters=filters)
        keep = matcher(filters)
        sections = []
        for s in self.sections:
            groups = tuple(
                Group(g.title, lines)
                for g in s.groups
                if (lines := tuple(narrow(x, filters) for x in g.lines if keep(x)))
            )
            if groups:
                sections.append(Section(s.key, s.title, groups))
        return replace(self, sections=tuple(sections), filters=filters)


def _any_prefix(values: Iterable[str], prefixes: tuple[str, ...]) -> bool:
    return any(v.upper().startswith(p) for v in values for p in prefixes)


def _any_contains(values: Iterable[str], needles: tuple[str, ...]) -> bool:
    lowered = [v.casefold() for v in values]
    return any(n.casefold() in v for v in lowered for n in needles)


def _any_equal(values: Iterable[str], wanted: tuple[str, ...]) -> bool:
    w = {x.casefold() for x in wanted}
    return any(v.casefold() in w for v in values)


def narrow(line: Line, filters: Filters) -> Line:
    """A line that lists several items, cut down to the items a recipient follows (when it names any)."""
    if line.section != "items" or not filters.eccns or len(line.items) < 2:
        return line
    codes = tuple(c for c in line.items if _any_prefix((c,), filters.eccns))
    if not codes or codes == line.items:
        return line
    return replace(line, title=", ".join(codes), items=codes, weight=len(codes))


def _country_keys(countries: tuple[str, ...]) -> tuple[str, ...]:
    """Countries as written plus their ISO codes (a subscriber may write "China" or "CN")."""
    out = list(countries)
    for c in countries:
        code = country_code(c)
        if code:
            out.append(code)
    return tuple(out)


def matcher(filters: Filters) -> Callable[[Line], bool]:
    """A predicate for lines: a topic filter matches (deadlines ahead: always) and the kind is asked for."""

    countries = _country_keys(filters.countries)

    def keep(line: Line) -> bool:
        if filters.document_types and line.kind not in filters.document_types:
            return False
        if not filters.topics or line.weight == 0:  # deadlines ahead are context for everyone
            return True
        return (
            (bool(filters.eccns) and _any_prefix(line.items, filters.eccns))
            or (bool(filters.entities) and _any_contains(line.entities, filters.entities))
            or (bool(filters.countries) and _any_equal(line.countries, countries))
            or (bool(filters.regimes) and _any_equal(line.regimes, filters.regimes))
            or (bool(filters.tools) and _any_equal(line.tools, filters.tools))
            or (bool(filters.keywords) and _any_contains((line.title, line.text), filters.keywords))
        )

    return keep
