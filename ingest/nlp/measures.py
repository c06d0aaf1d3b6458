"""Find technical thresholds and country groups.

THRESHOLD hits carry groups ``metric`` (tpp, performance_density, bandwidth, operations,
ownership, de_minimis), ``operator`` (>=, >, <=, <, =), ``value`` (a plain number; ``1e26`` for
``10^26``), ``unit`` and, for a range, ``operator2``/``value2``. Normalized: ``tpp>=4800``,
``operations>1e26``, ``ownership>=50%``. COUNTRY_GROUP hits are normalized ``D:5`` (or ``B``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ingest import patterns as P
from ingest.nlp.hits import DocContext, Hit

_OPERATORS: tuple[tuple[str, str], ...] = (
    (r"or\s+equal|equal\s+to\s+or|at\s+least|no\s+less|not\s+less|≥|>=|不低于|不少于|至少|达到", ">="),
    (r"at\s+most|no\s+more|not\s+more|up\s+to|≤|<=|不超过", "<="),
    (r"(?:greater|more|higher|larger)\s+than|exceed|above|>|超过|高于|大于", ">"),
    (r"(?:less|lower|fewer)\s+than|below|<|低于|小于|少于", "<"),
)
_POST_OPERATORS: tuple[tuple[str, str], ...] = (
    (r"or\s+(?:more|greater|higher|above|larger)|and\s+above|以上|或更高|或更多", ">="),
    (r"or\s+(?:less|lower|fewer|below)|以下|或更低", "<="),
)
_QUOTES = "'‘’\"“”`"


def _operator(pre: str | None, post: str | None) -> str:
    for text, table in ((post, _POST_OPERATORS), (pre, _OPERATORS)):
        if text:
            for pat, op in table:
                if re.search(pat, text, re.IGNORECASE):
                    return op
    return "="


def _value(raw: str) -> str:
    raw = raw.replace(",", "").replace(" ", "")
    if "^" in raw:
        base, exp = raw.split("^", 1)
        return f"{base[:-2] or '1'}e{int(exp)}" if base.endswith("10") else raw
    return raw


def _metric(raw: str) -> str:
    m = raw.strip(_QUOTES).lower()
    if "tpp" in m or "processing" in m or "总处理性能" in m:
        return "tpp"
    if "density" in m and "performance" in m or "性能密度" in m:
        return "performance_density"
    if "minimis" in m:
        return "de_minimis"
    if "own" in m or m in ("股权", "持股", "拥有", "所有权"):
        return "ownership"
    return "bandwidth"


def _hit(m: re.Match[str], metric: str, unit: str, value2: tuple[str, str] | None = None) -> Hit:
    start, end = m.start(), m.end()
    text = m.group()
    while start < end and text[start - m.start()] in _QUOTES:  # a leading quote is not part of it
        start += 1
    gd = m.groupdict()
    op = _operator(gd.get("op_pre") or gd.get("op_pre2"), gd.get("op_post"))
    value = _value(m.group("value"))
    suffix = unit if unit == "%" or metric in ("bandwidth", "performance_density") else ""
    normalized = f"{metric}{op}{value}{suffix}"
    groups = [("metric", metric), ("operator", op), ("value", value), ("unit", unit)]
    if value2:
        op2 = _operator(value2[0], None)
        normalized += f",{op2}{_value(value2[1])}"
        groups += [("operator2", op2), ("value2", _value(value2[1]))]
    return Hit("THRESHOLD", start, end, normalized, tuple(groups))


def _unit(raw: str | None) -> str:
    if not raw:
        return ""
    u = raw.strip()
    if u in ("percent", "%", "％") or u.startswith("per "):
        return "%"
    u = re.sub(r"\s*per\s+square\s+millimeter", "/mm2", u.replace("Gbyte/s", "GB/s"))
    return u.replace("mm^2", "mm2").replace("mm²", "mm2")


def find_thresholds(text: str, ctx: DocContext) -> Iterator[Hit]:
    """Thresholds: TPP, performance density, bandwidth, training operations, ownership shares."""
    if not P.THRESHOLD_CUE.search(text):
        return
    for m in P.THRESHOLD_METRIC_FIRST.finditer(text):
        v2 = (m.group("op2"), m.group("value2")) if m.group("value2") else None
        yield _hit(m, _metric(m.group("metric")), _unit(m.group("unit")), v2)
    for m in P.THRESHOLD_METRIC_AFTER.finditer(text):
        yield _hit(m, _metric(m.group("metric")), _unit(m.group("unit")))
    for m in P.THRESHOLD_OPERATIONS.finditer(text):
        yield _hit(m, "operations", "operations")
    for pat in (P.THRESHOLD_SHARE, P.THRESHOLD_SHARE_ZH):
        for m in pat.finditer(text):
            yield _hit(m, _metric(m.group("metric")), "%")


def find_country_groups(text: str, ctx: DocContext) -> Iterator[Hit]:
    """Country groups of 15 CFR part 740 supp. 1: ``D:5``, ``Country Group A:5``, ``Country Group B``."""
    if not P.COUNTRY_GROUP_CUE.search(text):
        return
    for m in P.COUNTRY_GROUP.finditer(text):
        yield Hit("COUNTRY_GROUP", m.start(), m.end(), f"{m.group('group')}:{m.group('num')}")
    for m in P.COUNTRY_GROUP_LETTER.finditer(text):
        yield Hit("COUNTRY_GROUP", m.start(), m.end(), m.group("group"))
        pos = m.end()
        while m.group("kw").lower().endswith("s") and (
            nxt := P.COUNTRY_GROUP_LIST_NEXT_LETTER.match(text, pos)
        ):
            yield Hit("COUNTRY_GROUP", nxt.start("group"), nxt.end("group"), nxt.group("group"))
            pos = nxt.end()
    if ctx.lang == "zh" or not text.isascii():
        for m in P.COUNTRY_GROUP_ZH.finditer(text):
            yield Hit("COUNTRY_GROUP", m.start(), m.end(), f"{m.group('group')}:{m.group('num')}")


def find_measures(text: str, ctx: DocContext) -> Iterator[Hit]:
    """THRESHOLD and COUNTRY_GROUP hits."""
    yield from find_thresholds(text, ctx)
    yield from find_country_groups(text, ctx)
