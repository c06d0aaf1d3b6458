"""Hostile input at the command line: one clear error line and exit 1, never a traceback or a secret.

Each case here failed with a traceback (or silently) before; the command runs in a real subprocess,
as a user would run it.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from exportwatch.lock import home_lock

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT_FR = REPO / "exportwatch" / "snapshot" / "federal_register"


def run_cli(
    args: list[str], home: Path, env: dict[str, str] | None = None, fsize: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``exportwatch ARGS`` in a subprocess with ``home`` as its data home (and a file-size limit)."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("EXPORTWATCH_")}
    full.update({"EXPORTWATCH_HOME": str(home), "COLUMNS": "200"}, **(env or {}))

    def limit() -> None:  # pragma: no cover - runs in the child
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(
        [sys.executable, "-c", "from exportwatch.cli import main; main()", *args],
        env=full,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit,
        check=False,
    )


def assert_clean_error(proc: subprocess.CompletedProcess[str], code: str, *needles: str) -> str:
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "Traceback" not in out, out
    assert f"error {code}:" in out, out
    flat = " ".join(out.split())
    for needle in needles:
        assert needle in flat, out
    return flat


# fmt: off
CONFIG_CASES = [
    ("grpah_url: ladybug:/tmp/x\n", {}, "unknown setting 'grpah_url' (did you mean 'graph_url'?)"),
    ("graph_url: [unclosed\n", {}, "is not valid YAML at line"),
    ("smtp_port: abc\n", {}, "smtp_port must be a port number"),
    ("- just\n- a list\n", {}, "must hold a mapping of settings"),
    (None, {"EXPORTWATCH_SMTP_PORT": "abc"}, "EXPORTWATCH_SMTP_PORT: smtp_port must be a port number"),
    (None, {"EXPORTWATCH_CONFIG": "/nonexistent.yaml"}, "config file /nonexistent.yaml does not exist"),
]
# fmt: on


@pytest.mark.parametrize(
    ("config", "env", "says"),
    CONFIG_CASES,
    ids=["mistyped-key", "bad-yaml", "bad-port", "not-a-mapping", "env-port", "missing-config"],
)
def test_bad_settings_are_one_error_line(
    tmp_path: Path, config: str | None, env: dict[str, str], says: str
) -> None:
    if config is not None:
        (tmp_path / "config.yaml").write_text(config, encoding="utf-8")
    assert_clean_error(run_cli(["docs", "list"], tmp_path, env), "EW001", says)


def test_data_home_that_is_a_file(tmp_path: Path) -> None:
    f = tmp_path / "home"
    f.write_text("not a folder", encoding="utf-8")
    assert_clean_error(run_cli(["docs", "list"], f), "EW001", "is a file, not a directory")


def test_data_home_that_cannot_be_created(tmp_path: Path) -> None:
    home = Path("/proc/exportwatch-test/home")  # /proc accepts no new folders, even for root
    assert_clean_error(run_cli(["sync", "--from-dir", str(SNAPSHOT_FR)], home), "EW001", "cannot be created")


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("bolt://neo4j:s3cret@127.0.0.1:notaport", "is malformed (bad port)"),
        ("bolt://127.0.0.1:99999", "is malformed (bad port)"),
        ("bolt://neo4j:s3cret@[::1", "is malformed"),
    ],
    ids=["not-a-port", "port-out-of-range", "open-bracket"],
)
def test_bad_graph_url_is_one_error_line_without_the_password(tmp_path: Path, url: str, says: str) -> None:
    proc = run_cli(["query", "tool_gaps", "--param", "regime=JP"], tmp_path, {"EXPORTWATCH_GRAPH_URL": url})
    out = assert_clean_error(proc, "EW001", says)
    assert "s3cret" not in out


def test_demo_never_prints_the_graph_password(tmp_path: Path) -> None:
    proc = run_cli(["demo"], tmp_path, {"EXPORTWATCH_GRAPH_URL": "bolt://neo4j:s3cret@127.0.0.1:1"})
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in out
    assert "bolt://neo4j:***@127.0.0.1:1" in out and "s3cret" not in out


def test_digest_week_beyond_the_calendar(tmp_path: Path) -> None:
    proc = run_cli(["digest", "--week", "9999-W52", "--dry-run"], tmp_path)
    assert_clean_error(proc, "EW701", "beyond the last representable date")


def test_a_second_writer_is_told_who_holds_the_data_home(tmp_path: Path) -> None:
    with home_lock(tmp_path, "sync"):
        proc = run_cli(["sync", "--from-dir", str(SNAPSHOT_FR)], tmp_path)
    assert_clean_error(proc, "EW002", f"is in use by PID {os.getpid()} (exportwatch sync)")
    assert not (tmp_path / "catalog.sqlite").exists()  # the second run wrote nothing


def test_the_lock_is_released_after_a_run(tmp_path: Path) -> None:
    with home_lock(tmp_path, "build"):
        pass
    with home_lock(tmp_path, "sync"):  # no stale lock
        assert "exportwatch sync" in (tmp_path / ".exportwatch.lock").read_text(encoding="utf-8")


def test_disk_full_during_sync_then_a_rerun_completes(tmp_path: Path) -> None:
    """A file-size limit stands in for a full disk: the sync stops cleanly and the next run completes it."""
    proc = run_cli(["sync", "--from-dir", str(SNAPSHOT_FR)], tmp_path, fsize=200 * 1024)
    assert_clean_error(proc, "EW101", "could not be written", "run the same sync again")
    again = run_cli(["sync", "--from-dir", str(SNAPSHOT_FR)], tmp_path)
    assert again.returncode == 0, again.stderr
    listed = run_cli(["docs", "list", "--format", "json"], tmp_path)
    assert listed.returncode == 0 and listed.stdout.count('"document_number"') == 136
