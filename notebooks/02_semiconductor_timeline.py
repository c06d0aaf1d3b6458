# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # US and allied controls on chip-making equipment and advanced computing: a timeline
#
# The US rule of October 2022 on advanced computing and semiconductor manufacturing items was the
# first of a series; the Netherlands and Japan followed with national controls on semiconductor
# manufacturing equipment (SME) in 2023, and both the US and its allies have widened their controls
# since. This notebook puts these measures on one time axis and shows **how many months each ally took**
# to answer the US rule that prompted its measure.
#
# **Where the data comes from** (all through the public API `exportwatch.api` on the demo graph):
#
# * the curated **measures** of each regime, with their announcement, adoption, publication and entry
#   into force dates (named query `digest_allied`, asked for every regime and the whole period);
# * the **lag** of each allied measure behind the US measure that prompted it (named query `ally_lag`),
#   on two bases: from announcement to announcement, and from the US rule's effective date to the allied
#   measure's entry into force, the delay that mattered to exporters; the graph computes both when it
#   loads the curated data, in months of 30.4375 days;
# * the **Federal Register**: BIS rules of 2022-2026 whose title names advanced computing or
#   semiconductors (named query `changes_between`, 136 real BIS rules in the bundled snapshot), as the
#   documentary trail of the US side.
#
# Each curated fact has a source and a **confidence**: `official` when it was checked against the
# official text (the Federal Register, the Dutch Staatscourant, the e-Gov versions of Japanese law),
# `reported` when any of its facts comes from a secondary analysis (CSIS, March 2025; law firms; the
# press) and is not yet checked. The plot marks the two differently.

# %%
import os
import textwrap
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from exportwatch import api

settings = api.demo_graph()
store = api.open_graph(settings)
FIGURES = Path(os.environ.get("EXPORTWATCH_FIGURES", "figures"))
FIGURES.mkdir(parents=True, exist_ok=True)
pd.set_option("display.max_colwidth", 70)


def save(fig, n):
    """Save figure ``n`` of this notebook as notebooks/figures/02_semiconductor_timeline_<n>.png."""
    fig.savefig(FIGURES / f"02_semiconductor_timeline_{n}.png", dpi=110, bbox_inches="tight")


print(f"data home: {settings.home}")

# %% [markdown]
# ## The measures
#
# Every curated measure of every regime (`home=""` leaves no regime out), kept when its topics include
# semiconductor manufacturing equipment (`sme`), `advanced_computing` or high-bandwidth memory (`hbm`).
# A measure known only by its month (`period`) is placed on the first day of that month.

# %%
TOPICS = {"sme", "advanced_computing", "hbm"}
DATE_COLUMNS = ["announced", "adopted", "published", "effective"]

measures = api.query("digest_allied", store=store, from_="1900-01-01", to="2100-12-31", home="")
for col in DATE_COLUMNS:
    measures[col] = pd.to_datetime(measures[col])
measures["month_only"] = measures[DATE_COLUMNS].isna().all(axis=1) & measures["period"].notna()
measures["start"] = measures[DATE_COLUMNS].min(axis=1).fillna(pd.to_datetime(measures["period"] + "-01"))
relevant = measures[measures["topics"].map(lambda t: bool(TOPICS & set(t or [])))].copy()
left_out = measures.loc[~measures.index.isin(relevant.index), ["measure", "regime", "topics"]]
print(f"{len(relevant)} of {len(measures)} measures are about SME, advanced computing or HBM; left out:")
print(left_out.to_string(index=False))
relevant[["measure", "regime", "announced", "effective", "period", "confidence", "topics", "citation"]]

# %% [markdown]
# ## The lags
#
# `ally_lag` returns one row per allied measure linked to the US measure it answered, with two lags:
# `lag_months_announced` (US announcement to allied announcement) and `lag_months_in_force` (US effective
# date to allied entry into force); either is empty when a date is unknown. `confidence` is the
# confidence of the link itself (the curated data follows the CSIS framing here, so the links are
# `reported` even where both measures are `official`).

# %%
lags = api.query("ally_lag", store=store)
lags[
    [
        "regime",
        "measure",
        "us_measure",
        "us_announced",
        "announced",
        "lag_months_announced",
        "us_effective",
        "effective",
        "lag_months_in_force",
        "confidence",
    ]
]

# %% [markdown]
# ## The US documentary trail
#
# BIS rules published in the Federal Register from 2022 on whose title names advanced computing or
# semiconductors (a title filter over `changes_between`; corrections and related notices included).

