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
# # The Entity List: who was added, when, from where, under which Federal Register citation
#
# The Entity List (supplement no. 4 to 15 CFR part 744) names foreign parties that need a US licence
# for (almost) any item subject to the Export Administration Regulations, usually with a presumption
# of denial. Each entry carries the chain of Federal Register citations that added and revised it.
# This notebook shows the additions over time, by country and by citation, and the network of one
# family of listed parties (Huawei and its affiliates) with the citations that listed them.
#
# **Where the data comes from.** The demo graph holds two kinds of listing events:
#
# * the 3,420 Entity List rows of the trade.gov **Consolidated Screening List** of 2026-07-31 (a US
#   Government work), one event per Federal Register citation of a row: `add` for the first citation,
#   `revise` for later ones (the order of the citations is all the list gives; confidence `official`);
# * the rows the exportwatch extractor read from the full text of one **Entity List rule**, 2023-03929
#   (88 FR 12170, 2023-02-27), confidence `extracted`.
#
# The screening list gives no dates, only citations: the **year** of an event is the year of its
# Federal Register volume (volume N was published in 1935 + N; 88 FR is 2023). The screening list shows
# the list as it stands: parties that were removed before 2026-07 are not in it, so early years are
# under-counted.

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
# ## Listing events
#
# The named query `listings_between` returns only the events whose **date** is known (from a rule, or a
# date printed beside the citation), which are few here. The library has no query yet that returns
# every event with its year, so this notebook reads the `Listing` and `Entity` nodes of the graph's
# networkx export (`api.graph_networkx`) and only tabulates them.

# %%
dated = api.query("listings_between", store=store, from_="1900-01-01", to="2100-12-31")
print(f"events with a known date: {len(dated)}")

g = api.graph_networkx(store)
nodes = pd.DataFrame([{"node": n, **d} for n, d in g.nodes(data=True) if d["label"] in ("Listing", "Entity")])
entities = nodes[nodes["label"] == "Entity"].set_index("key")
events = nodes[nodes["label"] == "Listing"].copy()
events["country"] = events["entity"].map(entities["country"])
events["entity_name"] = events["entity"].map(entities["name"])
events["year"] = events["year"].astype("Int64")
additions = events[events["action"] == "add"]
print(
    f"listing events: {len(events)} ({events['action'].value_counts().to_dict()}), "
    f"entities: {len(entities)}, by origin: {events['origin'].value_counts().to_dict()}"
)
events[["entity_name", "country", "action", "citation", "year", "origin", "confidence"]].head()

# %% [markdown]
# ## Additions per year, by country
#
# Additions (`add` events) per year of their Federal Register volume, split by the country of the
# listed party's (first) address: the eight countries with the most additions, the rest as "other".

# %%
TOP = 8
top_countries = additions["country"].value_counts().head(TOP).index.tolist()
per_year = additions.assign(
    country=additions["country"].where(additions["country"].isin(top_countries), "other")
).pivot_table(index="year", columns="country", values="node", aggfunc="count", fill_value=0)
per_year = per_year.reindex(range(int(per_year.index.min()), int(per_year.index.max()) + 1), fill_value=0)
per_year = per_year[top_countries + (["other"] if "other" in per_year.columns else [])]

fig, ax = plt.subplots(figsize=(12, 5))
colours = list(plt.get_cmap("tab10").colors[:TOP]) + ["#bbbbbb"]
per_year.plot.bar(stacked=True, ax=ax, color=colours[: len(per_year.columns)], width=0.8)
ax.set_xlabel("year of the Federal Register volume")
ax.set_ylabel("Entity List additions")
ax.set_title(
    "Entity List additions per year, by country of the listed party (entries still listed in 2026-07)"
)
ax.tick_params(axis="x", labelrotation=60)
ax.legend(title="country", loc="upper left", ncol=2)
save(fig, 1)
plt.show()
per_year.tail(8)

# %% [markdown]
# ## Additions by Federal Register citation
#
# The twenty citations under which the most parties were added, with the year and the countries.
# A citation is the first page of the supplement's rows in that rule (`87 FR 6026`), as the screening
# list prints it.

# %%
by_citation = additions.assign(
    country=additions["country"].where(additions["country"].isin(top_countries), "other")
).pivot_table(index="citation", columns="country", values="node", aggfunc="count", fill_value=0)
by_citation = by_citation.loc[by_citation.sum(axis=1).sort_values(ascending=False).index[:20]]
by_citation = by_citation[[c for c in top_countries + ["other"] if c in by_citation.columns]]
year_of = additions.groupby("citation")["year"].first()

