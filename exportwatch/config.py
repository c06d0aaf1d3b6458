"""Settings: the data home and its paths, store and mail settings, from environment and config file.

Precedence, highest first: command-line flags (applied by the CLI), environment variables,
the config file (``$EXPORTWATCH_CONFIG`` or ``<home>/config.yaml``), defaults.
Secrets (passwords) are held here but never printed: ``Settings.redacted()`` is what may be logged.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from exportwatch.errors import ConfigError
from exportwatch.vocab.identifiers import BIS_AGENCY
from graph.store import StoreTarget
from ingest.home import IngestHome

ENV_HOME = "EXPORTWATCH_HOME"
ENV_CONFIG = "EXPORTWATCH_CONFIG"

# setting name -> environment variable
ENV_VARS = {
    "graph_url": "EXPORTWATCH_GRAPH_URL",
    "graph_user": "EXPORTWATCH_GRAPH_USER",
    "graph_password": "EXPORTWATCH_GRAPH_PASSWORD",
    "graph_database": "EXPORTWATCH_GRAPH_DATABASE",
    "smtp_host": "EXPORTWATCH_SMTP_HOST",
    "smtp_port": "EXPORTWATCH_SMTP_PORT",
    "smtp_user": "EXPORTWATCH_SMTP_USER",
    "smtp_password": "EXPORTWATCH_SMTP_PASSWORD",
    "smtp_starttls": "EXPORTWATCH_SMTP_STARTTLS",
    "mail_from": "EXPORTWATCH_MAIL_FROM",
    "agency": "EXPORTWATCH_AGENCY",
    "web_url": "EXPORTWATCH_WEB_URL",
}
SECRET_SETTINGS = {"graph_password", "smtp_password"}


def data_home() -> Path:
    """The data home: ``$EXPORTWATCH_HOME`` or the per-user data directory."""
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("exportwatch", appauthor=False))


@dataclass(frozen=True)
class Paths(IngestHome):
    """The data home: ingest's raw store and catalog, the embedded graph, the config file."""

    @property
    def graph(self) -> Path:
        """Default embedded graph store (LadybugDB)."""
        return self.home / "graph.lbug"

    @property
    def config_file(self) -> Path:
        return self.home / "config.yaml"

    def ensure(self) -> Paths:
        super().ensure()
        return self


@dataclass(frozen=True)
class Settings:
    home: Path
    graph_url: str | None = None
    graph_user: str | None = None
    graph_password: str | None = None
    graph_database: str | None = None
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    mail_from: str | None = None
    agency: str = BIS_AGENCY
    web_url: str | None = None  # where `exportwatch serve` is reached; digests link to its pages

    @property
    def paths(self) -> Paths:
        return Paths(self.home)

    @property
    def resolved_graph_url(self) -> str:
        """The graph store URL, defaulting to the embedded store under the data home."""
        return self.graph_url or f"ladybug:{self.paths.graph}"

    @property
    def store_target(self) -> StoreTarget:
        """The graph store to open: URL and credentials (what ``graph.connect.open_store`` takes)."""
        return StoreTarget(self.resolved_graph_url, self.graph_user, self.graph_password, self.graph_database)

    def redacted(self) -> dict[str, Any]:
        """Settings safe to print or log: secrets replaced by '***' when set."""
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if f.name in SECRET_SETTINGS and v:
                v = "***"
            out[f.name] = str(v) if isinstance(v, Path) else v
        return out

    def with_overrides(self, **kw: Any) -> Settings:
        return replace(self, **{k: v for k, v in kw.items() if v is not None})


def _coerce(name: str, value: Any, origin: str) -> Any:
    if value is None:
        return None
    if name == "smtp_port":
        try:
            port = int(str(value).strip())
        except (TypeError, ValueError):
            port = -1
        if not 0 < port < 65536:
            raise ConfigError(f"{origin}: {name} must be a port number (1-65535), got {value!r}") from None
        return port
    if name == "smtp_starttls":
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() not in {"0", "false", "no", "off", ""}
    return str(value)


def load_settings(home: Path | None = None, config_file: Path | None = None) -> Settings:
    """Read settings from the config file and the environment (environment wins)."""
    home = Path(home) if home else data_home()
    values: dict[str, Any] = {}
    named = config_file or (Path(os.environ[ENV_CONFIG]) if os.environ.get(ENV_CONFIG) else None)
    if named is not None and not named.is_file():
        raise ConfigError(
            f"config file {named} does not exist"
            if not named.exists()
            else f"config file {named} is no file",
            hint=f"fix --config or {ENV_CONFIG}, or unset it to use <home>/config.yaml",
        )
    cfg = named or Paths(home).config_file
    if cfg.is_file():
        values.update(_read_config(cfg))
    for name, var in ENV_VARS.items():
        if os.environ.get(var) not in (None, ""):
            values[name] = _coerce(name, os.environ[var], var)
    return Settings(home=home, **values)


def _read_config(cfg: Path) -> dict[str, Any]:
    import yaml  # only when there is a config file: keeps the command line quick to start

    try:
        data = yaml.safe_load(cfg.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        where = getattr(e, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise ConfigError(
            f"config file {cfg} is not valid YAML{line}", hint="check its indentation and colons"
        ) from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"config file {cfg} cannot be read: {e}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"config file {cfg} must hold a mapping of settings (key: value lines)")
    known = sorted({f.name for f in fields(Settings)} - {"home"})
    values: dict[str, Any] = {}
    for k, v in data.items():
        if k not in known:
            close = difflib.get_close_matches(str(k), known, n=1)
            raise ConfigError(
                f"config file {cfg}: unknown setting {k!r}"
                + (f" (did you mean {close[0]!r}?)" if close else ""),
                hint=f"known settings: {', '.join(known)}",
            )
        values[k] = _coerce(k, v, f"config file {cfg}")
    return values