# %%
documents = api.query("changes_between", store=store, from_="2022-01-01", to="2026-12-31")
pattern = r"advanced computing|semiconductor|supercomputer"
us_rules = documents[documents["title"].str.contains(pattern, case=False, na=False)].copy()
us_rules["date"] = pd.to_datetime(us_rules["date"])
print(f"{len(us_rules)} of {len(documents)} BIS documents of 2022-2026 match /{pattern}/")
us_rules[["date", "document", "citation", "title"]]

# %% [markdown]
# ## The timeline
#
# One lane per regime. A measure is a line from its announcement (open circle; its first known date when
# no announcement date is known) to its entry into force (filled circle); a square is a measure known
# only by its month. The numbers refer to the key under the plot. Blue marks `official` measures,
# orange `reported` ones. The grey ticks in the top lane are the BIS rules above; the arrows are the
# lags of `ally_lag`, from the US announcement to the allied announcement, labelled with both lags.

# %%
COLOUR = {"official": "#1f4e79", "reported": "#e08214"}
lanes = ["US"] + sorted(
    set(relevant["regime"]) - {"US"}, key=lambda r: relevant.loc[relevant.regime == r, "start"].min()
)
lane_y = {r: len(lanes) - i for i, r in enumerate(lanes)}
lane_y["FR"] = len(lanes) + 1

timeline = relevant.sort_values(["start", "measure"]).reset_index(drop=True)
timeline["key"] = range(1, len(timeline) + 1)
fig, (ax, key_ax) = plt.subplots(
    2,
    1,
    figsize=(13, 1.3 * len(lane_y) + 0.22 * len(timeline) / 2 + 2.5),
    gridspec_kw={"height_ratios": [1.3 * len(lane_y), 0.22 * len(timeline) / 2 + 0.6]},
)
taken = {}  # (lane, month) -> labels placed there, so that numbers of the same month stack
for m in timeline.itertuples():
    y = lane_y[m.regime]
    colour = COLOUR.get(m.confidence, "grey")
    begin = m.announced if pd.notna(m.announced) else m.start
    end = m.effective if pd.notna(m.effective) else None
    if m.month_only:
        ax.plot([m.start], [y], marker="s", ms=9, color=colour)
    else:
        ax.plot([begin], [y], marker="o", ms=9, mfc="white", mec=colour, mew=2, zorder=3)
        if end is not None:
            ax.plot([begin, end], [y, y], color=colour, lw=3, alpha=0.6)
            ax.plot([end], [y], marker="o", ms=9, color=colour, zorder=3)
    slot = (y, begin.year * 12 + begin.month)
    n = taken.get(slot, 0)
    taken[slot] = n + 1
    ax.text(
        begin,
        y + 0.3 + 0.3 * n,
        str(m.key),
        fontsize=9,
        fontweight="bold",
        color=colour,
        ha="center",
        va="center",
        bbox={"boxstyle": "circle,pad=0.2", "fc": "white", "ec": colour, "lw": 1},
    )

key_ax.axis("off")
half = (len(timeline) + 1) // 2
for i, m in enumerate(timeline.itertuples()):
    x, y = (0.0, 1 - i / max(half, 1)) if i < half else (0.5, 1 - (i - half) / max(half, 1))
    when = m.period if m.month_only else m.start.date().isoformat()
    key_ax.text(
        x,
        y,
        f"{m.key:>2}. {m.regime} {when}  {textwrap.shorten(m.name, 64, placeholder='…')}",
        fontsize=8,
        va="top",
        color=COLOUR.get(m.confidence, "grey"),
        transform=key_ax.transAxes,
    )

ax.vlines(us_rules["date"], lane_y["FR"] - 0.25, lane_y["FR"] + 0.25, color="grey", lw=1.2)

by_id = relevant.set_index("measure")
for lag in lags.itertuples():
    if lag.measure not in by_id.index or lag.us_measure not in by_id.index:
        continue
    basis = (
        "announced" if lag.basis == "announced" else ("effective" if lag.basis == "effective" else "start")
    )
    x0, x1 = by_id.loc[lag.us_measure, basis], by_id.loc[lag.measure, basis]
    y0, y1 = lane_y["US"], lane_y[lag.regime]
    ax.annotate(
        "",
        xy=(x1, y1 + 0.12),
        xytext=(x0, y0 - 0.12),
        arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 1.2, "connectionstyle": "arc3,rad=0.15"},
    )
    in_force = "" if pd.isna(lag.lag_months_in_force) else f", {lag.lag_months_in_force:.1f} to force"
    ax.text(
        x1 - pd.Timedelta(days=12),
        y1 + 0.14,
        f"{lag.lag_months:.1f} months{in_force}",
        ha="right",
        va="bottom",
        fontsize=8.5,
        color="#333333",
        bbox={"fc": "white", "ec": "none", "alpha": 0.8},
    )

