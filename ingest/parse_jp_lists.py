"""Japan's restricted-party lists: METI's End User List and the FEFTA export-ban lists.

- **End User List** (外国ユーザーリスト, METI, FEFTA art. 25 and 48 with the catch-all of the
  Export Trade Control Order): the list as JSON rows (``entity_name``, ``aliases``, ``addresses``,
  ``reason``, ``id``), the shape the bundled copy of the 2025-09-29 list has. The snapshot date is
  the press release's (``/press/2025/09/20250929006/``), else the row's ``last_verified``.
- **FEFTA export-ban lists** (輸出等に係る禁止措置の対象となる団体, MOFA notices under FEFTA art. 48(3)):
  the text of METI's PDFs (Russia, Belarus, third countries). Each list opens with its title and
  notice (``○ ...（令和四年外務省告示第八十二号）``), ``指定日`` (designated) and ``最終更新日`` (last
  updated), then numbered entries: the Japanese name (with ``（別称、...）`` aliases), the English name
  (``, a.k.a., the following two aliases:`` and ``-alias`` lines, or a ``別称：`` line), and
  ``所在地：`` addresses. PDF text runs entries together (``... Russia.560 アルファ``), so an entry is
  found by its number, the one after the previous entry's: a number out of sequence is an error.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from exportwatch.errors import ParseError
from ingest.allied_lists import (
    AlliedEntry,
    AlliedSnapshot,
    ListBasis,
    address_country,
    check_count,
    clean,
    dedupe,
    is_original_script,
    require_columns,
    sha256,
)

EUL_COLUMNS = ("id", "entity_name", "aliases", "addresses", "reason")
_PRESS_DATE_RE = re.compile(r"/(20\d\d)(\d\d)(\d\d)\d*/")
_JP_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_NOTICE_RE = re.compile(r"[（(]([^（）()]*告示第[^（）()]*号)[）)]")
_AKA_RE = re.compile(r",?\s*a\.?k\.?a\.?,?\s*(?:the following\b.*)?$", re.IGNORECASE)
_ALIAS_LINE_RE = re.compile(r"^\s*[-\u2010-\u2015\u2212]\s*(?P<alias>.+)$")
_JP_ALIASES_RE = re.compile(r"[（(]別称、(?P<aliases>.+)[）)]\s*$")
_SPLIT_AT_RE = re.compile(r"(?<=[\u3000-\u30ff\u3400-\u9fff\uff01-\uff5e)])\s*(?=[A-Z(\"“])")


def split_glued(line: str) -> tuple[str, str] | None:
    """A Japanese name and its English name printed on one line, split where the English begins.

    ``クロッカス・ナノ・エレクトロニクスCrocus Nano Electronics`` and ``...研究所(別称、UPZ)Concern ...``
    split; ``...研究所(別称、TNIIS)`` (a bracket of aliases ending the line) does not.
    """
    if not is_original_script(line):
        return None
    found: list[tuple[str, str]] = []
    for m in _SPLIT_AT_RE.finditer(line):
        head, tail = line[: m.start()], line[m.end() :]
        if (
            head.count("(") == head.count(")")
            and is_original_script(head)
            and not is_original_script(tail)
            and (len(tail) >= 12 or (" " in tail.strip() and len(tail) >= 8))  # not a bare "FZCO"
            and tail.count("(") == tail.count(")")
        ):
            found.append((head, tail))
    # "...研究所(NNIIRT)FSUE FNPC ...": the bracket right after the Japanese belongs to it
    plain = [f for f in found if not f[1].startswith("(")]
    best = plain or found
    return best[0] if best else None


FEFTA_LISTS = {
    "ロシア連邦の団体": ("russia", "RU"),
    "ベラルーシ共和国の団体": ("belarus", "BY"),
    "ロシア連邦及びベラルーシ": ("third_country", None),
}


def _eul_snapshot(rows: list[dict[str, Any]]) -> str | None:
    for r in rows:
        m = _PRESS_DATE_RE.search(str(r.get("source_url") or ""))
        if m:
            return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    dates = sorted(str(r.get("last_verified")) for r in rows if r.get("last_verified"))
    return dates[-1] if dates else None


def parse_end_user_list(
    data: bytes, *, name: str, basis: ListBasis, source: str, bounds: tuple[int, int | None] = (1, None)
) -> AlliedSnapshot:
    """METI's End User List (JSON rows).

    Raises:
        ParseError: Not JSON, not a list of rows, a field missing (naming it), or a count outside
            ``bounds``: nothing is read.
    """
    try:
        rows = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ParseError(f"list file {name}: not whole JSON ({e}); nothing was read from it") from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ParseError(f"list file {name}: expected a JSON list of rows")
    for r in rows:
        require_columns(name, r, EUL_COLUMNS, what="field")
    check_count(name, len(rows), bounds)
    snapshot = _eul_snapshot(rows)
    if not snapshot:
        raise ParseError(f"list file {name}: no date (neither a press-release URL nor last_verified)")
    entries: list[AlliedEntry] = []
    problems: list[str] = []
    for r in rows:
        nm = clean(r.get("entity_name"))
        addresses = tuple(a for a in (clean(x) for x in r.get("addresses") or []) if a)
        own: list[str] = []
        if not nm:
            nm, addresses = _name_from_address(addresses)
            if not nm:
                problems.append(f"{r.get('id')}: no name; skipped")
                continue
            own.append(f"{r.get('id')}: name {nm!r} recovered from the address field, where the copy put it")
        bracketed = [b for b in re.findall(r"[（(]([^（）()]*)[）)]", nm) if is_original_script(b)]
        if bracketed:  # "Beijing Institute of Technology （北京理工大学）": the Chinese name in brackets
            nm = re.sub(r"\s*[（(][^（）()]*[\u3040-\u30ff\u3400-\u9fff][^（）()]*[）)]", "", nm).strip()
        aliases: list[str] = list(bracketed)
        for x in r.get("aliases") or []:
            aliases.extend(a for a in split_scripts(clean(x) or "") if a and a != nm)
        countries = tuple(dict.fromkeys(c for c in (address_country(a) for a in addresses) if c))
        if not countries:
            own.append(f"{nm}: no country in {list(addresses)!r}")
        entries.append(
            AlliedEntry(
                list=basis.list,
                name=nm,
                aliases=tuple(a for a in aliases if not is_original_script(a)),
                original_names=tuple(a for a in aliases if is_original_script(a)),
                country=countries[0] if countries else None,
                countries=countries,
                addresses=addresses,
                start_date=clean(r.get("date_added")),
                entry_id=clean(r.get("id")),
                notes=clean(r.get("reason")),
                problems=tuple(own),
            )
        )
        problems.extend(own)
    merged, dup = dedupe(entries)
    return AlliedSnapshot(basis, source, snapshot, tuple(merged), sha256(data), name, tuple(problems + dup))


def split_scripts(text: str) -> list[str]:
    """A name printed in Latin then in its original script, as one string, split in two.

    ``China Aerospace ... 23rd Research Institute 中国航天科学技術工業集団...`` -> the Latin name and the
    Japanese one; a name in one script comes back alone.
    """
    m = re.match(
        r"^(?P<latin>[\x20-\x7e]*[A-Za-z][\x20-\x7e]*?)\s+(?P<orig>[\u3040-\u30ff\u3400-\u9fff].*)$", text
    )
    if m and not is_original_script(m.group("latin")):
        return [m.group("latin").strip(), m.group("orig").replace(" ", "")]
    return [text]


def _name_from_address(addresses: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """In some rows of the bundled copy the name sits after the country in the address field."""
    for i, a in enumerate(addresses):
        for prefix in ("People's Republic of China", "Islamic Republic of Iran", "Republic of Korea"):
            if a.startswith(prefix + " ") and len(a) > len(prefix) + 3:
                rest = (*addresses[:i], prefix, *addresses[i + 1 :])
                return a[len(prefix) + 1 :].strip(), rest
    return None, addresses


# --- FEFTA export-ban lists (text of METI's PDFs) -----------------------------------------------


def _iso(m: re.Match[str]) -> str:
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


_JP_CHAR = "[\u3040-\u30ff\u3400-\u9fff]"


# The number at a line start, or glued to the end of the previous address ("Russia.560",
# "Belarus7"), with Japanese text after it on the same line (the entry's Japanese name).
_ENTRY_NO_RE = re.compile(
    rf"(?:^|(?<=[.)\]」A-Za-z]))[ \t]*(\d{{1,4}})[ \t]*(?=[^\s\d.,)/:][^\n]*{_JP_CHAR})", re.MULTILINE
)


def _entry_starts(text: str) -> Iterator[tuple[int, int, int]]:
    """``(number, start of the number, start of the entry's text)`` for entries 1, 2, 3... in order."""
    n = 1
    for m in _ENTRY_NO_RE.finditer(text):
        if int(m.group(1)) == n:
            yield n, m.start(1), m.end()
            n += 1


def _split_aliases(text: str) -> list[str]:
    parts = re.split(r"、|;|；|及び", text)
    return [p.strip(" .。") for p in parts if p.strip(" .。")]


def _outside_parens(text: str) -> str:
    return re.sub(r"\([^()]*\)", "", text)


def _aka_block(lines: list[str]) -> tuple[list[str], list[str]]:
    """A ``別称:`` block: Japanese lines joined as they wrap, Latin lines likewise, then split."""
    groups: list[tuple[bool, str]] = []
    for ln in lines:
        jp = is_original_script(ln)
        if groups and groups[-1][0] == jp:
            groups[-1] = (jp, groups[-1][1] + ("" if jp else " ") + ln)
        else:
            groups.append((jp, ln))
    originals = [a for jp, text in groups if jp for a in _split_aliases(text)]
    latin = [a for jp, text in groups if not jp for a in re.split(r";\s*", text) if a.strip(" .")]
    return originals, [a.strip(" .") for a in latin]


def _parse_entry(body: str, number: int, lst: str, default_country: str | None) -> AlliedEntry:
    head, _, addr = body.partition("所在地:")
    lines = [ln.strip() for ln in head.splitlines() if ln.strip()]
    jp: list[str] = []
    en: list[str] = []
    aliases: list[str] = []
    jp_aliases: list[str] = []
    aka: list[str] = []
    state = "jp"
    for ln in lines:
        if ln.startswith("別称:"):
            aka.append(ln[3:].strip())
            state = "aka"
            continue
        if state == "aka":
            aka.append(ln)
            continue
        if state == "jp":
            glued = split_glued(ln)
            open_paren = "".join(jp).count("(") > "".join(jp).count(")")
            if open_paren and ")" in ln:
                # the Japanese name's bracket of aliases wraps onto a line of Latin letters ("CAIM)")
                head_part, _, rest = ln.partition(")")
                jp.append(head_part + ")")
                if rest.strip():
                    en.append(rest.strip())
                    state = "en"
            elif jp and re.match(r"[A-Za-z0-9\"“]", ln) and not is_original_script(_outside_parens(ln)):
                # "Ele Technology Co LTD(深圳市易络电子有限公司)": the English name, the Chinese in brackets
                jp_aliases.extend(p for p in re.findall(r"\(([^()]*)\)", ln) if is_original_script(p))
                en.append(re.sub(r"\s*\([^()]*[\u3040-\u30ff\u3400-\u9fff][^()]*\)", "", ln))
                state = "en"
            elif glued:
                jp.append(glued[0])
                en.append(glued[1])
                state = "en"
            elif is_original_script(ln):
                jp.append(ln)
            else:
                en.append(ln)
                state = "en"
            continue
        alias = _ALIAS_LINE_RE.match(ln)
        if alias:
            aliases.append(re.sub(r"(;\s*(and)?|\.)$", "", alias.group("alias").strip()).strip())
            state = "aliases"
        elif state == "aliases" and aliases:
            aliases[-1] = re.sub(r"(;\s*(and)?|\.)$", "", f"{aliases[-1]} {ln}").strip()
        else:
            en.append(ln)
    if aka:
        originals, latin = _aka_block(aka)
        jp_aliases.extend(originals)
        aliases.extend(latin)
    jp_name = "".join(jp)
    m = _JP_ALIASES_RE.search(jp_name)
    if m:
        jp_aliases.extend(_split_aliases(m.group("aliases")))
        jp_name = jp_name[: m.start()]
    english = _AKA_RE.sub("", " ".join(en)).strip().rstrip(",")
    problems: list[str] = []
    if not english:
        problems.append(f"{lst} no. {number}: no English name printed")
    name = english or jp_name
    addresses = [a for a in (clean(x) for x in re.split(r";\s*(?:and\s+)?|\s+and\s+(?=\d|[A-Z])", addr)) if a]
    countries = tuple(dict.fromkeys(c for c in (address_country(a) for a in addresses) if c))
    if not countries and default_country:
        countries = (default_country,)
    if not countries:
        problems.append(f"{lst} no. {number} {name!r}: no country in its address")
    originals = [jp_name, *[a for a in jp_aliases if is_original_script(a)]]
    latin = [a for a in (*aliases, *[a for a in jp_aliases if not is_original_script(a)]) if a and a != name]
    return AlliedEntry(
        list=lst,
        name=name,
        aliases=tuple(dict.fromkeys(latin)),
        original_names=tuple(dict.fromkeys(o for o in originals if o)),
        country=countries[0] if countries else None,
        countries=countries,
        addresses=tuple(addresses),
        entry_id=str(number),
        problems=tuple(problems),
    )


def fefta_list_kind(text: str) -> tuple[str, str | None]:
    """Which of the three FEFTA lists a text is: ``(russia|belarus|third_country, default country)``.

    Raises:
        ParseError: The title names none of them.
    """
    title = text[:400].replace("\n", "")
    for marker, kind in FEFTA_LISTS.items():
        if marker in title:
            return kind
    raise ParseError("FEFTA list text: the title names neither Russia, Belarus nor third countries")


def parse_fefta_list(
    data: bytes,
    *,
    name: str,
    bases: Mapping[str, ListBasis],
    source: str,
    bounds: Mapping[str, tuple[int, int | None]] | None = None,
) -> AlliedSnapshot:
    """One FEFTA export-ban list from the text of its PDF.

    Args:
        bases: The list's basis by kind (``russia``, ``belarus``, ``third_country``).
        bounds: Expected entry counts by kind.

    Raises:
        ParseError: Not UTF-8 text, no title, notice or last-updated date, no entries, or a count
            outside ``bounds``: nothing is read.
    """
    try:
        text = unicodedata.normalize("NFKC", data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ParseError(f"list file {name}: not UTF-8 text") from None
    if not text.lstrip().startswith("○"):
        raise ParseError(f"list file {name}: no list title ('○ ...') at the top; the layout changed")
    try:
        kind, default_country = fefta_list_kind(text)
    except ParseError as e:
        raise ParseError(f"list file {name}: {e.message}") from None
    header, _, _ = text.partition("最終更新日")
    notice = _NOTICE_RE.search(header.replace("\n", ""))
    updated = _JP_DATE_RE.search(text, len(header))
    designated = _JP_DATE_RE.search(header)
    for what, found in (("notice (告示)", notice), ("指定日", designated), ("最終更新日", updated)):
        if found is None:
            raise ParseError(f"list file {name}: field {what!r} is missing; nothing was read from it")
    assert notice is not None and updated is not None and designated is not None
    start = text.find("\n", updated.end()) + 1
    body = text[start:]
    starts = list(_entry_starts(body))
    check_count(name, len(starts), (bounds or {}).get(kind, (1, None)))
    basis = bases[kind]
    entries: list[AlliedEntry] = []
    for i, (n, _num_at, text_at) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(body)
        entries.append(_parse_entry(body[text_at:end], n, basis.list, default_country))
    merged, dup = dedupe(entries)
    problems = [p for e in merged for p in e.problems] + dup
    # The list's first designation date dates only the entries of the first notice; later
    # additions are not dated in the text, so no entry gets a listing date from it.
    notes = f"{notice.group(1)}; list designated {_iso(designated)}"
    merged = [replace(e, notes=notes) for e in merged]
    return AlliedSnapshot(basis, source, _iso(updated), tuple(merged), sha256(data), name, tuple(problems))