fig, ax = plt.subplots(figsize=(11, 7))
by_citation.plot.barh(
    stacked=True,
    ax=ax,
    color=[colours[(top_countries + ["other"]).index(c)] for c in by_citation.columns],
    width=0.75,
)
ax.set_yticks(range(len(by_citation)), [f"{c}  ({year_of[c]})" for c in by_citation.index])
ax.invert_yaxis()
ax.set_xlabel("Entity List additions")
ax.set_ylabel("Federal Register citation (year)")
ax.set_title("The 20 Federal Register citations with the most Entity List additions")
ax.legend(title="country", loc="lower right", ncol=2)
save(fig, 2)
plt.show()

# %% [markdown]
# ## One rule read from its full text: 2023-03929 (2023-02-27)
#
# The events extracted from the rule's own text carry its date and document. Its Supplement No. 4 rows
# still read "88 FR [INSERT FR PAGE NUMBER AND 2/27/2023]" (placeholders of the text as signed); the
# extractor resolves them to the rule's first page, while the screening list cites the page of the rows
# themselves. Both point to the same rule; the confidence says which source an event came from.

# %%
rule = api.query("listings_between", store=store, from_="2023-02-27", to="2023-02-27")
rule

# %% [markdown]
# ## Listed parties and their affiliates: the Huawei family
#
# The named query `entity_history` returns every listing event of the parties whose name or alias
# contains a text, with `affiliate_of`: the listed party it is an affiliate of, from the graph's
# `AFFILIATE_OF` links.

# %%
family = api.query("entity_history", store=store, name="huawei")
affiliate_links = sum(1 for _, _, k in g.edges(keys=True) if k == "AFFILIATE_OF")
family["named_affiliate"] = family["entity"].str.contains("affiliated entity", case=False)
print(
    f"{family['entity_id'].nunique()} parties, {family['citation'].nunique()} citations, {len(family)} events"
)
print(
    f"AFFILIATE_OF links in the whole graph: {affiliate_links}; "
    f"rows with affiliate_of set here: {family['affiliate_of'].notna().sum()}"
)
print(
    f"parties whose Entity List entry itself says 'affiliated entity': "
    f"{family.loc[family['named_affiliate'], 'entity_id'].nunique()}"
)
family[["entity", "country", "action", "citation", "year", "affiliate_of"]].head(8)

# %% [markdown]
# The parties were listed and revised in batches, so the network is drawn with the parties that share
# exactly the same chain of citations merged into one node (its size: how many parties; its colour: the
# share of them whose entry names them an "affiliated entity" of Huawei Technologies). Citations are the
# grey squares along the top, in the order of publication; an edge means "this citation added or
# revised these parties". `AFFILIATE_OF` links, if the graph had any among these parties, would be red.


# %%
def citation_order(c):
    volume, _, page = c.split()[:3]
    return int(volume), int(page)


chains = family.groupby("entity_id")["citation"].agg(lambda s: tuple(sorted(set(s), key=citation_order)))
parties = family.drop_duplicates("entity_id").set_index("entity_id")[["entity", "country", "named_affiliate"]]
parties["chain"] = chains
groups = (
    parties.groupby("chain")
    .agg(
        parties=("entity", "size"),
        named_share=("named_affiliate", "mean"),
        in_cn=("country", lambda c: int((c == "CN").sum())),
        example=("entity", "first"),
    )
    .sort_values("parties", ascending=False)
    .reset_index()
)
groups["node"] = [f"group {i + 1}" for i in range(len(groups))]
citations = sorted({c for chain in groups["chain"] for c in chain}, key=citation_order)
year_of_citation = family.groupby("citation")["year"].first()

net = nx.Graph()
for c in citations:
    net.add_node(c, kind="citation")
for r in groups.itertuples():
    net.add_node(r.node, kind="group", parties=r.parties, named_share=r.named_share)
    net.add_edges_from((r.node, c) for c in r.chain)
group_of = {e: groups.set_index("chain").loc[[ch], "node"].iloc[0] for e, ch in chains.items()}
for r in family.dropna(subset=["affiliate_of"]).itertuples():
    parent = family.loc[family["entity"] == r.affiliate_of, "entity_id"]
    if len(parent) and group_of[r.entity_id] != group_of[parent.iloc[0]]:
        net.add_edge(group_of[r.entity_id], group_of[parent.iloc[0]], kind="affiliate")

