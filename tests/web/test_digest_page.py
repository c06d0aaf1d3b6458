"""The web page of a busy week is bounded: each long section shows its first lines, says how many more
there are and links to the query form that lists them all; the mail digest of the same week stays whole."""

from __future__ import annotations

import html as htmlmod
import re

from exportwatch.digest.content import build_content
from exportwatch.digest.period import iso_week
from exportwatch.digest.render import render
from exportwatch.web.access import ReadOnlyGraph
from exportwatch.web.pages import DIGEST_SECTION_LINES
from graph.connect import open_store
from tests.web.conftest import LONG_WEEK_PARTIES, Server

LIST_FORM = "/queries/list_changes?list=entity_list&from=2023-02-27&to=2023-03-05"


def party(i: int) -> str:
    return f"Party {i:03d} Trading Co."


def test_a_long_section_is_capped_with_a_link_to_the_rest(long_week_graph_url: str, serve: object) -> None:
    server: Server = serve(ReadOnlyGraph(long_week_graph_url))  # type: ignore[operator]
    page = server.get("/digests/2023-W09")
    assert page.status_code == 200
    text = page.text
    shown = [i for i in range(LONG_WEEK_PARTIES) if party(i) in text]
    assert shown == list(range(DIGEST_SECTION_LINES))  # the first lines in the digest's order
    more = LONG_WEEK_PARTIES - DIGEST_SECTION_LINES
    assert f"and {more} more lines in this section" in text
    # the counts stay those of the whole week: the summary and the country's heading
    assert f"<b>{LONG_WEEK_PARTIES}</b> Entity List changes" in text
    assert "China <span" in text and f"({LONG_WEEK_PARTIES})</span>" in text
    hrefs = [htmlmod.unescape(h) for h in re.findall(r'href="([^"]*)"', text)]
    assert LIST_FORM in hrefs
    # the link opens the query form with the week filled in, and it lists every party of the week
    form = server.get(LIST_FORM)
    assert form.status_code == 200
    assert 'value="2023-02-27"' in form.text and 'value="2023-03-05"' in form.text
    assert all(party(i) in form.text for i in range(LONG_WEEK_PARTIES))
    rows = server.get(LIST_FORM.replace("list_changes?", "list_changes.json?")).json()["rows"]
    assert len(rows) == LONG_WEEK_PARTIES
    # the JSON of the week is the whole digest
    data = server.get("/digests/2023-W09.json").json()
    listed = [
        x for s in data["sections"] if s["key"] == "entity_list" for g in s["groups"] for x in g["lines"]
    ]
    assert len(listed) == LONG_WEEK_PARTIES


def test_the_mail_of_a_long_week_lists_every_line(long_week_graph_url: str) -> None:
    with open_store(long_week_graph_url, read_only=True) as store:
        content = build_content(store, iso_week("2023-W09"))
    mail = render(content, web_url="")
    for part in (mail.text, mail.html):
        assert all(party(i) in part for i in range(LONG_WEEK_PARTIES))
        assert "more lines in this section" not in part


def test_a_short_section_is_not_capped(web: Server) -> None:
    text = web.get("/digests/2023-W09").text
    assert "more line" not in text
    assert "Spacety Co., Ltd." in text


def test_a_page_built_for_its_cap_is_the_capped_whole_digest(long_week_graph_url: str) -> None:
    """Building only the lines a capped page shows (``shown_lines``) gives the same page as capping the
    whole digest: the same lines in full, the same counts and links."""
    from exportwatch.web.pages import digest_page

    with open_store(long_week_graph_url, read_only=True) as store:
        whole = build_content(store, iso_week("2023-W09"))
        for cap in (DIGEST_SECTION_LINES, 7):
            lean = build_content(store, iso_week("2023-W09"), shown_lines=cap)
            assert lean != whole  # lines past the cap are light
            assert digest_page(lean, cap) == digest_page(whole, cap)
            lines = digest_page(lean, cap).section("entity_list").lines  # type: ignore[union-attr]
            assert len(lines) == cap and all(x.url and x.entities for x in lines)
