"""Sync history: the runs of each source (with the cursor a run advanced to) and the payloads processed."""

from __future__ import annotations

import json
from typing import Any

from ingest.catalog.db import CatalogDB, utc_now


class Runs(CatalogDB):
    """The ``runs`` and ``payloads_seen`` tables."""

    def start_run(self, source: str, since: str | None) -> int:
        """Open a sync run; runs of this source left ``running`` by a killed sync become ``interrupted``."""
        with self._lock:
            self._db.execute(
                "UPDATE runs SET status = 'interrupted' WHERE source = ? AND status = 'running'", (source,)
            )
            cur = self._db.execute(
                "INSERT INTO runs (source, started, since, status) VALUES (?, ?, ?, 'running')",
                (source, utc_now(), since),
            )
            self._db.commit()
            return int(cur.lastrowid or 0)

    def finish_run(
        self,
        run_id: int,
        status: str,
        *,
        cursor: str | None = None,
        counts: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        """Close a run: ``ok``, ``errors`` (some documents failed; cursor valid) or ``failed``."""
        with self._lock:
            self._db.execute(
                "UPDATE runs SET finished = ?, status = ?, cursor = ?, counts = ?, error = ? WHERE id = ?",
                (utc_now(), status, cursor, json.dumps(counts or {}), error, run_id),
            )
            self._db.commit()

    def last_sync(self, source: str) -> dict[str, Any] | None:
        """The latest completed run of ``source`` that advanced the cursor, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM runs WHERE source = ? AND status IN ('ok', 'errors') AND cursor IS NOT NULL"
                " ORDER BY id DESC LIMIT 1",
                (source,),
            ).fetchone()
        return dict(row) if row else None

    def runs(self, source: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """Recent sync runs, newest first."""
        sql, args = "SELECT * FROM runs", []
        if source:
            sql += " WHERE source = ?"
            args.append(source)
        with self._lock:
            return [dict(r) for r in self._db.execute(sql + " ORDER BY id DESC LIMIT ?", (*args, limit))]

    # --- payloads already processed ------------------------------------------------------------

    def seen_payload(self, sha: str) -> list[str] | None:
        """Ids of the documents a payload gave when it was last processed, or None if never."""
        with self._lock:
            row = self._db.execute("SELECT doc_ids FROM payloads_seen WHERE sha256 = ?", (sha,)).fetchone()
        return list(json.loads(row[0])) if row else None

    def mark_payload(self, sha: str, *, name: str, source: str | None, doc_ids: list[str]) -> None:
        """Remember that a payload was processed without error and which documents it gave."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO payloads_seen (sha256, name, source, doc_ids, processed_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (sha, name, source, json.dumps(doc_ids), utc_now()),
            )
            self._db.commit()
