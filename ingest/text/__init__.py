"""Versioned legal text: paragraphs with designations, versions with a text hash, paragraph diffs.

The model is jurisdiction-neutral: a CFR section (``15 CFR 744.23``), an ECCN of the Commerce Control
List (``US:3A090``) and, later, a Japanese article (``JP:403M50000400049 art. 6``) or an EU Annex I entry
all become a ``TextVersion``: an ordered tuple of ``Paragraph`` (designation, kind, text) valid from a
date, with the provenance of the payload it was read from and the parts of the text it covers.
"""

from __future__ import annotations

from ingest.text.diff import Change, TextDiff, diff_versions, word_diff
from ingest.text.model import Paragraph, TextVersion, compare_key

__all__ = ["Change", "Paragraph", "TextDiff", "TextVersion", "compare_key", "diff_versions", "word_diff"]
