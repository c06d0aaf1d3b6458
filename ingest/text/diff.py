"""Paragraph diffs of two versions of one text, with a word-level diff inside each changed paragraph.

Paragraphs are aligned as a sequence (``difflib.SequenceMatcher`` on a key per paragraph), so an inserted
paragraph does not shift every later one into a "change". Between versions read by the same parser the key
is (designation, text); between parsers the designations of notes and unlabelled text are parser artefacts,
so those are aligned on their text alone, and only paragraphs found in both and reworded are changes: one
that a single parse holds is ``unmatched`` (a parser's gap or split cannot be told from an addition). Only
the parts of the text both versions cover are compared; the others are listed in ``TextDiff.not_covered``
and never reported as added or removed.

A paragraph "added" (or "changed", compared slot by slot) whose text stood word for word under another
designation of the older version, and no longer stands there, was renumbered: it is reported as ``moved``
(with ``moved_from``), not as new text (see ``_moves``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from typing import Any

from ingest.text.model import Paragraph, TextVersion, compare_key

_WORDS = re.compile(r"^\s+|\S+\s*")  # a word with the spaces after it (no run of lone-space tokens)
# Japanese, Chinese and Korean hanja/kana run without spaces: each such character is a token of its own.
_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_TOKENS = re.compile(rf"^\s+|[{_CJK}]|[^\s{_CJK}]+\s*")
PAIR_RATIO = (
    0.5  # two paragraphs at least this similar are one changed paragraph, not a removal and an addition
)
_LOOSE = ("note", "text")  # kinds whose designation is not comparable across parsers
MOVE_MIN_CHARS = 20  # shorter texts ("削除", "次のいずれかに該当するもの") recur too often to follow a move


@dataclass(frozen=True)
class Change:
    """One paragraph added, removed, changed or moved; ``words`` is the word diff of a changed paragraph, and
    ``moved_from`` the designation a moved paragraph's unchanged text stood under before."""

    designation: str
    change: str  # added, removed, changed, moved
    before: str | None
    after: str | None
    kind: str = "paragraph"
    words: tuple[tuple[str, str], ...] = ()  # ("=", "same") ("-", "old") ("+", "new")
    moved_from: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "designation": self.designation,
            "change": self.change,
            "before": self.before,
            "after": self.after,
        }
        if self.moved_from is not None:
            out["moved_from"] = self.moved_from
        return out

    @property
    def label(self) -> str:
        """The change as people read it: ``added``, ``moved from <designation>``, or ``changed (was
        <designation>)`` for a paragraph reworded and renumbered."""
        if self.change == "moved":
            return f"moved from {self.moved_from}"
        return f"{self.change} (was {self.moved_from})" if self.moved_from else self.change

    def inline(self) -> str:
        """The word diff as text: ``[-removed-]{+added+}``."""
        if self.change != "changed":
            return (self.before if self.change == "removed" else self.after) or ""
        out = []
        for op, text in self.words:
            out.append(text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
        return "".join(out)


@dataclass(frozen=True)
class TextDiff:
    ref: str
    from_date: str
    to_date: str
    from_version: str
    to_version: str
    changes: tuple[Change, ...]
    not_covered: tuple[str, ...] = field(default=())
    # Between versions read by different parsers: paragraphs found in one version only. A parse that lost
    # or split a paragraph cannot be told from a real addition, so these are listed, never reported.
    unmatched: tuple[Change, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The contract of ``exportwatch diff --format json``."""
        return {
            "ref": self.ref,
            "from": self.from_date,
            "to": self.to_date,
            "from_version": self.from_version,
            "to_version": self.to_version,
            "changes": [c.to_json() for c in self.changes],
        }

    def unified(self) -> str:
        """Unified-diff style text, one paragraph per line, prefixed with its designation."""
        lines = [f"--- {self.from_version}", f"+++ {self.to_version}"]
        for c in self.changes:
            lines.append(f"@@ {c.designation} ({c.label}) @@")
            if c.before is not None:
                lines.append(f"-{c.before}")
            if c.after is not None:
                lines.append(f"+{c.after}")
        return "\n".join(lines)


def word_diff(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """Word-level diff (whitespace kept as tokens), merged into runs of ``=``, ``-`` and ``+``."""
    words = _CJK_TOKENS if re.search(f"[{_CJK}]", before + after) else _WORDS
    a, b = words.findall(before), words.findall(after)
    ops: list[tuple[str, str]] = []

    def add(op: str, toks: list[str]) -> None:
        text = "".join(toks)
        if not text:
            return
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + text)
        else:
            ops.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("=", a[i1:i2])
        else:
            add("-", a[i1:i2])
            add("+", b[j1:j2])
    return tuple(ops)


def _key(p: Paragraph, loose: bool) -> tuple[str, str]:
    if loose and p.kind in _LOOSE:
        return ("", compare_key(p.text))
    return (compare_key(p.designation), compare_key(p.text))


def _ratio(a: Paragraph, b: Paragraph) -> float:
    """Similarity of two paragraphs on their words (as compared: quotes, dashes, case ignored)."""
    m = difflib.SequenceMatcher(None, _cmp_words(a.text), _cmp_words(b.text), autojunk=False)
    return 0.0 if m.real_quick_ratio() < PAIR_RATIO or m.quick_ratio() < PAIR_RATIO else m.ratio()


def _cmp_words(text: str) -> list[str]:
    return [compare_key(w) for w in text.split()]


def _pair(old: list[Paragraph], new: list[Paragraph], loose: bool) -> list[Change]:
    """Pair removed and added paragraphs of one block into changes (same designation, else similar text)."""
    out: list[Change] = []
    used: set[int] = set()
    matched: dict[int, int] = {}
    for i, p in enumerate(old):
        for j, q in enumerate(new):
            if j in used:
                continue
            same_slot = compare_key(p.designation) == compare_key(q.designation) and not (
                loose and p.kind in _LOOSE + ("item",)  # across parsers, item letters are not reliable slots
            )
            if same_slot or (p.kind == q.kind and _ratio(p, q) >= PAIR_RATIO):
                matched[i] = j
                used.add(j)
                break
    j_next = 0
    for i, p in enumerate(old):
        if i in matched:
            j = matched[i]
            for k in range(j_next, j):
                if k not in used:
                    q = new[k]
                    out.append(Change(q.designation, "added", None, q.text, q.kind))
                    used.add(k)  # emitted here, in document order: not again below
            j_next = max(j_next, j + 1)
            q = new[j]
            # paired across designations by their text (same parser): renumbered
            elsewhere = not loose and compare_key(p.designation) != compare_key(q.designation)
            if compare_key(p.text) != compare_key(q.text):
                words = word_diff(p.text, q.text)
                src = p.designation if elsewhere else None
                out.append(Change(q.designation, "changed", p.text, q.text, q.kind, words, moved_from=src))
            elif elsewhere:
                out.append(Change(q.designation, "moved", p.text, q.text, q.kind, moved_from=p.designation))
        else:
            out.append(Change(p.designation, "removed", p.text, None, p.kind))
    for k in range(len(new)):
        if k not in used:
            q = new[k]
            out.append(Change(q.designation, "added", None, q.text, q.kind))
    # keep document order of the new text for additions placed after the last pairing
    return out


def diff_versions(a: TextVersion, b: TextVersion) -> TextDiff:
    """What changed from ``a`` to ``b`` (two versions of the same thing), paragraph by paragraph."""
    loose = a.parser != b.parser
    changes: list[Change] = []
    if (a.covers_part("heading") and b.covers_part("heading")) and compare_key(a.heading) != compare_key(
        b.heading
    ):
        changes.append(
            Change("heading", "changed", a.heading, b.heading, "heading", word_diff(a.heading, b.heading))
        )
    left = [p for p in a.paragraphs if b.covers_paragraph(p) and a.covers_paragraph(p)]
    right = [p for p in b.paragraphs if a.covers_paragraph(p) and b.covers_paragraph(p)]
    kept = {id(p) for p in left} | {id(p) for p in right}
    skipped = {p.part for p in (*a.paragraphs, *b.paragraphs) if id(p) not in kept}
    skipped |= {
        e.partition("=")[0]
        for e in a.covers + b.covers
        if not (a.covers_part(e.partition("=")[0]) and b.covers_part(e.partition("=")[0]))
    }
    matcher = difflib.SequenceMatcher(
        None, [_key(p, loose) for p in left], [_key(p, loose) for p in right], autojunk=False
    )
    unmatched: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for c in _pair(left[i1:i2], right[j1:j2], loose):
            if not loose:
                changes.append(c)
            elif c.change != "changed" or not (c.before or "").strip() or not (c.after or "").strip():
                unmatched.append(c)  # across parsers, a paragraph one parse lacks is a gap, not a change
            elif _unlabelled(c.before or "") != _unlabelled(c.after or ""):
                changes.append(c)
    if not loose:
        changes = _moves(changes, left, right)
    return TextDiff(
        ref=a.ref,
        from_date=a.valid_from,
        to_date=b.valid_from,
        from_version=a.id,
        to_version=b.id,
        changes=tuple(changes),
        not_covered=tuple(
            sorted(
                skipped - {"heading"} if a.covers_part("heading") and b.covers_part("heading") else skipped
            )
        ),
        unmatched=tuple(unmatched),
    )


def _moves(changes: list[Change], left: list[Paragraph], right: list[Paragraph]) -> list[Change]:
    """Renumberings among the changes: a paragraph added (or changed, compared slot by slot) whose text stood
    word for word under another designation before, no longer stands there, and occurs as often in the new
    version as in the old (so it is not a new copy) is ``moved``. The removal of the text it left is then no
    removal; new text under the designation it left is an addition, not a rewording; and the old text of a
    slot a moved paragraph took, found nowhere in the new version, is a removal."""
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    for p in left:
        before.setdefault(compare_key(p.text), []).append(p.designation)
    for p in right:
        after.setdefault(compare_key(p.text), []).append(p.designation)
    moved: dict[int, str] = {}  # index of the change -> the designation its text stood under
    for i, c in enumerate(changes):
        key = compare_key(c.after or "")
        if (
            c.change in ("added", "changed")
            and c.kind != "heading"  # a heading is no paragraph: it cannot stand under another designation
            and len(key) >= MOVE_MIN_CHARS
            and len(before.get(key, ())) == len(after.get(key, ()))
        ):
            gone = [d for d in before.get(key, ()) if d not in after[key]]
            if gone:
                before[key].remove(gone[0])
                moved[i] = gone[0]
    left_from = {(moved[i], compare_key(changes[i].after or "")) for i in moved}
    out: list[Change] = []
    for i, c in enumerate(changes):
        old = (c.designation, compare_key(c.before or ""))
        if i in moved:
            if c.change == "changed" and old not in left_from and old[1] not in after:
                out.append(Change(c.designation, "removed", c.before, None, c.kind))
            out.append(replace(c, change="moved", before=c.after, words=(), moved_from=moved[i]))
        elif c.change == "removed" and old in left_from:
            continue  # its text moved: reported where it stands now
        elif c.change == "changed" and old in left_from:
            out.append(Change(c.designation, "added", None, c.after, c.kind))
        else:
            out.append(c)
    return out


_LEADING_LABEL = re.compile(r"^(?:\(?[0-9a-z]{1,5}[.)]\s*)+")


def _unlabelled(text: str) -> str:
    """The comparison key without a leading enumerator (``2.``, ``(a)``), which parsers keep or drop."""
    return _LEADING_LABEL.sub("", compare_key(text))
