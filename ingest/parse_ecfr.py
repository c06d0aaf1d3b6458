"""Our parser of eCFR DIV-structured XML: parts, sections and paragraphs with their designations.

Reads what the eCFR versioner returns for a part (root ``<DIV5 TYPE="PART">``) and the bulk eCFR title files
(``<DLPSTEXTCLASS>`` with ``DIV1``..``DIV9``). Each section (``DIV8``) and appendix or supplement (``DIV9``)
becomes a ``TextVersion`` of its paragraphs; a paragraph's designation is the chain of its levels
(``(a)(1)(i)(A)``), inferred from the labels that open the ``<P>`` elements: lower-case letters, digits, lower
roman numerals, upper-case letters (``(i)`` after ``(h)`` is a letter, after ``(3)`` a numeral). Inline
markup is rendered as text; a superscript keeps its meaning (``10<SU>26</SU>`` -> ``10^26``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from exportwatch.errors import ParseError
from ingest.text.model import Paragraph, TextVersion, clean_text

_LABEL = re.compile(r"^\(([a-z]{1,5}|\d{1,3}|[A-Z]{1,2})\)\s*")
_HEADED = re.compile(r"^([^()]{1,120}?\.)\s+\((\d{1,3})\)\s+")
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
    "xi": 11,
    "xii": 12,
    "xiii": 13,
    "xiv": 14,
    "xv": 15,
    "xvi": 16,
    "xvii": 17,
    "xviii": 18,
    "xix": 19,
    "xx": 20,
    "xxi": 21,
    "xxii": 22,
    "xxiii": 23,
    "xxiv": 24,
    "xxv": 25,
}
_TEXT_TAGS = {"P", "FP", "FP-1", "FP-2", "FP-DASH", "PSPACE", "NOTE", "EXTRACT", "EXAMPLE"}
_SKIP = {"CITA", "FTNT", "AUTH", "SOURCE", "SECAUTH", "EDNOTE", "EFFDNOT", "HEAD"}


@dataclass(frozen=True)
class Part:
    number: str
    heading: str
    sections: tuple[TextVersion, ...]


def render(el: etree._Element) -> str:
    """An element's text with inline markup resolved: ``<SU>26</SU>`` after a digit as ``^26``."""
    out: list[str] = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "SU":
            inner = render(child).strip()
            out.append(f"^{inner}" if inner else "")
        elif tag == "FTREF" or tag in _SKIP:
            pass
        else:
            out.append(render(child))
        out.append(child.tail or "")
    return "".join(out)


def _label_type(label: str, stack: list[tuple[str, str]]) -> str:
    if label.isdigit():
        return "digit"
    if label.isupper():
        return "upper"
    if label in _ROMAN:
        letters = [lab for t, lab in stack if t == "letter"]
        romans = [lab for t, lab in stack if t == "roman"]
        if letters and len(label) == 1 and ord(label) == ord(letters[-1][-1]) + 1 and label not in ("i",):
            return "letter"
        if label == "i" and letters and letters[-1] == "h":
            return "letter"
        if romans and _ROMAN.get(romans[-1], 0) + 1 == _ROMAN[label]:
            return "roman"
        if label == "i" or (stack and stack[-1][0] == "digit"):
            return "roman"
    return "letter"


def _labels(text: str) -> tuple[list[str], str]:
    """The labels opening ``text`` (``(a)(1)`` -> ["a", "1"]) and the rest."""
    labels = []
    while (m := _LABEL.match(text)) is not None:
        labels.append(m.group(1))
        text = text[m.end() :]
    return labels, text


def section_paragraphs(div: etree._Element) -> tuple[Paragraph, ...]:
    """The paragraphs of a section or appendix, with designations inferred from their labels."""
    stack: list[tuple[str, str]] = []
    out: list[Paragraph] = []
    for el in div:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag not in _TEXT_TAGS:
            continue
        text = clean_text(render(el))
        if not text:
            continue
        labels, rest = _labels(text)
        if len(labels) == 1 and not labels[0].isdigit() and (m := _HEADED.match(rest)):
            labels.append(m.group(2))  # "(b) <I>Heading.</I> (1) text": the first child opens here
        for label in labels:
            kind = _label_type(label, stack)
            for i, (t, _) in enumerate(stack):
                if t == kind:
                    del stack[i:]
                    break
            stack.append((kind, label))
        designation = "".join(f"({lab})" for _, lab in stack) or "¶"
        out.append(Paragraph(designation, rest if labels else text, "paragraph"))
    return tuple(out)


def appendix_ref(title: int, part: str, name: str) -> str:
    """``Supplement No. 4 to Part 744`` -> ``15 CFR part 744 supp. 4`` (the ids amendments use)."""
    m = re.match(r"(?i)^supplement\s+no\.?\s*(\w+)", name)
    return f"{title} CFR part {part} supp. {m.group(1)}" if m else f"{title} CFR part {part} {name}"


def _head(div: etree._Element) -> str:
    head = div.find("HEAD")
    return clean_text(render(head)) if head is not None else ""


def parse_parts(
    data: bytes,
    *,
    title: int,
    valid_from: str,
    source: str,
    part: str | None = None,
    dated_by: str = "ecfr_issue_date",
    url: str = "",
) -> list[Part]:
    """Every part in ``data`` (only part ``part`` when given), each section and appendix a version valid
    from ``valid_from``; the XML is parsed once.

    Raises:
        ParseError: the XML is malformed or truncated, or holds no (such) ``DIV5 TYPE="PART"``.
    """
    try:
        root = etree.fromstring(
            data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        )
    except etree.XMLSyntaxError as e:
        raise ParseError(f"eCFR XML from {source}: not well-formed XML ({e})") from None
    parts = [root] if root.get("TYPE") == "PART" else root.findall(".//DIV5[@TYPE='PART']")
    found = [p for p in parts if part is None or p.get("N") == part]
    if not found:
        which = f"part {part}" if part else 'a part (DIV5 TYPE="PART")'
        raise ParseError(f"eCFR XML from {source}: no {which} in it")
    return [_part(div5, title, valid_from, source, dated_by, url) for div5 in found]


def parse_part(
    data: bytes,
    *,
    title: int,
    valid_from: str,
    source: str,
    part: str | None = None,
    dated_by: str = "ecfr_issue_date",
    url: str = "",
) -> Part:
    """Part ``part`` (default: the first) of ``data``: see ``parse_parts``."""
    return parse_parts(
        data, title=title, valid_from=valid_from, source=source, part=part, dated_by=dated_by, url=url
    )[0]


def _part(div5: etree._Element, title: int, valid_from: str, source: str, dated_by: str, url: str) -> Part:
    number = div5.get("N") or ""
    sections = []
    for div in div5.iter("DIV8", "DIV9"):
        n = (div.get("N") or "").replace("§", "").strip()
        ref = f"{title} CFR {n}" if div.tag == "DIV8" else appendix_ref(title, number, n)
        sections.append(
            TextVersion(
                ref=ref,
                valid_from=valid_from,
                heading=_head(div),
                paragraphs=section_paragraphs(div),
                source=source,
                parser="ecfr-xml",
                dated_by=dated_by,
                covers=("heading", "paragraphs"),
                source_url=url,
            )
        )
    return Part(number, _head(div5), tuple(sections))
