"""The exportwatch spaCy components: every ``@Language.factory`` of the project is registered here.

The pipeline (``pipeline.cfg`` for English, ``pipeline_zh.cfg`` for Chinese) runs four finders
and a writer:

- ``exportwatch_citations``: ECCN, CFR_CITATION, FR_CITATION (regexes of ``ingest.patterns``);
- ``exportwatch_dates``: DATE, with a role and, for relative dates, the computed date;
- ``exportwatch_measures``: THRESHOLD and COUNTRY_GROUP;
- ``exportwatch_terms``: COUNTRY, CONTROL_TOOL, RULE_NAME, REGIME (trie regexes built from the
  vocabulary; the only stateful component, saved with ``to_disk``);
- ``exportwatch_spans``: resolves overlaps per label and writes ``doc.spans[spans_key]``.

Finders search ``doc.text`` (English tokenization splits ``§ 744.11(b)``, so token patterns do
worse than a regex over the text) and append ``Hit``s to ``doc._.ew_hits``; the writer maps each
hit to a span with ``doc.char_span(..., alignment_mode="expand")``. Span extensions hold what a
span alone cannot: ``span._.ew_normalized``, ``span._.ew_groups`` and ``span._.ew_exact`` (the
exact character offsets, since expansion may widen a span to token boundaries). A document's
context (CFR title, publication date, own citation) comes in ``doc._.ew_context``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from exportwatch.vocab.tools import TERM_TABLES
from ingest.nlp.citations import find_cfr, find_eccns, find_fr
from ingest.nlp.dates import find_dates
from ingest.nlp.hits import DocContext, Hit, mentions_ear, resolve_overlaps
from ingest.nlp.measures import find_country_groups, find_thresholds
from ingest.nlp.terms import TermMatcher

SPANS_KEY = "exportwatch"
# Working data kept in doc.user_data under these keys (the Doc extensions below read and write the
# same entries; components use the dict directly, as an underscore lookup costs more than a finder).
_TEXT_KEY = "exportwatch:text"
_CONTEXT_KEY = "exportwatch:context"
_HITS_KEY = "exportwatch:hits"


def _span_key(name: str, span: Span) -> str:
    # spaCy keys span extensions by character offsets only; two labels on one expanded span (or
    # two hits inside one English token) would share a value. Key by label and span id as well.
    return f"exportwatch:{name}:{span.start_char}:{span.end_char}:{span.label_}:{span.id_}"


def _span_extension(name: str) -> None:
    if Span.has_extension(name):
        return

    def getter(span: Span) -> Any:
        return span.doc.user_data.get(_span_key(name, span))

    def setter(span: Span, value: Any) -> None:
        span.doc.user_data[_span_key(name, span)] = value

    Span.set_extension(name, getter=getter, setter=setter)


for _name in ("ew_normalized", "ew_groups", "ew_exact"):
    _span_extension(_name)


def _doc_extension(name: str, key: str) -> None:
    if Doc.has_extension(name):
        return

    def getter(doc: Doc) -> Any:
        return doc.user_data.get(key)

    def setter(doc: Doc, value: Any) -> None:
        doc.user_data[key] = value

    Doc.set_extension(name, getter=getter, setter=setter)


_doc_extension("ew_context", _CONTEXT_KEY)
_doc_extension("ew_hits", _HITS_KEY)

Finder = Callable[[str, DocContext], Iterable[Hit]]


def context_of(doc: Doc) -> DocContext:
    """The document context set on ``doc._.ew_context``; for a bare doc, one made from its own text
    (its language, and title 15 when it names the EAR or BIS)."""
    ctx = doc.user_data.get(_CONTEXT_KEY)
    if isinstance(ctx, DocContext):
        return ctx
    ear = mentions_ear(doc_text(doc))
    ctx = DocContext(lang=doc.lang_ or "en", ear=ear, cfr_title="15" if ear else None)
    doc.user_data[_CONTEXT_KEY] = ctx
    return ctx


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per doc: spaCy rebuilds it from the tokens on every access."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def set_doc_context(doc: Doc, ctx: DocContext) -> None:
    """Set ``doc._.ew_context`` (what the finders may use about the document)."""
    doc.user_data[_CONTEXT_KEY] = ctx


def set_doc_text(doc: Doc, text: str) -> None:
    """Hand the finders the text a doc was made from (``nlp.make_doc(text).text == text``), so they
    need not rebuild it from the tokens."""
    doc.user_data[_TEXT_KEY] = text


def _add_hits(doc: Doc, hits: Iterable[Hit]) -> None:
    found = doc.user_data.get(_HITS_KEY)
    if found is None:
        doc.user_data[_HITS_KEY] = found = []
    found.extend(hits)


class HitFinder:
    """A stateless component running one or more finders over ``doc.text``.

    Args:
        name: the component name.
        finders: functions ``(text, context) -> hits``.
    """

    def __init__(self, name: str, finders: list[Finder]) -> None:
        self.name = name
        self.finders = finders

    def __call__(self, doc: Doc) -> Doc:
        ctx = context_of(doc)
        text = doc_text(doc)
        for finder in self.finders:
            _add_hits(doc, finder(text, ctx))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


class TermFinder(HitFinder):
    """The stateful terms component: a ``TermMatcher`` over term tables it can save and load.

    Args:
        name: the component name.
        labels: which term labels to find (COUNTRY, CONTROL_TOOL, RULE_NAME, REGIME).
    """

    def __init__(self, name: str, labels: list[str]) -> None:
        self.labels = list(labels)
        self.tables = {k: {i: tuple(t) for i, t in v.items()} for k, v in TERM_TABLES.items() if k in labels}
        self.matcher = TermMatcher(self.tables, countries="COUNTRY" in labels)
        super().__init__(name, [self.matcher.find])

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the term tables as ``terms.json`` in the directory ``path``."""
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        data = {
            "labels": self.labels,
            "tables": {k: {i: list(t) for i, t in v.items()} for k, v in self.tables.items()},
        }
        (p / "terms.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TermFinder:
        """Load the term tables saved by ``to_disk`` and rebuild the matcher."""
        data = json.loads((Path(path) / "terms.json").read_text(encoding="utf-8"))
        self.labels = list(data["labels"])
        self.tables = {k: {i: tuple(t) for i, t in v.items()} for k, v in data["tables"].items()}
        self.matcher = TermMatcher(self.tables, countries="COUNTRY" in self.labels)
        self.finders = [self.matcher.find]
        return self


class SpanWriter:
    """Resolve overlapping hits per label and write them as spans of ``doc.spans[spans_key]``.

    Args:
        name: the component name.
        spans_key: the span group to write.
    """

    def __init__(self, name: str, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        hits = resolve_overlaps(list(doc.user_data.get(_HITS_KEY) or ()))
        spans: list[Span] = []
        for h in hits:
            span = doc.char_span(
                h.start, h.end, label=h.label, alignment_mode="expand", span_id=f"{h.start}:{h.end}"
            )
            if span is None:  # only whitespace around the hit: cannot be a token span
                continue
            data = doc.user_data  # what span._.ew_* read; set directly (an underscore lookup costs more)
            data[_span_key("ew_normalized", span)] = h.normalized
            data[_span_key("ew_groups", span)] = h.groups
            data[_span_key("ew_exact", span)] = (h.start, h.end)
            spans.append(span)
        doc.spans[self.spans_key] = SpanGroup(doc, name=self.spans_key, spans=spans)
        doc.user_data.pop(_HITS_KEY, None)
        doc.user_data.pop(_TEXT_KEY, None)
        return doc


@Language.factory(
    "exportwatch_citations",
    default_config={"eccn": True, "cfr": True, "fr": True},
    assigns=["doc._.ew_hits"],
)
def make_citations(nlp: Language, name: str, eccn: bool, cfr: bool, fr: bool) -> HitFinder:
    """ECCNs, CFR citations and FR citations found by regex over the text."""
    finders: list[Finder] = []
    if eccn:
        finders.append(find_eccns)
    if cfr:
        finders.append(find_cfr)
    if fr:
        finders.append(find_fr)
    return HitFinder(name, finders)


@Language.factory("exportwatch_dates", default_config={}, assigns=["doc._.ew_hits"])
def make_dates(nlp: Language, name: str) -> HitFinder:
    """Dates with roles; relative dates computed from ``doc._.ew_context.publication_date``."""
    return HitFinder(name, [find_dates])


@Language.factory(
    "exportwatch_measures",
    default_config={"thresholds": True, "country_groups": True},
    assigns=["doc._.ew_hits"],
)
def make_measures(nlp: Language, name: str, thresholds: bool, country_groups: bool) -> HitFinder:
    """Technical thresholds and EAR country groups."""
    finders: list[Finder] = []
    if thresholds:
        finders.append(find_thresholds)
    if country_groups:
        finders.append(find_country_groups)
    return HitFinder(name, finders)


@Language.factory(
    "exportwatch_terms",
    default_config={"labels": ["COUNTRY", "CONTROL_TOOL", "RULE_NAME", "REGIME"]},
    assigns=["doc._.ew_hits"],
)
def make_terms(nlp: Language, name: str, labels: list[str]) -> TermFinder:
    """Countries, control tools, rule names and regimes from the vocabulary, English and Chinese."""
    unknown = sorted(set(labels) - {"COUNTRY", *TERM_TABLES})
    if unknown:
        raise ValueError(
            f"exportwatch_terms: unknown labels {unknown}; valid: COUNTRY, {', '.join(TERM_TABLES)}"
        )
    return TermFinder(name, labels)


@Language.factory(
    "exportwatch_spans",
    default_config={"spans_key": SPANS_KEY},
    requires=["doc._.ew_hits"],
    assigns=["doc.spans", "span._.ew_normalized", "span._.ew_groups", "span._.ew_exact"],
)
def make_spans(nlp: Language, name: str, spans_key: str) -> SpanWriter:
    """Write the resolved hits as labelled spans with normalized values."""
    return SpanWriter(name, spans_key)


def spans_to_hits(doc: Doc, spans_key: str = SPANS_KEY) -> list[Hit]:
    """Read the written spans back as hits with exact offsets (inverse of ``exportwatch_spans``)."""
    out: list[Hit] = []
    for span in doc.spans.get(spans_key, ()):
        data = doc.user_data
        exact: Any = data.get(_span_key("ew_exact", span)) or (span.start_char, span.end_char)
        normalized = data.get(_span_key("ew_normalized", span))
        out.append(
            Hit(
                span.label_,
                exact[0],
                exact[1],
                normalized,
                tuple(data.get(_span_key("ew_groups", span)) or ()),
            )
        )
    return out
