"""Query parameters checked before they reach a store: integers must fit the stores' 64-bit integer.

Both LadybugDB and Bolt carry integers as signed 64-bit values; a larger Python int would fail deep in
the driver (a C++ cast message from LadybugDB, an OverflowError from the Bolt packer). ``check_params``
turns that into a ``QueryError`` naming the parameter and the allowed range.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from exportwatch.errors import QueryError

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1


def _check(value: Any, where: str) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if not INT_MIN <= value <= INT_MAX:
            raise QueryError(
                f"parameter {where} is {value}, outside the 64-bit integer range {INT_MIN} to {INT_MAX}",
                hint="pass a smaller number, or a string or float if the query allows it",
            )
        return
    if isinstance(value, Mapping):
        for k, v in value.items():
            _check(v, f"{where}.{k}")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _check(v, f"{where}[{i}]")


def check_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """``params`` as a dict, after checking every integer in it (nested lists and maps too).

    Raises:
        QueryError: an integer outside -2**63 .. 2**63-1; the message names the parameter (``$x``,
            ``$rows[3].n``) and the range.
    """
    out = dict(params or {})
    for name, value in out.items():
        _check(value, f"${name}")
    return out
