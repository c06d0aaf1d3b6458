"""German federal law texts (gesetze-im-internet.de, as rendered to Markdown by ``bundestag/gesetze``) as
versioned texts, one per section (§).

The input is one law's ``index.md``: YAML front matter (``Title``, ``jurabk``, ``slug``), a title block of
definition-list entries (``Ausfertigungsdatum``, ``Fundstelle``, ``Zuletzt geändert durch``), then headings
(``## Kapitel ...``, ``##### § 9 Heading``, any level) and the sections' text: paragraphs ``(1)``, numbered
items ``1.`` (indented continuation lines), lettered items ``a)``/``aa)`` indented under them, and text after
a list (``Satz 1 gilt nicht, ...``). Each section becomes a ``TextVersion`` of ``DE:<abbreviation> § <n>``
(``DE:AWV § 9``) with designations such as ``§ 9 para. 1 item 2``, ``§ 2 para. 2 item 6 letter a`` and
``§ 8 para. 2 closing words`` (the text after a paragraph's list).

The record does not state when a version entered into force: it names only the law's last amending
instrument (``Art. 2 V v. 25.8.2021 BAnz AT 07.09.2021 V1``). A version is dated by the publication of that
instrument (``dated_by`` ``last_amendment_published``: the Bundesanzeiger date ``BAnz AT 07.09.2021``, else,
for a Federal Law Gazette citation that gives no publication day, ``last_amendment_dated``: the instrument's
own date ``v. 25.8.2021``). That is not an in-force date, and the instrument amended the law, not
necessarily the section: a version carries no instrument of its own (``meta["instrument"]`` is None; the
law's last amendment is ``meta["last_amendment"]``), so that a change between two versions is never
ascribed to the later version's last instrument when several amendments may lie between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from exportwatch.errors import ParseError
from ingest.text.excerpts import BUNDLE_MANIFEST, read_manifest
from ingest.text.model import (
    DATED_BY_LAST_AMENDMENT,
    DATED_BY_LAST_AMENDMENT_PUBLISHED,
    Paragraph,
    TextVersion,
    clean_text,
)

PARSER = "gesetze-md"
LAST_AMENDED = "Zuletzt geändert durch"

_HEADING = re.compile(r"^(#{1,6})(?:\s+(.*?))?\s*$")
_SECTION = re.compile(r"^§\s*(?P<num>[0-9]+[a-z]?)(?![0-9a-z])\s*(?P<title>.*)$")
_PARA = re.compile(r"^\((?P<num>[0-9]+[a-z]?)\)\s*(?P<text>.*)$")
_ITEM = re.compile(r"^(?P<num>[0-9]+[a-z]?)\.\s+(?P<text>.*)$")
_LETTER = re.compile(r"^(?P<num>[a-z]{1,3})\)\s+(?P<text>.*)$")
_BANZ = re.compile(r"BAnz AT (?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?P<y>[0-9]{4})")
_DATED = re.compile(r"\bv\. (?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?P<y>[0-9]{4})")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_YEAR = re.compile(r"\s+[0-9]{4}$")


@dataclass(frozen=True)
class Section:
    """One section: its number, heading line (``§ 9 Genehmigungserfordernisse ...``) and paragraphs."""

    number: str
    heading: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def designation(self) -> str:
        return f"§ {self.number}"


@dataclass(frozen=True)
class GesetzeText:
    """One version of a German law as the Markdown rendering holds it."""

    title: str  # Außenwirtschaftsverordnung
    abbreviation: str  # AWV 2013 (jurabk)
    slug: str  # awv_2013
    last_amendment: str  # Art. 2 V v. 25.8.2021 BAnz AT 07.09.2021 V1
    valid_from: date
    dated_by: str
    sections: tuple[Section, ...]

    @property
    def law(self) -> str:
        """The short name the refs use: ``AWV 2013`` -> ``AWV``."""
        return _YEAR.sub("", self.abbreviation) or self.abbreviation


def _md(text: str) -> str:
    """Markdown escapes undone (``16\\.5.2012`` -> ``16.5.2012``), whitespace collapsed."""
    return clean_text(_ESCAPE.sub(r"\1", text))


def _front_matter(lines: list[str], source: str) -> tuple[dict[str, Any], int]:
    if not lines or lines[0].strip() != "---":
        raise ParseError(f"{source}: no YAML front matter (not a bundestag/gesetze law file)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except (StopIteration, yaml.YAMLError):
        raise ParseError(f"{source}: the YAML front matter is not closed or not YAML") from None
    if not isinstance(meta, dict) or not meta.get("jurabk"):
        raise ParseError(f"{source}: the front matter names no law abbreviation (jurabk)")
    return meta, end + 1


def _definitions(lines: list[str]) -> dict[str, str]:
    """The title block's definition-list entries (``Term`` then ``:   value``) before the first ``##``."""
    out: dict[str, str] = {}
    for i, ln in enumerate(lines):
        if ln.startswith("##"):
            break
        if ln.startswith(":") and i > 0 and lines[i - 1].strip():
            out[lines[i - 1].strip()] = clean_text(ln[1:])
    return out


