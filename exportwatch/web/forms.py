"""The query library as forms: fields from each query file's header, results as tables, CSV and JSON.

A field per declared parameter (``string``, ``int``, ``float``, ``bool``, ``date`` or ``Label.property``)
with the header's default; the submitted values go through the library's own ``bind`` (the same checks
and messages as ``exportwatch query``). Results sort on the server (``?sort=column&desc=1``), so the
table is sortable without JavaScript.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from queries import NamedQuery
from queries.runner import _return_columns

INPUT_TYPES = {"int": "number", "float": "number", "date": "date", "bool": "checkbox"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    input: str
    value: str
    required: bool
    description: str
    step: str | None = None


def fields(q: NamedQuery, given: dict[str, str]) -> list[Field]:
    """The form's fields, filled with the submitted values or the header's defaults."""
    out = []
    for p in q.params:
        default = (
            ""
            if p.required or p.default is None
            else str(p.default).lower()
            if p.type == "bool"
            else str(p.default)
        )
        if p.type == "date" and default in ("1900-01-01", "9999-12-31"):
            default = ""  # open-ended bounds: an empty field means the default
        out.append(
            Field(
                name=p.name,
                type=p.type,
                input=INPUT_TYPES.get(p.type, "text"),
                value=given.get(p.name, default),
                required=p.required,
                description=p.description,
                step="any" if p.type == "float" else None,
            )
        )
    return out


def submitted(q: NamedQuery, form: dict[str, str]) -> dict[str, Any]:
    """The form's values for ``bind``: empty optional fields fall back to the defaults."""
    values: dict[str, Any] = {}
    for p in q.params:
        raw = form.get(p.name)
        if p.type == "bool":
            values[p.name] = raw is not None and raw.lower() in ("on", "true", "1", "yes")
        elif raw is not None and (raw.strip() or p.type in ("string",) and p.required):
            values[p.name] = raw.strip()
    return values


def columns(q: NamedQuery, rows: list[dict[str, Any]]) -> list[str]:
    return list(rows[0]) if rows else _return_columns(q.text)


def sort_rows(rows: list[dict[str, Any]], column: str | None, desc: bool) -> list[dict[str, Any]]:
    """Rows sorted on ``column`` (nulls last, numbers before text), or as the query ordered them."""
    if not column or not rows or column not in rows[0]:
        return rows

    def key(r: dict[str, Any]) -> tuple[int, Any]:
        v = r.get(column)
        if v is None:
            return (2, "")
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return (0, v)
        return (1, json.dumps(v, default=str) if isinstance(v, (list, dict)) else str(v).lower())

    present = [r for r in rows if r.get(column) is not None]
    missing = [r for r in rows if r.get(column) is None]
    return sorted(present, key=key, reverse=desc) + missing


def cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return "; ".join(cell_text(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, default=str, ensure_ascii=False)
    return str(v)


def to_csv(cols: list[str], rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for r in rows:
        w.writerow([cell_text(r.get(c)) for c in cols])
    return buf.getvalue()
