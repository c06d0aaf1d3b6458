"""``exportwatch match review``: read the matcher's decisions and accept or reject pairs.

Judgements go to ``<home>/match/judgements.yaml``; the next ``exportwatch build`` honours them (an
accepted pair is merged, a rejected pair never is, not even through a third record).
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from exportwatch.clikit import check_format, console, emit, guarded, settings
from exportwatch.errors import ConfigError

COLUMNS = ["left", "right", "score", "match", "decided", "rule", "left_name", "right_name"]


def pending(decisions: list[dict[str, Any]], low: float, high: float) -> list[dict[str, Any]]:
    """Automatic decisions worth a look, best score first: matches scored below ``high`` and refusals
    scored ``low`` or more (near misses, one name in two countries)."""
    out = [
        d
        for d in decisions
        if d.get("decided") == "automatic"
        and ((d["match"] and float(d["score"]) < high) or (not d["match"] and float(d["score"]) >= low))
    ]
    return sorted(out, key=lambda d: -float(d["score"]))


def register(app: typer.Typer) -> None:
    """Attach ``match review``."""
    match_app = typer.Typer(help="Review the identity layer's match decisions.", no_args_is_help=True)
    app.add_typer(match_app, name="match")

    @match_app.command("review")
    @guarded
    def review_command(
        ctx: typer.Context,
        accept: Annotated[
            list[str] | None, typer.Option("--accept", help="LEFT,RIGHT: the two records are the same party.")
        ] = None,
        reject: Annotated[
            list[str] | None,
            typer.Option("--reject", help="LEFT,RIGHT: the two records are different parties."),
        ] = None,
        note: Annotated[str, typer.Option("--note", help="Why (kept with the judgement).")] = "",
        low: Annotated[float, typer.Option("--min-score", help="Lowest score of a refusal to show.")] = 86.0,
        high: Annotated[
            float, typer.Option("--max-score", help="Matches below this score are shown.")
        ] = 100.0,
        limit: Annotated[int, typer.Option("--limit", help="Pairs to show or ask about.")] = 20,
        fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    ) -> None:
        """Show the pairs worth a review (near misses, fuzzy matches, one name in two countries); accept or
        reject pairs with --accept/--reject LEFT,RIGHT, or answer y/n for each on a terminal. The next
        build honours the judgements."""
        from exportwatch.judgements import read_decisions, write_judgement

        check_format(fmt, ("table", "json"))
        home = settings(ctx).home
        given = [(p, True) for p in accept or []] + [(p, False) for p in reject or []]
        for pair, same in given:
            left, sep, right = pair.partition(",")
            if not sep or not left.strip() or not right.strip():
                raise ConfigError(
                    f"{pair!r} is not LEFT,RIGHT", hint="ids as `exportwatch match review` shows them"
                )
            path = write_judgement(home, left.strip(), right.strip(), same, note)
            console.print(f"{'accepted' if same else 'rejected'}: {left.strip()} / {right.strip()} -> {path}")
        if given:
            console.print("The next `exportwatch build` applies the judgements.")
            return
        decisions = read_decisions(home)
        if not decisions:
            raise ConfigError("no match decisions yet", hint="run `exportwatch build` (or `demo`) first")
        rows = pending(decisions, low, high)[:limit]
        if fmt == "json" or not sys.stdin.isatty():
            emit(rows, fmt, columns=COLUMNS, title=f"{len(rows)} pair(s) to review")
            return
        for d in rows:
            console.print(
                f"\n[bold]{d['left_name']}[/]  ~  [bold]{d['right_name']}[/]  score {d['score']}, "
                f"{'matched' if d['match'] else 'not matched'} ({d['rule']})"
            )
            answer = typer.prompt("same party? [y]es / [n]o / [s]kip / [q]uit", default="s").strip().lower()
            if answer.startswith("q"):
                break
            if answer[:1] in ("y", "n"):
                write_judgement(home, d["left"], d["right"], answer.startswith("y"), note)
