"""Where ingest keeps what it fetched, inside a data home: the raw store and the catalog.

The app decides where the data home is (``exportwatch.config``); ingest only knows its own layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from exportwatch.errors import ConfigError


@dataclass(frozen=True)
class IngestHome:
    """The ingest part of a data home: ``raw/`` (payloads by sha256) and ``catalog.sqlite``."""

    home: Path

    @property
    def raw(self) -> Path:
        """Content-addressed raw store of every fetched payload."""
        return self.home / "raw"

    @property
    def catalog(self) -> Path:
        """SQLite catalog of documents and their state."""
        return self.home / "catalog.sqlite"

    def ensure(self) -> IngestHome:
        """Create the folders; a clear error when the home is a file or cannot be written."""
        try:
            if self.home.exists() and not self.home.is_dir():
                raise ConfigError(
                    f"data home {self.home} is a file, not a directory",
                    hint="set EXPORTWATCH_HOME to a directory",
                )
            self.home.mkdir(parents=True, exist_ok=True)
            self.raw.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ConfigError(
                f"data home {self.home} cannot be created or written: {e.strerror or e}",
                hint="set EXPORTWATCH_HOME to a writable directory",
            ) from None
        return self
