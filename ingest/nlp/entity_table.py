"""Read Entity List rows from the supplement no. 4 to part 744 tables of a parsed document.

The rows come from the table structure (``Table.cell_lines``: per row, per cell, its ``<LI>``
lines), not from prose:

- a destination row has its country in the first cell ("CHINA, PEOPLE'S REPUBLIC OF"); the
  printed name is kept in ``country`` and its ISO code in ``country_code``;
- an entity row has an empty first cell; the entity cell's first line holds the name (up to
  ", a.k.a."), lines starting with "—" are aliases, the other lines addresses (several addresses in
  one line are split at "; and");
- a row holding only an entity cell continues the previous entity with more addresses;
- the action (add, revise, remove) comes from the AMDPAR that names the entry or its destination;
- a citation placeholder ("88 FR [INSERT FR PAGE NUMBER AND 2/27/2023]") is resolved to the page
  where the amending instruction of supplement no. 4 is printed, which is how the Entity List
  cites a rule (88 FR 12171 for FR Doc. 2023-03929, whose first page is 12170); when that page is
  unknown, to the document's own citation; else the printed text is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from exportwatch.vocab.countries import country_code
from ingest import patterns as P
from ingest.models import Amendment, Block, EntityRow, ParsedDocument, Table
from ingest.nlp.hits import DocContext

_AKA = re.compile(r",?\s*a\.k\.a\.?,?.*$", re.IGNORECASE)
_STARS = re.compile(r"^[\s*]*$")
_ALIAS_DASH = ("—", "–", "--")
_ADDRESS_SPLIT = re.compile(r";\s*(?:and\s+)?")
_ABBREVIATIONS = frozenset(
    [
        "inc",
        "ltd",
        "co",
        "corp",
        "llc",
        "plc",
        "jsc",
        "ojsc",
        "pjsc",
        "cjsc",
        "pte",
        "pvt",
        "bhd",
        "sdn",
        "gmbh",
        "ag",
        "sa",
        "bv",
        "nv",
        "srl",
        "spa",
        "st",
        "jr",
        "sr",
        "no",
        "dept",
    ]
)
_DEFAULT_COLUMNS = {"country": 0, "entity": 1, "requirement": 2, "policy": 3, "citation": 4}


def is_entity_list_table(table: Table) -> bool:
    """A supplement no. 4 to part 744 table: part 744 and an Entity List heading or header row."""
    where = " ".join(x for x in (table.title, table.section) if x).lower()
    header = " ".join(table.header).lower()
    first_rows = " ".join(" ".join(r) for r in table.rows[:6]).lower()
    named = "supplement no. 4" in where or "entity list" in where
    return table.part == "744" and (
        named or ("country" in first_rows + header and "entity" in first_rows + header)
    )


def _clean_tail(s: str) -> str:
    """Strip list punctuation ("; and", ";", ",") and a sentence-final period that is not an abbreviation."""
    s = re.sub(r"(?:[;,]\s*(?:and|or)?|\s+and)\s*$", "", s.strip()).strip()
    if s.endswith(".") and not s.endswith(".."):
        last = s[:-1].split()[-1] if s[:-1].split() else ""
        core = last.lower().strip("(),")
        if not (core in _ABBREVIATIONS or "." in core or len(core) <= 1):
            s = s[:-1]
    return s.strip()


def _columns(row: Sequence[str]) -> dict[str, int] | None:
    """Column positions from a header row ("Country | Entity | License requirement | ...")."""
    low = [c.lower() for c in row]
    if not low or low[0] != "country":
        return None
    cols = dict(_DEFAULT_COLUMNS)
    for i, c in enumerate(low):
        if c.startswith("entity"):
            cols["entity"] = i
        elif "requirement" in c:
            cols["requirement"] = i
        elif "policy" in c:
            cols["policy"] = i
        elif "citation" in c:
            cols["citation"] = i
    return cols


def _row_blocks(doc: ParsedDocument, table: Table) -> list[Block | None]:
    """The table_row block of each row (for its page), matched in order from the table's start."""
    blocks = [
        b for b in doc.blocks if b.kind == "table_row" and table.start is not None and b.start >= table.start
    ]
    out: list[Block | None] = []
    i = 0
    for row in table.rows:
        text = " | ".join(t for t in row if t)
        while i < len(blocks) and blocks[i].text != text:
            i += 1
        out.append(blocks[i] if i < len(blocks) else None)
        i += 1 if i < len(blocks) else 0
    return out


def _cell(lines: Sequence[tuple[str, ...]], i: int) -> tuple[str, ...]:
    return lines[i] if i < len(lines) else ()


def _text(lines: Sequence[tuple[str, ...]], i: int) -> str | None:
    t = " ".join(_cell(lines, i)).strip()
    return t or None


