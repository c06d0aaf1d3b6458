"""The catalog's SQLite database: its tables, and the connection every part of the catalog shares."""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    type TEXT,
    title TEXT,
    publication_date TEXT,
    url TEXT,
    metadata TEXT NOT NULL,
    payloads TEXT NOT NULL,
    parts TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    state TEXT NOT NULL,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    public_inspection INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_source ON documents(source, publication_date);
CREATE TABLE IF NOT EXISTS relations (
    from_id TEXT NOT NULL, rel TEXT NOT NULL, to_id TEXT NOT NULL, origin TEXT,
    PRIMARY KEY (from_id, rel, to_id)
);
CREATE TABLE IF NOT EXISTS errors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    target TEXT NOT NULL, source TEXT, error TEXT NOT NULL, at TEXT NOT NULL,
    resolved INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL, started TEXT NOT NULL, finished TEXT, since TEXT, cursor TEXT,
    status TEXT NOT NULL, counts TEXT, error TEXT
);
CREATE TABLE IF NOT EXISTS payloads_seen (
    sha256 TEXT PRIMARY KEY, name TEXT, source TEXT, doc_ids TEXT NOT NULL, processed_at TEXT NOT NULL
);
"""


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def canonical(obj: Any) -> str:
    """``obj`` as JSON with sorted keys and no spaces: what is stored, and what is hashed."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class CatalogDB:
    """The open database (tables created when missing), and the lock its users share.

    Args:
        path: The database file (``Settings.paths.catalog``); created when missing.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._db.commit()

    def close(self) -> None:
        """Close the database."""
        self._db.close()
