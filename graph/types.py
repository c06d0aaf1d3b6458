"""Property value types of the graph schema: each cleans its own values and names its store type.

A schema property declares one of these types (``graph/schema/*.yaml``). ``clean`` turns a Python
value into what every store keeps, the same way for all of them, or raises ``ValueError`` with the
reason. Dates are stored as ISO strings (portable across LadybugDB, ArcadeDB and Neo4j); the model adds
a companion ``<name>_day`` integer property (days since 1970-01-01) so that queries can do date
arithmetic without date functions, which differ between stores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def day_number(value: str | date | None) -> int | None:
    """Days since 1970-01-01 of an ISO date (None stays None)."""
    if value is None:
        return None
    d = value if isinstance(value, date) else date.fromisoformat(value)
    return d.toordinal() - EPOCH_ORDINAL


def _string(value: Any) -> str:
    if isinstance(value, (list, tuple, dict, set)):
        raise ValueError(f"expected a string, got {type(value).__name__}")
    return str(value)


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("expected an integer, got a boolean")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"expected an integer, got {value!r}")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected an integer, got {value!r}") from None


def _float(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("expected a number, got a boolean")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected a number, got {value!r}") from None


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {value!r}")


def _date(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            pass
    raise ValueError(f"expected an ISO date (YYYY-MM-DD), got {value!r}")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
        raise ValueError(f"expected a list of strings, got {type(value).__name__}")
    items = sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    return [_string(v) for v in items if v is not None]


@dataclass(frozen=True)
class PropType:
    """A property value type: its name in the schema files, its LadybugDB column type, its cleaner."""

    name: str
    ladybug: str
    cleaner: Callable[[Any], Any]
    empty: Any = None

    def clean(self, value: Any) -> Any:
        """The value as stored, ``empty`` for None. Raises ValueError naming what was expected."""
        if value is None:
            return [] if self.name == "strings" else self.empty
        return self.cleaner(value)


TYPES: dict[str, PropType] = {
    t.name: t
    for t in (
        PropType("string", "STRING", _string),
        PropType("text", "STRING", _string),
        PropType("int", "INT64", _int),
        PropType("float", "DOUBLE", _float),
        PropType("bool", "BOOLEAN", _bool),
        PropType("date", "STRING", _date),
        PropType("strings", "STRING[]", _strings),
    )
}
