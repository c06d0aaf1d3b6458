"""Docs move with the code: the CLI reference is generated and current, the README names every command,
the changelog's Unreleased section exists and every entry cites its issue."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from exportwatch.cli import app
from exportwatch.clidoc import DOC_PATH, _commands, render_cli_md

REPO = Path(__file__).resolve().parents[2]


def test_cli_reference_is_current() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render_cli_md(), "run: python -m exportwatch.clidoc"


def test_readme_lists_every_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Command line", 1)[1].split("```console", 1)[1].split("```", 1)[0]
    listed = {" ".join(line.split()[1:3]) for line in block.splitlines() if line.startswith("exportwatch ")}
    commands = _commands(typer.main.get_command(app))
    missing = [
        " ".join(p)
        for p in commands
        if not any(entry == " ".join(p) or entry.split()[0] == " ".join(p) for entry in listed)
    ]
    assert missing == [], f"README's command list lacks: {missing}"


def test_changelog_unreleased_entries_cite_issues() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n\n## Unreleased\n"), (
        "CHANGELOG.md must open with an Unreleased section"
    )
    unreleased = text.split("## Unreleased", 1)[1].split("\n## ", 1)[0]
    entries = re.split(r"\n- ", "\n" + unreleased.strip())[1:]
    assert entries, "the Unreleased section is empty"
    uncited = [e.splitlines()[0] for e in entries if not re.search(r"\(#\d+(, #\d+)*\)\.?\s*$", e.strip())]
    assert uncited == [], f"entries without an issue number at the end: {uncited}"
