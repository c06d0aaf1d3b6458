"""Break amendatory instructions (AMDPAR) into action and target.

One ``Amendment`` per action of an instruction. The action is the first specific verb (revise,
add, remove, redesignate), or ``amend`` when the instruction only announces changes ("Amend
§ 447.11 as follows:"). An instruction that removes something and adds something
("remove the words X and add in their place Y", "by removing the entry for X and adding Y") gives
two: ``remove`` then ``add``, on the same target, each with the quoted entries of its half. An
instruction that only repeats the authority citation ("The authority citation for part 744
continues to read as follows:") gives one ``authority`` action: it changes no text, and says which
authority the amended part rests on. The target is the section, paragraph, supplement or appendix
an instruction names; lettered sub-instructions ("a. Remove the words ...") inherit what their
numbered instruction named.

For the Entity List, ``countries`` holds the printed destination ("CHINA, PEOPLE'S REPUBLIC OF")
and ``entries`` the quoted entry names of the instruction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ingest import patterns as P
from ingest.models import Amendment, AmendmentTarget, Block, ParsedDocument

_SECTION_REF = re.compile(
    r"(?:§{1,2}\s*|(?<![A-Za-z])[Ss]ections?\s+)(?P<sec>\d{1,4}\.\d{1,4}(?:[a-z](?![a-z])|T\d{2}-\d{3,4})?)"
    r"(?P<par>(?:\([a-zA-Z0-9]{1,5}\))*)"
)
_PART_REF = re.compile(r"(?<![A-Za-z])(?:[Pp]art|PART)\s+(?P<part>\d{1,4})(?![0-9])")
_SUPPLEMENT_REF = re.compile(
    r"(?:[Ss]upplement|[Ss]upp\.)\s+(?:[Nn]o\.?\s*)?(?P<supp>\d{1,2})\s+to\s+(?:[Pp]art|PART)\s+(?P<part>\d{1,4})"
)
_APPENDIX_REF = re.compile(
    r"(?:[Aa]ppendix)\s+(?P<app>[A-Z0-9]{1,3})\s+to\s+(?:[Pp]art|PART)\s+(?P<part>\d{1,4})"
)
_PAR_DESIGNATOR = re.compile(r"\([a-zA-Z0-9]{1,5}\)(?:\s?\([a-zA-Z0-9]{1,5}\))*")
_PAR_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")
_ENTITY_SUPPLEMENT = ("744", "4")


@dataclass(frozen=True)
class _Scope:
    """What a numbered instruction named, inherited by its lettered sub-instructions."""

    title: str | None = None
    part: str | None = None
    section: str | None = None
    supplement: str | None = None


def _paragraphs(text: str) -> str | None:
    """Paragraph designators an instruction names: "(a)(2)", "(f), (g)", 'definition "Person"'."""
    found: list[str] = []
    for m in P.AMDPAR_PARAGRAPH.finditer(text):
        found.append(re.sub(r"\s+", "", m.group("par")))
        pos = m.end()
        while True:
            sep = _PAR_LIST_SEP.match(text, pos)
            if not sep:
                break
            nxt = _PAR_DESIGNATOR.match(text, sep.end())
            if not nxt:
                break
            found.append(re.sub(r"\s+", "", nxt.group()))
            pos = nxt.end()
    d = P.AMDPAR_DEFINITION.search(text)
    if d:
        found.append(f'definition "{d.group("term").strip()}"')
    if P.AMDPAR_AUTHORITY.search(text):
        found.append("authority")
    if P.AMDPAR_HEADING.search(text):
        found.append("heading")
    unique = list(dict.fromkeys(found))
    return ", ".join(unique) if unique else None


def _action(text: str) -> str | None:
    best: tuple[int, str] | None = None
    for action, pat in P.AMDPAR_ACTIONS.items():
        if action == "amend":
            continue
        m = pat.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), action)
    if best:
        return best[1]
    return "amend" if P.AMDPAR_ACTIONS["amend"].search(text) else None


def _entries(body: str) -> tuple[str, ...]:
    names = (" ".join(m.group("name").split()).strip(" ;,") for m in P.AMDPAR_QUOTED.finditer(body))
    return tuple(n for n in names if n)


def parse_instruction(text: str, scope: _Scope | None = None) -> tuple[tuple[Amendment, ...], _Scope]:
    """One instruction -> (its amendments, the scope it leaves for sub-instructions).

    Args:
        text: the AMDPAR text, with its leading number or letter.
        scope: what the enclosing numbered instruction named (for a lettered one).

    Returns:
        The amendments (none when the instruction only introduces sub-instructions or names no
        action; two for a remove-and-add) and the scope it establishes.
    """
    scope = scope or _Scope()
    label = P.AMDPAR_LABEL.match(text)
    body = text[label.end() :] if label else text
    lettered = bool(label and (label.group("letter") or label.group("paren")))
    own = _Scope(title=scope.title)
    section = paragraph_from_ref = None
    ref = _SECTION_REF.search(body)
    if ref:
        section, paragraph_from_ref = ref.group("sec"), ref.group("par") or None
    label_ref = P.AMDPAR_LABEL_REF.search(body)
    if label_ref and not section:
        section = f"{label_ref.group('part')}.{label_ref.group('sec')}"
        rest = label_ref.group("rest")
        keyterm = P.AMDPAR_LABEL_KEYTERM.search(rest)
        bits = [b for b in rest.split("-") if re.fullmatch(r"[a-z]{1,2}|\d{1,2}", b)]
        paragraph_from_ref = (
            f'definition "{keyterm.group("term")}"' if keyterm else "".join(f"({b})" for b in bits) or None
        )
    supp = _SUPPLEMENT_REF.search(body)
    app = _APPENDIX_REF.search(body)
    part = section.split(".")[0] if section else None
    supplement = None
    if supp:
        part, supplement = supp.group("part"), supp.group("supp")
    elif app:
        part, supplement = app.group("part"), f"appendix {app.group('app')}"
    elif not part and (pm := _PART_REF.search(body)):
        part = pm.group("part")
    own = _Scope(title=scope.title, part=part, section=section, supplement=supplement)
    if lettered and not (section or supplement):
        own = replace(scope, part=part or scope.part)
    next_scope = own if not lettered else scope
    if P.AMDPAR_NO_CHANGE.search(body):
        if not P.AMDPAR_AUTHORITY.search(body):
            return (), next_scope
        action: str | None = "authority"
    else:
        action = _action(body)
    if action is None:
        return (), next_scope
    paragraph = paragraph_from_ref or _paragraphs(body)
    target = AmendmentTarget(
        title=own.title,
        part=own.part or scope.part,
        section=own.section,
        paragraph=paragraph,
        supplement=own.supplement,
    )
    entity_list = (target.part, target.supplement) == _ENTITY_SUPPLEMENT
    countries: tuple[str, ...] = ()
    if entity_list:
        countries = tuple(" ".join(m.group("country").split()) for m in P.AMDPAR_UNDER.finditer(body))
    pair = P.AMDPAR_REMOVE_ADD.search(body) if action == "remove" else None
    if pair:
        removed, added = body[: pair.start("add")], body[pair.start("add") :]
        return (
            Amendment("remove", target, text, countries, _entries(removed) if entity_list else ()),
            Amendment("add", target, text, countries, _entries(added) if entity_list else ()),
        ), next_scope
    return (Amendment(action, target, text, countries, _entries(body) if entity_list else ()),), next_scope


def _amdpar_blocks(doc: ParsedDocument) -> list[tuple[Block, str | None, str | None]]:
    """AMDPAR blocks with the title and part of the REGTEXT each belongs to (matched in order)."""
    blocks = [b for b in doc.blocks if b.kind == "amdpar"]
    owners: list[tuple[str | None, str | None]] = []
    for rt in doc.regtext:
        owners.extend((rt.title, rt.part) for _ in rt.amdpar)
    texts = [a for rt in doc.regtext for a in rt.amdpar]
    if texts != [b.text for b in blocks]:
        owners = [(None, None)] * len(blocks)
    return [(b, t, p) for b, (t, p) in zip(blocks, owners, strict=True)]


def _default_title(doc: ParsedDocument) -> str | None:
    titles = {c.split()[0] for c in doc.meta.cfr if c.split() and c.split()[0].isdigit()}
    return titles.pop() if len(titles) == 1 else None


def extract_amendments(doc: ParsedDocument, warnings: list[str] | None = None) -> tuple[Amendment, ...]:
    """Every amendatory instruction of ``doc`` as an ``Amendment``, with offsets into ``doc.text``.

    Args:
        doc: the parsed document (its AMDPAR blocks and REGTEXT elements).
        warnings: a list to which instructions that could not be read are added.

    Returns:
        The amendments in document order.
    """
    out: list[Amendment] = []
    default_title = _default_title(doc)
    scope = _Scope()
    for block, title, part in _amdpar_blocks(doc):
        label = P.AMDPAR_LABEL.match(block.text)
        if not label or label.group("num"):
            scope = _Scope(title=title or default_title, part=part)
        amendments, scope = parse_instruction(
            block.text, replace(scope, title=title or scope.title or default_title)
        )
        if not amendments:
            if (
                warnings is not None
                and not P.AMDPAR_NO_CHANGE.search(block.text)
                and not _is_heading(block.text)
            ):
                warnings.append(
                    f"{doc.meta.document_number}: no action found in instruction {block.text[:80]!r}"
                )
            continue
        for amendment in amendments:
            if amendment.target.part is None and part:
                amendment = replace(amendment, target=replace(amendment.target, part=part))
            out.append(replace(amendment, start=block.start, end=block.end))
    return tuple(out)


def _is_heading(text: str) -> bool:
    """An instruction that only introduces sub-instructions ("2. In § 21.0:") names no action."""
    return text.rstrip().endswith(":")
