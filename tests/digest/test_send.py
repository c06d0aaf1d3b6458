"""Sending to a real SMTP server (aiosmtpd on 127.0.0.1): STARTTLS, AUTH, parts, escaping, bookkeeping."""

from __future__ import annotations

import json
import logging
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from exportwatch.config import Settings
from exportwatch.digest.content import build_content
from exportwatch.digest.deliver import ALREADY_SENT, DRY_RUN, FAILED, SENT, SKIPPED_EMPTY, deliver
from exportwatch.digest.ledger import LEDGER_FILE, SendLedger
from exportwatch.digest.model import DigestContent, Group, Line, Section
from exportwatch.digest.period import iso_week, resolve_period
from exportwatch.digest.render import subject
from exportwatch.digest.subscriptions import Subscriptions, parse_subscriptions
from graph.connect import open_store
from graph.store import GraphStore
from tests.digest.list_week import empty_week

SMTP_USER = "digest-bot"
SMTP_PASSWORD = "s3cret-Pa55-9f2c"
SENDER = "digest@exportwatch.example"
NASTY = 'Export <b>bold</b> & "quoted" <script>alert(1)</script> rule'
REPO = Path(__file__).resolve().parents[2]
RULES = json.loads(
    (REPO / "exportwatch/snapshot/federal_register/bis_rules_2022-2026_api_cache.json").read_text()
)["rules"]

Server = Any  # conftest.SmtpServer


@pytest.fixture(scope="module")
def store(graph_url: str) -> Iterator[GraphStore]:
    with open_store(graph_url, read_only=True) as s:
        yield s


@pytest.fixture(scope="module")
def w09(store: GraphStore) -> DigestContent:
    """The real digest of 2023-W09, plus one line whose title needs escaping."""
    c = build_content(store, iso_week("2023-W09"))
    fr = c.sections[0]
    extra = Line(
        section="federal_register",
        kind="notice",
        title=NASTY,
        group="Notices",
        url="https://www.federalregister.gov/d/2023-99999?a=1&b=2",
        document_number="2023-99999",
    )
    fr = Section(fr.key, fr.title, (*fr.groups, Group("Notices", (extra,))))
    return replace(c, sections=(fr, *c.sections[1:]))


def settings_for(home: Path, server: Server, *, password: str = SMTP_PASSWORD, **kw: Any) -> Settings:
    base: dict[str, Any] = {
        "smtp_host": server.host,
        "smtp_port": server.port,
        "smtp_starttls": server.tls,
        "mail_from": SENDER,
    }
    if server.tls:
        base |= {"smtp_user": SMTP_USER, "smtp_password": password}
    return Settings(home=home, **(base | kw))


def subs(*addresses: str, extra: str = "") -> Subscriptions:
    body = "".join(f"  - to: {a}\n" for a in addresses)
    return parse_subscriptions(f"{extra}subscriptions:\n{body}", "test-subscriptions.yaml")


def statuses(report: Any) -> dict[str, str]:
    return {o.recipient: o.status for o in report.outcomes}


def bodies(msg: EmailMessage) -> tuple[str, str]:
    text = msg.get_body(preferencelist=("plain",))
    page = msg.get_body(preferencelist=("html",))
    assert text is not None and page is not None
    return str(text.get_content()), str(page.get_content())


