"""LadybugDB files on disk: room left to write, who holds the write lock, moving a damaged store aside.

A store is a main file (``graph.lbug``) and sidecars beside it (``graph.lbug.wal``, ``.shadow``,
``.checkpoint``). A write that runs out of disk (or into the file-size limit, ``ulimit -f``) can leave a
torn WAL that LadybugDB refuses to open ever after; ``quarantine`` moves such a store aside as
``graph.lbug.corrupt-<UTC timestamp>`` (sidecars keep their suffix after it, so the pair still opens
for inspection) and the caller starts from an empty store.
"""

from __future__ import annotations

import fcntl
import os
import resource
import shutil
from datetime import UTC, datetime
from pathlib import Path

from exportwatch.errors import StoreError

SIDECARS = (".wal", ".shadow", ".checkpoint", ".wal.checkpoint")
MIN_FREE_ENV = "EXPORTWATCH_LADYBUG_MIN_FREE_MB"
DEFAULT_MIN_FREE_MB = 64

# Engine messages that mean the files themselves are damaged (not locked, not busy).
CORRUPTION_MARKERS = (
    "corrupt",
    "checksum verification failed",
    "not a valid lbug database file",
    "cannot read checkpoint",
    "wal replay",
    "serialized with enablechecksums",
    "invalid local node offset",
    "no valid database header",
    "reading past the end of the file",  # a torn WAL or a truncated main file
)
# Messages of a store another process is writing or checkpointing: worth a short retry.
BUSY_MARKERS = (
    "lock is held",
    "could not set lock",
    "checkpoint recovery is pending",
    "may be checkpointing",
    "retry later",
)


def min_free_bytes() -> int:
    """Room a write needs before it starts: ``$EXPORTWATCH_LADYBUG_MIN_FREE_MB`` megabytes, default 64."""
    try:
        return int(os.environ.get(MIN_FREE_ENV) or DEFAULT_MIN_FREE_MB) * 1024 * 1024
    except ValueError:
        raise StoreError(f"{MIN_FREE_ENV} must be a whole number of megabytes") from None


def files(path: Path) -> list[Path]:
    """The store's main file and the sidecars that exist."""
    return [p for p in (path, *(path.with_name(path.name + s) for s in SIDECARS)) if p.exists()]


def room(path: Path) -> tuple[int, str]:
    """Bytes the store can still grow by, and what limits it (``"free disk space"`` or ``"file size limit"``).

    The smaller of the free space on the store's file system and, under a file-size limit
    (``RLIMIT_FSIZE``, ``ulimit -f``), the limit less the largest of the store's files.
    """
    folder = path.parent if path.parent.exists() else Path.cwd()
    free, why = shutil.disk_usage(folder).free, "free disk space"
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if limit != resource.RLIM_INFINITY:
        largest = max((p.stat().st_size for p in files(path)), default=0)
        if limit - largest < free:
            free, why = max(0, limit - largest), "file size limit"
    return free, why


def check_room(path: Path, need: int) -> None:
    """Raise ``StoreError`` when the store has less than ``need`` bytes of room to write (see ``room``)."""
    if need <= 0:
        return
    have, why = room(path)
    if have < need:
        raise StoreError(
            f"graph store {path}: only {have / 2**20:.1f} MB left to write ({why}), "
            f"a write needs at least {need / 2**20:.0f} MB; nothing was written",
            hint=f"free disk space (or raise the limit), then run again; {MIN_FREE_ENV} sets the margin",
        )


def writer_pid(path: Path) -> int | None:
    """The PID of the process holding the store's write lock (Linux ``/proc/locks``), or None."""
    try:
        inode = path.stat().st_ino
        locks = Path("/proc/locks").read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return None
    for line in locks:
        parts = line.split()
        # "1: POSIX  ADVISORY  WRITE 12345 fe:00:2171098 0 EOF"
        if len(parts) >= 6 and parts[5].rsplit(":", 1)[-1] == str(inode) and parts[4].isdigit():
            pid = int(parts[4])
            if pid != os.getpid():
                return pid
    return None


def is_corruption(message: str) -> bool:
    low = message.lower()
    return any(m in low for m in CORRUPTION_MARKERS)


def is_busy(message: str) -> bool:
    low = message.lower()
    return any(m in low for m in BUSY_MARKERS)


def quarantine(path: Path) -> Path:
    """Move the store's files aside as ``<name>.corrupt-<UTC time>[<sidecar suffix>]``; the new main path.

    Takes the file's write lock first, so a store another process has open is never moved.

    Raises:
        StoreError: another process holds the store, or the files cannot be renamed.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    try:
        fd = os.open(path, os.O_RDWR) if path.is_file() else None
    except OSError as e:
        raise StoreError(f"graph store {path} is damaged and cannot be moved aside: {e.strerror}") from None
    try:
        if fd is not None:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                pid = writer_pid(path)
                raise StoreError(
                    f"graph store {path} is damaged but another process has it open"
                    + (f" (PID {pid})" if pid else ""),
                    hint="stop the other exportwatch process and run again",
                ) from None
        for p in files(path):
            p.rename(aside.with_name(aside.name + p.name[len(path.name) :]))
    except OSError as e:
        raise StoreError(f"graph store {path} is damaged and cannot be moved aside: {e.strerror}") from None
    finally:
        if fd is not None:
            os.close(fd)
    return aside