ax.set_yticks(
    list(lane_y.values()), [("US Federal Register\n(BIS rules)" if r == "FR" else r) for r in lane_y]
)
ax.set_ylim(0.3, lane_y["FR"] + 0.8)
ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
ax.set_xlim(
    pd.Timestamp("2022-07-01"), max(relevant["start"].max(), us_rules["date"].max()) + pd.Timedelta(days=120)
)
ax.grid(axis="x", color="#dddddd")
ax.set_xlabel("date")
ax.set_ylabel("regime")
ax.set_title("US and allied measures on semiconductor equipment and advanced computing, 2022-2026")
ax.legend(
    handles=[
        Line2D([], [], marker="o", ls="", mfc="white", mec="black", label="announced (or first date)"),
        Line2D([], [], marker="o", ls="", color="black", label="in force"),
        Line2D([], [], marker="s", ls="", color="black", label="month only"),
        Line2D([], [], color=COLOUR["official"], lw=3, label="official"),
        Line2D([], [], color=COLOUR["reported"], lw=3, label="reported"),
    ],
    loc="upper left",
    bbox_to_anchor=(1.01, 1.0),
    frameon=False,
)
save(fig, 1)
plt.show()

# %% [markdown]
# ## How long each ally took
#
# The lag of each allied measure behind the US measure that prompted it, in months, on both bases: from
# announcement to announcement, and from the US rule's effective date to the allied entry into force.

# %%
BASES = [
    ("lag_months_announced", "us_announced", "announced", "announcement to announcement", 0.6),
    ("lag_months_in_force", "us_effective", "effective", "US effective date to entry into force", 1.0),
]
fig, ax = plt.subplots(figsize=(9.5, 1.2 * len(lags) + 1.8))
labels = [f"{r.regime}: {textwrap.shorten(r.name, 45, placeholder='…')}" for r in lags.itertuples()]
height = 0.36
for k, (column, us_col, ally_col, label, alpha) in enumerate(BASES):
    y = [i + (k - 0.5) * height for i in range(len(lags))]
    values = lags[column].fillna(0)
    bars = ax.barh(
        y,
        values,
        height=height,
        alpha=alpha,
        color=[COLOUR.get(c, "grey") for c in lags["confidence"]],
        label=label,
    )
    for bar, r in zip(bars, lags.to_dict("records"), strict=True):
        text = (
            "date unknown" if pd.isna(r[column]) else f"{r[column]:.1f} months: {r[us_col]} → {r[ally_col]}"
        )
        ax.text(bar.get_width() + 0.1, bar.get_y() + bar.get_height() / 2, text, va="center", fontsize=8)
ax.set_yticks(range(len(lags)), labels)
ax.invert_yaxis()
longest = max(lags["lag_months_announced"].max(), lags["lag_months_in_force"].max()) if len(lags) else 1
ax.set_xlim(0, (longest if pd.notna(longest) else 1) * 2.0)
ax.set_xlabel("months after the US measure (30.4375-day months)")
ax.set_title("Lag of allied measures behind the US measure that prompted them")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False)
save(fig, 2)
plt.show()

# %% [markdown]
# ## Reading the timeline, and its caveats
#
# * The Netherlands and Japan announced their equipment controls about five to six months after the US
#   announcement of 7 October 2022, but put them in force only in July (Japan) and September 2023 (the
#   Netherlands): measured from the US rule's effective date (also 7 October 2022 for its core
#   instructions) to entry into force, the lags are nine to eleven months, the delay exporters saw.
# * Both allied measures are **country-neutral**: they require licences for most destinations rather
#   than targeting China, unlike the US rule (see notebook 01).
# * The links between an allied measure and "its" US measure are curated from a secondary analysis
#   (`reported`). Governments rarely say that one measure answers another; treat a lag as the time
#   between two dated acts, not as proof of cause.
# * Later allied measures (the Dutch DUV extension of 2024, Japan's additions of 2024 and 2025, Germany's
#   national entries of 2024) carry no `PROMPTED_BY` link in the curated data, so they have no lag here.
# * The BIS rules in the top lane are selected by title only; rules that changed these controls under
#   another title (for instance Entity List rules) are not in that lane.

# %%
store.close()
