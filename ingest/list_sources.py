"""What the allied list crawlers share: each list's basis from ``source.yml``, reading a list file
through its source's parser, and keeping each verified version in the data home.

A list source's ``source.yml`` carries, under ``options``:

- ``group: allied-lists`` (``exportwatch sync --source allied-lists`` runs them all; ``all`` syncs
  the document sources);
- ``lists``: per list id, its ``title``, ``regime``, ``legal_basis``, ``measure`` and ``tool`` (the
  curated ids) and ``counter_measure``;
- ``files``: per URL key in ``urls``, the file name the download is kept under.

Live and offline go through the same parser (the crawler's ``parse``): a download is parsed before it
is kept, so a file that fails (a changed layout, a truncated download) is reported and the previous
version stays the one in use. Kept versions live in ``<home>/lists/allied/<source>/``, named
``<snapshot date>_<file>``; the bundled versions in ``exportwatch/snapshot/allied/<source>/``.
"""

from __future__ import annotations

import gzip
import importlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from exportwatch.errors import ParseError
from ingest.allied_lists import AlliedSnapshot, ListBasis
from ingest.sources import SOURCES_DIR, Source, SourceSpec, load_spec

GROUP = "allied-lists"
LIST_SUFFIXES = (".json", ".csv", ".txt", ".json.gz", ".csv.gz", ".txt.gz")
Parser = Callable[[bytes, str, SourceSpec, bool], list[AlliedSnapshot]]


_LIST_SOURCES: dict[str, Source] = {}


def list_sources() -> dict[str, Source]:
    """The list sources, by name (read without importing the document crawlers and their HTTP stack)."""
    if not _LIST_SOURCES:
        for yml in sorted(SOURCES_DIR.glob("*/source.yml")):
            spec = load_spec(yml)
            if spec.options.get("group") == GROUP:
                module = importlib.import_module(f"ingest.sources.{yml.parent.name}.crawler")
                _LIST_SOURCES[spec.name] = Source(spec, yml.parent, module)
    return _LIST_SOURCES


def bases(spec: SourceSpec) -> dict[str, ListBasis]:
    """Each list's basis as its ``source.yml`` gives it."""
    out: dict[str, ListBasis] = {}
    for lst, meta in (spec.options.get("lists") or {}).items():
        out[lst] = ListBasis(
            list=lst,
            regime=str(meta["regime"]),
            title=str(meta["title"]),
            legal_basis=str(meta["legal_basis"]),
            url=str(meta.get("url") or spec.publisher.url),
            measure=meta.get("measure"),
            tool=meta.get("tool"),
            counter_measure=bool(meta.get("counter_measure", False)),
        )
    return out


def bounds(spec: SourceSpec, lst: str | None = None, *, check: bool = True) -> tuple[int, int | None]:
    """Expected entry counts: a list's own (``options.lists.<id>.expected_count``) or the source's.

    With ``check`` false any count goes (for trimmed excerpts of a real list).
    """
    if not check:
        return 1, None
    meta: dict[str, Any] = (spec.options.get("lists") or {}).get(lst or "", {}) if lst else {}
    own = meta.get("expected_count")
    if isinstance(own, dict):
        return int(own.get("min", 0)), own.get("max")
    return spec.expected_count.min, spec.expected_count.max


def unpack(data: bytes, name: str) -> bytes:
    """The bytes of a file, gunzipped when it is gzip.

    Raises:
        ParseError: A damaged gzip file.
    """
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError) as e:
        raise ParseError(f"list file {name}: truncated or damaged gzip ({e})") from None


def parse_file(source: str, path: Path, *, check_counts: bool = True) -> list[AlliedSnapshot]:
    """Every snapshot in one list file, read by its source's parser.

    Args:
        check_counts: Refuse a file whose entry count is outside the source's expected bounds.

    Raises:
        ParseError: The file cannot be read whole (nothing of it is used).
        ConfigError: Unknown source.
    """
    src = list_sources().get(source)
    if src is None:
        from exportwatch.errors import ConfigError

        raise ConfigError(f"unknown list source {source!r}", hint=f"one of: {', '.join(list_sources())}")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ParseError(f"list file {path}: cannot be read ({e.strerror})") from None
    parse: Parser = src.module.parse
    return parse(unpack(data, str(path)), str(path), src.spec, check_counts)


def list_files(root: Path) -> list[tuple[str, Path]]:
    """``(source, file)`` for every list file under ``root/<source>/``, in name order."""
    if not root.is_dir():
        return []
    found: list[tuple[str, Path]] = []
    names = set(list_sources())
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name in names):
        found.extend((folder.name, f) for f in sorted(folder.iterdir()) if f.name.endswith(LIST_SUFFIXES))
    return found


def read_list_dirs(
    roots: Sequence[Path], *, check_counts: bool = True
) -> tuple[list[AlliedSnapshot], list[str]]:
    """Every snapshot under the folders, and the errors of files that could not be read whole.

    A file that fails is left out and reported; the others are read. The same snapshot read twice
    (the bundled file and a kept download of the same bytes) counts once.
    """
    snaps: dict[tuple[str, str], AlliedSnapshot] = {}
    errors: list[str] = []
    for root in roots:
        for source, path in list_files(Path(root)):
            try:
                for s in parse_file(source, path, check_counts=check_counts):
                    snaps.setdefault((s.id, s.content_hash), s)
            except ParseError as e:
                errors.append(f"error {e.code}: {e.message}")
    return sorted(snaps.values(), key=lambda s: (s.list, s.snapshot)), errors


def keep(folder: Path, filename: str, data: bytes) -> bool:
    """Write ``data`` to ``folder/filename`` atomically; False when the same file is already kept."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / filename
    if target.exists() and target.read_bytes() == data:
        return False
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return True