def test_multipart_digest_over_starttls_with_auth(
    home: Path, smtp_server: Callable[..., Server], client_tls: ssl.SSLContext, w09: DigestContent
) -> None:
    server = smtp_server(tls=True)
    report = deliver(w09, subs("analyst@example.org"), settings_for(home, server), ssl_context=client_tls)
    assert statuses(report) == {"analyst@example.org": SENT}
    assert server.recorder.logins == [(SMTP_USER, True)]
    assert server.recorder.tls == [True]
    assert server.recorder.envelopes == [(SENDER, ["analyst@example.org"])]
    (msg,) = server.messages
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert msg["Subject"] == subject(w09)
    assert "2023-W09" in msg["Subject"] and f"{w09.changes} changes" in msg["Subject"]
    assert msg["To"] == "analyst@example.org" and SENDER in msg["From"]
    text, page = bodies(msg)
    flat = " ".join(text.split())  # long titles are wrapped in the text part
    week = [r for r in RULES if "2023-02-27" <= r["publication_date"] <= "2023-03-05"]
    assert len(week) == 4
    for r in week:  # every document of the week, linked to its Federal Register page
        assert r["title"] in flat and f"    {r['html_url']}\n" in text
        assert escape(r["title"]) in page and f'href="{r["html_url"]}"' in page
    assert (
        "https://www.federalregister.gov/citation/88-FR-12171" in page
    )  # Entity List rows link their citation
    assert "CPUNTO Inc." in text and "CPUNTO Inc." in page
    # values are escaped in HTML, verbatim in text; the template itself has no script
    assert NASTY in text
    assert escape(NASTY) in page and "&lt;script&gt;" in page
    assert "<script" not in page and "<b>bold" not in page
    assert 'href="https://www.federalregister.gov/d/2023-99999?a=1&amp;b=2"' in page
    assert SendLedger(home / LEDGER_FILE).was_sent("analyst@example.org", "2023-W09")


