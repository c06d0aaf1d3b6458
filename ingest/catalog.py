"""The catalog: one SQLite row per document, its payloads, state and sync history.

A document may come from several payloads (``parts``): the Federal Register API JSON
(kind ``json``), the public-inspection listing (``pi``), the full-text XML (``xml``), the
public-inspection PDF (``pdf``), a press page (``html``). Each part keeps the metadata its
parser found; the row's metadata is the merge of its parts (``merge_parts``): XML wins for text
fields, the API JSON for publication date, citation, URLs and dates. The merge depends only on
the set of parts, never on their arrival order, so a sync from recorded files and a live sync
of the same content give the same rows.

Incremental: ``content_hash`` is a digest of the parts; an unchanged hash leaves the row (and
its state) alone. Resumable: every document is committed on its own and upserted by id.
States: fetched < parsed < extracted < loaded, plus error (retried by the next sync).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from exportwatch.vocab.identifiers import fr_volume_of_year
from ingest.models import SOURCE_FEDERAL_REGISTER, DocumentMeta
from ingest.rawstore import RawStore

STATES = ("fetched", "parsed", "extracted", "loaded")
STATE_ERROR = "error"
_RANK = {s: i for i, s in enumerate(STATES)} | {STATE_ERROR: -1}

# Field precedence between parts: which payload kind wins for which field.
TEXT_ORDER = ("xml", "json", "pi", "pdf", "html")
META_ORDER = ("json", "pi", "xml", "pdf", "html")
META_FIELDS = frozenset(
    {
        "publication_date",
        "citation",
        "url",
        "pdf_url",
        "xml_url",
        "effective_date",
        "comments_close_on",
        "abstract",
        "type",
        "pages",
    }
)
UNION_FIELDS = frozenset({"corrects", "corrected_by", "links"})
_DEFAULTS = {f.name: f.default for f in fields(DocumentMeta)}

_SCHEMA = """
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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def meta_from_json(d: dict[str, Any]) -> DocumentMeta:
    """Rebuild a ``DocumentMeta`` from ``DocumentMeta.to_json()`` output (lists back to tuples)."""
    kw: dict[str, Any] = {}
    for f in fields(DocumentMeta):
        if f.name not in d:
            continue
        v = d[f.name]
        kw[f.name] = tuple(v) if isinstance(v, list) else v
    return DocumentMeta(**kw)


def part_digest(kind: str, meta: DocumentMeta, sha: str) -> str:
    """What identifies a part's content: its metadata for listing kinds, its payload otherwise.

    A JSON search page holds many documents, so its sha changes whenever any of them does;
    the digest of a ``json``/``pi`` part is therefore the digest of that document's metadata.
    """
    if kind in ("json", "pi"):
        return hashlib.sha256(_canonical(meta.to_json()).encode()).hexdigest()
    return sha


def _empty(name: str, v: Any) -> bool:
    return v is None or v == "" or v == () or v == [] or (v == _DEFAULTS.get(name) and name != "lang")


def merge_parts(
    parts: dict[str, dict[str, Any]],
    extra_corrects: tuple[str, ...] = (),
    extra_corrected_by: tuple[str, ...] = (),
) -> DocumentMeta:
    """Merge the metadata of a document's parts into one ``DocumentMeta``.

    Args:
        parts: kind -> ``{"meta": DocumentMeta.to_json(), ...}``.
        extra_corrects: Ids of documents this one is known (from relations) to correct.
        extra_corrected_by: Ids of documents known (from relations) to correct this one.

    Returns:
        The merged metadata: text fields from the first part in ``TEXT_ORDER`` that has them,
        publication fields from ``META_ORDER``, list fields united, ``public_inspection`` kept
        only while no part says the document is published.
    """
    kinds = [k for k in dict.fromkeys((*TEXT_ORDER, *sorted(parts))) if k in parts]
    metas = {k: meta_from_json(parts[k]["meta"]) for k in kinds}
    out: dict[str, Any] = {}
    for f in fields(DocumentMeta):
        name = f.name
        if name in UNION_FIELDS:
            vals: list[str] = []
            for k in kinds:
                vals.extend(getattr(metas[k], name))
            if name == "corrected_by":
                vals.extend(extra_corrected_by)
            elif name == "corrects":
                vals.extend(extra_corrects)
            out[name] = tuple(dict.fromkeys(vals))
            continue
        if name == "public_inspection":
            out[name] = bool(metas) and all(m.public_inspection for m in metas.values())
            continue
        order = META_ORDER if name in META_FIELDS else TEXT_ORDER
        ranked = [k for k in order if k in metas] + [k for k in kinds if k not in order]
        value = _DEFAULTS.get(name)
        for k in ranked:
            v = getattr(metas[k], name)
            if not _empty(name, v):
                value = v
                break
        out[name] = value
    if not out.get("citation") and out.get("pages") and out.get("publication_date"):
        # The printed citation of a published document: the volume of its year and its first page.
        volume = fr_volume_of_year(int(str(out["publication_date"])[:4]))
        out["citation"] = f"{volume} FR {out['pages'][0]}"
    return DocumentMeta(**out)


