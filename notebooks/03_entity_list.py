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
# # The US restricted-party lists: who was added, when, by which rule, and who is reached through a parent
#
# The Entity List (supplement no. 4 to 15 CFR part 744) names foreign parties that need a US licence
# for (almost) any item subject to the Export Administration Regulations; the Military End-User list
# (supplement no. 7), the Section 1260H list of Chinese military companies, the Unverified List and the
# Denied Persons List are the other US lists exportwatch reads. This notebook shows the additions per
# month on each list, by country and by Federal Register citation, one week of rules read event by event,
# and the network of parties linked to a listed parent (the question the BIS Affiliates rule raises).
#
# **Where the data comes from.** Each list is a dated snapshot, read offline from the bundled copies
# (live: `exportwatch sync --source us-lists`): supplement no. 4 of 2026-07-09 (3,409 entries, each with
# its whole chain of Federal Register citations and the dates printed beside them, `75 FR 1701, 1/13/10`),
# supplement no. 7, the 1260H list (91 FR 35189, June 10, 2026) and the BIS rows of the trade.gov
# Consolidated Screening List of 2026-07-31. Every citation of a chain is one **listing event** (`add`
# for the first, `revise` after) with the day printed beside it, or derived from a page printed with a
# date; an event read from several sources (a rule's own text, the chain, the CSL row) is one event.
# The lists show the parties listed today: parties removed before 2026 are not in them, so early years
# are under-counted.

# %%
import os
from pathlib import Path

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd

from exportwatch import api

settings = api.demo_graph()
store = api.open_graph(settings)
FIGURES = Path(os.environ.get("EXPORTWATCH_FIGURES", "figures"))
FIGURES.mkdir(parents=True, exist_ok=True)
pd.set_option("display.max_colwidth", 70)


def save(fig, n):
    """Save figure ``n`` of this notebook as notebooks/figures/03_entity_list_<n>.png."""
    fig.savefig(FIGURES / f"03_entity_list_{n}.png", dpi=110, bbox_inches="tight")


print(f"data home: {settings.home}")

# %% [markdown]
# ## Listing events with their day
#
# The named query `listings_between` returns the events of every US list dated in a period.

# %%
events = api.query("listings_between", store=store, from_="1990-01-01", to="2100-12-31")
events["date"] = pd.to_datetime(events["date"])
events["month"] = events["date"].dt.to_period("M")
additions = events[events["action"] == "add"]
print(f"dated events: {len(events)}; by list: {events['list'].value_counts().to_dict()}")
print(f"by action: {events['action'].value_counts().to_dict()}")
events.tail()

# %% [markdown]
# ## Additions per month, by list
#
# Additions (`add` events) per calendar month since 2018, stacked by list.

# %%
LISTS = ["entity_list", "meu", "1260h", "uvl", "dpl"]
recent = additions[additions["date"] >= "2018-01-01"]
per_month = recent.pivot_table(index="month", columns="list", values="entity", aggfunc="count", fill_value=0)
per_month = per_month.reindex(
    pd.period_range(per_month.index.min(), per_month.index.max(), freq="M"), fill_value=0
)
per_month = per_month[[c for c in LISTS if c in per_month.columns]]

fig, ax = plt.subplots(figsize=(13, 5))
per_month.plot.bar(
    stacked=True, ax=ax, width=0.9, color=plt.get_cmap("tab10").colors[: len(per_month.columns)]
)
ticks = [i for i, m in enumerate(per_month.index) if m.month == 1]
ax.set_xticks(ticks, [str(per_month.index[i].year) for i in ticks], rotation=0)
ax.set_xlabel("month of the Federal Register publication")
ax.set_ylabel("additions")
ax.set_title("Additions to the US lists per month (parties still listed in 2026-07)")
ax.legend(title="list", loc="upper left")
save(fig, 1)
plt.show()
per_month.sum(axis=1).sort_values(ascending=False).head(8).rename("additions, busiest months")

# %% [markdown]
# ## Entity List additions by Federal Register citation
#
# The twenty citations under which the most parties were added to the Entity List, with their day and the
# countries of the listed parties (the eight most frequent, the rest as "other").

# %%
el = additions[additions["list"] == "entity_list"]
TOP = 8
top_countries = el["country"].value_counts().head(TOP).index.tolist()
by_citation = el.assign(country=el["country"].where(el["country"].isin(top_countries), "other")).pivot_table(
    index="citation", columns="country", values="entity", aggfunc="count", fill_value=0
)
by_citation = by_citation.loc[by_citation.sum(axis=1).sort_values(ascending=False).index[:20]]
by_citation = by_citation[[c for c in top_countries + ["other"] if c in by_citation.columns]]
day_of = el.groupby("citation")["date"].min().dt.date

