"""Sources, one folder each (zavod style): ``source.yml`` metadata plus ``crawler.py`` with ``crawl(ctx)``.

The registry reads every ``ingest/sources/<folder>/source.yml`` (validated with pydantic) and
imports the folder's crawler. A crawler does all its fetching, parsing, emitting and logging
through the ``Context`` (``ingest/context.py``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from exportwatch.errors import ConfigError

if TYPE_CHECKING:
    from ingest.context import Context

SOURCES_DIR = Path(__file__).resolve().parent


class Publisher(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    url: str
    country: str = "US"


class CountBounds(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: int = 0
    max: int | None = None


class SourceSpec(BaseModel):
    """The contents of a ``source.yml``."""

    model_config = ConfigDict(extra="forbid")
    name: str
    title: str
    summary: str = ""
    publisher: Publisher
    urls: dict[str, str]
    schedule: str
    rate_limits: dict[str, float] = Field(default_factory=dict)
    expected_count: CountBounds = Field(default_factory=CountBounds)
    depends_on: list[str] = Field(default_factory=list)
    options: dict[str, Any] = Field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    """A registered source: its spec, folder and crawler module."""

    spec: SourceSpec
    folder: Path
    module: ModuleType

    @property
    def name(self) -> str:
        return self.spec.name

    def crawl(self, ctx: Context) -> str | None:
        """Run the crawler; returns the cursor (last date covered) for incremental syncs."""
        result = self.module.crawl(ctx)
        return result if isinstance(result, str) else None

    def finalize(self, ctx: Context) -> None:
        """Run the crawler's ``finalize(ctx)`` (cross-document links), when it has one."""
        fn = getattr(self.module, "finalize", None)
        if fn is not None:
            fn(ctx)


_REGISTRY: dict[str, Source] = {}


def load_spec(path: Path) -> SourceSpec:
    """Read and validate one ``source.yml``.

    Raises:
        ConfigError: Not YAML, or fields missing / unknown / of the wrong type.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return SourceSpec.model_validate(data)
    except (yaml.YAMLError, ValidationError) as e:
        raise ConfigError(f"invalid source metadata {path}: {e}") from e


def registry() -> dict[str, Source]:
    """Every source, by name, in sync order (a source after the ones it depends on)."""
    if not _REGISTRY:
        found: dict[str, Source] = {}
        for yml in sorted(SOURCES_DIR.glob("*/source.yml")):
            spec = load_spec(yml)
            module = importlib.import_module(f"{__name__}.{yml.parent.name}.crawler")
            found[spec.name] = Source(spec, yml.parent, module)
        ordered: dict[str, Source] = {}

        def visit(name: str) -> None:
            if name in ordered:
                return
            for dep in found[name].spec.depends_on:
                visit(dep)
            ordered[name] = found[name]

        for name in found:
            visit(name)
        _REGISTRY.update(ordered)
    return _REGISTRY


def get_source(name: str) -> Source:
    """The source called ``name``.

    Raises:
        ConfigError: Unknown name; the message lists the known ones.
    """
    reg = registry()
    if name not in reg:
        raise ConfigError(f"unknown source {name!r}", hint=f"one of: {', '.join([*reg, 'all'])}")
    return reg[name]
