"""Where each subcommand module is attached to the app. One line per module."""

from __future__ import annotations

import importlib

import typer

# Modules exposing ``register(app: typer.Typer) -> None``, in help order.
COMMAND_MODULES: list[str] = [
    "exportwatch.commands.sync_cmd",
    "exportwatch.commands.docs_cmd",
    "exportwatch.commands.extract_cmd",
    "exportwatch.commands.graph_cmd",
    "exportwatch.commands.show_cmd",
    "exportwatch.commands.diff_cmd",
    "exportwatch.commands.eval_cmd",
    "exportwatch.commands.build_cmd",
    "exportwatch.commands.demo_cmd",
    "exportwatch.commands.digest_cmd",
    "exportwatch.commands.screen_cmd",
    "exportwatch.commands.match_cmd",
    "exportwatch.commands.web_cmd",
]

_done = False


def register_all(app: typer.Typer) -> None:
    global _done
    if _done:
        return
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)
    _done = True