def _dated(instrument: str, source: str) -> tuple[date, str]:
    for pattern, dated_by in ((_BANZ, DATED_BY_LAST_AMENDMENT_PUBLISHED), (_DATED, DATED_BY_LAST_AMENDMENT)):
        m = pattern.search(instrument)
        if m:
            try:
                return date(int(m["y"]), int(m["m"]), int(m["d"])), dated_by
            except ValueError:
                break
    raise ParseError(f"{source}: no date in the last amending instrument {instrument!r}")


class _Body:
    """The paragraphs of one section, built block by block (a block: lines between blank lines)."""

    def __init__(self, top: str) -> None:
        self.top = top
        self.out: list[Paragraph] = []
        self.para = top  # the current paragraph (Absatz), or the section itself
        self.levels: list[str] = []  # designations of the open items, by indentation level
        self.closing = 0  # text blocks after a list in the current paragraph

    def add(self, designation: str, text: str) -> None:
        if any(p.designation == designation for p in self.out):
            raise ParseError(f"{designation} appears twice")
        self.out.append(Paragraph(designation, text))

    def block(self, lines: list[str]) -> None:
        first = lines[0]
        indent = (len(first) - len(first.lstrip(" "))) // 4
        head = first.strip()
        rest = " ".join(ln.strip() for ln in lines[1:])
        if indent == 0 and (m := _PARA.match(head)):
            self.para, self.levels, self.closing = f"{self.top} para. {m['num']}", [], 0
            self.add(self.para, _md(f"{m['text']} {rest}"))
            return
        if (m := _ITEM.match(head)) or (m := _LETTER.match(head)):
            kind = "item" if m.re is _ITEM else "letter"
            del self.levels[indent:]
            if indent == 0:
                parent = self.para if not self.closing else self._closing_designation()
            elif self.levels:
                parent = self.levels[-1]
            else:
                raise ParseError(f"{self.top}: an indented {kind} {m['num']} under no item")
            designation = f"{parent} {kind} {m['num']}"
            self.levels.append(designation)
            self.add(designation, _md(f"{m['text']} {rest}"))
            return
        text = _md(" ".join(ln.strip() for ln in lines))
        if indent > 0 and self.levels:  # text indented under an item: the item's own, after its sub-items
            k = min(indent, len(self.levels))
            owner = self.levels[k - 1]
            del self.levels[k:]
            self._append_or_close(owner, text)
        elif self.levels:  # text after the paragraph's list: its closing words
            self.levels = []
            self.closing += 1
            self.add(self._closing_designation(), text)
        else:
            self._append_or_close(self.para, text)

    def _closing_designation(self) -> str:
        return f"{self.para} closing words" + (f" {self.closing}" if self.closing > 1 else "")

    def _append_or_close(self, owner: str, text: str) -> None:
        """Text of ``owner`` after a blank line: appended to it if it is the last paragraph, else its
        closing words (an item's text after its lettered items)."""
        if self.out and self.out[-1].designation == owner:
            last = self.out[-1]
            self.out[-1] = Paragraph(last.designation, f"{last.text} {text}")
        elif not self.out and owner == self.top:
            self.add(owner, text)
        else:
            designation = f"{owner} closing words"
            n = 1
            while any(p.designation == designation for p in self.out):
                n += 1
                designation = f"{owner} closing words {n}"
            self.add(designation, text)


def _sections(lines: list[str], source: str) -> list[Section]:
    out: list[Section] = []
    current: tuple[str, str] | None = None
    body: list[str] = []

    def close() -> None:
        if current is None:
            return
        number, heading = current
        parts = _Body(f"§ {number}")
        block: list[str] = []
        try:
            for ln in [*body, ""]:
                if ln.strip():
                    block.append(ln.rstrip())
                elif block:
                    parts.block(block)
                    block = []
        except ParseError as e:
            raise ParseError(f"{source}: § {number}: {e.message}") from None
        out.append(Section(number, heading, tuple(parts.out)))

    for ln in lines:
        m = _HEADING.match(ln)
        if m is None:
            body.append(ln)
            continue
        close()
        current, body = None, []
        title = (m.group(2) or "").strip()
        if not title.startswith("§"):
            continue  # a chapter, part or annex heading ends the section before it
        s = _SECTION.match(title)
        if s is None:
            raise ParseError(f"{source}: a section heading without number: {title!r}")
        current = (s["num"], _md(title))
    close()
    return out


