"""Korean law articles (law.go.kr Open API, as compacted to JSON) as versioned texts, one per article.

The input is the JSON the law.go.kr DRF answer was reduced to: ``laws.<law name>.articles``, each with
``label`` (e.g. 제19조의2), ``articleNumber``, ``subArticleNumber``, ``title``, ``effectiveDate``
(YYYYMMDD) and ``text``. Each article becomes a ``TextVersion`` of ``KR:<law name> art. <n>[-<sub>]``
valid from its own effective date, with its paragraphs (circled numbers -> ``para. 1``) and items
(``  1.`` -> ``item 1``) as designations, e.g. ``art. 19-6 para. 1 item 3``.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from exportwatch.errors import ParseError
from ingest.text.model import Paragraph, TextVersion

PARSER = "lawgokr-json"
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ① .. ⑳
_ITEM = re.compile(r"^\s*([0-9]+(?:의[0-9]+)?)\.\s+(.*)$")


def _iso(yyyymmdd: str, where: str) -> str:
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8])).isoformat()
    except (ValueError, TypeError):
        raise ParseError(f"{where}: effective date {yyyymmdd!r} is not YYYYMMDD") from None


def article_paragraphs(designation: str, text: str) -> tuple[Paragraph, ...]:
    """The article's own sentence, paragraphs and items, with designations (the heading line dropped)."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    first = re.sub(r"^제[0-9]+조(?:의[0-9]+)?\([^)]*\)\s*", "", lines[0]) if lines else ""
    out: list[Paragraph] = []
    para = designation
    if first:
        out.append(Paragraph(designation, first.strip()))
    for ln in lines[1:]:
        s = ln.strip()
        if s and s[0] in _CIRCLED:
            para = f"{designation} para. {_CIRCLED[s[0]]}"
            out.append(Paragraph(para, s[1:].strip()))
        elif m := _ITEM.match(ln):
            out.append(Paragraph(f"{para} item {m.group(1).replace('의', '-')}", m.group(2).strip()))
        elif out:
            last = out[-1]
            out[-1] = Paragraph(last.designation, f"{last.text} {s}", last.kind)
        else:
            out.append(Paragraph(designation, s))
    return tuple(out)


def korean_versions(data: bytes, *, source: str, source_url: str = "") -> list[TextVersion]:
    """One ``TextVersion`` per article of every law in a law.go.kr JSON document.

    Raises:
        ParseError: not UTF-8 JSON of that shape, an article without number or text, a bad date.
    """
    try:
        doc: Any = json.loads(data.decode("utf-8"))
        laws = doc["laws"]
        items = laws.items()
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise ParseError(f"{source}: not law.go.kr law JSON ({type(e).__name__})") from None
    out = []
    for name, law in items:
        for a in law.get("articles") or []:
            number, sub = a.get("articleNumber"), a.get("subArticleNumber") or 0
            if not isinstance(number, int) or not a.get("text"):
                raise ParseError(f"{source}: an article of {name} without number or text (missing article?)")
            top = f"art. {number}" + (f"-{sub}" if sub else "")
            out.append(
                TextVersion(
                    ref=f"KR:{name} {top}",
                    valid_from=_iso(str(a.get("effectiveDate") or ""), f"{source} {name} {top}"),
                    heading=f"{a.get('label', '')}({a.get('title', '')})",
                    paragraphs=article_paragraphs(top, str(a["text"])),
                    source=source,
                    parser=PARSER,
                    dated_by="effective_date",
                    covers=("heading", "paragraphs"),
                    source_url=source_url,
                    confidence="official",
                    meta={
                        "regime": "KR",
                        "law": name,
                        "law_title": name,
                        "law_num": f"MST {law.get('mst')}" if law.get("mst") else None,
                        "instrument": None,
                        "designation": top,
                    },
                )
            )
    return out
