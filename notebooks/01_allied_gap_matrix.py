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
# # How far is each ally's toolkit from the US one? The allied gap matrix
#
# The United States controls exports of advanced chips and chip-making equipment with a whole
# toolkit: the Commerce Control List, the Entity List, end-use catch-alls, the US-persons rule,
# foreign direct product rules, de minimis, country-specific licence policy and a presumption of
# denial for China. This notebook shows, for each of these **control tools**, whether each ally's
# legal framework has it **fully**, **partially** (narrower, or a legal basis not yet used) or
# **not at all**.
#
# **Where the data comes from.** Every cell is one row of the named query `gap_matrix`, run on the
# exportwatch demo graph. The graph takes the cell from a curated *assessment* (the tool-availability
# table of CSIS, "Understanding U.S. Allies' Current Legal Authority to Implement AI and
# Semiconductor Export Controls", 2025-03-14); where no assessment exists, from the regime's curated
# *measures* that implement the tool. Each cell carries its source and a **confidence**:
# `official` (checked against the official legal text) or `reported` (taken from a secondary
# analysis, here CSIS, and not yet checked against the law itself).
#
# The data home is `$EXPORTWATCH_HOME`; `api.demo_graph()` builds the demo graph there if it is missing
# (about 30 seconds, offline, from the snapshot bundled with exportwatch).

# %%
import os
import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from exportwatch import api

settings = api.demo_graph()
store = api.open_graph(settings)
FIGURES = Path(os.environ.get("EXPORTWATCH_FIGURES", "figures"))
FIGURES.mkdir(parents=True, exist_ok=True)
pd.set_option("display.max_colwidth", 90)


def save(fig, n):
    """Save figure ``n`` of this notebook as notebooks/figures/01_allied_gap_matrix_<n>.png."""
    fig.savefig(FIGURES / f"01_allied_gap_matrix_{n}.png", dpi=110, bbox_inches="tight")


print(f"data home: {settings.home}")
print(f"graph: {store.url}")

# %% [markdown]
# ## The rows behind the matrix
#
# One row per (tool, regime): `extent` is `full`, `partial` or `none`; `measure` is the curated measure
# behind the cell (when the assessment names one, or when a measure decides the cell); `measures`
# counts the regime's curated measures that implement the tool.

# %%
cells = api.query("gap_matrix", store=store)
print(f"{len(cells)} cells: {cells['tool'].nunique()} tools x {cells['regime'].nunique()} regimes")
cells.head(8)

# %% [markdown]
# ## The matrix
#
# Tools are the rows, regimes the columns, the US first (the reference) and the allies in the order of
# how many tools they hold. A dagger (†) marks a cell whose confidence is `reported`; the second line
# names the curated measure behind the cell, when there is one. The source of each cell is listed below
# the plot (numbered, when the cells have more than one source).

# %%
EXTENT_SCORE = {"none": 0, "partial": 1, "full": 2}
COLOURS = ["#d7301f", "#fdbb84", "#1a9850"]  # none, partial, full

cells["score"] = cells["extent"].map(EXTENT_SCORE)
matrix = cells.pivot(index="tool_name", columns="regime", values="score")
extent = cells.pivot(index="tool_name", columns="regime", values="extent")
confidence = cells.pivot(index="tool_name", columns="regime", values="confidence")

allies = [r for r in matrix.columns if r != "US"]
allies.sort(key=lambda r: (-matrix[r].sum(), r))
columns = (["US"] if "US" in matrix.columns else []) + allies
rows = matrix[allies].sum(axis=1).sort_values(ascending=False).index
matrix, extent, confidence = (t.loc[rows, columns] for t in (matrix, extent, confidence))

# Number each distinct source once, so that a cell can point to it.
sources = {s: i + 1 for i, s in enumerate(sorted(cells["source"].dropna().unique()))}
source_of = cells.pivot(index="tool_name", columns="regime", values="source").loc[rows, columns]
measure_of = cells.pivot(index="tool_name", columns="regime", values="measure").loc[rows, columns]

fig, ax = plt.subplots(figsize=(11, 0.75 * len(rows) + 1.8))
ax.imshow(matrix.to_numpy(dtype=float), cmap=ListedColormap(COLOURS), vmin=0, vmax=2, aspect="auto")
for i, tool in enumerate(rows):
    for j, regime in enumerate(columns):
        label = extent.loc[tool, regime]
        if confidence.loc[tool, regime] == "reported":
            label += "†"
        if len(sources) > 1 and pd.notna(source_of.loc[tool, regime]):
            label += f" [{sources[source_of.loc[tool, regime]]}]"
        if pd.notna(measure_of.loc[tool, regime]):
            # break the measure id at underscores so that it fits the cell
            label += "\n" + textwrap.fill(measure_of.loc[tool, regime].replace("_", " "), 17).replace(
                " ", "_"
            )
        ax.text(
            j,
            i,
            label,
            ha="center",
            va="center",
            fontsize=8,
            color="white" if matrix.loc[tool, regime] != 1 else "black",
        )
