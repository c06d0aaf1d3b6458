"""The manifest of a folder of trimmed real excerpts of legal texts (``excerpts.yml``): the repository they
were copied from and, per excerpt, its file, its path there and what else its reader needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from exportwatch.errors import ParseError

BUNDLE_MANIFEST = "excerpts.yml"


def read_manifest(
    directory: Path, required: tuple[str, ...] = ("file", "path")
) -> tuple[str, list[dict[str, Any]]]:
    """The repository and the excerpt entries of ``directory``'s manifest, each holding ``required`` keys.

    Raises:
        ParseError: the manifest is missing, not YAML, or lacks the repository, the excerpts or a key.
    """
    manifest = Path(directory) / BUNDLE_MANIFEST
    try:
        data: Any = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        repo = str(data["repository"])
        entries = [dict(e) for e in data["excerpts"]]
        missing = [k for e in entries for k in required if k not in e]
        if missing:
            raise KeyError(missing[0])
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as e:
        raise ParseError(f"{manifest}: not a readable excerpt manifest ({type(e).__name__}: {e})") from None
    return repo, entries
