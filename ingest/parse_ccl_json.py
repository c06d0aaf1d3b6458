"""Read the two third-party parses of the Commerce Control List into our paragraph model.

Neither file is the official text; both are kept as offline fallbacks, each labelled with what it covers
and how it is dated:

- ``ecfr_api_json`` (github.com/seelpeed-debug/export-controls-agent-mcp, ``src/data/ccl.json``): parsed from
  the eCFR versioner XML of an eCFR issue date (``ecfrIssueDate``); the List of Items Controlled only for the
  categories in ``deepCategories``; licence exceptions only with three-letter symbols; related controls but
  not related definitions; note labels dropped.
- ``markdown_parse`` (github.com/waynehacking8/eccn-agent, ``ccl_parsed_checked.json``): parsed from eCFR
  Markdown, dated by the commit that stored it; every part of each entry it has, but superscripts lost
  (``10<SU>26</SU>`` became ``1026``) and some ECCNs missing from its list.

Each entry becomes a dict ``{code, category, product_group, heading, reasons, paragraphs, covers}`` with
paragraphs ``[designation, kind, text]`` (see ``ingest.text.model``).
"""

from __future__ import annotations

import re
from typing import Any

from exportwatch.errors import ParseError
from ingest.text.model import clean_text

ECCN_RE = re.compile(r"^\d[A-E]\d{3}$")
_ITEM_LABEL = re.compile(r"^([a-z](?:\.\d+(?:\.[a-z](?:\.\d+)*)?)*|\d+)\.\s+(?=\S)")
_NOTE_LABEL = re.compile(
    r"^((?:Technical\s+)?Notes?(?:\s+\d+)?(?:\s+to\s+[^:]{1,60})?:|N\.B\.(?:\s+to\s+[^:]{1,40})?:)\s*"
)
_MD_ESCAPE = re.compile(r"\\([\\*_\[\]()#+\-.!|])")
_ROW = re.compile(r"^\|(.*)\|\s*$")

MARKDOWN_COVERS = ("heading", "license_requirements", "license_exceptions", "related", "items", "labels")


