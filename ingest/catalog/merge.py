"""A document's metadata from its parts: which payload kind wins for which field, and the content hash.

The merge depends only on the set of parts, never on their arrival order, so a sync from recorded files
and a live sync of the same content give the same rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from typing import Any

from exportwatch.vocab.identifiers import fr_volume_of_year
from ingest.catalog.db import canonical
from ingest.models import DocumentMeta

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
        return hashlib.sha256(canonical(meta.to_json()).encode()).hexdigest()
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