ax.set_xticks(range(len(columns)), columns, fontsize=11)
ax.set_yticks(range(len(rows)), [textwrap.fill(t, 34) for t in rows], fontsize=10)
ax.set_xticks([x - 0.5 for x in range(1, len(columns))], minor=True)
ax.set_yticks([y - 0.5 for y in range(1, len(rows))], minor=True)
ax.grid(which="minor", color="white", linewidth=2)
ax.tick_params(which="minor", length=0)
ax.xaxis.tick_top()
ax.set_xlabel("regime (US = reference)", fontsize=11)
ax.xaxis.set_label_position("top")
ax.set_ylabel("control tool", fontsize=11)
ax.set_title("Allied gap matrix: which US control tools each regime holds", fontsize=13, pad=36)
ax.legend(
    handles=[Patch(color=c, label=e) for e, c in zip(EXTENT_SCORE, COLOURS, strict=True)],
    loc="upper center",
    bbox_to_anchor=(0.5, -0.02),
    ncol=3,
    frameon=False,
    title="extent (†: confidence 'reported'; second line: the measure behind the cell)",
)
if len(sources) == 1:
    ax.text(
        0.5,
        -0.15,
        f"source of every cell: {next(iter(sources))}",
        transform=ax.transAxes,
        ha="center",
        va="top",
        fontsize=8,
        color="#444444",
    )
save(fig, 1)
plt.show()

# %% [markdown]
# ### Sources behind the cells
#
# The numbers in the cells refer to this list; the table under it gives, for every cell that is not
# `full`, the note the assessment or measure carries and the measure that decided it.

# %%
source_list = pd.DataFrame(
    [(n, s, int((cells["source"] == s).sum())) for s, n in sources.items()],
    columns=["ref", "source", "cells"],
).set_index("ref")
source_list

# %%
detail = cells.assign(ref=cells["source"].map(sources))
detail = detail[["tool", "regime", "extent", "confidence", "measure", "note", "ref"]]
print("cells by confidence:", cells["confidence"].value_counts().to_dict())
detail.sort_values(["tool", "regime"]).query("extent != 'full'").reset_index(drop=True)

# %% [markdown]
# ## How many US tools each ally holds
#
# The same rows counted per regime: a quick ranking, not a measure of effectiveness (a `full` list-based
# control in the Netherlands covers far fewer items than the US Commerce Control List).

# %%
order = ["full", "partial", "none"]
counts = pd.crosstab(cells["regime"], cells["extent"]).reindex(columns=order, fill_value=0)
counts = counts.loc[columns]
fig, ax = plt.subplots(figsize=(8.5, 3.8))
counts.plot.barh(stacked=True, color=[COLOURS[EXTENT_SCORE[e]] for e in order], ax=ax, width=0.7)
ax.invert_yaxis()
ax.set_xlabel(f"number of control tools (of the {cells['tool'].nunique()} assessed)")
ax.set_ylabel("regime")
ax.set_title("Control tools held per regime, by extent")
ax.legend(title="extent", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
save(fig, 2)
plt.show()
counts

# %% [markdown]
# ## Reading the matrix, and its caveats
#
# * Only the US holds the extraterritorial tools (foreign direct product rules, de minimis), the
#   country-specific licence policy and the presumption of denial for China: no ally has an
#   equivalent. Allied list-based controls (the Dutch and Japanese equipment lists, the German national
#   entries) are **country-neutral**: they require a licence for every destination outside a short list
#   of friendly countries, rather than targeting China.
# * Japan's End User List and Korea's strategic-items rules are `partial` end-user lists: they focus on
#   weapons of mass destruction and military end uses, not on advanced semiconductors.
# * Every cell here is `reported` (see the count printed above the detail table): the assessments come
#   from one secondary source (CSIS, March 2025) and have not been checked line by line against the
#   allied legal texts. A cell changes to `official` only when a curated record cites the law itself;
#   the measures behind some cells (for instance the Dutch ministerial regulation of 2023) are already
#   `official`, see notebook 02.
# * The matrix is a snapshot of legal authority, not of enforcement, and it is about AI and
#   semiconductor controls: the EU's Art. 4 catch-all exists but covers WMD and military end uses only,
#   so it is assessed `none` for advanced semiconductors.

# %%
store.close()
