"""The notebooks: each runs top to bottom headless on the demo graph, makes plots, and stays in sync.

Execution uses nbclient with the ``python3`` kernel (ipykernel of this interpreter; jupyter_client
runs a kernelspec's ``python`` with ``sys.executable``), ``EXPORTWATCH_HOME`` pointing at the session's
demo graph and ``EXPORTWATCH_FIGURES`` at a tmp directory, so the committed figures are not touched.
"""

from __future__ import annotations

import ast
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from exportwatch.config import Settings

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
NAMES = sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.py"))
# Project packages a notebook may not import: notebooks use the public API only.
PRIVATE_PACKAGES = ("graph", "queries", "ingest")


def test_the_five_notebooks_exist() -> None:
    assert NAMES == [
        "01_allied_gap_matrix",
        "02_semiconductor_timeline",
        "03_entity_list",
        "04_ccl_changes",
        "05_allied_lists",
    ]
    for name in NAMES:
        assert (NOTEBOOKS / f"{name}.ipynb").exists(), f"{name}.ipynb is missing: run notebooks/execute.py"


def _images(nb: nbformat.NotebookNode) -> int:
    return sum(
        1
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
    )


@pytest.mark.parametrize("name", NAMES)
def test_notebook_executes(
    name: str, demo_settings: Settings, kernel_env: dict[str, str], figures_dir: Path
) -> None:
    nb = jupytext.read(NOTEBOOKS / f"{name}.py")
    client = NotebookClient(
        nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute(env=kernel_env)  # raises CellExecutionError naming the cell if any cell fails
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error"
    ]
    assert errors == []
    assert _images(nb) >= 1
    # the data home the notebook printed is the session's demo home, not a default one
    first_output = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert f"data home: {demo_settings.home}" in first_output
    saved = sorted(figures_dir.glob(f"{name}_*.png"))
    assert saved, f"{name} saved no figure"
    assert all(p.stat().st_size > 10_000 for p in saved)


@pytest.mark.parametrize("name", NAMES)
def test_ipynb_and_py_are_in_sync(name: str) -> None:
    ipynb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    py = jupytext.read(NOTEBOOKS / f"{name}.py")
    assert ipynb.metadata.get("jupytext", {}).get("formats") == "ipynb,py:percent"
    assert [(c.cell_type, c.source.strip()) for c in ipynb.cells] == [
        (c.cell_type, c.source.strip()) for c in py.cells
    ]


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_keeps_its_outputs(name: str) -> None:
    """A reader on GitHub sees the plots: the committed .ipynb was executed and saved with its outputs."""
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.get("execution_count") for c in code), "every code cell was executed"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert _images(nb) >= 1
    assert sorted((NOTEBOOKS / "figures").glob(f"{name}_*.png")), "figures are saved under notebooks/figures/"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_uses_only_the_public_api(name: str) -> None:
    nb = jupytext.read(NOTEBOOKS / f"{name}.py")
    imported: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Import):
                imported |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported |= {f"{node.module}.{a.name}" for a in node.names}
    project = {m for m in imported if m.split(".")[0] in (*PRIVATE_PACKAGES, "exportwatch")}
    assert project == {"exportwatch.api"}
