"""One root exception with stable codes, so the CLI can print a sentence and a hint.

Layers raise the subclass that fits; the CLI catches ``ExportwatchError`` and prints
``error EWnnn: message`` (plus the hint), exiting 1. Tracebacks only with ``--debug``.
"""

from __future__ import annotations


class ExportwatchError(Exception):
    """Root of every error exportwatch raises on purpose."""

    code = "EW000"
    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        return self.message


class ConfigError(ExportwatchError):
    code = "EW001"


class BusyError(ConfigError):
    """Another exportwatch process holds the data home (a sync, build or demo is running)."""

    code = "EW002"


class SourceError(ExportwatchError):
    """A source could not be fetched: network failure, HTTP error, rate limit exhausted."""

    code = "EW101"


class ParseError(ExportwatchError):
    """A payload could not be parsed: malformed, truncated, an error page, no text layer."""

    code = "EW201"


class ExtractError(ExportwatchError):
    code = "EW301"


class SchemaError(ExportwatchError):
    """The graph schema or a curated data file is invalid."""

    code = "EW401"


class StoreError(ExportwatchError):
    """The graph store refused: bad query, write in read-only mode, down, locked, auth."""

    code = "EW501"


class QueryError(ExportwatchError):
    """A named query is unknown or called with missing/unknown parameters."""

    code = "EW601"


class DigestError(ExportwatchError):
    code = "EW701"
