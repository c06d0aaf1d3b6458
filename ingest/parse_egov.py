"""Parse Japanese law XML of e-Gov (法令標準XML) into an ordered list of provisions.

One version of one law (e.g. the goods and technologies ordinance ``403M50000400049`` in force on 2023-07-23)
becomes an ``EgovVersion``: its law id, number and title, the in-force date and amending instrument of the
version, and every provision in document order, each with an English designation, its Japanese label and its
text::

    art. 6                                  第六条
    art. 6 para. 1                          第六条第一項
    art. 6 para. 1 item 17                  第六条第一項第十七号
    art. 6 para. 1 item 17 (xi)             第六条第一項第十七号ル
    art. 6 para. 1 item 17 (xvii) (6) (1)   第六条第一項第十七号レ（六）１

Subitem1 (イ, ロ, ...) is designated by the lower-case Roman numeral of its number, deeper subitems by their
number in parentheses; branch numbers ``17_2`` read ``17-2`` (第十七号の二). Appended tables are
``appx. table N``.
Supplementary provisions are not parsed (they hold commencement clauses, not controls).

The in-force date and amending instrument come from the caller or, failing that, from the file name as e-Gov
bulk downloads and the ``law-as-code-fefta`` mirror name versions: ``<law id>_<YYYYMMDD>_<instrument>.xml``.

Anything the parser does not know raises ``ParseError`` naming the element and where it sits, so that a change
of the e-Gov schema never yields a silently shorter law: an unknown element, an article without number, a body
with no article, an HTML or JSON error page served with status 200, a non-UTF-8 body, malformed XML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from lxml import etree

from exportwatch.errors import ParseError

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)
_NAME_RE = re.compile(r"^(?P<law>[0-9]{3}[A-Z0-9]{12})_(?P<date>[0-9]{8})_(?P<instrument>[^.]+)\.xml$")
_DECL_RE = re.compile(rb"^\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9_.-]+)[\"']", re.IGNORECASE)
_WS_RE = re.compile(r"\s+")

# Elements that carry running text inside a sentence; their text joins the sentence. ``Rt`` (ruby reading) is
# dropped so that 砒 is not followed by its reading ひ.
_INLINE = frozenset({"Ruby", "Line", "Sub", "Sup", "ArithFormula", "QuoteStruct", "ArithFormulaNum"})
_DROPPED_INLINE = frozenset({"Rt"})
# Containers whose sentences form a provision's text, and the blocks whose text is appended to it.
_SENTENCE_BLOCKS = frozenset({"ParagraphSentence", "ItemSentence", "Sentence", "Column"})
_TEXT_BLOCKS = frozenset(
    {
        "List",
        "ListSentence",
        "Sublist1",
        "Sublist1Sentence",
        "Sublist2",
        "Sublist2Sentence",
        "Sublist3",
        "Sublist3Sentence",
        "TableStruct",
        "TableStructTitle",
        "Table",
        "TableRow",
        "TableHeaderRow",
        "TableHeaderColumn",
        "TableColumn",
        "Remarks",
        "RemarksLabel",
        "AmendProvision",
        "AmendProvisionSentence",
        "NewProvision",
        "Class",
        "ClassTitle",
        "ClassSentence",
    }
)
# Elements that carry nothing a provision's text needs (figures, styles, notes on the source).
_SKIPPED = frozenset(
    {
        "FigStruct",
        "Fig",
        "StyleStruct",
        "Style",
        "FormatStruct",
        "Format",
        "NoteStruct",
        "Note",
        "SupplNote",
        "TOC",
        "Preamble",
        "EnactStatement",
        "SupplProvision",
        "AppdxNote",
        "AppdxStyle",
        "AppdxFormat",
        "AppdxFig",
        "Appdx",
    }
)
_CONTAINERS = {
    "Part": "PartTitle",
    "Chapter": "ChapterTitle",
    "Section": "SectionTitle",
    "Subsection": "SubsectionTitle",
    "Division": "DivisionTitle",
}
_SUBITEM_MAX = 10
_ROMAN = ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass(frozen=True)
class Provision:
    """One provision of a law version: an article, paragraph, item, subitem or appended table."""

    designation: str
    label: str
    kind: str
    text: str
    parent: str | None
    order: int


@dataclass(frozen=True)
class EgovVersion:
    """One version of one law, as e-Gov serves it, with its provisions in document order."""

    law_id: str | None
    law_num: str
    title: str
    in_force: date | None
    amendment: str | None
    provisions: tuple[Provision, ...]

    def get(self, designation: str) -> Provision:
        """The provision with this designation, e.g. ``"art. 6 para. 1 item 17"``.

        Raises:
            ParseError: the version has no such provision.
        """
        for p in self.provisions:
            if p.designation == designation:
                return p
        when = f" in force {self.in_force.isoformat()}" if self.in_force else ""
        raise ParseError(f"{self.law_id or self.law_num}{when}: no provision {designation!r}")

    def under(self, designation: str) -> list[Provision]:
        """The provisions below one provision (not itself), in document order."""
        prefix = designation + " "
        return [p for p in self.provisions if p.designation.startswith(prefix)]


def parse_egov(
    data: bytes,
    *,
    source_name: str | None = None,
    law_id: str | None = None,
    in_force: date | None = None,
    amendment: str | None = None,
) -> EgovVersion:
    """Parse one version of an e-Gov law XML document.

    Args:
        data: The response body or file (UTF-8 XML; an e-Gov API v1 ``DataRoot`` or v2
            ``law_data_response`` envelope is unwrapped; a v2 envelope's ``revision_info`` gives the in-force
            date and the instrument).
        source_name: File name or URL; its name gives law id, in-force date and instrument when it follows
            ``<law id>_<YYYYMMDD>_<instrument>.xml``.
        law_id, in_force, amendment: Override what the name says (e.g. from API metadata).

    Raises:
        ParseError: not UTF-8, empty, HTML or JSON instead of law XML, an API error envelope, malformed
            XML, an unknown element, an article without number, or a body without any article.
    """
    name = source_name or "payload"
    root = _root(data, name)
    envelope = _revision_meta(root, name)
    meta = _name_meta(source_name)
    law_id = law_id or envelope[0] or meta[0]
    in_force = in_force or envelope[1] or meta[1]
    amendment = amendment or envelope[2] or meta[2]
    law_num = _text(root.find("LawNum"))
    body = root.find("LawBody")
    if body is None or not law_num:
        raise ParseError(f"{name}: e-Gov law XML without LawNum or LawBody")
    title = _text(body.find("LawTitle"))
    walker = _Walker(name)
    for child in body:
        tag = _tag(child)
        if tag in ("LawTitle", *_SKIPPED) or tag is None:
            continue
        if tag == "MainProvision":
            walker.main(child)
        elif tag == "AppdxTable":
            walker.appendix(child)
        else:
            raise walker.unknown(child, "LawBody")
    if not any(p.kind in ("article", "paragraph") for p in walker.out):
        raise ParseError(f"{name}: no article or paragraph in the main provision (missing article)")
    return EgovVersion(law_id, law_num, title, in_force, amendment, tuple(walker.out))


def _root(data: bytes, name: str) -> etree._Element:
    if not data.strip():
        raise ParseError(f"{name}: empty payload")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ParseError(f"{name}: body is not UTF-8 (byte {e.start}); e-Gov serves UTF-8 XML") from None
    declared = _DECL_RE.match(data)
    if declared and declared.group(1).decode().lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ParseError(f"{name}: XML declares encoding {declared.group(1).decode()!r}, not UTF-8")
    head = text.lstrip("\ufeff \t\r\n")[:512].lower()
    if head.startswith("<!doctype html") or "<html" in head:
        raise ParseError(
            f"{name}: an HTML page, not e-Gov law XML", hint="was an error page served with 200?"
        )
    if head.startswith(("{", "[")):
        raise ParseError(
            f"{name}: {_json_message(text)}", hint="request the law as XML (response_format=xml)"
        )
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as e:
        raise ParseError(f"{name}: malformed or truncated XML: {e}") from None
    if root.tag == "DataRoot":  # e-Gov API v1 envelope: Result/Code 0 is success
        code = _text(root.find("Result/Code"))
        if code != "0":
            raise ParseError(f"{name}: e-Gov API error {code or '?'}: {_text(root.find('Result/Message'))}")
        law = root.find(".//LawFullText/Law")
        if law is None:
            raise ParseError(f"{name}: e-Gov API response without LawFullText/Law")
        return law
    if root.tag == "law_data_response":  # e-Gov API v2 (response_format=xml)
        law = root.find("law_full_text/Law")
        if law is None:
            raise ParseError(f"{name}: e-Gov API v2 response without law_full_text/Law")
        return law
    if root.tag != "Law":
        raise ParseError(f"{name}: not e-Gov law XML (root element <{root.tag}>)")
    return root


def _revision_meta(law: etree._Element, name: str) -> tuple[str | None, date | None, str | None]:
    """Law id, in-force date and amending instrument from an API v2 envelope's ``law_info`` and
    ``revision_info`` (all None for a bare ``Law``)."""
    parent = law.getparent()
    envelope = parent.getparent() if parent is not None else None
    if envelope is None or envelope.tag != "law_data_response":
        return None, None, None
    law_id = _text(envelope.find("law_info/law_id")) or None
    day = _text(envelope.find("revision_info/amendment_enforcement_date")) or None
    instrument = _text(envelope.find("revision_info/amendment_law_num")) or None
    try:
        when = date.fromisoformat(day) if day else None
    except ValueError:
        raise ParseError(f"{name}: impossible amendment_enforcement_date {day!r} in revision_info") from None
    return law_id, when, instrument


def _json_message(text: str) -> str:
    try:
        obj = json.loads(text)
    except ValueError:
        return "JSON-like body that is not JSON"
    if isinstance(obj, dict) and ("message" in obj or "code" in obj):
        return f"e-Gov API error {obj.get('code', '?')}: {obj.get('message', '')}".rstrip()
    return "JSON body, not law XML"


def _name_meta(source_name: str | None) -> tuple[str | None, date | None, str | None]:
    if not source_name:
        return None, None, None
    m = _NAME_RE.match(PurePath(source_name).name)
    if not m:
        return None, None, None
    d = m.group("date")
    try:
        when = date(int(d[:4]), int(d[4:6]), int(d[6:]))
    except ValueError:
        raise ParseError(f"{source_name}: impossible in-force date {d!r} in the file name") from None
    return m.group("law"), when, m.group("instrument")


def _tag(el: etree._Element) -> str | None:
    return el.tag if isinstance(el.tag, str) else None


def _text(el: etree._Element | None) -> str:
    """Text of an element with inline markup joined, ruby readings dropped, whitespace collapsed."""
    if el is None:
        return ""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if _tag(child) not in _DROPPED_INLINE:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return (
        _WS_RE.sub("", "".join(parts))
        if _is_japanese("".join(parts))
        else _WS_RE.sub(" ", "".join(parts)).strip()
    )


def _is_japanese(s: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in s)


def _roman(n: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def _num(el: etree._Element, what: str, where: str, name: str) -> str:
    """``17_2`` -> ``17-2``; a range of deleted articles ``31:46`` -> ``31 to 46``."""
    num = el.get("Num")
    if not num or not re.fullmatch(r"[0-9]+(_[0-9]+)*(:[0-9]+(_[0-9]+)*)?", num):
        raise ParseError(f"{name}: {what} without a number (Num={num!r}) in {where} (missing article?)")
    return num.replace("_", "-").replace(":", " to ")


class _Walker:
    """Walks the provision tree depth first and collects ``Provision`` rows in document order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.out: list[Provision] = []

    def unknown(self, el: etree._Element, where: str) -> ParseError:
        return ParseError(
            f"{self.name}: unknown element <{el.tag}> in {where}",
            hint="the e-Gov schema may have changed; extend ingest/parse_egov.py",
        )

    def add(self, designation: str, label: str, kind: str, text: str, parent: str | None) -> None:
        self.out.append(Provision(designation, label, kind, text, parent, len(self.out)))

    def main(self, el: etree._Element) -> None:
        for child in el:
            tag = _tag(child)
            if tag is None or tag in _SKIPPED:
                continue
            if tag == "Article":
                self.article(child)
            elif tag == "Paragraph":
                self.paragraph(child, None, "", "MainProvision")
            elif tag in _CONTAINERS:
                self.main(child)
            elif tag in _CONTAINERS.values():
                continue
            else:
                raise self.unknown(child, "MainProvision")

    def article(self, el: etree._Element) -> None:
        num = _num(el, "Article", "MainProvision", self.name)
        title = _text(el.find("ArticleTitle"))
        if not title:
            raise ParseError(f"{self.name}: article {num} without ArticleTitle (missing article?)")
        designation = f"art. {num}"
        self.add(designation, title, "article", _text(el.find("ArticleCaption")), None)
        for child in el:
            tag = _tag(child)
            if tag in (None, "ArticleTitle", "ArticleCaption", *_SKIPPED):
                continue
            if tag == "Paragraph":
                self.paragraph(child, designation, title, designation)
            else:
                raise self.unknown(child, designation)

    def paragraph(self, el: etree._Element, parent: str | None, label: str, where: str) -> None:
        num = _num(el, "Paragraph", where, self.name)
        designation = f"{parent} para. {num}" if parent else f"para. {num}"
        own = f"{label}第{_kanji_num(num)}項" if label else f"第{_kanji_num(num)}項"
        self.block(el, designation, own, "paragraph", parent, "Paragraph")

    def block(
        self, el: etree._Element, designation: str, label: str, kind: str, parent: str | None, tag_prefix: str
    ) -> None:
        """A paragraph, item or subitem: its sentence, appended text blocks, then its children."""
        sentence_tag = f"{tag_prefix}Sentence"
        title_tags = {f"{tag_prefix}Title", f"{tag_prefix}Num", f"{tag_prefix}Caption"}
        texts: list[str] = []
        children: list[etree._Element] = []
        for child in el:
            tag = _tag(child)
            if tag is None or tag in title_tags or tag in _SKIPPED:
                continue
            if tag == sentence_tag:
                texts.append(self.sentence(child, designation))
            elif tag in _TEXT_BLOCKS:
                texts.append(_text(child))
            elif tag == _child_tag(tag_prefix):
                children.append(child)
            else:
                raise self.unknown(child, designation)
        self.add(designation, label, kind, "".join(t for t in texts if t), parent)
        for child in children:
            self.child(child, designation, label, tag_prefix)

    def child(self, el: etree._Element, parent: str, parent_label: str, parent_prefix: str) -> None:
        tag = str(el.tag)
        num = _num(el, tag, parent, self.name)
        title = _text(el.find(f"{tag}Title"))
        if tag == "Item":
            head, _, branch = title.partition("の")
            label = f"{parent_label}第{head}号" + (f"の{branch}" if branch else "")
            self.block(el, f"{parent} item {num}", label, "item", parent, "Item")
            return
        level = int(tag.removeprefix("Subitem"))
        first = int(num.split("-")[0])
        mark = f"({_roman(first)}{num[len(str(first)) :]})" if level == 1 else f"({num})"
        self.block(el, f"{parent} {mark}", f"{parent_label}{title}", f"subitem{level}", parent, tag)

    def sentence(self, el: etree._Element, where: str) -> str:
        for node in el.iter():
            tag = _tag(node)
            if (
                node is el
                or tag is None
                or tag in _SENTENCE_BLOCKS
                or tag in _INLINE
                or tag in _DROPPED_INLINE
            ):
                continue
            if tag in _TEXT_BLOCKS or tag in ("Fig",):
                continue
            raise self.unknown(node, f"{where} (sentence)")
        return _text(el)

    def appendix(self, el: etree._Element) -> None:
        """An appended table (別表) as one provision: its items, rows and remarks joined as its text.

        The number is the table's ``Num``, else the one its title names (older e-Gov versions, e.g. of the
        Export Trade Control Order in 2019, have no ``Num``: 別表第三の二 is ``appx. table 3-2``), else its
        position among the tables.
        """
        title = _text(el.find("AppdxTableTitle"))
        num = el.get("Num") or _table_num(title) or str(1 + sum(1 for p in self.out if p.kind == "table"))
        designation = f"appx. table {num.replace('_', '-')}"
        texts = []
        for child in el:
            tag = _tag(child)
            if tag in (None, "AppdxTableTitle", "RelatedArticleNum", *_SKIPPED):
                continue
            if tag in _TEXT_BLOCKS or tag == "Item":
                texts.append(_text(child))
            else:
                raise self.unknown(child, designation)
        self.add(designation, title, "table", "".join(texts), None)


