"""Content-addressed raw store: every fetched payload, kept as fetched, under its sha256.

Blobs live at ``<root>/ab/cdef...`` (the first two hex digits as a fan-out folder) and are
written atomically (temporary file in the same folder, then ``os.replace``), so a crash never
leaves a half-written blob under a real name. An index (SQLite, ``<root>/index.sqlite``) keeps
one row per fetch: url, sha256, fetched_at, status, the validators needed for conditional GET
(ETag, Last-Modified), Content-Type and size.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from exportwatch.errors import SourceError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS fetches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    status INTEGER NOT NULL,
    etag TEXT,
    last_modified TEXT,
    content_type TEXT,
    size INTEGER NOT NULL,
    bad INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS fetches_url ON fetches(url, id);
CREATE INDEX IF NOT EXISTS fetches_sha ON fetches(sha256);
"""


def sha256_hex(data: bytes) -> str:
    """The hex sha256 of ``data``: the address of a payload in the store."""
    return hashlib.sha256(data).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _header(headers: Mapping[str, str], name: str) -> str | None:
    low = name.lower()
    for k, v in headers.items():
        if k.lower() == low:
            return v
    return None


def check_length(data: bytes, headers: Mapping[str, str], url: str) -> None:
    """Raise when ``data`` is shorter or longer than the Content-Length the server declared.

    Only checked for identity-encoded bodies: a compressed body's Content-Length counts the
    compressed bytes, and the HTTP layer has already decoded them.

    Raises:
        SourceError: The download is truncated (or overlong).
    """
    declared = _header(headers, "Content-Length")
    encoding = (_header(headers, "Content-Encoding") or "identity").strip().lower()
    if declared is None or encoding != "identity" or not declared.strip().isdigit():
        return
    expected = int(declared)
    if expected != len(data):
        raise SourceError(
            f"truncated download of {url}: got {len(data)} of {expected} bytes (Content-Length)",
            hint="nothing was stored; the next sync fetches it again",
        )


@dataclass(frozen=True)
class RawRecord:
    """One row of the raw-store index: a payload fetched from ``url``."""

    url: str
    sha256: str
    fetched_at: str
    status: int
    etag: str | None
    last_modified: str | None
    content_type: str | None
    size: int


class RawStore:
    """Payloads by sha256 on disk, plus an index of which URL gave which payload when.

    Args:
        root: Folder of the store (``Settings.paths.raw``); created when missing.
        index_path: SQLite file of the index; defaults to ``<root>/index.sqlite``.
    """

    def __init__(self, root: Path, index_path: Path | None = None) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.index_path = index_path or self.root / "index.sqlite"
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.index_path, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._db.commit()

    def close(self) -> None:
        """Close the index connection."""
        self._db.close()

    def path_of(self, sha: str) -> Path:
        """Where the blob of ``sha`` lives (whether or not it exists)."""
        return self.root / sha[:2] / sha[2:]

    def has(self, sha: str) -> bool:
        """Whether a blob with this sha256 is stored."""
        return self.path_of(sha).is_file()

    def put(
        self,
        data: bytes,
        *,
        url: str,
        headers: Mapping[str, str] | None = None,
        status: int = 200,
    ) -> str:
        """Store ``data`` fetched from ``url`` and index the fetch.

        Args:
            data: The payload bytes, as received (decoded of any transfer/content encoding).
            url: Where the payload came from (a ``file://`` URL for local files).
            headers: Response headers; ETag, Last-Modified, Content-Type and Content-Length are used.
            status: HTTP status of the response the payload came with.

        Returns:
            The sha256 (hex) of the payload.

        Raises:
            SourceError: The download is truncated (fewer bytes than Content-Length); nothing is stored.
        """
        headers = headers or {}
        check_length(data, headers, url)
        sha = sha256_hex(data)
        self._write_blob(sha, data)
        etag, modified = _header(headers, "ETag"), _header(headers, "Last-Modified")
        with self._lock:
            last = self._db.execute(
                "SELECT id, sha256 FROM fetches WHERE url = ? AND bad = 0 ORDER BY id DESC LIMIT 1", (url,)
            ).fetchone()
            if last and last[1] == sha:
                # Same bytes again: refresh the row instead of growing the index.
                self._db.execute(
                    "UPDATE fetches SET fetched_at = ?, status = ?, etag = COALESCE(?, etag),"
                    " last_modified = COALESCE(?, last_modified) WHERE id = ?",
                    (_now(), status, etag, modified, last[0]),
                )
                self._db.commit()
                return sha
            self._db.execute(
                "INSERT INTO fetches (url, sha256, fetched_at, status, etag, last_modified,"
                " content_type, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    url,
                    sha,
                    _now(),
                    status,
                    etag,
                    modified,
                    _header(headers, "Content-Type"),
                    len(data),
                ),
            )
            self._db.commit()
        return sha

    def _write_blob(self, sha: str, data: bytes) -> None:
        path = self.path_of(sha)
        if path.is_file() and path.stat().st_size == len(data):
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, sha: str) -> bytes:
        """The payload stored under ``sha``.

        Raises:
            SourceError: No such payload, or the stored bytes no longer match their sha256.
        """
        path = self.path_of(sha)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise SourceError(f"raw payload {sha} is not in the raw store at {self.root}") from None
        if sha256_hex(data) != sha:
            raise SourceError(f"raw payload {sha} at {path} is corrupt (sha256 mismatch)")
        return data

    def latest(self, url: str, *, usable: bool = True) -> RawRecord | None:
        """The newest fetch of ``url``, or None.

        Args:
            url: The exact URL (with its query string).
            usable: Skip fetches marked bad (payloads that failed to parse), so their validators
                are not sent again and the payload is fetched afresh.
        """
        sql = (
            "SELECT url, sha256, fetched_at, status, etag, last_modified, content_type, size"
            " FROM fetches WHERE url = ?"
        )
        if usable:
            sql += " AND bad = 0"
        with self._lock:
            row = self._db.execute(sql + " ORDER BY id DESC LIMIT 1", (url,)).fetchone()
        return RawRecord(*row) if row else None

    def touch(self, url: str, sha: str) -> None:
        """Record that ``url`` was checked again and still serves ``sha`` (a 304 or identical bytes)."""
        with self._lock:
            self._db.execute(
                "UPDATE fetches SET fetched_at = ? WHERE id ="
                " (SELECT id FROM fetches WHERE url = ? AND sha256 = ? ORDER BY id DESC LIMIT 1)",
                (_now(), url, sha),
            )
            self._db.commit()

    def mark_bad(self, url: str, sha: str) -> None:
        """Flag the fetches of ``url`` that gave ``sha`` as unusable (the payload failed to parse).

        The blob stays (everything stored is kept); its validators are no longer sent, so the
        next sync downloads the URL in full instead of getting a 304 for the bad payload.
        """
        with self._lock:
            self._db.execute("UPDATE fetches SET bad = 1 WHERE url = ? AND sha256 = ?", (url, sha))
            self._db.commit()

    def records(self, url: str | None = None) -> Iterator[RawRecord]:
        """Every indexed fetch (of one URL when given), oldest first."""
        sql = "SELECT url, sha256, fetched_at, status, etag, last_modified, content_type, size FROM fetches"
        args: tuple[str, ...] = ()
        if url is not None:
            sql += " WHERE url = ?"
            args = (url,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY id", args).fetchall()
        for row in rows:
            yield RawRecord(*row)
