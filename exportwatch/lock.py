"""One writer at a time per data home: an advisory lock file that names the process holding it.

``sync``, ``build`` and ``demo`` write the catalog, the raw store and the graph; two of them at once
on the same data home used to fail half-way with "database is locked" or a unique-constraint error.
``home_lock`` takes ``<home>/.exportwatch.lock`` with ``flock`` (released by the kernel when the
process dies, so a killed run leaves no stale lock) and writes the holder's PID and command into it,
so the second run fails at once with a clear message instead.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from exportwatch.errors import BusyError

LOCK_FILE = ".exportwatch.lock"


@contextmanager
def home_lock(home: Path, command: str) -> Iterator[None]:
    """Hold the data home's writer lock while the block runs.

    Raises:
        BusyError: another process holds it (the message names its PID and command).
    """
    home.mkdir(parents=True, exist_ok=True)
    path = home / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            raise BusyError(
                f"data home {home} is in use by {holder}",
                hint="wait for it to finish, or use another EXPORTWATCH_HOME",
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"PID {os.getpid()} (exportwatch {command})".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
