"""The send ledger: which (recipient, period) digests went out, in ``<home>/digest.sqlite``.

A row is written for every attempt. ``status`` is ``sent`` or ``failed``; only ``sent`` rows
stop a later run from sending again (unless forced), so failed sends are retried next run.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from exportwatch.errors import DigestError

LEDGER_FILE = "digest.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS digest_sends (
    recipient   TEXT NOT NULL,
    period      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('sent', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 1,
    changes     INTEGER NOT NULL DEFAULT 0,
    subject     TEXT,
    message_id  TEXT,
    error       TEXT,
    first_at    TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (recipient, period)
)
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SendLedger:
    """Bookkeeping of digest sends in a small SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as con:
                con.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as e:
            raise DigestError(f"digest ledger {path} cannot be opened: {e}") from None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=30)) as con, con:
            con.row_factory = sqlite3.Row
            yield con

    def was_sent(self, recipient: str, period: str) -> bool:
        """True when this recipient already received the digest of this period."""
        with self._connect() as con:
            row = con.execute(
                "SELECT status FROM digest_sends WHERE recipient = ? AND period = ?",
                (recipient.lower(), period),
            ).fetchone()
        return row is not None and row["status"] == "sent"

    def record(
        self,
        recipient: str,
        period: str,
        status: str,
        *,
        changes: int = 0,
        subject: str | None = None,
        message_id: str | None = None,
        error: str | None = None,
    ) -> None:
        """Record one attempt (``sent`` or ``failed``) for (recipient, period)."""
        now = _now()
        try:
            with self._connect() as con:
                con.execute(
                    """
                    INSERT INTO digest_sends
                        (recipient, period, status, changes, subject, message_id, error, first_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (recipient, period) DO UPDATE SET
                        status = excluded.status, attempts = attempts + 1, changes = excluded.changes,
                        subject = excluded.subject, message_id = excluded.message_id,
                        error = excluded.error, updated_at = excluded.updated_at
                    """,
                    (recipient.lower(), period, status, changes, subject, message_id, error, now, now),
                )
        except sqlite3.Error as e:
            raise DigestError(
                f"digest ledger {self.path} cannot record the send to {recipient}: {e}"
            ) from None

    def rows(self, period: str | None = None) -> list[dict[str, Any]]:
        """Ledger rows, newest first, optionally for one period."""
        sql = "SELECT * FROM digest_sends"
        args: tuple[str, ...] = ()
        if period:
            sql += " WHERE period = ?"
            args = (period,)
        with self._connect() as con:
            return [dict(r) for r in con.execute(sql + " ORDER BY updated_at DESC, recipient", args)]
