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
# # What changed in the Commerce Control List: Categories 3 and 4, July 2025 to July 2026
#
# The Commerce Control List (CCL, supplement no. 1 to 15 CFR part 774) is the US list of controlled
# items, by Export Control Classification Number (ECCN). Category 3 covers electronics, including
# semiconductor manufacturing equipment (3B) and advanced integrated circuits (3A090); Category 4 covers
# computers (4A090) and, since January 2025, AI model weights (4E091). This notebook compares the two
# CCL snapshots bundled with exportwatch, **2025-07-11** and **2026-07-23**, for these two categories.
#
# **Where the data comes from.** Each snapshot is loaded as a dataset document whose ECCNs become
# `ItemVersion` nodes (an item as that snapshot reads it: heading and reasons for control). The graph
# compares each snapshot with the previous one and records `CHANGED` events (`added`, `removed`,
# `heading_changed`) from the later snapshot's document; their confidence is `derived`. The notebook
# reads the events through the named queries `items_touched_between` and `item_timeline`, and the item
# versions (which no named query returns yet) from the graph's networkx export `api.graph_networkx`.
#
# **Caveat up front:** the two snapshots were parsed from the eCFR text by two different third-party
# parsers (see `exportwatch/snapshot/reference/SOURCES.md`). Some differences come from the parsers,
# not from BIS; the checks below show which ones.

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
pd.set_option("display.max_colwidth", 90)


def save(fig, n):
    """Save figure ``n`` of this notebook as notebooks/figures/04_ccl_changes_<n>.png."""
    fig.savefig(FIGURES / f"04_ccl_changes_{n}.png", dpi=110, bbox_inches="tight")


FOCUS = ["3", "4"]  # the categories this notebook is about
print(f"data home: {settings.home}")

# %% [markdown]
# ## The two snapshots
#
# `ItemVersion` nodes of the US list per snapshot date and category: how many ECCNs each snapshot holds.

# %%
g = api.graph_networkx(store)
versions = pd.DataFrame([d for _, d in g.nodes(data=True) if d["label"] == "ItemVersion"])
versions = versions[versions["item"].str.startswith("US:")].copy()
versions["category"] = versions["code"].str[0]
snapshots = sorted(versions["snapshot"].unique())
older, newer = snapshots[0], snapshots[-1]
per_category = versions.pivot_table(
    index="category", columns="snapshot", values="key", aggfunc="count", fill_value=0
)
print(f"snapshots: {snapshots}; ECCNs: {per_category.sum().to_dict()}")

fig, ax = plt.subplots(figsize=(10, 4.2))
per_category.plot.bar(ax=ax, color=["#9ecae1", "#08519c"], width=0.8)
for label in ax.get_xticklabels():
    if label.get_text() in FOCUS:
        label.set_fontweight("bold")
        label.set_color("#b30000")
ax.set_xlabel("CCL category (3: electronics, 4: computers, in red)")
ax.set_ylabel("ECCNs in the snapshot")
ax.set_title("ECCNs per category in the two Commerce Control List snapshots")
ax.tick_params(axis="x", labelrotation=0)
ax.legend(title="snapshot")
save(fig, 1)
plt.show()
per_category.T

# %% [markdown]
# ## Change events, all categories
#
# `items_touched_between` returns every item a document published in the period touched; the rows whose
# document is the later CCL snapshot are the list's own changes.

# %%
touched = api.query("items_touched_between", store=store, from_=older, to=newer)
changes = touched[touched["document"].str.startswith("dataset:ccl@") & (touched["date"] > older)].copy()
changes["category"] = changes["code"].str[0]
by_action = changes.pivot_table(
    index="category", columns="action", values="item", aggfunc="count", fill_value=0
)
by_action = by_action.reindex(sorted(per_category.index), fill_value=0)
print(
    f"{len(changes)} change events between {older} and {newer}: {changes['action'].value_counts().to_dict()}"
)

ACTION_COLOUR = {"added": "#1a9850", "removed": "#d73027", "heading_changed": "#fdae61"}
fig, ax = plt.subplots(figsize=(10, 4.2))
by_action.plot.bar(
    stacked=True, ax=ax, color=[ACTION_COLOUR.get(a, "grey") for a in by_action.columns], width=0.8
)
for label in ax.get_xticklabels():
    if label.get_text() in FOCUS:
        label.set_fontweight("bold")
        label.set_color("#b30000")
ax.set_xlabel("CCL category (3 and 4 in red)")
ax.set_ylabel("change events")
ax.yaxis.set_major_locator(MaxNLocator(integer=True))
ax.set_title(f"Commerce Control List changes between {older} and {newer}, by category")
ax.tick_params(axis="x", labelrotation=0)
ax.legend(title="action")
save(fig, 2)
plt.show()
by_action.T

# %% [markdown]
# ## Categories 3 and 4 in detail
#
# Each change event with the headings it compares (from the `CHANGED` edge of the export) and the
# reasons for control each snapshot gives the item (from its `ItemVersion` nodes).