def test_wrong_password_is_a_clear_error_without_the_secret(
    home: Path,
    smtp_server: Callable[..., Server],
    client_tls: ssl.SSLContext,
    w09: DigestContent,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    server = smtp_server(tls=True)
    wrong = "Wr0ng-Secret-77aa"
    report = deliver(
        w09,
        subs("a@example.org", "b@example.org"),
        settings_for(home, server, password=wrong),
        ssl_context=client_tls,
    )
    assert statuses(report) == {"a@example.org": FAILED, "b@example.org": FAILED}
    first, second = report.failed
    assert first.error and "refused the login of user digest-bot" in first.error and "535" in first.error
    assert second.error and second.error.startswith("not attempted:")
    # one session tried (smtplib tries each offered mechanism), not one per recipient
    assert server.recorder.logins and all(x == (SMTP_USER, False) for x in server.recorder.logins)
    assert len(server.recorder.auth_sessions) == 1
    assert server.messages == []
    out = capsys.readouterr()
    ledger = (home / LEDGER_FILE).read_bytes()
    for secret in (wrong, SMTP_PASSWORD):
        assert secret not in caplog.text and secret not in out.out + out.err
        assert secret not in repr(report) and secret.encode() not in ledger
    assert not SendLedger(home / LEDGER_FILE).was_sent("a@example.org", "2023-W09")


def test_no_resend_on_rerun_unless_forced(
    home: Path, smtp_server: Callable[..., Server], client_tls: ssl.SSLContext, w09: DigestContent
) -> None:
    server = smtp_server(tls=True)
    s, who = settings_for(home, server), subs("a@example.org", "b@example.org")
    assert set(statuses(deliver(w09, who, s, ssl_context=client_tls)).values()) == {SENT}
    again = deliver(w09, who, s, ssl_context=client_tls)
    assert set(statuses(again).values()) == {ALREADY_SENT}
    assert len(server.messages) == 2
    # the same week asked for by dates is the same period
    by_dates = replace(w09, period=resolve_period(since="2023-02-27", until="2023-03-05"))
    assert set(statuses(deliver(by_dates, who, s, ssl_context=client_tls)).values()) == {ALREADY_SENT}
    forced = deliver(w09, who, s, force=True, ssl_context=client_tls)
    assert set(statuses(forced).values()) == {SENT}
    assert len(server.messages) == 4
    rows = {r["recipient"]: r for r in SendLedger(home / LEDGER_FILE).rows("2023-W09")}
    assert rows["a@example.org"]["attempts"] == 2 and rows["a@example.org"]["status"] == "sent"


def test_one_failing_recipient_does_not_stop_the_others(
    home: Path, smtp_server: Callable[..., Server], client_tls: ssl.SSLContext, w09: DigestContent
) -> None:
    bouncing = smtp_server(tls=True, refuse={"bounce@example.org"})
    who = subs("first@example.org", "bounce@example.org", "last@example.org")
    report = deliver(w09, who, settings_for(home, bouncing), ssl_context=client_tls)
    assert statuses(report) == {
        "first@example.org": SENT,
        "bounce@example.org": FAILED,
        "last@example.org": SENT,
    }
    assert [e[1] for e in bouncing.recorder.envelopes] == [["first@example.org"], ["last@example.org"]]
    (failed,) = report.failed
    assert failed.error and "refused recipient bounce@example.org: 550" in failed.error
    # next run: only the failed one is retried, and it goes through once the server accepts it
    healthy = smtp_server(tls=True)
    retry = deliver(w09, who, settings_for(home, healthy), ssl_context=client_tls)
    assert statuses(retry) == {
        "first@example.org": ALREADY_SENT,
        "bounce@example.org": SENT,
        "last@example.org": ALREADY_SENT,
    }
    assert [e[1] for e in healthy.recorder.envelopes] == [["bounce@example.org"]]


def test_empty_week_note_or_skip(
    home: Path, smtp_server: Callable[..., Server], client_tls: ssl.SSLContext, store: GraphStore
) -> None:
    empty = build_content(store, iso_week(empty_week("2021-W10")))
    assert empty.changes == 0
    server = smtp_server(tls=True)
    who = parse_subscriptions(
        "subscriptions:\n  - to: note@example.org\n  - to: skip@example.org\n    empty_week: skip\n", "s.yaml"
    )
    report = deliver(empty, who, settings_for(home, server), ssl_context=client_tls)
    assert statuses(report) == {"note@example.org": SENT, "skip@example.org": SKIPPED_EMPTY}
    (msg,) = server.messages
    assert msg["Subject"].endswith(": no changes")
    text, page = bodies(msg)
    assert "No changes" in text and "Nothing new was recorded" in page


def test_filtered_recipient_gets_only_what_it_follows(
    home: Path, smtp_server: Callable[..., Server], client_tls: ssl.SSLContext, w09: DigestContent
) -> None:
    server = smtp_server(tls=True)
    who = parse_subscriptions("subscriptions:\n  - to: ca@example.org\n    countries: [Canada]\n", "s.yaml")
    deliver(w09, who, settings_for(home, server), ssl_context=client_tls)
    (msg,) = server.messages
    text, _ = bodies(msg)
    assert "CPUNTO Inc." in text and "Electronic Network Inc." in text
    assert "Promtekhkomplekt JSC" not in text  # Russia
    assert "Following: countries: Canada." in text
    assert ": 3 changes" in msg["Subject"]  # the rule and its two Canadian entries


def test_server_certificate_must_be_trusted(
    home: Path, smtp_server: Callable[..., Server], w09: DigestContent, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    server = smtp_server(tls=True)
    report = deliver(w09, subs("a@example.org"), settings_for(home, server))  # system trust store only
    (failed,) = report.failed
    assert (
        failed.error
        and "TLS with SMTP server" in failed.error
        and "CERTIFICATE_VERIFY_FAILED" in failed.error
    )
    assert server.recorder.logins == []  # the password never left


def test_starttls_required_but_not_offered(
    home: Path, smtp_server: Callable[..., Server], w09: DigestContent
) -> None:
    plain = smtp_server(tls=False)
    report = deliver(w09, subs("a@example.org"), settings_for(home, plain, smtp_starttls=True))
    (failed,) = report.failed
    assert failed.error and "does not offer STARTTLS" in failed.error
    # a local relay without TLS works when configured so
    ok = deliver(w09, subs("a@example.org"), settings_for(home, plain, smtp_starttls=False))
    assert statuses(ok) == {"a@example.org": SENT}
    assert plain.recorder.tls == [False]


def test_server_down(home: Path, w09: DigestContent) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    s = Settings(home=home, smtp_host="127.0.0.1", smtp_port=port, mail_from=SENDER, smtp_starttls=False)
    report = deliver(w09, subs("a@example.org", "b@example.org"), s)
    assert [o.status for o in report.outcomes] == [FAILED, FAILED]
    assert report.failed[0].error == f"cannot connect to SMTP server 127.0.0.1:{port}: Connection refused"


def test_dry_run_sends_and_records_nothing(home: Path, w09: DigestContent, tmp_path: Path) -> None:
    out = tmp_path / "digest.html"
    report = deliver(w09, subs("a@example.org"), Settings(home=home), dry_run=True, out=out)
    assert statuses(report) == {"a@example.org": DRY_RUN}
    assert out.read_text().startswith("<!DOCTYPE html>") and escape(NASTY) in out.read_text()
    assert not (home / LEDGER_FILE).exists()
