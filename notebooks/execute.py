"""Regenerate the committed notebooks: pair each ``.py`` with its ``.ipynb``, execute it, keep the outputs.

Usage (from the repository root, after ``make demo`` or with ``EXPORTWATCH_HOME`` set)::

    .venv/bin/python notebooks/execute.py            # every notebook
    .venv/bin/python notebooks/execute.py 03_entity_list

The percent-format ``.py`` file is the one to edit and review; this script writes the ``.ipynb`` from
it (jupytext), executes it top to bottom in the ``python3`` kernel with nbclient (working directory:
``notebooks/``, so figures land in ``notebooks/figures/``) and saves it with its outputs, so that a
reader on GitHub sees the plots without running anything.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
TIMEOUT = 600


def execute(py_file: Path) -> float:
    """Write ``<name>.ipynb`` from ``<name>.py``, executed with its outputs; returns the seconds taken."""
    nb = jupytext.read(py_file)
    nb.metadata.setdefault("jupytext", {})["formats"] = "ipynb,py:percent"
    started = time.perf_counter()
    NotebookClient(
        nb, kernel_name="python3", timeout=TIMEOUT, resources={"metadata": {"path": str(HERE)}}
    ).execute()
    seconds = time.perf_counter() - started
    nbformat.write(nb, py_file.with_suffix(".ipynb"))
    return seconds


def main(names: list[str]) -> None:
    files = sorted(HERE.glob("[0-9][0-9]_*.py"))
    if names:
        files = [f for f in files if f.stem in names or f.name in names]
    if not files:
        raise SystemExit(
            f"no notebook matches {names}; notebooks: {[f.stem for f in HERE.glob('[0-9][0-9]_*.py')]}"
        )
    for f in files:
        print(f"{f.stem}: {execute(f):.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