# %%
edges = pd.DataFrame(
    [
        {"item": b.split(":", 1)[1], "document": a.split(":", 1)[1], **d}
        for a, b, k, d in g.edges(keys=True, data=True)
        if k == "CHANGED"
    ]
)
focus = changes[changes["category"].isin(FOCUS)][["date", "code", "item", "action", "document"]]
focus = focus.merge(
    edges[["item", "document", "action", "old_heading", "new_heading"]],
    on=["item", "document", "action"],
    how="left",
)
reasons = versions.pivot_table(index="item", columns="snapshot", values="reasons", aggfunc="first")
focus[f"reasons {older}"] = focus["item"].map(reasons.get(older, pd.Series(dtype=str)))
focus[f"reasons {newer}"] = focus["item"].map(reasons.get(newer, pd.Series(dtype=str)))
for col in ("old_heading", "new_heading"):
    focus[f"{col} length"] = focus[col].str.len()
    focus[col] = focus[col].map(
        lambda h: textwrap.shorten(h, 110, placeholder=" …") if isinstance(h, str) else h
    )
focus

# %% [markdown]
# ## Which changes are real? Two checks
#
# * **Removed, or swallowed?** A "removed" ECCN whose code appears inside the *new* heading of another
#   item of the same snapshot was most likely merged into that heading by the parser, not removed by BIS.
# * **Added, or skipped before?** An "added" ECCN with no reasons for control is usually a pointer entry
#   (for instance "subject to the ITAR", or "controlled by ECCN 3A611"); the earlier parser appears to
#   have skipped such entries. The check counts them over the whole list.

# %%
new_headings = edges.dropna(subset=["new_heading"])
removed = changes[changes["action"] == "removed"]
swallowed = pd.DataFrame(
    [
        {"removed": r.code, "found in the new heading of": h.item, "category": r.category}
        for r in removed.itertuples()
        for h in new_headings.itertuples()
        if h.item != r.item and f"{r.code} " in h.new_heading
    ]
)
added = changes[changes["action"] == "added"]
added_without_reasons = added["item"].map(reasons.get(newer, pd.Series(dtype=str))).isna()
print(f"removed ECCNs found inside another item's new heading: {len(swallowed)} of {len(removed)}")
print(
    f"added ECCNs with no reasons for control in {newer}: {int(added_without_reasons.sum())} of {len(added)}"
)
swallowed

# %% [markdown]
# ## What else touched these items
#
# `item_timeline` for each changed ECCN of Categories 3 and 4: the documents that mentioned or amended
# it, and the snapshot events, on one time axis.

# %%
timelines = pd.concat(
    [api.query("item_timeline", store=store, item=code) for code in sorted(focus["code"].unique())],
    ignore_index=True,
)
timelines = timelines[timelines["item"].str.startswith("US:")].copy()
timelines["date"] = pd.to_datetime(timelines["date"])
MARKERS = {
    "mentions": ("o", "#4575b4"),
    "amends": ("D", "#762a83"),
    "added": ("^", ACTION_COLOUR["added"]),
    "removed": ("v", ACTION_COLOUR["removed"]),
    "heading_changed": ("s", ACTION_COLOUR["heading_changed"]),
}
codes = sorted(timelines["item"].unique())

fig, ax = plt.subplots(figsize=(10, 0.6 * len(codes) + 1.8))
for action, rows in timelines.groupby("action"):
    marker, colour = MARKERS.get(action, ("x", "grey"))
    ax.scatter(
        rows["date"], rows["item"].map(codes.index), marker=marker, s=90, color=colour, label=action, zorder=3
    )
for snap in snapshots:
    ax.axvline(pd.Timestamp(snap), color="#999999", ls="--", lw=1)
    ax.text(pd.Timestamp(snap), len(codes) - 0.4, f" CCL {snap}", fontsize=8.5, color="#555555")
ax.set_yticks(range(len(codes)), codes)
ax.set_ylim(-0.6, len(codes) - 0.1)
ax.set_xlabel("publication date")
ax.set_ylabel("ECCN")
ax.set_title("Documents and snapshots that touched the changed Category 3 and 4 ECCNs")
ax.grid(axis="x", color="#eeeeee")
ax.legend(title="event", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
save(fig, 3)
plt.show()
timelines[["date", "item", "action", "document", "title", "spans"]]

# %% [markdown]
# ## Federal Register documents of the period
#
# `changes_between` with an item prefix keeps the documents of the period that mention or amend an item
# of that category.

# %%
for prefix in FOCUS:
    docs = api.query("changes_between", store=store, from_=older, to=newer, item_prefix=prefix)
    print(f"documents published {older} to {newer} touching Category {prefix} items: {len(docs)}")

# %% [markdown]
# ## Reading the comparison, and its caveats
#
# * Between the two snapshots the list grew, but for Categories 3 and 4 the change events are few, and
#   the checks above explain most of them as parsing differences: a "removed" Category 3 ECCN is found
#   inside the much longer new heading of its neighbour (the later parser ran one entry into the next,
#   and also lost that neighbour's reasons for control), and every "added" ECCN is an entry without
#   reasons for control, the kind the earlier parser skipped. Another "removed" ECCN (3D006) is simply
#   missing from the later parse. None of these should be read as a BIS decision without checking the
#   eCFR text of both dates (`https://www.ecfr.gov/api/versioner/v1/full/<date>/title-15.xml?part=774`).
# * `CHANGED` events have confidence `derived`: they are computed by comparing two snapshots, and are
#   only as good as the snapshots.
# * The demo's Federal Register data holds titles and abstracts of BIS rules (full text for only two
#   documents), so "no document touched Category 3 or 4 in the period" means that no title or abstract
#   named one of their ECCNs, not that no rule changed them.
# * Changes inside an ECCN (a new paragraph, a changed threshold such as the 3A090 TPP bands) appear
#   only when the heading changes; the graph does not yet compare the full text of entries.

# %%
store.close()