def _citation(printed: str | None, resolved: str | None) -> str | None:
    if not printed:
        return None
    m = P.FR_PLACEHOLDER.search(printed)
    if m and resolved and (m.group("vol") is None or resolved.startswith(f"{int(m.group('vol'))} FR")):
        printed = printed[: m.start()] + resolved + printed[m.end() :]
    return printed.strip().rstrip(".").strip()


def _norm_name(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def _action(name: str, code: str | None, country: str, amendments: Sequence[Amendment]) -> str:
    """The action of the instruction naming this entry (or its destination); "add" by default."""
    el = [a for a in amendments if (a.target.part, a.target.supplement) == ("744", "4")]
    key = _norm_name(name)
    for a in el:
        if any(_norm_name(e) == key for e in a.entries):
            return a.action if a.action in ("add", "revise", "remove") else "revise"
    for a in el:
        codes = {country_code(c) or c.upper() for c in a.countries}
        if (code or country.upper()) in codes and a.action in ("add", "revise", "remove"):
            return a.action
    actions = [a.action for a in el if a.action in ("add", "revise", "remove")]
    return max(set(actions), key=actions.count) if actions else "add"


def _resolved_citation(
    doc: ParsedDocument, amendments: Sequence[Amendment], ctx: DocContext, table: Table
) -> str | None:
    """The citation a placeholder stands for: volume + page of the supplement no. 4 instruction."""
    vol = ctx.fr_volume
    if vol:
        for a in amendments:
            if (a.target.part, a.target.supplement) == ("744", "4") and a.start is not None:
                page = doc.page_at(a.start)
                if page:
                    return f"{vol} FR {page}"
        if table.page:
            return f"{vol} FR {table.page}"
    return ctx.own_citation


def rows_of_table(
    doc: ParsedDocument, table: Table, amendments: Sequence[Amendment], ctx: DocContext
) -> list[EntityRow]:
    """The Entity List rows of one supplement no. 4 table."""
    resolved = _resolved_citation(doc, amendments, ctx, table)
    cols = dict(_DEFAULT_COLUMNS)
    pages = _row_blocks(doc, table)
    out: list[EntityRow] = []
    country = ""
    for r, (texts, lines) in enumerate(zip(table.rows, table.cell_lines or table.rows, strict=False)):
        cell_lines = [tuple(c) if not isinstance(c, str) else (c,) for c in lines]
        header = _columns(texts)
        if header:
            cols = header
            continue
        first = (texts[0] if texts else "").strip()
        entity_lines = [x for x in _cell(cell_lines, cols["entity"]) if x.strip()]
        if first and not _STARS.match(first):
            country = " ".join(first.split())
            continue
        if not entity_lines or _STARS.match(" ".join(entity_lines)) or not country:
            continue
        others = [_text(cell_lines, cols[k]) for k in ("requirement", "policy", "citation")]
        if not any(others) and out and out[-1].country == country:
            addresses = tuple(a for line in entity_lines for a in _addresses(line))
            out[-1] = _with_addresses(out[-1], addresses)
            continue
        name = _clean_tail(_AKA.sub("", entity_lines[0]))
        aliases = tuple(
            _clean_tail(x.lstrip("".join(_ALIAS_DASH) + " "))
            for x in entity_lines[1:]
            if x.startswith(_ALIAS_DASH)
        )
        addresses = tuple(a for x in entity_lines[1:] if not x.startswith(_ALIAS_DASH) for a in _addresses(x))
        code = country_code(country)
        block = pages[r] if r < len(pages) else None
        out.append(
            EntityRow(
                action=_action(name, code, country, amendments),
                name=name,
                country=country,
                aliases=tuple(a for a in aliases if a),
                addresses=addresses,
                license_requirement=others[0],
                license_review_policy=others[1],
                federal_register_citation=_citation(others[2], resolved),
                page=block.page if block else table.page,
                country_code=code,
            )
        )
    return out


def _addresses(line: str) -> list[str]:
    return [a for a in (_clean_tail(p) for p in _ADDRESS_SPLIT.split(line)) if a]


def _with_addresses(row: EntityRow, more: tuple[str, ...]) -> EntityRow:
    return replace(row, addresses=row.addresses + more)


def extract_entity_rows(
    doc: ParsedDocument, amendments: Sequence[Amendment], ctx: DocContext, warnings: list[str] | None = None
) -> tuple[EntityRow, ...]:
    """Entity List rows of every supplement no. 4 table in ``doc``.

    Args:
        doc: the parsed document.
        amendments: its amendatory instructions (for each row's action and the citation page).
        ctx: the document context (FR volume and own citation).
        warnings: a list to which tables that yield no rows are added.

    Returns:
        The rows in table order.
    """
    rows: list[EntityRow] = []
    for table in doc.tables:
        if not is_entity_list_table(table):
            continue
        found = rows_of_table(doc, table, amendments, ctx)
        if not found and warnings is not None:
            warnings.append(
                f"{doc.meta.document_number}: an Entity List table (page {table.page}) gave no rows"
            )
        rows.extend(found)
    return tuple(rows)
