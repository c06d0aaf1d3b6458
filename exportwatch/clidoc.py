"""Generate ``docs/cli.md`` from the command line itself (``python -m exportwatch.clidoc`` rewrites it).

Every command's ``--help`` is captured through the real Typer app at a fixed width, so the reference
cannot drift from the code: a test compares the file with a fresh rendering (datasette's cog habit).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import typer
from typer._click import Context
from typer.core import TyperGroup
from typer.testing import CliRunner

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
WIDTH = 100


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Paths of every visible command and subcommand below a Typer group, in help order."""
    out: list[tuple[str, ...]] = []
    ctx = Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if cmd is None or cmd.hidden:
            continue
        path = (*prefix, name)
        out.append(path)
        if isinstance(cmd, TyperGroup):
            out.extend(_commands(cmd, path))
    return out


def _help(app: typer.Typer, path: tuple[str, ...]) -> str:
    runner = CliRunner()
    env = {"COLUMNS": str(WIDTH), "TERM": "dumb", "NO_COLOR": "1", "_TYPER_FORCE_DISABLE_TERMINAL": "1"}
    result = runner.invoke(app, [*path, "--help"], env=env, prog_name="exportwatch", terminal_width=WIDTH)
    text = result.output
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def render_cli_md() -> str:
    """The command-line reference as Markdown."""
    from exportwatch.cli import app

    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(WIDTH)
    try:
        root = typer.main.get_command(app)
        parts = [
            "# Command-line reference",
            "",
            "Generated from the command line itself by `python -m exportwatch.clidoc`;",
            "`make test` checks that it is current. Every command also answers `--help`.",
            "",
            "## exportwatch",
            "",
            "```text",
            _help(app, ()),
            "```",
        ]
        for path in _commands(root):
            parts += ["", f"## exportwatch {' '.join(path)}", "", "```text", _help(app, path), "```"]
        return "\n".join(parts) + "\n"
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old


def write_cli_md(path: Path = DOC_PATH) -> Path:
    path.write_text(render_cli_md(), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover - maintenance script
    print(write_cli_md(Path(sys.argv[1]) if len(sys.argv) > 1 else DOC_PATH))
