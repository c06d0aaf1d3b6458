"""Small pieces every subcommand shares: error guard, settings access, output as table/json/csv."""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from exportwatch.config import Settings, load_settings
from exportwatch.errors import ConfigError, ExportwatchError

state: dict[str, bool] = {"debug": False}
console = Console()
err_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")

FORMATS = ("table", "json", "csv")


def report(e: ExportwatchError) -> None:
    """Print an error as one sentence plus hint, on stderr."""
    err_console.print(f"[bold red]error {e.code}:[/] {e.message}", highlight=False, markup=True)
    if e.hint:
        err_console.print(f"hint: {e.hint}", highlight=False, markup=False)


def guarded(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn ``ExportwatchError`` raised by a command into a clean message and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except ExportwatchError as e:
            if state["debug"]:
                raise
            report(e)
            raise typer.Exit(1) from None

    return wrapper


@dataclass
class SettingsRequest:
    """What the root command was told (``--home``, ``--config``); the settings, once read."""

    home: Path | None = None
    config_file: Path | None = None
    loaded: Settings | None = None


def settings(ctx: typer.Context) -> Settings:
    """The settings of this run, read on first use (so a bad config is reported by the command's guard)."""
    obj = ctx.find_root().obj
    if isinstance(obj, Settings):
        return obj
    if not isinstance(obj, SettingsRequest):
        obj = SettingsRequest()
        ctx.find_root().obj = obj
    if obj.loaded is None:
        obj.loaded = load_settings(home=obj.home, config_file=obj.config_file)
        check_home(obj.loaded.home)
    return obj.loaded


def check_home(home: Path) -> None:
    """A clear error when the data home is a file or cannot be written (it is created when missing)."""
    if home.exists() and not home.is_dir():
        raise ConfigError(
            f"data home {home} is a file, not a directory", hint="set EXPORTWATCH_HOME to a directory"
        )
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ConfigError(
            f"data home {home} cannot be created: {e.strerror or e}",
            hint="set EXPORTWATCH_HOME to a writable directory",
        ) from None
    if not os.access(home, os.W_OK | os.X_OK):
        raise ConfigError(
            f"data home {home} is not writable", hint="set EXPORTWATCH_HOME to a writable directory"
        )


def check_format(fmt: str, allowed: Sequence[str] = FORMATS) -> str:
    if fmt not in allowed:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(allowed)}", param_hint="--format")
    return fmt


def _jsonable(v: Any) -> Any:
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    if isinstance(v, (set, frozenset)):
        return _finite(list(v))
    return str(v)


def _finite(v: Any) -> Any:
    """``v`` with every NaN and infinite float replaced by None (JSON has no such numbers)."""
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, Mapping):
        return {k: _finite(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_finite(x) for x in v]
    return v


def to_json(data: Any) -> str:
    """``data`` as strict JSON (RFC 8259): NaN, Infinity and -Infinity become ``null``.

    Dates become ISO strings; other values JSON cannot hold (e.g. a Decimal of a 128-bit integer) become
    their string form.
    """
    return json.dumps(_finite(data), ensure_ascii=False, indent=2, default=_jsonable, allow_nan=False)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "; ".join(_cell(x) for x in v)
    if isinstance(v, Mapping):
        return json.dumps(v, ensure_ascii=False, default=_jsonable)
    return str(v)


def emit(
    rows: Iterable[Mapping[str, Any]],
    fmt: str,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    max_width: int | None = 60,
) -> None:
    """Print records as a rich table (humans), JSON array or CSV (machines)."""
    rows = list(rows)
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt == "json":
        typer.echo(to_json(rows))
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(cols)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in cols])
        typer.echo(buf.getvalue(), nl=False)
        return
    table = Table(title=title, show_lines=False, header_style="bold")
    for c in cols:
        table.add_column(c, overflow="fold", max_width=max_width)
    for r in rows:
        table.add_row(*[_cell(r.get(c)) for c in cols])
    console.print(table)
    if not rows:
        console.print("[dim](no rows)[/]")
