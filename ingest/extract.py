"""The extraction stage: a parsed document (or plain text) in, an ``Extraction`` out.

``extract_document`` feeds the document's blocks (paragraph-sized, long ones cut into bounded,
overlapping chunks) through the cached spaCy pipeline, maps the spans back to offsets into
``ParsedDocument.text`` with their printed page, and adds the structural records: Entity List
rows from supplement no. 4 tables and the amendatory instructions. ``extract_text`` does the same
for a plain string (commentary, a pasted paragraph), splitting it at blank lines.

Bad input never raises a traceback: empty text and binary junk give an empty result with a
warning; a text too large to handle, a wrong type or an unknown language raise ``ExtractError``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import get_lang_class, load_config

from exportwatch.errors import ExtractError
from ingest import patterns as P
from ingest.lang import detect_lang
from ingest.models import SOURCE_TEXT, DateFact, DocumentMeta, Extraction, Mention, ParsedDocument
from ingest.nlp.amendments import extract_amendments
from ingest.nlp.entity_table import extract_entity_rows
from ingest.nlp.factories import set_doc_context, set_doc_text, spans_to_hits  # registers the factories
from ingest.nlp.hits import DocContext, Hit, mentions_ear

NLP_DIR = Path(__file__).resolve().parent / "nlp"
PIPELINE_FILES: dict[str, Path] = {"en": NLP_DIR / "pipeline.cfg", "zh": NLP_DIR / "pipeline_zh.cfg"}
MAX_CHUNK = 8_000  # characters per spaCy doc: a paragraph, or a bounded slice of a huge one
CHUNK_OVERLAP = 400  # slices overlap so a mention cut by one slice is whole in the next
MAX_TEXT = 50_000_000  # beyond this a "document" is not a document
PIPE_BATCH = 8  # spaCy docs in flight at once: memory stays bounded whatever the text's length
KEY_DATE_KINDS = ("dates", "effective_date")
_JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_DATES_CAPTION = re.compile(r"^\s*DATES:\s*")
_BREAKS = frozenset(" \n\t。，；！？")


@functools.lru_cache(maxsize=4)
def get_pipeline(lang: str = "en") -> Language:
    """The exportwatch spaCy pipeline for ``lang`` ("en" or "zh"), loaded once from its config.

    Args:
        lang: language of the text.

    Returns:
        A blank-language pipeline with the exportwatch components (no trained model).

    Raises:
        ExtractError: the language has no pipeline.
    """
    path = PIPELINE_FILES.get(lang)
    if path is None:
        raise ExtractError(
            f"no extraction pipeline for language {lang!r}", hint=f"use one of: {', '.join(PIPELINE_FILES)}"
        )
    config = load_config(path)
    return get_lang_class(config["nlp"]["lang"]).from_config(config)


def _junk_warning(text: str, name: str) -> str | None:
    sample = text[:100_000]
    bad = len(_JUNK.findall(sample))
    if sample and bad / len(sample) > 0.05:
        return (
            f"{name}: text looks binary ({bad} control or replacement characters in {len(sample)}): "
            "nothing extracted"
        )
    return None


@dataclass(frozen=True)
class _Piece:
    """A slice of the text fed to spaCy as one doc; hits starting at or after ``keep_until`` are
    dropped because the next slice covers them."""

    text: str
    offset: int
    keep_until: int
    kind: str
    prev: str = ""  # the character before the slice, when the slice starts inside a paragraph


def _cut(text: str, lo: int, hi: int) -> int:
    """A cut point in ``text[lo:hi]``: just after the last space or CJK punctuation mark, else ``hi``."""
    for i in range(hi - 1, lo - 1, -1):
        if text[i] in _BREAKS:
            return i + 1
    return hi


def _slices(text: str, offset: int, kind: str) -> Iterator[_Piece]:
    """Cut one paragraph into pieces of at most MAX_CHUNK characters, overlapping by CHUNK_OVERLAP.

    Piece *i* keeps the hits that start before piece *i+1* starts, so each hit is reported once, and
    whole when it is shorter than the overlap. The pieces are made one at a time, as the pipeline
    asks for them.
    """
    start = 0
    while True:
        end = start + MAX_CHUNK
        if end >= len(text):
            yield _Piece(text[start:], offset + start, offset + len(text), kind, text[start - 1 : start])
            return
        nxt = _cut(text, end - 2 * CHUNK_OVERLAP, end - CHUNK_OVERLAP)
        yield _Piece(text[start:end], offset + start, offset + nxt, kind, text[start - 1 : start])
        start = nxt


def _run(nlp: Language, pieces: Iterable[_Piece], ctx: DocContext) -> list[tuple[Hit, str]]:
    """Run the pipeline over the pieces; hits with offsets into the whole text, with their block kind.

    The pieces are fed lazily and each doc is dropped once its hits are read, so at most
    ``PIPE_BATCH`` spaCy docs (a few MB) are alive at a time, for a text of any length.
    """
    held: deque[_Piece] = deque()

    def docs() -> Iterator[Doc]:
        for piece in pieces:
            d = nlp.make_doc(piece.text)
            set_doc_context(d, ctx)
            set_doc_text(d, piece.text)
            held.append(piece)
            yield d

    out: list[tuple[Hit, str]] = []
    for d in nlp.pipe(docs(), batch_size=PIPE_BATCH):
        piece = held.popleft()
        cut_word = piece.prev.isalnum()
        for h in spans_to_hits(d):
            if h.start == 0 and cut_word:
                continue  # the slice began inside a word: this hit is a fragment of one
            if h.start + piece.offset < piece.keep_until:
                out.append((h.shifted(piece.offset), piece.kind))
    return out


def _date_or_none(s: str | None) -> date | None:
    try:
        return date.fromisoformat(s) if s else None
    except ValueError:
        return None


def _is_ear(meta: DocumentMeta, text: str) -> bool:
    if meta.cfr:
        return any(c.split()[0] == "15" for c in meta.cfr if c.split())
    agency = f"{meta.agency or ''} {meta.subagency or ''}"
    return "Industry and Security" in agency or mentions_ear(text[:200_000])


def document_context(doc: ParsedDocument) -> DocContext:
    """What the finders may use about ``doc``: CFR title, publication date, its own citation.

    The FR volume comes from the document's citation, else from a citation placeholder of its
    own ("88 FR [INSERT FR PAGE NUMBER AND 2/27/2023]", which also gives the publication date),
    else from the publication year; the first page from ``meta.pages`` or the page breaks.
    """
    meta = doc.meta
    ear = _is_ear(meta, doc.text)
    titles = {c.split()[0] for c in meta.cfr if c.split() and c.split()[0].isdigit()}
    cfr_title = "15" if ear else (titles.pop() if len(titles) == 1 else None)
    pub = _date_or_none(meta.publication_date)
    volume: int | None = None
    if meta.citation and (m := P.FR_CITATION.search(meta.citation)):
        volume = int(m.group("vol"))
    placeholder = P.FR_PLACEHOLDER.search(doc.text)
    if placeholder and placeholder.group("vol"):
        volume = volume or int(placeholder.group("vol"))
        if pub is None and (d := P.DATE_NUMERIC.search(placeholder.group())):
            pub = _date_or_none(f"{d.group('year')}-{int(d.group('month')):02d}-{int(d.group('day')):02d}")
    if volume is None and pub is not None:
        volume = pub.year - 1935  # volume 1 is 1936
    first_page = meta.pages[0] if meta.pages else (doc.page_breaks[0][1] if doc.page_breaks else None)
    return DocContext(
        doc_id=meta.document_number,
        lang=meta.lang if meta.lang in PIPELINE_FILES else detect_lang(doc.text),
        cfr_title=cfr_title,
        ear=ear,
        publication_date=pub,
        fr_citation=meta.citation,
        fr_volume=volume,
        first_page=first_page,
    )


def _block_pieces(doc: ParsedDocument, warnings: list[str]) -> Iterator[_Piece]:
    consistent = bool(doc.blocks) and all(doc.text[b.start : b.end] == b.text for b in doc.blocks)
    if doc.blocks and not consistent:
        warnings.append(
            f"{doc.meta.document_number}: block offsets do not match the document text; "
            "extracted from the text"
        )
    if consistent:
        dates = _dates_block_ids(doc)
        for i, b in enumerate(doc.blocks):
            yield from _slices(b.text, b.start, KEY_DATE_KINDS[0] if i in dates else b.kind)
        return
    yield from _paragraph_pieces(doc.text)


def _dates_block_ids(doc: ParsedDocument) -> set[int]:
    """Blocks holding the document's own key dates: of kind dates/effective_date or, where the parser
    gave no such kinds (a PDF), the paragraphs whose text is part of ``meta.dates_text``."""
    ids = {i for i, b in enumerate(doc.blocks) if b.kind in KEY_DATE_KINDS}
    if ids or not doc.meta.dates_text:
        return ids
    dates_text = " ".join(doc.meta.dates_text.split())
    for i, b in enumerate(doc.blocks):
        body = " ".join(_DATES_CAPTION.sub("", b.text).split())
        if len(body) > 20 and body in dates_text:
            ids.add(i)
    return ids


def _paragraph_pieces(text: str) -> Iterator[_Piece]:
    pos = 0
    for m in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        paragraph = text[pos:end]
        if paragraph and not paragraph.isspace():
            yield from _slices(paragraph, pos, "p")
        pos = m.end() if m else len(text)


def _pager(doc: ParsedDocument) -> Callable[[int], int | None]:
    """``doc.page_at`` with the break offsets computed once (it rebuilds them on every call)."""
    if not doc.page_breaks:
        return lambda _offset: None
    offsets = [o for o, _ in doc.page_breaks]
    pages = [p for _, p in doc.page_breaks]

    def page(offset: int) -> int | None:
        i = bisect.bisect_right(offsets, offset) - 1
        return pages[max(i, 0)]

    return page


def _records(
    hits: Iterable[tuple[Hit, str]],
    text: str,
    doc_id: str,
    pager: Callable[[int], int | None],
    warnings: list[str],
) -> tuple[tuple[Mention, ...], tuple[DateFact, ...]]:
    mentions: list[Mention] = []
    dates: list[DateFact] = []
    for h, kind in sorted(hits, key=lambda hk: (hk[0].start, hk[0].end, hk[0].label)):
        page = pager(h.start)
        mentions.append(
            Mention(h.label, text[h.start : h.end], h.start, h.end, page, h.normalized, doc_id, h.groups)
        )
        if h.label != "DATE":
            continue
        g = dict(h.groups)
        if h.normalized is None and g.get("relative") != "true":
            warnings.append(
                f"{doc_id}: could not read the date {text[h.start : h.end]!r} at offset {h.start}"
            )
        dates.append(
            DateFact(
                role=g.get("role", "other"),
                date=h.normalized,
                text=text[h.start : h.end],
                start=h.start,
                end=h.end,
                basis=g.get("basis"),
                page=page,
                key=kind in KEY_DATE_KINDS,
            )
        )
    dates.sort(key=lambda d: (not d.key, d.start))
    return tuple(mentions), tuple(dates)


def extract_document(doc: ParsedDocument, *, nlp: Language | None = None) -> Extraction:
    """Extract mentions, dates, Entity List rows and amendments from a parsed document.

    Args:
        doc: the parsed document; offsets in the result refer to ``doc.text``.
        nlp: a pipeline to use instead of the cached one for the document's language.

    Returns:
        The ``Extraction``; problems that do not stop extraction are listed in ``warnings``.

    Raises:
        ExtractError: the document is not a ``ParsedDocument`` or its text is too large.
    """
    if not isinstance(doc, ParsedDocument):
        raise ExtractError(f"extract_document needs a ParsedDocument, got {type(doc).__name__}")
    name = doc.meta.document_number
    if len(doc.text) > MAX_TEXT:
        raise ExtractError(f"{name}: text of {len(doc.text):,} characters is over the limit of {MAX_TEXT:,}")
    warnings: list[str] = []
    if not doc.text.strip():
        return Extraction(document=doc.meta, warnings=(f"{name}: empty text: nothing to extract",))
    junk = _junk_warning(doc.text, name)
    if junk:
        return Extraction(document=doc.meta, warnings=(junk,))
    ctx = document_context(doc)
    pipeline = nlp or get_pipeline(ctx.lang)
    hits = _run(pipeline, _block_pieces(doc, warnings), ctx)
    mentions, dates = _records(hits, doc.text, name, _pager(doc), warnings)
    amendments = extract_amendments(doc, warnings)
    entities = extract_entity_rows(doc, amendments, ctx, warnings)
    return Extraction(
        document=doc.meta,
        mentions=mentions,
        dates=dates,
        entities=entities,
        amendments=amendments,
        warnings=tuple(warnings),
    )


def extract_text(text: str, *, lang: str | None = None, name: str = "text") -> Extraction:
    """Extract mentions and dates from plain text (paragraphs separated by blank lines).

    Args:
        text: the text; offsets in the result refer to it.
        lang: "en" or "zh"; detected from the share of CJK characters when None.
        name: a name for the text, used as document number and in warnings.

    Returns:
        The ``Extraction`` (no entity rows or amendments: plain text has no tables or REGTEXT).

    Raises:
        ExtractError: ``text`` is not a string, is too large, or ``lang`` has no pipeline.
    """
    if not isinstance(text, str):
        raise ExtractError(
            f"{name}: extract_text needs a str, got {type(text).__name__}", hint="decode bytes first"
        )
    if len(text) > MAX_TEXT:
        raise ExtractError(f"{name}: text of {len(text):,} characters is over the limit of {MAX_TEXT:,}")
    lang = lang or detect_lang(text)
    pipeline = get_pipeline(lang)
    meta = DocumentMeta(document_number=name, source=SOURCE_TEXT, type="text", title=name, lang=lang)
    if not text.strip():
        return Extraction(document=meta, warnings=(f"{name}: empty text: nothing to extract",))
    junk = _junk_warning(text, name)
    if junk:
        return Extraction(document=meta, warnings=(junk,))
    ear = mentions_ear(text[:200_000])
    ctx = DocContext(doc_id=name, lang=lang, cfr_title="15" if ear else None, ear=ear)
    warnings: list[str] = []
    hits = _run(pipeline, _paragraph_pieces(text), ctx)
    mentions, dates = _records(hits, text, name, lambda _offset: None, warnings)
    return Extraction(document=meta, mentions=mentions, dates=dates, warnings=tuple(warnings))