def _child_tag(prefix: str) -> str:
    if prefix == "Paragraph":
        return "Item"
    if prefix == "Item":
        return "Subitem1"
    level = int(prefix.removeprefix("Subitem"))
    return f"Subitem{level + 1}" if level < _SUBITEM_MAX else "-"


_KANJI = "〇一二三四五六七八九"
_TABLE_TITLE_RE = re.compile(r"^別表第([一二三四五六七八九十百]+)((?:の[一二三四五六七八九十百]+)*)")


def _kanji_int(s: str) -> int:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 百三 -> 103 (the numerals of table titles)."""
    total, digit = 0, 0
    for ch in s:
        if ch in ("十", "百"):
            total += (digit or 1) * (10 if ch == "十" else 100)
            digit = 0
        else:
            digit = _KANJI.index(ch)
    return total + digit


def _table_num(title: str) -> str | None:
    """``別表第三の二`` -> ``3_2``; None for a title without a number (a law's single 別表)."""
    m = _TABLE_TITLE_RE.match(title)
    if not m:
        return None
    branches = [b for b in m.group(2).split("の") if b]
    return "_".join(str(_kanji_int(n)) for n in (m.group(1), *branches))


def _kanji_num(num: str) -> str:
    """``12`` -> 十二, for paragraph labels (ParagraphNum is empty for a first paragraph, else a digit)."""
    n = int(num.split("-")[0])
    if n < 10:
        return _KANJI[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else _KANJI[tens]}十{'' if ones == 0 else _KANJI[ones]}"


@dataclass(frozen=True)
class Comparison:
    """Provisions added, removed and changed between two versions, keyed by designation."""

    added: tuple[Provision, ...]
    removed: tuple[Provision, ...]
    changed: tuple[tuple[Provision, Provision], ...]
    renumbered: tuple[tuple[Provision, Provision], ...]


def compare(old: EgovVersion, new: EgovVersion) -> Comparison:
    """Compare two versions provision by provision (same designation, different text = changed).

    A provision of ``new`` whose text equals that of an ``old`` provision at another designation, where
    ``old`` has different text now or nothing, is also reported as renumbered (old, new), e.g. 第十七号の二
    moving to 第十七号の三 when a new 第十七号の二 is inserted.
    """
    before = {p.designation: p for p in old.provisions}
    after = {p.designation: p for p in new.provisions}
    added = tuple(p for d, p in after.items() if d not in before)
    removed = tuple(p for d, p in before.items() if d not in after)
    changed = tuple((before[d], p) for d, p in after.items() if d in before and before[d].text != p.text)
    vacated = [
        p for p in before.values() if p.designation not in after or after[p.designation].text != p.text
    ]
    by_text: dict[tuple[str, str], list[Provision]] = {}
    for p in vacated:
        if p.text:
            by_text.setdefault((p.kind, p.text), []).append(p)
    moved = []
    for p in _iter_moved_candidates(added, changed):
        olds = by_text.get((p.kind, p.text))
        if olds:
            moved.append((olds.pop(0), p))
    return Comparison(added, removed, changed, tuple(moved))


def _iter_moved_candidates(
    added: tuple[Provision, ...], changed: tuple[tuple[Provision, Provision], ...]
) -> Iterator[Provision]:
    yield from added
    for _, p in changed:
        yield p
