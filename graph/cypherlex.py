"""A small Cypher lexer and the read-only check built on it: does a query write?

The check reads tokens, not substrings: string literals, comments and backticked names are single
tokens, and a word counts as a write clause only where a clause can stand. It is not a keyword when it
is a property key (``n.set``), a label or relationship type (``:Create``, ``[:A|DELETE]``), a map key
(``{set: 1}``), an alias (``AS commit``), a parameter (``$delete``) or a variable in an expression or a
pattern (``(start:Tool)``, ``RETURN start.id``). ``CALL`` is allowed only for known read-only procedures
and for ``CALL { ... }`` subqueries, whose own clauses are checked like the rest.

The check errs on the side of refusing: an unknown procedure counts as a write, and so do clauses that
touch files or the database itself (``LOAD``, ``COPY``, ``ATTACH``, ``USE``, ``CHECKPOINT``, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Clause keywords that write, or may write, or reach outside the graph (files, extensions, databases).
WRITE_KEYWORDS = frozenset(
    {
        "CREATE",
        "MERGE",
        "SET",
        "DELETE",
        "DETACH",
        "REMOVE",
        "DROP",
        "ALTER",
        "COPY",
        "LOAD",
        "FOREACH",
        "INSTALL",
        "UNINSTALL",
        "IMPORT",
        "EXPORT",
        "ATTACH",
        "CHECKPOINT",
        "BEGIN",
        "COMMIT",
        "ROLLBACK",
        "USE",
        "GRANT",
        "REVOKE",
        "DENY",
        "START",
        "STOP",
        "TERMINATE",
        "RENAME",
    }
)

# Procedures that only read: Neo4j/ArcadeDB catalogue procedures and LadybugDB's table functions.
READ_PROCEDURES = re.compile(
    r"^(db\.(labels|relationshipTypes|propertyKeys|schema\.\w+|indexes|constraints)|dbms\.components|"
    r"show_\w+|table_info|current_setting|db_version)$",
    re.IGNORECASE,
)

# A word right after one of these tokens is an operand (variable, alias, label, key), never a clause.
_OPERAND_AFTER = frozenset(
    {".", ":", "$", "(", "[", ",", "=", "+", "-", "*", "/", "%", "^", "<", ">", "<=", ">=", "<>", "!=", "=~"}
    | {"+=", "AS", "RETURN", "WITH", "WHERE", "AND", "OR", "XOR", "NOT", "IN", "BY", "DISTINCT", "UNWIND"}
    | {"IS", "CONTAINS", "STARTS", "ENDS", "THEN", "ELSE", "WHEN", "CASE", "SKIP", "LIMIT", "YIELD"}
)
# ... and a word right before one of these is an operand too (``start.id``, ``{set: 1}``, ``AS x``).
_OPERAND_BEFORE = frozenset(
    {".", ":", ",", ")", "]", "}", "{", "*", "=", "+", "-", "/", "%", "^", "<", ">", "<=", ">=", "<>"}
    | {"!=", "=~", "|", ";", "AS", "AND", "OR", "XOR", "IN", "IS", "CONTAINS", "STARTS", "ENDS"}
    | {"ORDER", "SKIP", "LIMIT", "RETURN", "WITH", "WHERE", "UNION", "THEN", "ELSE", "END", ""}
)

_TOKEN_RE = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
    | (?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z))
    | (?P<quoted>`(?:[^`]|``)*(?:`|\Z))
    | (?P<param>\$(?:[A-Za-z_][A-Za-z0-9_]*|\d+|`[^`]*`))
    | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<op><=|>=|<>|!=|=~|\+=|->|<-|\.\.|.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """One lexical token: ``kind`` is word, quoted, string, number, param or op; ``text`` as written."""

    kind: str
    text: str

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind in ("word", "op") else ""


def tokens(query: str) -> list[Token]:
    """The tokens of ``query`` without whitespace and comments (an unterminated string runs to the end)."""
    out: list[Token] = []
    for m in _TOKEN_RE.finditer(query):
        kind = m.lastgroup or "op"
        if kind in ("space", "comment"):
            continue
        out.append(Token(kind, m.group(0)))
    return out


def _procedure(toks: list[Token], i: int) -> str:
    """The dotted procedure name starting at ``toks[i]`` (``db.labels``), or '' when there is none."""
    parts: list[str] = []
    while i < len(toks) and toks[i].kind in ("word", "quoted"):
        parts.append(toks[i].text.strip("`"))
        if i + 1 < len(toks) and toks[i + 1].text == ".":
            i += 2
            continue
        break
    return ".".join(parts)


def write_clause(query: str) -> str | None:
    """The first clause of ``query`` that writes (or may write), or None for a read-only query.

    Examples: ``MATCH (n) DETACH DELETE n`` gives ``"DETACH"``; ``CALL apoc.create.node(...)`` gives
    ``"CALL apoc.create.node"``; ``MATCH (start:Tool) RETURN start.id AS commit`` gives None.
    """
    toks = tokens(query)
    for i, tok in enumerate(toks):
        if tok.kind != "word":
            continue
        word = tok.upper
        if word not in WRITE_KEYWORDS and word != "CALL":
            continue
        before = toks[i - 1].upper if i else ""
        after = toks[i + 1].upper if i + 1 < len(toks) else ""
        after_kind = toks[i + 1].kind if i + 1 < len(toks) else ""
        starts = i == 0 or before == ";"  # the first word of a statement is always a clause
        if not starts and before in _OPERAND_AFTER and toks[i - 1].kind in ("op", "word"):
            continue
        if not starts and after in _OPERAND_BEFORE and after_kind in ("op", "word", ""):
            continue
        if word == "CALL":
            if after == "{":
                continue  # a subquery: its clauses are checked in turn
            name = _procedure(toks, i + 1)
            if name and READ_PROCEDURES.match(name):
                continue
            return f"CALL {name}" if name else "CALL"
        return word
    return None
