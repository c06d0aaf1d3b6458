"""Find and normalize ECCNs, CFR citations and Federal Register citations in one paragraph.

Normal forms: ECCN ``3A090.a``; CFR ``15 CFR 744.11(b)``, ``15 CFR part 744``,
``15 CFR part 744 supp. 4``, ``15 CFR parts 730-774``, ``3 CFR 2001 Comp.``; FR ``87 FR 62186``.
A citation without a title takes the document's title (15 in EAR documents, for parts 700-799);
when no title is known it is written ``§ 126.1`` or ``part 126``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ingest import patterns as P
from ingest.nlp.hits import DocContext, Hit

EAR_PARTS = range(700, 800)  # 15 CFR chapter VII: the EAR (730-774) and its neighbours


def find_eccns(text: str, ctx: DocContext) -> Iterator[Hit]:
    """ECCN mentions: ``3A090``, ``5A992.c``, ``0Y521``, ``EAR99``."""
    last_end = -1
    for m in P.ECCN.finditer(text):
        code = normalize_eccn(m.group("eccn"))
        if not ctx.ear and code != "EAR99" and not _cued(text, m.start(), last_end):
            continue
        last_end = m.end()
        yield Hit("ECCN", m.start(), m.end(), code)
        head, _, sub = code.partition(".")
        if not sub:
            continue
        for s, e, v in _list_tail(text, m.end(), P.ECCN_LIST_NEXT_SUB, "sub"):
            if v[0] != sub[0]:
                break
            yield Hit("ECCN", s, e, f"{head}.{v}", (("abbreviated", "true"),))


def _cued(text: str, start: int, last_end: int) -> bool:
    """An ECCN cue in the 80 characters before ``start`` or the 20 after it ("3A090物项"), or an
    accepted ECCN just before (a list)."""
    if last_end >= 0 and start - last_end <= 12:
        return True
    return bool(P.ECCN_CUE.search(text, max(0, start - 80), start + 25))


def normalize_eccn(raw: str) -> str:
    """``3a090.A`` -> ``3A090.a``: upper-case code, lower-case sub-paragraphs."""
    head, _, tail = raw.partition(".")
    return head.upper() + ("." + tail.lower() if tail else "")


def _title_for(part: int, ctx: DocContext) -> str | None:
    if ctx.ear:
        return "15" if part in EAR_PARTS else None
    return ctx.cfr_title


def _section(sec: str, title: str | None, ctx: DocContext) -> str:
    sec = re.sub(r"\s+", "", sec)
    title = title or _title_for(int(sec.split(".")[0]), ctx)
    return f"{title} CFR {sec}" if title else f"§ {sec}"


def _part(part: str, part2: str | None, title: str | None, ctx: DocContext) -> str:
    title = title or _title_for(int(part), ctx)
    what = f"parts {int(part)}-{int(part2)}" if part2 else f"part {int(part)}"
    return f"{title} CFR {what}" if title else what


def _hit(start: int, end: int, normalized: str, kind: str) -> Hit:
    return Hit("CFR_CITATION", start, end, normalized, (("kind", kind),))


def _list_tail(text: str, pos: int, pattern: re.Pattern[str], key: str) -> Iterator[tuple[int, int, str]]:
    """The further elements of a list that starts before ``pos``: (start, end, value) each."""
    while True:
        m = pattern.match(text, pos)
        if not m:
            return
        yield m.start(key), m.end(key), m.group(key)
        pos = m.end()


def find_cfr(text: str, ctx: DocContext) -> Iterator[Hit]:
    """CFR citations, one hit per cited section or part (a ``§§`` list gives several)."""
    if not P.CFR_CUE.search(text):
        return
    for m in P.CFR_FULL.finditer(text):
        title = m.group("title")
        sec = m.group("sec") or m.group("sec2")
        if sec:
            yield _hit(m.start(), m.end(), _section(sec, title, ctx), "section")
            for s, e, v in _list_tail(text, m.end(), P.CFR_LIST_NEXT_SECTION, "sec"):
                yield _hit(s, e, _section(v, title, ctx), "section")
        else:
            part = m.group("part") or m.group("bare")
            yield _hit(m.start(), m.end(), _part(part, m.group("part2"), title, ctx), "part")
            if not m.group("part2") and m.group().lower().find("parts") >= 0:
                for s, e, v in _list_tail(text, m.end(), P.CFR_LIST_NEXT_PART, "part"):
                    yield _hit(s, e, _part(v, None, title, ctx), "part")
    for m in P.CFR_COMP.finditer(text):
        yield _hit(m.start(), m.end(), f"{m.group('title')} CFR {m.group('year')} Comp.", "compilation")
    for m in P.CFR_SUPPLEMENT.finditer(text):
        base = _part(m.group("part"), None, None, ctx)
        yield _hit(m.start(), m.end(), f"{base} supp. {int(m.group('supp'))}", "supplement")
    for m in P.CFR_APPENDIX.finditer(text):
        base = _part(m.group("part"), None, None, ctx)
        yield _hit(m.start(), m.end(), f"{base} app. {m.group('app')}", "appendix")
    for pat in (P.CFR_SECTION_SIGN, P.CFR_SECTION_WORD):
        for m in pat.finditer(text):
            yield _hit(m.start(), m.end(), _section(m.group("sec"), None, ctx), "section")
            for s, e, v in _list_tail(text, m.end(), P.CFR_LIST_NEXT_SECTION, "sec"):
                yield _hit(s, e, _section(v, None, ctx), "section")
    for m in P.CFR_PART.finditer(text):
        yield _hit(m.start(), m.end(), _part(m.group("part"), m.group("part2"), None, ctx), "part")
        if not m.group("part2") and m.group("word").lower() == "parts":
            for s, e, v in _list_tail(text, m.end(), P.CFR_LIST_NEXT_PART, "part"):
                yield _hit(s, e, _part(v, None, None, ctx), "part")
    if ctx.lang == "zh" or not text.isascii():
        yield from _find_cfr_zh(text, ctx)


def _find_cfr_zh(text: str, ctx: DocContext) -> Iterator[Hit]:
    for m in P.CFR_ZH_SECTION.finditer(text):
        yield _hit(m.start(), m.end(), _section(m.group("sec"), None, ctx), "section")
    for m in P.CFR_ZH_PART.finditer(text):
        base = _part(m.group("part"), None, None, ctx)
        supp = m.group("supp") or m.group("supp2") or m.group("supp3")
        if supp:
            yield _hit(m.start(), m.end(), f"{base} supp. {int(supp)}", "supplement")
        else:
            yield _hit(m.start(), m.end(), base, "part")


def find_fr(text: str, ctx: DocContext) -> Iterator[Hit]:
    """Federal Register citations; a placeholder resolves to the document's own citation if known."""
    if not P.FR_CUE.search(text):
        return
    for m in P.FR_CITATION.finditer(text):
        yield Hit("FR_CITATION", m.start(), m.end(), f"{int(m.group('vol'))} FR {int(m.group('page'))}")
    for m in P.FR_PLACEHOLDER.finditer(text):
        printed = " ".join(m.group().split())
        own = ctx.own_citation
        vol = m.group("vol")
        if own and (vol is None or own.startswith(f"{int(vol)} FR")):
            yield Hit("FR_CITATION", m.start(), m.end(), own, (("placeholder", "true"), ("resolved", "true")))
        else:
            yield Hit(
                "FR_CITATION", m.start(), m.end(), printed, (("placeholder", "true"), ("resolved", "false"))
            )


def find_citations(text: str, ctx: DocContext) -> Iterator[Hit]:
    """All three kinds: ECCN, CFR_CITATION, FR_CITATION."""
    yield from find_eccns(text, ctx)
    yield from find_cfr(text, ctx)
    yield from find_fr(text, ctx)
