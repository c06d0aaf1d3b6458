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
# # What changed in the Commerce Control List, July 2025 to July 2026, paragraph by paragraph
#
# The Commerce Control List (CCL, supplement no. 1 to 15 CFR part 774) lists the US controlled items by
# Export Control Classification Number (ECCN). exportwatch keeps the text of each ECCN as **versions**:
# one `ItemVersion` per (ECCN, valid-from date) with its paragraphs (heading, reasons for control, the
# control rows of the licence requirements, licence exceptions, related controls, the List of Items
# Controlled with its notes), a hash of the text, the parser that read it and how its date was set.
#
# **Where the two bundled texts come from.** Both are third-party parses of the eCFR text: the older one
# (2025-07-11) was parsed from eCFR Markdown and is dated by the commit that stored it; the newer one is
# dated by its eCFR issue (2026-07-23) and was parsed from the versioner XML, with the List of Items
# Controlled kept for Categories 1, 3, 4 and 5 only. Neither holds every ECCN. So the comparison below
# reports a change only where both texts hold the same part of an entry and read differently; an ECCN
# missing from one of them is **not covered** by it, never "added" or "removed".

# %%
import os
import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

from exportwatch import api

settings = api.demo_graph()
store = api.open_graph(settings)
FIGURES = Path(os.environ.get("EXPORTWATCH_FIGURES", "figures"))
FIGURES.mkdir(parents=True, exist_ok=True)
pd.set_option("display.max_colwidth", 110)


def save(fig, n):
    """Save figure ``n`` of this notebook as notebooks/figures/04_ccl_changes_<n>.png."""
    fig.savefig(FIGURES / f"04_ccl_changes_{n}.png", dpi=110, bbox_inches="tight")


FOCUS = ["3", "4"]
print(f"data home: {settings.home}")

# %% [markdown]
# ## The two texts
#
# The `ItemVersion` nodes of the US list per date and category, with the parser and dating of each text.

# %%
g = api.graph_networkx(store)
versions = pd.DataFrame([d for _, d in g.nodes(data=True) if d["label"] == "ItemVersion"])
versions = versions[versions["item"].str.startswith("US:")].copy()
versions["category"] = versions["code"].str[0]
snapshots = sorted(versions["snapshot"].unique())
older, newer = snapshots[0], snapshots[-1]
print(versions.groupby("snapshot")[["parser", "dated_by"]].first().to_string())
per_category = versions.pivot_table(
    index="category", columns="snapshot", values="key", aggfunc="count", fill_value=0
)

fig, ax = plt.subplots(figsize=(10, 4.2))
per_category.plot.bar(ax=ax, color=["#9ecae1", "#08519c"], width=0.8)
ax.set_xlabel("CCL category")
ax.set_ylabel("ECCNs in the text")
ax.set_title("ECCNs per category in the two bundled texts of the Commerce Control List")
ax.tick_params(axis="x", labelrotation=0)
ax.legend(title="text of")
save(fig, 1)
plt.show()
per_category.T

# %% [markdown]
# ## Not covered: ECCNs one text lacks
#
# An ECCN that one text lacks is linked to that text by `NOT_COVERED` with the evidence: most of these codes
# occur elsewhere in the same text (in another entry's related controls or notes), so the parse missed the
# entry; none of them is an addition or a removal. Neither text holds any category completely, so no
# absence can be read as a change.

# %%
edges = [(a, b, k, d) for a, b, k, d in g.edges(keys=True, data=True)]
gaps = pd.DataFrame(
    [
        {"text lacking it": a.split(":", 1)[1], "code": b.split(":", 2)[-1], "evidence": d.get("evidence")}
        for a, b, k, d in edges
        if k == "NOT_COVERED"
    ]
)
gaps["category"] = gaps["code"].str[0]
print(gaps.groupby("text lacking it").size().to_string())
gaps.sort_values(["text lacking it", "code"])

# %% [markdown]
# ## Real changes, all categories
#
# `CHANGED` events of the later text: `heading_changed` or `text_changed` (a paragraph both texts hold reads
# differently), read with the named query `items_touched_between`.

# %%
touched = api.query("items_touched_between", store=store, from_=older, to=newer)
changes = touched[touched["document"].str.startswith("dataset:ccl@") & (touched["date"] > older)].copy()
changes["category"] = changes["code"].str[0]
by_action = changes.pivot_table(
    index="category", columns="action", values="item", aggfunc="count", fill_value=0
)
print(f"{len(changes)} ECCNs changed between {older} and {newer}: {changes['action'].value_counts().to_dict()}")

ACTION_COLOUR = {"heading_changed": "#fdae61", "text_changed": "#2c7bb6"}
fig, ax = plt.subplots(figsize=(10, 4.2))
by_action.plot.bar(
    stacked=True, ax=ax, color=[ACTION_COLOUR.get(a, "grey") for a in by_action.columns], width=0.8
)
for label in ax.get_xticklabels():
    if label.get_text() in FOCUS:
        label.set_fontweight("bold")
        label.set_color("#b30000")
