"""``exportwatch digest`` end to end: real graph, real SMTP server, settings from the environment."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from exportwatch.cli import app
from exportwatch.digest.content import build_content
from exportwatch.digest.ledger import LEDGER_FILE, SendLedger
from exportwatch.digest.period import iso_week
from graph.connect import open_store

SMTP_USER = "digest-bot"
SMTP_PASSWORD = "s3cret-Pa55-9f2c"
SUBSCRIPTIONS = """\
subscriptions:
  - to: all@example.org
  - to: canada@example.org
    countries: [Canada]
"""


@pytest.fixture
def env(home: Path, graph_url: str, monkeypatch: pytest.MonkeyPatch, tls_cert: Any) -> Path:
    """The data home with the test graph and a subscription file; the server's CA trusted."""
    monkeypatch.setenv("EXPORTWATCH_GRAPH_URL", graph_url)
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_cert.cert))
    (home / "subscriptions.yaml").write_text(SUBSCRIPTIONS)
    return home


def smtp_env(monkeypatch: pytest.MonkeyPatch, server: Any, password: str = SMTP_PASSWORD) -> None:
    monkeypatch.setenv("EXPORTWATCH_SMTP_HOST", server.host)
    monkeypatch.setenv("EXPORTWATCH_SMTP_PORT", str(server.port))
    monkeypatch.setenv("EXPORTWATCH_SMTP_USER", SMTP_USER)
    monkeypatch.setenv("EXPORTWATCH_SMTP_PASSWORD", password)
    monkeypatch.setenv("EXPORTWATCH_SMTP_STARTTLS", "true")
    monkeypatch.setenv("EXPORTWATCH_MAIL_FROM", "digest@exportwatch.example")


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["digest", *args])


def said(res: Result) -> str:
    """The output with rich's line wrapping undone."""
    return res.output.replace("\n", "")


def test_dry_run_writes_html_and_sends_nothing(env: Path, tmp_path: Path) -> None:
    out = tmp_path / "digest.html"
    res = run("--week", "2023-W09", "--dry-run", "--out", str(out))
    assert res.exit_code == 0, res.output
    page = out.read_text()
    assert "Additions of Entities to the Entity List" in page and "CPUNTO Inc." in page
    assert "dry run (not sent)" in res.output
    assert not (env / LEDGER_FILE).exists()


def test_send_then_rerun_then_force(
    env: Path, graph_url: str, smtp_server: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = smtp_server(tls=True)
    smtp_env(monkeypatch, server)
    first = run("--week", "2023-W09")
    assert first.exit_code == 0, first.output
    assert sorted(e[1][0] for e in server.recorder.envelopes) == ["all@example.org", "canada@example.org"]
    by_to = {m["To"]: m for m in server.messages}
    # the week's four rules and one line per listing event of every US list (see test_content)
    with open_store(graph_url, read_only=True) as store:
        w09 = build_content(store, iso_week("2023-W09"))
    el = w09.section("entity_list")
    assert el is not None and w09.changes == 4 + len(el.lines)
    assert f": {w09.changes} changes" in by_to["all@example.org"]["Subject"]
    assert ": 3 changes" in by_to["canada@example.org"]["Subject"]
    again = run("--since", "2023-02-27", "--until", "2023-03-05")  # the same week, by dates
    assert again.exit_code == 0 and "already sent" in again.output
    assert len(server.messages) == 2
    forced = run("--week", "2023-W09", "--force", "--to", "canada@example.org")
    assert forced.exit_code == 0, forced.output
    assert len(server.messages) == 3 and server.messages[-1]["To"] == "canada@example.org"
    assert SMTP_PASSWORD not in first.output + again.output + forced.output


def test_wrong_password_exits_1_without_the_secret(
    env: Path, smtp_server: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = smtp_server(tls=True)
    wrong = "Not-The-Pa55word-31"
    smtp_env(monkeypatch, server, password=wrong)
    res = run("--week", "2023-W09")
    assert res.exit_code == 1
    assert "error EW701" in said(res) and "refused the login of user digest-bot" in said(res)
    assert "retried on the next run" in said(res)
    assert wrong not in res.output and SMTP_PASSWORD not in res.output
    assert not SendLedger(env / LEDGER_FILE).was_sent("all@example.org", "2023-W09")


def test_a_failed_recipient_makes_the_run_fail_but_others_are_sent(
    env: Path, smtp_server: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = smtp_server(tls=True, refuse={"canada@example.org"})
    smtp_env(monkeypatch, server)
    res = run("--week", "2023-W09")
    assert res.exit_code == 1
    assert "1 of 2 digest sends for 2023-W09 failed" in said(res)
    assert [m["To"] for m in server.messages] == ["all@example.org"]


# fmt: off
BAD = [
    ("bad-week", ["--week", "2023-W60"], "has no ISO week 60"),
    ("both", ["--week", "2023-W09", "--since", "2023-01-01"], "either --week or --since/--until"),
    ("bad-date", ["--since", "27/02/2023"], "is not a date"),
    ("no-smtp", ["--week", "2023-W09"], "no SMTP server configured"),
    ("bad-to", ["--week", "2023-W09", "--to", "someone"], "--to 'someone' is not an email address"),
]
# fmt: on


@pytest.mark.parametrize(("args", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_one_clear_sentence(env: Path, args: list[str], message: str) -> None:
    res = run(*args)
    assert res.exit_code == 1
    assert message in said(res) and "Traceback" not in res.output


def test_bad_subscription_file_names_the_line(env: Path) -> None:
    (env / "subscriptions.yaml").write_text(SUBSCRIPTIONS + "  - to: nobody\n")
    res = run("--week", "2023-W09", "--dry-run")
    assert res.exit_code == 1
    assert "subscriptions.yaml line 5: subscriptions.2.to: 'nobody' is not an email address" in said(res)


def test_missing_graph_is_a_clear_error(home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EXPORTWATCH_GRAPH_URL", f"ladybug:{tmp_path / 'none.lbug'}")
    res = run("--week", "2023-W09", "--dry-run", "--out", str(tmp_path / "x.html"))
    assert res.exit_code == 1
    assert "cannot build the digest for 2023-W09 from the graph" in said(res)


def test_digest_command_names_the_subscriptions_file_of_the_digest() -> None:
    from exportwatch.commands.digest_cmd import SUBSCRIPTIONS_FILE as cmd_file
    from exportwatch.digest.subscriptions import SUBSCRIPTIONS_FILE

    assert cmd_file == SUBSCRIPTIONS_FILE