def restore_powers_of_ten(text: str, *, spaced: bool) -> str:
    """``2.5 × 1025`` -> ``2.5 × 10^25`` where a parse dropped a superscript after a power of ten.

    Only the contexts that are powers of ten in the CCL are touched (after ``×`` and in ``utilizing 10NN``);
    ``spaced`` is for a parse that rendered ``10<SU>26</SU>`` as ``10 26``.
    """
    if spaced:
        return re.sub(r"(×\s?|utilizing )10 (\d{1,2})\b", r"\g<1>10^\2", text)
    return re.sub(r"(×\s?|utilizing )10(\d{1,2})\b", r"\g<1>10^\2", text)


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\((?:[^()]|\([^()]*\))*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")


def _md(text: str) -> str:
    """Markdown emphasis and links removed, escapes resolved, ``<br>`` as a space, whitespace collapsed."""
    placeholder = "\x00"
    text = _MD_IMAGE.sub("", text.replace("<br>", " "))  # a formula image: the text has no words for it
    text = _MD_LINK.sub(r"\1", text).replace("]()", "")
    text = text.replace("\\*", placeholder)
    text = text.replace("*", "")
    text = _MD_ESCAPE.sub(r"\1", text.replace(placeholder, "*"))
    return clean_text(text)


def _entry(
    code: str, heading: str, reasons: str | None, paragraphs: list[list[str]], covers: list[str]
) -> dict[str, Any]:
    return {
        "code": code,
        "category": code[0],
        "product_group": code[1],
        "heading": heading,
        "reasons": reasons,
        "paragraphs": paragraphs,
        "covers": covers,
    }


# --- the eCFR-API JSON parse -------------------------------------------------------------------------------


def _api_items(items: list[dict[str, Any]]) -> list[list[str]]:
    out: list[list[str]] = []
    for it in items:
        text = restore_powers_of_ten(clean_text(it.get("text")), spaced=True)
        label = it.get("paragraph")
        kind = it.get("kind") or "text"
        if kind == "item" and label:
            out.append([str(label), "item", text])
        elif kind == "note":
            out.append([str(label or ""), "note", f"{label}. {text}" if label else text])
        else:
            out.append(["", "text", text])
    return out


def from_ecfr_api_json(data: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Header (issue date, coverage) and entries of the eCFR-API JSON parse."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list) or "ecfrIssueDate" not in data:
        raise ParseError("CCL JSON: expected an object with 'ecfrIssueDate' and an 'entries' list")
    deep = [str(c) for c in data.get("deepCategories") or []]
    header = {
        "snapshot": str(data["ecfrIssueDate"]),
        "dated_by": "ecfr_issue_date",
        "retrieved": str(data.get("retrievedAt", ""))[:10],
        "deep_categories": deep,
        "coverage_note": (
            "list of ECCNs incomplete (some entries missed by the parse); List of Items Controlled only for "
            f"categories {', '.join(deep)}; licence exceptions only with three-letter symbols; related "
            "definitions and note labels not kept"
        ),
    }
    out = []
    for e in data["entries"]:
        code = str(e.get("eccn", ""))
        if not ECCN_RE.match(code):
            continue
        paragraphs: list[list[str]] = []
        reasons = e.get("reasonForControl")
        if reasons:
            paragraphs.append(["reason for control", "reasons", clean_text(reasons)])
        for row in e.get("countryChart") or []:
            paragraphs.append(
                [f"control: {clean_text(row.get('control'))}", "control", clean_text(row.get("countryChart"))]
            )
        for sym, value in (e.get("licenceExceptionFlags") or {}).items():
            if sym == "STA":
                paragraphs.append(["special conditions STA", "special", clean_text(value)])
            else:
                paragraphs.append([f"license exception {sym}", "exception", clean_text(value)])
        if e.get("relatedControls"):
            paragraphs.append(["related controls", "related", clean_text(e["relatedControls"])])
        covers = [
            "heading",
            "license_requirements" if reasons else "license_requirements=^control:",
            r"license_exceptions=^(license exception [A-Z]{3}|special conditions STA)$",
            "related=^related controls$",
        ]
        if code[0] in deep:
            paragraphs.extend(_api_items(e.get("items") or []))
            covers.append("items")
        heading = restore_powers_of_ten(clean_text(e.get("heading")), spaced=True)
        glued = re.search(r"\s*\.?\s+License Requirements\s+Reason for Control:", heading)
        if glued:  # the parse ran this entry's body (and the next entry) into its heading
            heading, paragraphs, covers = heading[: glued.start()] + ".", [], ["heading"]
        entry = _entry(code, heading, clean_text(reasons) or None, paragraphs, covers)
        if glued:
            entry["note"] = "the parse ran the entry's body into its heading: only the heading is kept"
        out.append(entry)
    return header, sorted(out, key=lambda x: x["code"])


# --- the Markdown parse ------------------------------------------------------------------------------------


def _blocks(details: str) -> list[str]:
    return [b.strip() for b in re.split(r"\n\s*\n", details or "") if b.strip()]


def _loic_paragraphs(lines: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for raw in lines:
        text = restore_powers_of_ten(_md(raw), spaced=False)
        if not text:
            continue
        note = _NOTE_LABEL.match(text)
        if note:
            out.append([note.group(1).rstrip(":"), "label", note.group(1)])
            text = text[note.end() :]
            if not text:
                continue
            out.append(["", "note", text])
            continue
        if raw.lstrip().startswith("*") and raw.rstrip().endswith("*") and not _ITEM_LABEL.match(text):
            out.append(["", "text", text])  # an italic paragraph of a note
            continue
        m = _ITEM_LABEL.match(text)
        if m and not raw.lstrip().startswith("*"):
            out.append([m.group(1), "item", text[m.end() :]])
        elif m:  # an italic lettered paragraph inside a note keeps its letter in the text
            out.append(
                [
                    m.group(1),
                    "item" if "." in m.group(1) or m.group(1).isalpha() else "note",
                    text if m.group(1).isdigit() else text[m.end() :],
                ]
            )
        else:
            out.append(["", "text", text])
    return out


def _md_entry(code: str, heading: str, details: str) -> dict[str, Any]:
    paragraphs: list[list[str]] = []
    reasons: str | None = None
    section = ""
    loic: list[str] = []
    for block in _blocks(details):
        for line in block.split("\n") if block.startswith("|") or block.count("\n*") else [block]:
            line = line.strip()
            if not line:
                continue
            plain = _md(line)
            low = plain.lower()
            if section == "items":
                loic.append(line)
                continue
            if low == "license requirements":
                section = "lr"
            elif low.startswith("list based license exceptions"):
                section = "le"
            elif low.startswith("special conditions for sta"):
                section = "sta"
            elif low.startswith("list of items controlled"):
                section = "loic"
            elif (row := _ROW.match(line)) is not None and section == "lr":
                cells = [_md(c) for c in row.group(1).split("|")]
                if (
                    len(cells) >= 2
                    and not set(cells[0]) <= set("-: ")
                    and not cells[0].startswith("Control(s)")
                ):
                    paragraphs.append([f"control: {cells[0]}", "control", cells[1]])
            elif low.startswith("reason for control:"):
                reasons = plain.split(":", 1)[1].strip()
                paragraphs.append(["reason for control", "reasons", reasons])
            elif section in ("le", "sta") and (m := re.match(r"^([A-Z][A-Z/]{1,9}):\s*(.*)$", plain)):
                sym, value = m.group(1), m.group(2)
                if sym == "STA":
                    paragraphs.append(["special conditions STA", "special", value])
                else:
                    paragraphs.append([f"license exception {sym}", "exception", value])
            elif section == "loic" and low.startswith("related controls:"):
                paragraphs.append(["related controls", "related", plain.split(":", 1)[1].strip()])
            elif section == "loic" and low.startswith(("related definitions:", "related definition:")):
                paragraphs.append(["related definitions", "definitions", plain.split(":", 1)[1].strip()])
            elif section == "loic" and low.startswith("items"):
                section = "items"
                rest = re.sub(r"^Items:?\s*", "", plain)
                if rest and _ITEM_LABEL.match(rest):
                    loic.append(rest)
                elif rest:
                    paragraphs.append(["items", "label", rest])
            else:
                paragraphs.append(["", "label", plain])
    paragraphs.extend(_loic_paragraphs(loic))
    heading = restore_powers_of_ten(_md(heading), spaced=False)
    covers = list(MARKDOWN_COVERS)
    if reasons is None:
        covers[1] = "license_requirements=^control:"
    return _entry(code, heading, reasons, paragraphs, covers)


def from_markdown_parse(data: Any, *, known: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Entries of the Markdown parse. ``known`` (code -> heading) recovers an entry whose code was lost."""
    if not isinstance(data, list):
        raise ParseError("CCL Markdown parse: expected a list of categories")
    by_heading = {re.sub(r"[^0-9a-z]+", "", h.lower()): c for c, h in (known or {}).items()}
    items: dict[str, dict[str, Any]] = {}
    for cat in data:
        for group in cat.get("product_groups", []):
            for e in group.get("eccn", []):
                code, heading = str(e.get("code", "")), str(e.get("description") or "")
                note = None
                if not ECCN_RE.match(code):
                    lead = re.match(r"^(\d[A-E]\d{3})\s+(.+)$", clean_text(heading))
                    if lead:
                        heading = lead.group(2)
                    recovered = (
                        lead.group(1)
                        if lead
                        else by_heading.get(re.sub(r"[^0-9a-z]+", "", _md(heading).lower()))
                    )
                    if recovered is None:
                        continue
                    code, note = recovered, f"code recovered from heading (parsed as {e.get('code')!r})"
                entry = _md_entry(code, heading, str(e.get("details") or ""))
                if note:
                    entry["note"] = note
                items.setdefault(code, entry)
    return [items[c] for c in sorted(items)]