ax.set_xlabel("CCL category (3 and 4 in red)")
ax.set_ylabel("ECCNs changed")
ax.yaxis.set_major_locator(MaxNLocator(integer=True))
ax.set_title(f"ECCNs whose text changed between {older} and {newer}")
ax.tick_params(axis="x", labelrotation=0)
ax.legend(title="change")
save(fig, 2)
plt.show()
by_action.T

# %% [markdown]
# ## Categories 3 and 4: what changed in each ECCN
#
# `item_text_changes` gives the version pair of each change; `api.diff` gives its paragraphs. Every changed
# paragraph is shown with its word diff (`[-removed-]{+added+}`).

# %%
rows = []
for code in sorted(changes.loc[changes["category"].isin(FOCUS), "code"].unique()):
    pair = api.query("item_text_changes", store=store, item=code)
    d = api.diff(code, older, newer, store=store)
    for c in d.changes:
        rows.append(
            {
                "ECCN": code,
                "versions": f"{pair['from_version'][0]} -> {pair['to_version'][0]}",
                "paragraph": c.designation,
                "change": c.change,
                "word diff": textwrap.shorten(c.inline(), 200, placeholder=" …"),
            }
        )
focus = pd.DataFrame(rows)
print(f"{focus['ECCN'].nunique()} ECCNs of Categories 3 and 4 changed, {len(focus)} paragraphs")
focus

# %% [markdown]
# ## One ECCN in full: 3A090
#
# The paragraph diff of 3A090 between the two dates, as `exportwatch diff 3A090 --from 2025-07-11 --to
# 2026-07-23` prints it: the United Arab Emirates join the destinations of the 3A090.b licence requirement,
# and the authorized-IC-designer dates of Note 1 to 3A090.a move from April 13, 2026 to December 31, 2026.

# %%
d = api.diff("3A090", older, newer, store=store)
for c in d.changes:
    print(f"{c.designation} ({c.change})")
    print(textwrap.fill(c.inline(), 110, initial_indent="    ", subsequent_indent="    "))
print(f"parts not compared in full: {', '.join(d.not_covered)}")
pd.DataFrame(d.to_json()["changes"])

# %% [markdown]
# ## What touched these ECCNs
#
# `item_timeline` for each changed ECCN of Categories 3 and 4: the Federal Register documents that mentioned
# or amended it and the text changes, on one time axis. A rule whose amendatory instruction the graph holds is
# joined to the version it made (`version`, `paragraphs` columns).

# %%
timelines = pd.concat(
    [api.query("item_timeline", store=store, item=code) for code in sorted(focus["ECCN"].unique())],
    ignore_index=True,
)
timelines = timelines[timelines["item"].str.startswith("US:")].copy()
timelines["date"] = pd.to_datetime(timelines["date"])
MARKERS = {
    "mentions": ("o", "#4575b4"),
    "amends": ("D", "#762a83"),
    "text_changed": ("s", ACTION_COLOUR["text_changed"]),
    "heading_changed": ("s", ACTION_COLOUR["heading_changed"]),
}
codes = sorted(timelines["item"].unique())
fig, ax = plt.subplots(figsize=(10, 0.45 * len(codes) + 1.8))
for action, part in timelines.groupby("action"):
    marker, colour = MARKERS.get(action, ("x", "grey"))
    ax.scatter(part["date"], part["item"].map(codes.index), marker=marker, s=80, color=colour, label=action)
for snap in snapshots:
    ax.axvline(pd.Timestamp(snap), color="#999999", ls="--", lw=1)
    ax.text(pd.Timestamp(snap), len(codes) - 0.4, f" CCL {snap}", fontsize=8.5, color="#555555")
ax.set_yticks(range(len(codes)), codes)
ax.set_xlabel("publication date")
ax.set_title("Documents and text changes of the changed Category 3 and 4 ECCNs")
ax.grid(axis="x", color="#eeeeee")
ax.legend(title="event", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
save(fig, 3)
plt.show()
timelines[["date", "item", "action", "document", "title", "version", "paragraphs"]]

# %% [markdown]
# ## Reading the comparison, and its caveats
#
# * Only differences in parts that both texts hold are changes. The older text's note labels, related
#   definitions and licence exceptions with a slash (NAC/ACA) are not held by the newer parse; the List of
#   Items Controlled of Categories 0, 2 and 6 to 9 is not held by it either.
# * Between two parsers, a paragraph that only one parse holds cannot be told from a real addition: such
#   paragraphs are counted as unmatched (`api.diff(...).unmatched`), never reported as added or removed.
#   Reworded paragraphs that both hold are reported; a few may still be parser artefacts, which is why the
#   events carry confidence `derived`.
# * The demo's Federal Register data holds titles and abstracts of the BIS rules of the period, not their
#   amendatory instructions, so no rule is joined to these versions yet. Two rules of the snapshot match the
#   3A090 changes by subject: 2026-06851 (extension of authorized IC designer status, 2026-04-09) and
#   2026-14132 (favourable treatment for the United Arab Emirates, 2026-07-14); syncing their full text and
#   the eCFR versions (`exportwatch sync --source ecfr`) makes the join exact.

# %%
store.close()