# citations along the top in publication order; groups below, under the mean position of their citations
pos = {c: (i / max(len(citations) - 1, 1), 1.0) for i, c in enumerate(citations)}
mean_x = {r.node: sum(pos[c][0] for c in r.chain) / len(r.chain) for r in groups.itertuples()}
for i, node in enumerate(sorted(mean_x, key=mean_x.get)):
    pos[node] = (i / max(len(mean_x) - 1, 1), 0.0 if i % 2 == 0 else 0.25)

fig, ax = plt.subplots(figsize=(13, 8))
group_nodes = groups["node"].tolist()
listing_edges = [(a, b) for a, b, d in net.edges(data=True) if d.get("kind") != "affiliate"]
nx.draw_networkx_edges(net, pos, ax=ax, edgelist=listing_edges, edge_color="#bbbbbb", width=0.8)
nx.draw_networkx_edges(
    net,
    pos,
    ax=ax,
    edgelist=[(a, b) for a, b, d in net.edges(data=True) if d.get("kind") == "affiliate"],
    edge_color="red",
    width=2.5,
)
drawn = nx.draw_networkx_nodes(
    net,
    pos,
    ax=ax,
    nodelist=group_nodes,
    cmap="Reds",
    vmin=0,
    vmax=1,
    node_size=[60 + 45 * net.nodes[n]["parties"] for n in group_nodes],
    node_color=[net.nodes[n]["named_share"] for n in group_nodes],
    edgecolors="black",
)
nx.draw_networkx_nodes(
    net, pos, ax=ax, nodelist=citations, node_shape="s", node_size=220, node_color="#555555"
)
for c in citations:
    ax.text(
        pos[c][0],
        pos[c][1] + 0.05,
        f"{c} ({year_of_citation[c]})",
        rotation=40,
        ha="left",
        va="bottom",
        fontsize=8.5,
    )
for r in groups.itertuples():
    x, y = pos[r.node]
    ax.text(x, y - 0.09, f"{r.parties}\n({r.in_cn} CN)", ha="center", va="top", fontsize=8)
fig.colorbar(
    drawn,
    ax=ax,
    shrink=0.6,
    pad=0.01,
    label="share of the group's entries that name them an 'affiliated entity'",
)
ax.set_title(
    f"{len(parties)} Entity List parties named 'Huawei', grouped by their chain of citations\n"
    f"({len(groups)} groups, {len(citations)} citations; AFFILIATE_OF links in the graph: {affiliate_links})",
    fontsize=12,
)
ax.text(0.0, -0.42, "circle label: parties in the group (of which in CN)", fontsize=8.5, color="#444444")
ax.set_xlim(-0.06, 1.12)
ax.set_ylim(-0.45, 1.45)
ax.axis("off")
save(fig, 3)
plt.show()
groups[["node", "parties", "in_cn", "named_share", "example", "chain"]]

# %% [markdown]
# ## Reading the plots, and their caveats
#
# * Additions come in waves that follow US policy: the Huawei listings of 2019-2020, the
#   Russia-related rules of 2022 and 2023 after the invasion of Ukraine (Russia is the largest country in
#   those years), and the semiconductor rules of December 2024 (`89 FR 96837`, part of the December 2024
#   package on semiconductor manufacturing equipment, almost all Chinese parties). The table under the
#   first plot gives the counts of the last years.
# * The counts are of entries **still listed** in July 2026, by the year of their first citation, so
#   they understate early years (parties removed since are missing) and ignore parties listed twice
#   under different names.
# * **Affiliates, honestly:** the demo graph held **no** `AFFILIATE_OF` links when this was written (the
#   count printed above is the current one), so there are no red edges. The Entity List does not name the affiliates that the Affiliates rule (2025-19001)
#   reaches: it restricts every entity at least 50 % owned by listed parties without listing them, so
#   no public list gives those links. What the drawing shows instead is how the Huawei family was listed:
#   the parent and, in 2019 and 2020, its non-US affiliates as separate entries (some of whose names say
#   "affiliated entity"), added and then revised together under the same few citations, most recently
#   in 2022. Reading those names into `AFFILIATE_OF` links is work for the graph builder, not for this
#   notebook.
# * Confidence: screening-list events are `official` (a US Government list); events read by the
#   extractor from a rule's text are `extracted` and are worth checking against the rule.

# %%
store.close()
