"""Delivering one period's digest to every recipient, with bookkeeping.

For each recipient: skip when the ledger says it was sent (unless forced), select the lines it
follows, skip an empty week when its policy says so, render, send, record. A failed send is
recorded and the next recipient is tried; a failure that no later send can escape (server
down, login refused) marks the rest failed without hammering the server.
"""

from __future__ import annotations

import logging
import ssl
from dataclasses import dataclass, field
from pathlib import Path

from exportwatch.config import Settings
from exportwatch.digest.ledger import LEDGER_FILE, SendLedger
from exportwatch.digest.model import DigestContent
from exportwatch.digest.render import Rendered, render
from exportwatch.digest.send import Mailer, SendFailed, SmtpConfig, build_message
from exportwatch.digest.subscriptions import Recipient, Subscriptions
from exportwatch.errors import ConfigError, DigestError

log = logging.getLogger("exportwatch.digest")

SENT = "sent"
FAILED = "failed"
ALREADY_SENT = "already sent"
SKIPPED_EMPTY = "skipped (empty week)"
DRY_RUN = "dry run (not sent)"


@dataclass(frozen=True)
class Outcome:
    recipient: str
    status: str
    changes: int = 0
    subject: str | None = None
    error: str | None = None


@dataclass
class DeliveryReport:
    period: str
    outcomes: list[Outcome] = field(default_factory=list)
    html_written: Path | None = None

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == FAILED]

    @property
    def sent(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == SENT]

    def rows(self) -> list[dict[str, object]]:
        return [
            {
                "recipient": o.recipient,
                "period": self.period,
                "status": o.status,
                "changes": o.changes,
                "error": o.error or "",
            }
            for o in self.outcomes
        ]


def write_html(path: Path, rendered: Rendered) -> Path:
    """Write the HTML part to ``path``.

    Raises:
        DigestError: the file cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered.html, encoding="utf-8")
    except OSError as e:
        raise DigestError(f"cannot write the digest HTML to {path}: {e.strerror or e}") from None
    return path


def deliver(
    content: DigestContent,
    subscriptions: Subscriptions,
    settings: Settings,
    *,
    to: str | None = None,
    dry_run: bool = False,
    out: Path | None = None,
    force: bool = False,
    ssl_context: ssl.SSLContext | None = None,
) -> DeliveryReport:
    """Send ``content`` to the subscribers (or only ``to``) and record each send.

    Args:
        content: the whole digest of the period (not yet selected for anyone).
        subscriptions: recipients and their filters.
        settings: SMTP settings and the data home (the ledger is ``<home>/digest.sqlite``).
        to: send only to this address (its subscription's filters, or everything).
        dry_run: render and report, send and record nothing.
        out: also write the HTML (of ``to``'s view, else the whole digest) to this file.
        force: send again even when the ledger says the period was sent.
        ssl_context: TLS context for STARTTLS (default: the system trust store).

    Raises:
        ConfigError: nobody to send to, or SMTP not configured when something must be sent.
        DigestError: the ledger or the output file cannot be written.
    """
    key = content.period.key
    report = DeliveryReport(period=key)
    recipients: tuple[Recipient, ...] = (subscriptions.for_address(to),) if to else subscriptions.recipients
    if out is not None:
        view = content.select(recipients[0].filters) if to else content
        report.html_written = write_html(out, render(view, recipient=to, web_url=settings.web_url))
    if not recipients:
        if out is not None:
            return report
        raise ConfigError(
            f"no recipients in {subscriptions.source}",
            hint="add a subscription, pass --to ADDR, or use --dry-run --out FILE.html",
        )
    path = settings.paths.home / LEDGER_FILE
    ledger = SendLedger(path) if not dry_run or path.exists() else None  # a dry run creates nothing
    mailer: Mailer | None = None
    fatal: SendFailed | None = None
    try:
        for r in recipients:
            if not force and ledger is not None and ledger.was_sent(r.address, key):
                report.outcomes.append(Outcome(r.address, ALREADY_SENT))
                continue
            view = content.select(r.filters)
            if view.changes == 0 and r.empty_week == "skip":
                report.outcomes.append(Outcome(r.address, SKIPPED_EMPTY))
                continue
            rendered = render(view, recipient=r.address, web_url=settings.web_url)
            if dry_run or ledger is None:
                report.outcomes.append(Outcome(r.address, DRY_RUN, rendered.changes, rendered.subject))
                continue
            if mailer is None:
                mailer = Mailer(SmtpConfig.from_settings(settings), ssl_context=ssl_context)
            outcome, fatal = _send_one(mailer, ledger, r, rendered, key, fatal)
            report.outcomes.append(outcome)
    finally:
        if mailer is not None:
            mailer.close()
    for o in report.outcomes:
        log.info("digest %s to %s: %s%s", key, o.recipient, o.status, f" ({o.error})" if o.error else "")
    return report


def _send_one(
    mailer: Mailer,
    ledger: SendLedger,
    r: Recipient,
    rendered: Rendered,
    key: str,
    fatal: SendFailed | None,
) -> tuple[Outcome, SendFailed | None]:
    """Send to one recipient and record it; returns the outcome and the fatal error so far."""
    if fatal is not None:
        error = f"not attempted: {fatal.message}"
        ledger.record(r.address, key, FAILED, changes=rendered.changes, subject=rendered.subject, error=error)
        return Outcome(r.address, FAILED, rendered.changes, rendered.subject, error), fatal
    msg = build_message(rendered, sender=mailer.config.mail_from, recipient=r.address, period_key=key)
    try:
        mailer.send(msg)
    except SendFailed as e:
        ledger.record(
            r.address, key, FAILED, changes=rendered.changes, subject=rendered.subject, error=e.message
        )
        return Outcome(r.address, FAILED, rendered.changes, rendered.subject, e.message), (
            e if e.fatal else None
        )
    ledger.record(
        r.address,
        key,
        SENT,
        changes=rendered.changes,
        subject=rendered.subject,
        message_id=str(msg["Message-ID"]),
    )
    return Outcome(r.address, SENT, rendered.changes, rendered.subject), None