def content_hash_of(parts: dict[str, dict[str, Any]]) -> str:
    """Digest of a document's content: its parts' kinds and digests."""
    key = "|".join(f"{k}:{parts[k]['digest']}" for k in sorted(parts))
    return hashlib.sha256(key.encode()).hexdigest()


class Catalog:
    """SQLite catalog of documents, their payloads, errors and sync runs.

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
        self._db.executescript(_SCHEMA)
        self._db.commit()

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    # --- documents ---------------------------------------------------------------------------

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
        now = _now()
        # Column names are constants here, never input: building the SQL from them is safe.
        cols: dict[str, Any] = {
            "source": meta.source,
            "type": meta.type,
            "title": meta.title,
            "publication_date": meta.publication_date,
            "url": meta.url,
            "metadata": _canonical(meta.to_json()),
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
                cols |= {"payloads": _canonical(payloads), "parts": _canonical(parts or {})}
                marks = ", ".join("?" * len(cols))
                self._db.execute(
                    f"INSERT INTO documents ({', '.join(cols)}) VALUES ({marks})", tuple(cols.values())
                )
                self._db.commit()
                return True
            changed = row["content_hash"] != content_hash
            cols["payloads"] = _canonical({**json.loads(row["payloads"]), **payloads})
            cols["parts"] = _canonical({**json.loads(row["parts"]), **(parts or {})})
            if changed:
                cols |= {"state": state, "error": None, "attempts": 0}
            sets = ", ".join(f"{k} = ?" for k in cols)
            self._db.execute(f"UPDATE documents SET {sets} WHERE doc_id = ?", (*cols.values(), doc_id))
            self._db.commit()
            return bool(changed)

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
                    (state, error or "unknown error", _now(), doc_id),
                )
            else:
                self._db.execute(
                    "UPDATE documents SET state = ?, error = NULL, updated_at = ? WHERE doc_id = ?",
                    (state, _now(), doc_id),
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

    # --- relations ---------------------------------------------------------------------------

    def link(self, from_id: str, rel: str, to_id: str, *, origin: str | None = None) -> bool:
        """Record ``from_id -rel-> to_id`` (e.g. a correction and what it corrects).

        For ``corrects``, the ``corrects`` / ``corrected_by`` metadata of both ends are refreshed.
        Returns True when the link is new.
        """
        with self._lock:
            cur = self._db.execute(
                "INSERT OR IGNORE INTO relations (from_id, rel, to_id, origin) VALUES (?, ?, ?, ?)",
                (from_id, rel, to_id, origin),
            )
            self._db.commit()
            new = cur.rowcount > 0
            if rel == "corrects":
                self._refresh_links(from_id)
                self._refresh_links(to_id)
            return new

    def relations(self, rel: str | None = None) -> list[tuple[str, str, str]]:
        """All recorded links as (from_id, rel, to_id)."""
        sql, args = "SELECT from_id, rel, to_id FROM relations", []
        if rel:
            sql += " WHERE rel = ?"
            args.append(rel)
        with self._lock:
            return [tuple(r) for r in self._db.execute(sql + " ORDER BY from_id, to_id", args)]

    def _relations_of(self, doc_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(documents ``doc_id`` corrects, documents correcting it), from the relations table."""
        out = self._db.execute(
            "SELECT to_id FROM relations WHERE rel = 'corrects' AND from_id = ? ORDER BY to_id", (doc_id,)
        )
        into = self._db.execute(
            "SELECT from_id FROM relations WHERE rel = 'corrects' AND to_id = ? ORDER BY from_id", (doc_id,)
        )
        return tuple(r[0] for r in out), tuple(r[0] for r in into)

    def _refresh_links(self, doc_id: str) -> None:
        row = self._db.execute("SELECT metadata FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return
        meta = json.loads(row["metadata"])
        corrects, corrected_by = self._relations_of(doc_id)
        new = {
            "corrects": list(dict.fromkeys([*(meta.get("corrects") or []), *corrects])),
            "corrected_by": list(dict.fromkeys([*(meta.get("corrected_by") or []), *corrected_by])),
        }
        if any(new[k] != (meta.get(k) or []) for k in new):
            meta.update(new)
            self._db.execute("UPDATE documents SET metadata = ? WHERE doc_id = ?", (_canonical(meta), doc_id))
            self._db.commit()

    # --- errors ------------------------------------------------------------------------------

    def record_error(self, target: str, source: str | None, error: str) -> None:
        """Record a failure for a document id or a URL; a known document moves to state ``error``."""
        with self._lock:
            self._db.execute(
                "INSERT INTO errors (target, source, error, at) VALUES (?, ?, ?, ?)",
                (target, source, error, _now()),
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
                (sha, name, source, json.dumps(doc_ids), _now()),
            )
            self._db.commit()

    # --- sync runs ---------------------------------------------------------------------------

    def start_run(self, source: str, since: str | None) -> int:
        """Open a sync run; runs of this source left ``running`` by a killed sync become ``interrupted``."""
        with self._lock:
            self._db.execute(
                "UPDATE runs SET status = 'interrupted' WHERE source = ? AND status = 'running'", (source,)
            )
            cur = self._db.execute(
                "INSERT INTO runs (source, started, since, status) VALUES (?, ?, ?, 'running')",
                (source, _now(), since),
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
                (_now(), status, cursor, json.dumps(counts or {}), error, run_id),
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
