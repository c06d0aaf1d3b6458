"""References to versioned texts (``3A090``, ``15 CFR 744.23(a)(2)``), resolved by pluggable resolvers.

A resolver turns the text of a reference into a ``TextRef``: which version nodes hold the thing's text
(``ItemVersion`` or ``ProvisionVersion``), the thing's id, and the paragraph designation asked for, if any.
Other jurisdictions add theirs with ``register_resolver`` (e.g. ``JP:403M50000400049 art. 6`` or
``EU:2021/821 annex I 3B001``) without touching the built-in ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from exportwatch.errors import QueryError


@dataclass(frozen=True)
class TextRef:
    """A resolved reference: ``label`` nodes whose ``key`` property equals ``thing`` hold its versions."""

    ref: str  # canonical form, e.g. "3A090", "15 CFR 744.23(a)(2)"
    label: str  # "ItemVersion" or "ProvisionVersion"
    key: str  # property of the version node naming the thing: "item" or "provision"
    thing: str  # "US:3A090", "15 CFR 744.23"
    designation: str | None = None  # "a.1", "(a)(2)"


Resolver = Callable[[str], TextRef | None]
_RESOLVERS: list[tuple[str, Resolver]] = []

_ECCN = re.compile(r"^(?:US:)?(\d[A-E]\d{3})(?:\.([a-z0-9.]+))?$", re.IGNORECASE)
_CFR = re.compile(
    r"^(\d+)\s*C\.?F\.?R\.?\s*(?:§+\s*)?(\d+)\.(\d+[a-z]?)\s*((?:\([A-Za-z0-9]+\))*)$", re.IGNORECASE
)


def eccn_ref(text: str) -> TextRef | None:
    """``3A090``, ``US:3A090``, ``3A090.a.1`` (an ECCN of the Commerce Control List, maybe a paragraph)."""
    m = _ECCN.match(text.strip())
    if not m:
        return None
    code = m.group(1).upper()
    sub = m.group(2)
    return TextRef(f"{code}.{sub}" if sub else code, "ItemVersion", "item", f"US:{code}", sub)


def cfr_ref(text: str) -> TextRef | None:
    """``15 CFR 744.23``, ``15 CFR § 744.23(a)(2)``: a CFR section, maybe a paragraph of it."""
    m = _CFR.match(" ".join(text.split()))
    if not m:
        return None
    section = f"{m.group(1)} CFR {m.group(2)}.{m.group(3)}"
    sub = m.group(4) or None
    return TextRef(section + (sub or ""), "ProvisionVersion", "provision", section, sub)


def register_resolver(name: str, resolver: Resolver) -> None:
    """Add a resolver (tried after those already registered); a name registered again is replaced."""
    global _RESOLVERS
    _RESOLVERS = [(n, r) for n, r in _RESOLVERS if n != name] + [(name, resolver)]


def resolve(text: str) -> TextRef:
    """The ``TextRef`` of a reference.

    Raises:
        QueryError: no resolver understands ``text``.
    """
    for _, resolver in _RESOLVERS:
        found = resolver(text)
        if found is not None:
            return found
    raise QueryError(
        f"{text!r} is not a reference exportwatch knows",
        hint="give an ECCN (3A090, 3A090.a.1), a CFR section (15 CFR 744.23, 15 CFR 744.23(a)(2)), a "
        "Japanese article (JP:403M50000400049 art. 6) or an EU Annex I entry (EU:2021/821 annex I 3B001)",
    )


register_resolver("eccn", eccn_ref)
register_resolver("cfr", cfr_ref)
