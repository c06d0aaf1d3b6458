"""Who gets the digest and what each recipient cares about: a YAML file validated with pydantic.

The file (``<home>/subscriptions.yaml`` or ``--subscriptions FILE``) looks like::

    empty_week: note            # default for everyone: note | skip
    upcoming_days: 28           # how far ahead effective dates and comment deadlines are listed
    subscriptions:
      - to: analyst@example.org # one address or a list
        name: Chips desk
        eccns: [3A090, 3B]      # ECCNs or ECCN prefixes
        entities: [Huawei]      # entity names (substring, case-insensitive)
        countries: [China, CN]  # country names or ISO codes
        regimes: [JP, NL]       # regime ids of allied developments
        tools: [entity_list, fdpr]
        keywords: [advanced computing]
        document_types: [rule, proposed_rule]
        empty_week: skip
      - to: everything@example.org   # no filters: gets everything

Topic filters (eccns, entities, countries, regimes, tools, keywords) are alternatives: a line
is kept when it matches any of them. ``document_types`` restricts on top of that. A
subscription without filters gets everything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from exportwatch.errors import ConfigError

SUBSCRIPTIONS_FILE = "subscriptions.yaml"

# Kinds of line a digest holds; ``document_types`` filters on these.
DOCUMENT_TYPES = (
    "rule",
    "proposed_rule",
    "notice",
    "correction",
    "public_inspection",
    "press_release",
    "guidance",
    "allied",
    "deadline",
)

_ADDRESS = re.compile(r"^[^@\s<>,;\"']+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*$")


def is_address(value: str) -> bool:
    """True when ``value`` looks like one plain email address (``name@example.org``)."""
    return bool(_ADDRESS.match(value))


def _strings(v: Any) -> Any:
    """Accept one value or a list; numbers (an ECCN such as ``3`` read as int) become strings."""
    if v is None:
        return []
    if isinstance(v, (str, int, float)):
        v = [v]
    if isinstance(v, list):
        return [str(x).strip() for x in v if str(x).strip()]
    return v


class Filters(BaseModel):
    """What a recipient cares about. Empty means everything."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    eccns: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    regimes: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    document_types: tuple[str, ...] = ()

    @field_validator("eccns", "entities", "countries", "regimes", "tools", "keywords", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return _strings(v)

    @field_validator("eccns", "regimes")
    @classmethod
    def _upper(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(x.upper() for x in v)

    @field_validator("document_types", mode="before")
    @classmethod
    def _types(cls, v: Any) -> Any:
        v = _strings(v)
        if isinstance(v, list):
            out = [x.lower().replace(" ", "_").replace("-", "_") for x in v]
            bad = [x for x in out if x not in DOCUMENT_TYPES]
            if bad:
                raise ValueError(f"unknown document type {bad[0]!r}; valid: {', '.join(DOCUMENT_TYPES)}")
            return out
        return v

    @property
    def topics(self) -> bool:
        """True when any topic filter (everything except document_types) is set."""
        return bool(
            self.eccns or self.entities or self.countries or self.regimes or self.tools or self.keywords
        )

    @property
    def empty(self) -> bool:
        return not self.topics and not self.document_types


class Subscription(Filters):
    """One subscription entry: recipients plus filters."""

    to: tuple[str, ...] = Field(min_length=1)
    name: str | None = None
    empty_week: Literal["note", "skip"] | None = None

    @field_validator("to", mode="before")
    @classmethod
    def _addresses(cls, v: Any) -> Any:
        v = _strings(v)
        if isinstance(v, list):
            for a in v:
                if not is_address(a):
                    raise ValueError(f"{a!r} is not an email address")
        return v


class SubscriptionFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    empty_week: Literal["note", "skip"] = "note"
    upcoming_days: int = Field(default=28, ge=0, le=366)
    subscriptions: list[Subscription] = Field(default_factory=list)


class Recipient(BaseModel):
    """One address with the filters and empty-week policy that apply to it."""

    model_config = ConfigDict(frozen=True)

    address: str
    name: str | None = None
    filters: Filters = Filters()
    empty_week: Literal["note", "skip"] = "note"


class Subscriptions(BaseModel):
    """The validated file, one entry per recipient address."""

    source: str
    upcoming_days: int = 28
    recipients: tuple[Recipient, ...] = ()

    def for_address(self, address: str) -> Recipient:
        """The recipient with this address; an unsubscribed address gets everything."""
        for r in self.recipients:
            if r.address.lower() == address.lower():
                return r
        return Recipient(address=address)


def _node_at(node: yaml.Node, loc: Sequence[int | str]) -> yaml.Node:
    """The YAML node a pydantic error location points to (the deepest one that exists)."""
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
            if nxt is None:
                break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
    return node


def _line(root: yaml.Node | None, loc: Sequence[int | str]) -> int:
    """1-based line of the node at ``loc`` (line 1 for an empty document)."""
    return _node_at(root, loc).start_mark.line + 1 if root is not None else 1


def parse_subscriptions(text: str, source: str = "<subscriptions>") -> Subscriptions:
    """Validate subscription YAML ``text``; errors name ``source`` and the line.

    Raises:
        ConfigError: the text is not YAML, not the expected shape, or names an address twice.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(
            f"subscriptions {source}{where}: not valid YAML ({getattr(e, 'problem', e)})"
        ) from None
    if data is None:
        data = {}
    if isinstance(data, list):  # a bare list of subscriptions is fine too
        data = {"subscriptions": data}
        root = yaml.MappingNode("tag:yaml.org,2002:map", [(yaml.ScalarNode("", "subscriptions"), root)])
    if not isinstance(data, dict):
        raise ConfigError(f"subscriptions {source} line 1: expected a mapping with a 'subscriptions' list")
    try:
        parsed = SubscriptionFile.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        line = _line(root, err["loc"])
        field = ".".join(str(p) for p in err["loc"])
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = f"unknown key {err['loc'][-1]!r}"
        raise ConfigError(
            f"subscriptions {source} line {line}: {field}: {msg}",
            hint="see docs/digest.md for the subscription file format",
        ) from None
    recipients: list[Recipient] = []
    seen: dict[str, int] = {}
    for i, sub in enumerate(parsed.subscriptions):
        filters = Filters(**sub.model_dump(include=set(Filters.model_fields)))
        for address in sub.to:
            if address.lower() in seen:
                line = _line(root, ("subscriptions", i, "to"))
                raise ConfigError(
                    f"subscriptions {source} line {line}: {address} is already subscribed "
                    f"(entry {seen[address.lower()] + 1}); give each address one entry"
                )
            seen[address.lower()] = i
            recipients.append(
                Recipient(
                    address=address,
                    name=sub.name,
                    filters=filters,
                    empty_week=sub.empty_week or parsed.empty_week,
                )
            )
    return Subscriptions(source=source, upcoming_days=parsed.upcoming_days, recipients=tuple(recipients))


def load_subscriptions(path: Path) -> Subscriptions:
    """Read and validate the subscription file at ``path``.

    Raises:
        ConfigError: the file is missing, unreadable or invalid.
    """
    if not path.is_file():
        raise ConfigError(
            f"subscription file {path} not found",
            hint=f"create {SUBSCRIPTIONS_FILE} in the data home or pass --subscriptions FILE "
            "(see docs/digest.md)",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"subscription file {path} cannot be read: {e}") from None
    return parse_subscriptions(text, str(path))
