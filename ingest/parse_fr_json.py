"""Parse Federal Register API JSON: one document, a search page, a public-inspection list, the snapshot cache.

Accepted shapes (see ``shared/SOURCES.md``):

- ``/documents/{number}.json``: one document object;
- ``/documents.json?...`` and ``/documents/{n1},{n2}.json``: ``{count, total_pages, next_page_url, results}``;
- ``/public-inspection-documents/...json``: ``{count, results}`` whose results carry ``filing_type`` /
  ``filed_at``; these become documents with ``public_inspection=True``;
- the snapshot cache ``bis_rules_2022-2026_api_cache.json``: ``{..., rules: [search results]}``;
- a bare list of document objects.

The API gives metadata, not the full text: ``ParsedDocument.text`` is the title, action, abstract and dates
as blocks. Fields missing from a result (the cache kept only a few) are left empty, never guessed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from exportwatch.errors import ParseError
from ingest.models import SOURCE_FEDERAL_REGISTER, Block, DocumentMeta, ParsedDocument

_DOC_NUMBER = re.compile(
    r"\b((?:C\d-)?\d{4}-\d{4,6}|[A-Z]\d-\d{3,6})\b"
)  # 2023-03929, C1-2024-13148, E9-1234
_LIST_KEYS = ("results", "rules", "documents")
MAX_JSON_DEPTH = 64


def parse_fr_json(data: bytes, *, source_name: str | None = None) -> list[ParsedDocument]:
    """Parse any of the Federal Register API JSON shapes into documents (metadata plus short text).

    Args:
        data: The JSON bytes.
        source_name: File name or URL, used in messages; a name mentioning ``public-inspection`` marks
            the results as public-inspection documents even when they lack ``filing_type``.

    Returns:
        One ``ParsedDocument`` per result, in the order given; an empty list only for an answer that
        says it has no results (``count: 0``).

    Raises:
        ParseError: Invalid JSON, an API error answer, or a result without a document number.
    """
    name = source_name or "payload"
    if not data.strip():
        raise ParseError(f"{name}: empty payload")
    items = _items(load_json(data, name), name)
    inspection_hint = "public-inspection" in name or "public_inspection" in name
    return [_document(item, i, name, inspection_hint) for i, item in enumerate(items)]


def load_json(data: bytes | str, name: str) -> Any:
    """Decode a JSON payload, at most ``MAX_JSON_DEPTH`` arrays and objects deep.

    Raises:
        ParseError: Not valid JSON (or not UTF-8), or nested deeper than the limit. Python's decoder
            recurses once per level and gives up with RecursionError about a thousand levels down,
            and whatever walks the decoded value recurses too: a limit far below that keeps every
            later step safe. The Federal Register API nests five levels at most.
    """
    try:
        obj = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ParseError(f"{name}: not valid JSON: {e}") from None
    except RecursionError:
        obj, too_deep = None, True
    else:
        too_deep = _deeper_than(obj, MAX_JSON_DEPTH)
    if too_deep:
        raise ParseError(f"{name}: JSON nested more than {MAX_JSON_DEPTH} levels deep")
    return obj


def _deeper_than(obj: Any, limit: int) -> bool:
    """Whether arrays and objects in ``obj`` nest more than ``limit`` levels (found without recursion)."""
    stack: list[tuple[Any, int]] = [(obj, 1)] if isinstance(obj, (list, dict)) else []
    pop, push = stack.pop, stack.append
    while stack:
        value, depth = pop()
        if depth > limit:
            return True
        for child in value.values() if isinstance(value, dict) else value:
            if isinstance(child, (list, dict)):
                push((child, depth + 1))
    return False


def _items(obj: Any, name: str) -> list[Mapping[str, Any]]:
    if isinstance(obj, list):
        items: Any = obj
    elif isinstance(obj, dict) and "document_number" in obj:
        items = [obj]
    elif isinstance(obj, dict) and any(isinstance(obj.get(k), list) for k in _LIST_KEYS):
        items = next(obj[k] for k in _LIST_KEYS if isinstance(obj.get(k), list))
        if not items and obj.get("count") not in (0, None):
            raise ParseError(f"{name}: the answer says count={obj['count']} but holds no results")
    elif isinstance(obj, dict) and ("errors" in obj or "status" in obj or "message" in obj):
        detail = obj.get("errors") or obj.get("message") or obj.get("status")
        raise ParseError(f"{name}: the Federal Register API answered with an error: {detail}")
    else:
        kind = type(obj).__name__
        keys = " with keys " + ", ".join(sorted(obj)[:8]) if isinstance(obj, dict) and obj else ""
        raise ParseError(
            f"{name}: not a Federal Register API answer (a JSON {kind}{keys})",
            hint="expected a document, a search page {count, results}, or the snapshot cache {rules}",
        )
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise ParseError(f"{name}: result {i} is a JSON {type(item).__name__}, not an object")
    return list(items)


def _document(r: Mapping[str, Any], i: int, name: str, inspection_hint: bool) -> ParsedDocument:
    number = r.get("document_number")
    if not number or not isinstance(number, str):
        raise ParseError(f"{name}: result {i} has no document_number")
    title = _str(r.get("title")) or "; ".join(
        s for s in (_str(r.get(f"subject_{k}")) for k in (1, 2, 3)) if s
    )
    agency, subagency = _agencies(r)
    start, end = r.get("start_page"), r.get("end_page")
    meta = DocumentMeta(
        document_number=number,
        source=SOURCE_FEDERAL_REGISTER,
        type=_str(r.get("type")) or "Unknown",
        title=title or "",
        publication_date=_str(r.get("publication_date")),
        agency=agency,
        subagency=subagency,
        cfr=tuple(_cfr(r.get("cfr_references"))),
        rin=tuple(_strings(r.get("regulation_id_numbers"))),
        docket=tuple(_strings(r.get("docket_ids") or r.get("docket_numbers"))),
        dates_text=_str(r.get("dates")),
        pages=(start, end) if isinstance(start, int) and isinstance(end, int) else None,
        action=_str(r.get("action")),
        abstract=_str(r.get("abstract")),
        effective_date=_str(r.get("effective_on")),
        comments_close_on=_str(r.get("comments_close_on")),
        citation=_str(r.get("citation")),
        url=_str(r.get("html_url")),
        pdf_url=_str(r.get("pdf_url")) or _str(r.get("public_inspection_pdf_url")),
        xml_url=_str(r.get("full_text_xml_url")),
        corrects=tuple(_numbers(r.get("correction_of"))),
        corrected_by=tuple(_numbers(r.get("corrections"))),
        public_inspection=inspection_hint or "filing_type" in r or "filed_at" in r,
    )
    text, blocks = assemble_blocks(
        [
            ("title", meta.title),
            ("action", meta.action),
            ("summary", meta.abstract),
            ("dates", meta.dates_text),
        ]
    )
    return ParsedDocument(meta=meta, text=text, blocks=blocks)


_WS_RUN = re.compile(r"\s{2,}|[^\S ]")


def collapse_whitespace(raw: str) -> str:
    """``" ".join(raw.split())`` without a list of every word: a 10 MB paragraph stays one string
    (plus one copy where whitespace must change), not a million word objects."""
    if _WS_RUN.search(raw) is None:
        return raw.strip()
    return _WS_RUN.sub(" ", raw).strip()


def assemble_blocks(parts: Iterable[tuple[str, str | None]]) -> tuple[str, tuple[Block, ...]]:
    """Join ``(kind, text)`` parts into a document text (blank line between) and its blocks.

    Empty parts are skipped; whitespace inside each part is collapsed. Shared by the parsers whose
    documents are a flat list of paragraphs (API JSON, press releases, plain text).
    """
    blocks: list[Block] = []
    pos = 0
    for kind, raw in parts:
        text = collapse_whitespace(raw or "")
        if not text:
            continue
        start = pos + 2 if blocks else 0
        blocks.append(Block(kind=kind, text=text, start=start, end=start + len(text)))
        pos = start + len(text)
    return "\n\n".join(b.text for b in blocks), tuple(blocks)


def _str(v: Any) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def _strings(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v.strip()] if v.strip() else []
    return [s for s in (_str(x) for x in v) if s]


def _cfr(refs: Any) -> list[str]:
    """``cfr_references`` ({title, part}) as printed in the preamble: ``15 CFR Part 744``."""
    out: list[str] = []
    for ref in refs or []:
        if isinstance(ref, Mapping) and ref.get("title") is not None:
            part = ref.get("part")
            out.append(f"{ref['title']} CFR Part {part}" if part is not None else f"{ref['title']} CFR")
        elif isinstance(ref, str) and ref.strip():
            out.append(ref.strip())
    return out


def _agencies(r: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """Agency and sub-agency from ``agencies`` (parent first, child has ``parent_id``) or ``agency_names``."""
    agencies = [a for a in r.get("agencies") or [] if isinstance(a, Mapping)]
    if agencies:
        parents = [a for a in agencies if not a.get("parent_id")]
        children = [a for a in agencies if a.get("parent_id")]
        top = parents[0] if parents else agencies[0]
        sub = children[0] if children else None

        def label(a: Mapping[str, Any]) -> str | None:
            return _str(a.get("raw_name")) or _str(a.get("name"))

        return label(top), label(sub) if sub is not None and sub is not top else None
    names = _strings(r.get("agency_names"))
    return (names[0] if names else None), (names[1] if len(names) > 1 else None)


def _numbers(v: Any) -> list[str]:
    """Document numbers from ``correction_of``/``corrections`` (API URLs or numbers)."""
    out = []
    for s in _strings(v):
        m = _DOC_NUMBER.search(s.rsplit("/", 1)[-1].removesuffix(".json")) or _DOC_NUMBER.search(s)
        out.append(m.group(1) if m else s)
    return out
