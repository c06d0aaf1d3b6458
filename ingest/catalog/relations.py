"""Links between documents (a correction and what it corrects), kept in both ends' metadata too."""

from __future__ import annotations

import json

from ingest.catalog.db import CatalogDB, canonical


class Relations(CatalogDB):
    """The ``relations`` table: ``from_id -rel-> to_id`` with the payload kind it came from."""

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
            self._db.execute("UPDATE documents SET metadata = ? WHERE doc_id = ?", (canonical(meta), doc_id))
            self._db.commit()
