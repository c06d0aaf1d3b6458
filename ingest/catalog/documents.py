"""Documents in the catalog: one row each, its parts and payloads, its state and its recorded errors.

States: fetched < parsed < extracted < loaded, plus error (retried by the next sync). An unchanged
content hash leaves the row (and its state) alone; every document is committed on its own.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ingest.catalog.db import canonical, utc_now
from ingest.catalog.merge import content_hash_of, merge_parts, meta_from_json, part_digest
from ingest.catalog.relations import Relations
from ingest.models import SOURCE_FEDERAL_REGISTER, DocumentMeta
from ingest.rawstore import RawStore

STATES = ("fetched", "parsed", "extracted", "loaded")
STATE_ERROR = "error"
_RANK = {s: i for i, s in enumerate(STATES)} | {STATE_ERROR: -1}


class Documents(Relations):
    """Document rows: upsert, parts, state, listing, raw payloads, errors."""

    def upsert_document(
        self,
        meta: DocumentMeta,
        *,
        payloads: dict[str, str],
        content_hash: str,
        parts: dict[str, dict[str, Any]] | None = None,
        state: str = "parsed",
    ) -> bool:
        """Insert or update one document, committed on its own.

        Args:
            meta: The document's (merged) metadata; ``document_number`` is the id.
            payloads: kind -> sha256 of the raw payload; merged over the stored ones.
            content_hash: Digest of the content; equal to the stored one means unchanged.
            parts: kind -> part record (see ``add_part``); merged over the stored ones.
            state: State of a new or changed document. An unchanged document keeps its state.

        Returns:
            True when the document is new or its content changed.
        """
        if state not in _RANK:
            raise ValueError(f"unknown state {state!r}; one of {', '.join((*STATES, STATE_ERROR))}")
        doc_id = meta.document_number
        now = utc_now()
        # Column names are constants here, never input: building the SQL from them is safe.
        cols: dict[str, Any] = {
            "source": meta.source,
            "type": meta.type,
            "title": meta.title,
            "publication_date": meta.publication_date,
            "url": meta.url,
            "metadata": canonical(meta.to_json()),
            "content_hash": content_hash,
            "public_inspection": int(meta.public_inspection),
            "updated_at": now,
        }
        with self._lock:
            row = self._db.execute(
                "SELECT content_hash, payloads, parts FROM documents WHERE doc_id = ?", (doc_id,)
            ).fetchone()
            if row is None:
                cols |= {"doc_id": doc_id, "state": state, "created_at": now}
                cols |= {"payloads": canonical(payloads), "parts": canonical(parts or {})}
                marks = ", ".join("?" * len(cols))
                self._db.execute(
                    f"INSERT INTO documents ({', '.join(cols)}) VALUES ({marks})", tuple(cols.values())
                )
                self._db.commit()
                return True
            changed = bool(row["content_hash"] != content_hash)
            cols["payloads"] = canonical({**json.loads(row["payloads"]), **payloads})
            cols["parts"] = canonical({**json.loads(row["parts"]), **(parts or {})})
            if changed:
                cols |= {"state": state, "error": None, "attempts": 0}
            sets = ", ".join(f"{k} = ?" for k in cols)
            self._db.execute(f"UPDATE documents SET {sets} WHERE doc_id = ?", (*cols.values(), doc_id))
            self._db.commit()
            return changed

    def add_part(
        self,
        meta: DocumentMeta,
        *,
        kind: str,
        sha: str,
        name: str,
        state: str = "parsed",
        digest: str | None = None,
    ) -> tuple[bool, bool]:
        """Add (or replace) one part of a document and re-merge its metadata.

        Args:
            meta: What the part's parser found.
            kind: ``json``, ``pi``, ``xml``, ``pdf`` or ``html``.
            sha: sha256 of the raw payload the part came from.
            name: URL or file the payload came from.
            state: State of the document if it is new or changed.
            digest: What identifies the part's content; defaults to ``part_digest``.

        Returns:
            (is_new, changed).
        """
        doc_id = meta.document_number
        digest = digest or part_digest(kind, meta, sha)
        with self._lock:
            row = self._db.execute(
                "SELECT parts, payloads FROM documents WHERE doc_id = ?", (doc_id,)
            ).fetchone()
            parts: dict[str, dict[str, Any]] = json.loads(row["parts"]) if row else {}
            payloads: dict[str, str] = json.loads(row["payloads"]) if row else {}
            old = parts.get(kind)
            if old is not None and old["digest"] == digest:
                return False, False
            parts[kind] = {"sha": sha, "digest": digest, "name": name, "meta": meta.to_json()}
            payloads[kind] = sha
            merged = merge_parts(parts, *self._relations_of(doc_id))
            changed = self.upsert_document(
                merged, payloads=payloads, content_hash=content_hash_of(parts), parts=parts, state=state
            )
            for target in merged.corrects:
                self.link(doc_id, "corrects", target, origin=kind)
            return row is None, changed

    def get(self, doc_id: str) -> dict[str, Any] | None:
        """One document as a dict (metadata, payloads and parts decoded), or None."""
        with self._lock:
            row = self._db.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return self._row(row, full=True) if row else None

    def meta(self, doc_id: str) -> DocumentMeta | None:
        """The merged metadata of one document, or None."""
        doc = self.get(doc_id)
        return meta_from_json(doc["metadata"]) if doc else None

    def list_documents(
        self, source: str | None = None, since: str | None = None, state: str | None = None
    ) -> list[dict[str, Any]]:
        """Documents, oldest publication first: one flat record each (see ``docs list``)."""
        sql, args = "SELECT * FROM documents WHERE 1 = 1", []
        if source:
            sql += " AND source = ?"
            args.append(source)
        if since:
            sql += " AND publication_date >= ?"
            args.append(since)
        if state:
            sql += " AND state = ?"
            args.append(state)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY publication_date, doc_id", args).fetchall()
        return [self._row(r) for r in rows]

    def count(self, source: str | None = None) -> int:
        """Number of documents (of one source)."""
        with self._lock:
            if source:
                return int(
                    self._db.execute("SELECT COUNT(*) FROM documents WHERE source = ?", (source,)).fetchone()[
                        0
                    ]
                )
            return int(self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def _row(self, row: sqlite3.Row, *, full: bool = False) -> dict[str, Any]:
        meta = json.loads(row["metadata"])
        payloads = json.loads(row["payloads"])
        out: dict[str, Any] = {
            "document_number": row["doc_id"],
            "source": row["source"],
            "type": row["type"],
            "title": row["title"],
            "publication_date": row["publication_date"],
            "url": row["url"],
            "state": row["state"],
            "citation": meta.get("citation"),
            "public_inspection": bool(row["public_inspection"]),
            "public_inspection_pdf": row["source"] == SOURCE_FEDERAL_REGISTER and "pdf" in payloads,
            "payloads": sorted(payloads),
            "corrects": meta.get("corrects") or [],
            "corrected_by": meta.get("corrected_by") or [],
            "error": row["error"],
            "attempts": row["attempts"],
            "updated_at": row["updated_at"],
        }
        if full:
            out["metadata"] = meta
            out["payload_shas"] = payloads
            out["parts"] = {
                k: {kk: vv for kk, vv in v.items() if kk != "meta"}
                for k, v in json.loads(row["parts"]).items()
            }
            out["content_hash"] = row["content_hash"]
            out["created_at"] = row["created_at"]
        return out

    def set_state(self, doc_id: str, state: str, error: str | None = None) -> None:
        """Move a document to ``state`` (``error`` needs a message; other states clear it)."""
        if state not in _RANK:
            raise ValueError(f"unknown state {state!r}; one of {', '.join((*STATES, STATE_ERROR))}")
        with self._lock:
            if state == STATE_ERROR:
                self._db.execute(
                    "UPDATE documents SET state = ?, error = ?, attempts = attempts + 1, updated_at = ?"
                    " WHERE doc_id = ?",
                    (state, error or "unknown error", utc_now(), doc_id),
                )
            else:
                self._db.execute(
                    "UPDATE documents SET state = ?, error = NULL, updated_at = ? WHERE doc_id = ?",
                    (state, utc_now(), doc_id),
                )
            self._db.commit()

    def pending(self, state: str, source: str | None = None) -> list[str]:
        """Ids of documents whose state is before ``state`` (documents in error always are)."""
        if state not in _RANK:
            raise ValueError(f"unknown state {state!r}; one of {', '.join((*STATES, STATE_ERROR))}")
        before = [s for s, r in _RANK.items() if r < _RANK[state]]
        if not before:
            return []
        sql = f"SELECT doc_id FROM documents WHERE state IN ({','.join('?' * len(before))})"
        args: list[str] = list(before)
        if source:
            sql += " AND source = ?"
            args.append(source)
        with self._lock:
            return [r[0] for r in self._db.execute(sql + " ORDER BY publication_date, doc_id", args)]

    def load_payloads(self, doc_id: str, raw_store: RawStore | None = None) -> dict[str, bytes]:
        """The raw payloads of a document, kind -> bytes, for later stages to parse again.

        Args:
            doc_id: The document.
            raw_store: Where the payloads are; defaults to ``raw/`` beside the catalog file (the
                data home layout of ``Settings.paths``).

        Returns:
            kind (``json``, ``pi``, ``xml``, ``pdf``, ``html``) -> bytes; empty for an unknown id.
            A ``json``/``pi`` payload may be a whole search page or list: parse it
            (``ingest.detect.parse_payload``) and pick the document by number.

        Raises:
            SourceError: A payload is missing from the raw store or corrupt.
        """
        doc = self.get(doc_id)
        if doc is None:
            return {}
        store = raw_store or RawStore(self.path.parent / "raw")
        try:
            return {kind: store.get(sha) for kind, sha in doc["payload_shas"].items()}
        finally:
            if raw_store is None:
                store.close()

    # --- errors ------------------------------------------------------------------------------

    def record_error(self, target: str, source: str | None, error: str) -> None:
        """Record a failure for a document id or a URL; a known document moves to state ``error``."""
        with self._lock:
            self._db.execute(
                "INSERT INTO errors (target, source, error, at) VALUES (?, ?, ?, ?)",
                (target, source, error, utc_now()),
            )
            self._db.commit()
            known = self._db.execute("SELECT 1 FROM documents WHERE doc_id = ?", (target,)).fetchone()
        if known:
            self.set_state(target, STATE_ERROR, error)

    def resolve_errors(self, target: str) -> None:
        """Mark the recorded failures of ``target`` resolved (it has now been processed)."""
        with self._lock:
            self._db.execute("UPDATE errors SET resolved = 1 WHERE target = ? AND resolved = 0", (target,))
            self._db.commit()

    def errors(self, source: str | None = None, *, unresolved: bool = True) -> list[dict[str, Any]]:
        """Recorded failures, newest first."""
        sql, args = "SELECT target, source, error, at, resolved FROM errors WHERE 1 = 1", []
        if source:
            sql += " AND source = ?"
            args.append(source)
        if unresolved:
            sql += " AND resolved = 0"
        with self._lock:
            return [dict(r) for r in self._db.execute(sql + " ORDER BY id DESC", args)]