fig, ax = plt.subplots(figsize=(11, 7))
colours = list(plt.get_cmap("tab10").colors[:TOP]) + ["#bbbbbb"]
by_citation.plot.barh(stacked=True, ax=ax, color=colours[: len(by_citation.columns)], width=0.75)
ax.set_yticks(range(len(by_citation)), [f"{c}  ({day_of[c]})" for c in by_citation.index])
ax.invert_yaxis()
ax.set_xlabel("Entity List additions")
ax.set_ylabel("Federal Register citation (day)")
ax.set_title("The 20 Federal Register citations with the most Entity List additions")
ax.legend(title="country", loc="lower right", ncol=2)
save(fig, 2)
plt.show()

# %% [markdown]
# ## One week, event by event: 2023-02-27 to 2023-03-05
#
# `list_changes` returns one row per event with its sources: the rule 2023-03929, whose full text is in
# the catalog, is the document of its 10 parties (each confirmed by the Entity List's chain and the CSL
# row, `confirmed_by`); the other rule of that day (88 FR 12158) is not in the catalog with its pages, so
# its events are dated from the list but not linked to a document.

# %%
week = api.query("list_changes", store=store, list="entity_list", from_="2023-02-27", to="2023-03-05")
week["sources"] = week["confirmed_by"].map(len) + 1
week.groupby(["date", "citation", "action"], dropna=False).agg(
    events=("entity", "size"), document=("document", "first"), sources=("sources", "max")
)

# %% [markdown]
# ## Parties reached through a listed parent
#
# The named query `affiliate_reach` returns the parties that a US list links to a listed parent (the
# subsidiaries the 1260H notes name, the subordinate institutions and affiliated entities the Entity List
# and MEU text name) and that are not themselves on the parent's lists, with the relation as printed and
# the status of the BIS Affiliates rule on a day (in force from 2025-09-29, suspended 2025-11-10 to
# 2026-11-09). No ownership share is inferred: the lists print none.

# %%
reach = api.query("affiliate_reach", store=store, as_of="2026-01-01")
print(
    f"{len(reach)} parties reached through {reach['parent'].nunique()} listed parents; "
    f"Affiliates rule on 2026-01-01: {reach['rule_status'].iloc[0] if len(reach) else 'n/a'}"
)
reach["parent_lists"] = reach["parent_lists"].map(", ".join)
reach.groupby(["parent", "parent_lists", "relation"]).size().sort_values(ascending=False).head(12)

# %% [markdown]
# The network: listed parents (dark, sized by how many parties they reach) and the parties reached
# (light), for the ten parents that reach the most.

# %%
top_parents = reach["parent"].value_counts().head(10).index
net = nx.Graph()
for r in reach[reach["parent"].isin(top_parents)].itertuples():
    net.add_node(r.parent, kind="parent")
    net.add_node(r.entity, kind=net.nodes[r.entity]["kind"] if r.entity in net else "reached")
    net.add_edge(r.parent, r.entity, relation=r.relation)
parents = [n for n, d in net.nodes(data=True) if d["kind"] == "parent"]
reached = [n for n in net if n not in parents]
pos = nx.spring_layout(net, seed=3, k=0.35)
fig, ax = plt.subplots(figsize=(13, 10))
nx.draw_networkx_edges(net, pos, ax=ax, edge_color="#999999", width=0.8)
nx.draw_networkx_nodes(net, pos, ax=ax, nodelist=reached, node_size=40, node_color="#9ecae1")
nx.draw_networkx_nodes(
    net,
    pos,
    ax=ax,
    nodelist=parents,
    node_color="#08306b",
    node_size=[80 + 40 * net.degree(p) for p in parents],
)
for p in parents:
    ax.text(*pos[p], f"  {p[:40]}", fontsize=8.5, va="center")
ax.set_title(
    f"Parties linked to a listed parent and not on its lists: the {len(parents)} parents that reach the most"
)
ax.axis("off")
save(fig, 3)
plt.show()

# %% [markdown]
# ## The Huawei family
#
# `entity_history` gives every event of the parties whose name or alias contains a text, with its day, its
# document where the catalog holds it, and `affiliate_of` where a list names the party an affiliate.

# %%
family = api.query("entity_history", store=store, name="huawei")
print(
    f"{family['entity_id'].nunique()} parties, {family['citation'].nunique()} citations, {len(family)} events"
)
family.groupby(["date", "citation", "action"]).size().rename("events")

# %% [markdown]
# ## Reading the plots, and their caveats
#
# * Additions come in waves that follow US policy: the Huawei listings of May and August 2019 and 2020,
#   the Russia-related rules of 2022 and 2023 after the invasion of Ukraine, the semiconductor rules of
#   December 2024, the 1260H list of June 2026. The counts are of entries **still listed** in July 2026.
# * Days are printed beside most citations of supplement no. 4; where a citation has none, the day of
#   another entry printed on the same Federal Register page is used (pages are numbered in publication
#   order); an event with neither has no day and is not in these plots.
# * Affiliate links are only those the lists print (the 1260H "listed together with subsidiaries" notes,
#   "subordinate institution of", "a subsidiary of", the CSL's "Affiliated Entity"): the Affiliates rule
#   reaches every entity at least 50 % owned by listed parties without listing them, and no public list
#   gives those links.

# %%
store.close()
