"""The language of a text, for the parsers and the extraction stage alike: one rule, one place."""

from __future__ import annotations

import re

CJK_SHARE_ZH = 0.2  # share of CJK ideographs among the letters from which a text is Chinese
SAMPLE = 20_000  # characters looked at: enough to decide, bounded for a text of any size

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")


def detect_lang(text: str) -> str:
    """``zh`` when CJK ideographs are at least a fifth of the letters of the text's first
    ``SAMPLE`` characters, else ``en`` (also for a text without letters)."""
    sample = text[:SAMPLE]
    letters = len(_LETTER.findall(sample))
    return "zh" if letters and len(_CJK.findall(sample)) / letters >= CJK_SHARE_ZH else "en"


def has_cjk(text: str) -> bool:
    """The text holds a CJK ideograph (curly quotes, "§" or dashes do not make a text Chinese)."""
    return _CJK.search(text) is not None
