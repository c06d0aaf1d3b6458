"""Write JSON as a stream: the text of ``json.dumps(obj, indent=2)`` without building it whole.

``exportwatch extract`` on a 10 MB text finds about 100,000 mentions; one ``json.dumps`` of them
builds a dict per mention and then every piece of the output before joining them, several times
the input. Here dicts and lists are written member by member, generators are lists whose members
are made one at a time, and each leaf value is encoded on its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

INDENT = "  "


Encoder = Callable[[Any], str]


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


def write_json(obj: Any, write: Callable[[str], object], encode: Encoder = _dumps) -> None:
    """Write ``obj`` as ``encode(obj)`` would, when ``encode`` is a ``json.dumps`` with ``indent=2``.

    Args:
        obj: dicts, lists, tuples, generators (written as lists) and leaf values.
        write: called with successive pieces of the text.
        encode: the encoder of one leaf value (the command line's ``to_json``, so that leaves are
            written exactly as the rest of its JSON output).
    """
    _write(obj, write, 0, encode)


def _write(obj: Any, write: Callable[[str], object], level: int, encode: Encoder) -> None:
    if isinstance(obj, Mapping):
        items: Iterator[tuple[Any, Any]] = iter(obj.items())
        _members(items, write, level, encode, "{", "}", keyed=True)
    elif isinstance(obj, (list, tuple, Iterator)):
        _members(iter(obj), write, level, encode, "[", "]", keyed=False)
    else:
        text = encode(obj)
        if "\n" in text:  # the encoder made a container of it
            text = text.replace("\n", "\n" + INDENT * level)
        write(text)


def _members(
    members: Iterator[Any],
    write: Callable[[str], object],
    level: int,
    encode: Encoder,
    opening: str,
    closing: str,
    *,
    keyed: bool,
) -> None:
    inner = "\n" + INDENT * (level + 1)
    first = True
    for member in members:
        write(opening + inner if first else "," + inner)
        first = False
        if keyed:
            key, value = member
            write(json.dumps(str(key), ensure_ascii=False) + ": ")
            _write(value, write, level + 1, encode)
        else:
            _write(member, write, level + 1, encode)
    write(opening + closing if first else "\n" + INDENT * level + closing)