def parse_gesetze(data: bytes, *, source: str) -> GesetzeText:
    """One version of a German law from its ``bundestag/gesetze`` Markdown.

    Raises:
        ParseError: not UTF-8, an HTML page (an error page served instead of the text), no front matter or
            no ``jurabk``, no ``Zuletzt geändert durch`` entry (the version cannot be dated) or no date in
            it, no section, a section heading without number, or a designation twice in one section.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ParseError(f"{source}: not UTF-8 text") from None
    start = text.lstrip()[:200].lower()
    if start.startswith(("<!doctype", "<html", "<?xml")) or "<html" in start:
        raise ParseError(
            f"{source}: an HTML or XML page, not the Markdown rendering of a law",
            hint="an error page served instead of the text? read the bundestag/gesetze index.md",
        )
    lines = text.replace("\r\n", "\n").split("\n")
    meta, body_start = _front_matter(lines, source)
    lines = lines[body_start:]
    definitions = _definitions(lines)
    instrument = definitions.get(LAST_AMENDED)
    if not instrument:
        raise ParseError(
            f"{source}: no '{LAST_AMENDED}' entry: the version cannot be dated",
            hint="the rendering names the last amending instrument in the title block",
        )
    valid_from, dated_by = _dated(instrument, source)
    sections = _sections(lines, source)
    if not sections:
        raise ParseError(f"{source}: no section (§) found")
    return GesetzeText(
        title=clean_text(str(meta.get("Title") or "")),
        abbreviation=clean_text(str(meta["jurabk"])),
        slug=str(meta.get("slug") or meta.get("origslug") or ""),
        last_amendment=instrument,
        valid_from=valid_from,
        dated_by=dated_by,
        sections=tuple(sections),
    )


def law_ref(law: str) -> str:
    """``AWV`` -> ``DE:AWV``."""
    return f"DE:{law}"


def section_url(slug: str, number: str) -> str:
    """The section's page on gesetze-im-internet.de (the text in force now, not of an older version)."""
    return f"https://www.gesetze-im-internet.de/{slug}/__{number}.html"


def section_versions(parsed: GesetzeText, *, source: str, source_url: str = "") -> list[TextVersion]:
    """One ``TextVersion`` per section of ``parsed``, in document order (``DE:AWV § 9``)."""
    return [
        TextVersion(
            ref=f"{law_ref(parsed.law)} {s.designation}",
            valid_from=parsed.valid_from.isoformat(),
            heading=s.heading,
            paragraphs=s.paragraphs,
            source=source,
            parser=PARSER,
            dated_by=parsed.dated_by,
            covers=("heading", "paragraphs"),
            source_url=source_url,
            confidence="official",
            meta={
                "regime": "DE",
                "law": parsed.law,
                "law_title": parsed.title,
                "law_num": parsed.abbreviation,
                "instrument": None,
                "last_amendment": parsed.last_amendment,
                "designation": s.designation,
            },
        )
        for s in parsed.sections
    ]


def gesetze_versions(data: bytes, *, source: str, source_url: str = "") -> list[TextVersion]:
    """``parse_gesetze`` then ``section_versions``: every section of one version of a law."""
    return section_versions(parse_gesetze(data, source=source), source=source, source_url=source_url)


def bundled_versions(directory: Path) -> list[TextVersion]:
    """The section versions of the trimmed real excerpts in ``directory``, listed in its ``excerpts.yml``
    with the repository, commit and path each was copied from (the version's ``source`` and ``source_url``).

    Raises:
        ParseError: the manifest is missing or malformed, or an excerpt does not parse.
    """
    repo, entries = read_manifest(directory, ("file", "commit", "path"))
    manifest = directory / BUNDLE_MANIFEST
    out: list[TextVersion] = []
    for file, commit, path in ((str(e["file"]), str(e["commit"]), str(e["path"])) for e in entries):
        try:
            payload = (directory / file).read_bytes()
        except OSError as e:
            raise ParseError(f"{manifest}: excerpt {file} cannot be read ({e.strerror})") from None
        url = f"https://github.com/{repo}/blob/{commit}/{path}"
        out += gesetze_versions(payload, source=f"{repo}@{commit}:{path}", source_url=url)
    return out
