"""``exportwatch screen``: screen names against every restricted-party list (US, allied, MOFCOM's)."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from exportwatch.clikit import check_format, emit, guarded, settings, to_json
from exportwatch.errors import ConfigError, ExportwatchError, StoreError

HIT_COLUMNS = ["name", "list", "regime", "listed_name", "country", "score", "reason", "entity_id"]
BULK_COLUMNS = [
    "name",
    "country",
    "hits",
    "best_list",
    "best_regime",
    "best_listed_name",
    "best_score",
    "best_reason",
    "entity_id",
]


def read_names(path: Path) -> Iterator[tuple[str, str | None]]:
    """``(name, country)`` per row of a CSV with a ``name`` column (and optionally ``country``), or of a
    plain list with one name a line. Empty names come through (reported as such).

    Raises:
        ConfigError: The file cannot be read, or a CSV header has no ``name`` column.
    """
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except OSError as e:
        raise ConfigError(f"names file {path} cannot be read ({e.strerror})") from None
    with fh:
        first = fh.readline()
        header = next(csv.reader(io.StringIO(first)), [])
        cols = [c.strip().lower() for c in header]
        if "," in first or cols == ["name"]:
            if "name" not in cols:
                raise ConfigError(
                    f"names file {path}: no 'name' column in its header {header!r}",
                    hint="a CSV needs a 'name' column (and may have 'country')",
                )
            ni, ci = cols.index("name"), (cols.index("country") if "country" in cols else None)
            for row in csv.reader(fh):
                name = row[ni].strip() if ni < len(row) else ""
                country = row[ci].strip() if ci is not None and ci < len(row) and row[ci].strip() else None
                yield name, country
            return
        yield first.strip(), None
        for line in fh:
            yield line.strip(), None


def register(app: typer.Typer) -> None:
    """Attach ``screen``."""

    @app.command("screen")
    @guarded
    def screen_command(
        ctx: typer.Context,
        name: Annotated[str | None, typer.Argument(help="The name to screen (any script).")] = None,
        country: Annotated[
            str | None, typer.Option("--country", help="ISO-2 code: drop hits listed in other countries.")
        ] = None,
        lists: Annotated[
            str | None,
            typer.Option(
                "--lists", help="Comma-separated list ids or regimes (US, JP, EU, CN); default all."
            ),
        ] = None,
        threshold: Annotated[float, typer.Option("--threshold", help="Lowest score (0-100) shown.")] = 88.0,
        file: Annotated[
            Path | None,
            typer.Option(
                "--file", help="Screen every name of a CSV (name[,country] columns) or a plain list."
            ),
        ] = None,
        out: Annotated[
            Path | None, typer.Option("--out", help="Write the bulk result here (default stdout).")
        ] = None,
        fmt: Annotated[str, typer.Option("--format", help="table or json (bulk: also csv).")] = "table",
    ) -> None:
        """Screen a name (or a file of names) against every list: ranked hits with the list, regime, listed
        name, country, score and the reason (exact, alias, transliteration, legal form stripped, fuzzy)."""
        from exportwatch.screening import ScreenIndex
        from graph.connect import open_store

        check_format(fmt, ("table", "json", "csv") if file else ("table", "json"))
        if (name is None) == (file is None):
            raise ConfigError(
                "give a NAME or --file, not both and not neither", hint="exportwatch screen --help"
            )
        if not 0 <= threshold <= 100:
            raise typer.BadParameter("must be between 0 and 100", param_hint="--threshold")
        wanted = [x.strip() for x in lists.split(",") if x.strip()] if lists else None
        with open_store(settings(ctx).store_target, read_only=True) as store:
            index = ScreenIndex.from_store(store)
        if not len(index):
            raise StoreError(
                "the graph holds no list records", hint="run `exportwatch build` (or `demo`) first"
            )
        if name is not None:
            if not name.strip():
                raise ConfigError("the name to screen is empty")
            hits = index.screen(name, country=country, lists=wanted, threshold=threshold)
            rows = [h.to_json() for h in hits]
            if fmt == "json":
                typer.echo(to_json(rows))
            else:
                emit(rows, "table", columns=HIT_COLUMNS[1:], title=f"{name}: {len(rows)} hit(s)")
            return
        assert file is not None
        _bulk(index, file, out, fmt, country, wanted, threshold)

    def _bulk(
        index: object,
        file: Path,
        out: Path | None,
        fmt: str,
        country: str | None,
        wanted: list[str] | None,
        threshold: float,
    ) -> None:
        from exportwatch.screening import ScreenIndex

        assert isinstance(index, ScreenIndex)
        names = ((n, c or country) for n, c in read_names(file))
        target = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
        count = 0
        try:
            if fmt == "json":
                target.write("[\n")
            writer = csv.writer(target) if fmt != "json" else None
            if writer:
                writer.writerow(BULK_COLUMNS)
            for n, c, hits in index.screen_many(names, lists=wanted, threshold=threshold):
                best = hits[0] if hits else None
                if fmt == "json":
                    row = {
                        "name": n,
                        "country": c,
                        "hits": [h.to_json() for h in hits],
                        **({"problem": "empty name"} if not n else {}),
                    }
                    target.write(("," if count else "") + to_json(row) + "\n")
                else:
                    assert writer is not None
                    writer.writerow(
                        [
                            n,
                            c or "",
                            len(hits),
                            best.list if best else "",
                            best.regime if best else "",
                            best.listed_name if best else "",
                            best.score if best else "",
                            best.reason if best else ("empty name" if not n else ""),
                            best.entity_id if best else "",
                        ]
                    )
                count += 1
            if fmt == "json":
                target.write("]\n")
        except ExportwatchError:
            raise
        finally:
            if out:
                target.close()
