"""The web app in headless Chromium: a researcher's paths through the pages, the layout at 480 and 1440 px."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait
from typer.testing import CliRunner

from exportwatch.cli import app as cli
from exportwatch.web.access import ReadOnlyGraph
from tests.web.conftest import MARKUP_ALIAS, MARKUP_NAME, Server


def open_page(browser: Any, web: Server, path: str) -> None:
    browser.get(web.base + path)
    assert browser.find_element(By.TAG_NAME, "h1").text


def test_search_huawei_reaches_the_party_page_and_its_listings(browser: Any, web: Server) -> None:
    open_page(browser, web, "/")
    box = browser.find_element(By.CSS_SELECTOR, "main form.search input[name=q]")
    box.send_keys("huawei")
    box.submit()
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert "huawei" in heading
    groups = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "main h2")]
    assert any(g.startswith("Parties") for g in groups), groups
    parties = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "ul.results a[href^='/entities/']")]
    assert len(parties) == 25 and all("huawei" in p.lower() for p in parties[:10])
    browser.find_element(By.LINK_TEXT, "Huawei France").click()
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Huawei France")
    assert "Huawei Technologies France SASU" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    rows = browser.find_elements(By.CSS_SELECTOR, "table.rows tbody tr")
    assert rows, "the party page lists its listing events"
    # each listing names its rule by Federal Register citation, linked to federalregister.gov; the demo
    # snapshot has no citations for the API-only rules, so these listings cannot reach a rule page
    links = [
        a.get_attribute("href")
        for a in browser.find_elements(By.CSS_SELECTOR, "table.rows a[href*='/citation/']")
    ]
    assert links and all(u.startswith("https://www.federalregister.gov/citation/") for u in links)


def test_party_page_reaches_the_listing_rule_and_the_rule_page_reaches_an_item(
    browser: Any, web: Server
) -> None:
    open_page(browser, web, "/search?q=spacety")
    browser.find_element(By.LINK_TEXT, "Spacety Co., Ltd.").click()
    rule = browser.find_element(By.CSS_SELECTOR, "td.rule a[href='/documents/2023-03929']")
    rule.click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Additions of Entities to the Entity List"
    text = browser.find_element(By.TAG_NAME, "main").text
    for expected in (
        "effective 2023-02-24",
        "published 2023-02-27",
        "15 CFR part 744 supp. 4",
        "CPUNTO Inc.",
    ):
        assert expected in text
    fr = browser.find_element(By.LINK_TEXT, "federalregister.gov").get_attribute("href")
    pdf = browser.find_element(By.LINK_TEXT, "Public-inspection PDF").get_attribute("href")
    assert fr == "https://www.federalregister.gov/d/2023-03929"
    assert pdf == "https://public-inspection.federalregister.gov/2023-03929.pdf"
    # a rule that touches items: 2021-28444 extends the 0Y521 controls
    open_page(browser, web, "/documents/2021-28444")
    browser.find_element(By.CSS_SELECTOR, "a[href='/items/0Y521']").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Item 0Y521"
    assert browser.find_elements(By.CSS_SELECTOR, "ol.timeline a[href='/documents/2021-28444']")


def test_tool_gaps_form_shows_the_rows_the_cli_shows(browser: Any, web: Server, demo_home: Path) -> None:
    open_page(browser, web, "/queries/tool_gaps")
    field = browser.find_element(By.CSS_SELECTOR, "form.params input[name=regime]")
    field.clear()
    field.send_keys("JP")
    browser.find_element(By.CSS_SELECTOR, "form.params button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda d: "run=1" in d.current_url)  # the result page, not the form
    cols = [th.text.rstrip(" ▲▼") for th in browser.find_elements(By.CSS_SELECTOR, "table.rows thead th")]
    shown = [
        dict(zip(cols, (td.text for td in tr.find_elements(By.TAG_NAME, "td")), strict=True))
        for tr in browser.find_elements(By.CSS_SELECTOR, "table.rows tbody tr")
    ]
    res = CliRunner().invoke(
        cli,
        ["query", "tool_gaps", "--param", "regime=JP", "--format", "json"],
        env={"EXPORTWATCH_HOME": str(demo_home)},
    )
    assert res.exit_code == 0, res.output
    expected = json.loads(res.stdout)
    assert len(shown) == len(expected) > 0
    for got, want in zip(shown, expected, strict=True):
        assert {k: got[k] for k in ("tool", "extent", "measure", "basis")} == {
            k: str(want[k] or "") for k in ("tool", "extent", "measure", "basis")
        }
    # sortable without script: the header link sorts on the server, a second click reverses
    browser.find_element(By.LINK_TEXT, "extent").click()
    extents = [
        tr.find_elements(By.TAG_NAME, "td")[cols.index("extent")].text
        for tr in browser.find_elements(By.CSS_SELECTOR, "table.rows tbody tr")
    ]
    assert extents == sorted(extents)
    browser.find_element(By.PARTIAL_LINK_TEXT, "extent").click()
    extents = [
        tr.find_elements(By.TAG_NAME, "td")[cols.index("extent")].text
        for tr in browser.find_elements(By.CSS_SELECTOR, "table.rows tbody tr")
    ]
    assert extents == sorted(extents, reverse=True)


PAGES = [
    "/",
    "/items/3A090",
    "/documents/2023-03929",
    "/regimes",
    "/lag",
    "/queries/tool_gaps?regime=JP&run=1",
    "/entities/EL:spacety co ltd:CN",
    "/cypher?q=MATCH+(r:Regime)-[m:MEMBER_OF]->(x:Regime)+RETURN+r,m,x",
]


@pytest.mark.parametrize("width", [480, 1440])
@pytest.mark.parametrize("path", PAGES)
def test_layout_fits_and_is_drawn(browser: Any, web: Server, tmp_path: Path, width: int, path: str) -> None:
    browser.set_window_size(width, 1000)
    open_page(browser, web, path)
    scroll, client = browser.execute_script(
        "var d = document.documentElement; return [d.scrollWidth, d.clientWidth];"
    )
    assert abs(client - width) <= 20, f"viewport {client} px in a {width} px window"
    assert scroll <= client, f"{path}: the page is {scroll} px wide in a {client} px viewport"
    png = tmp_path / "page.png"
    assert browser.save_screenshot(str(png))
    with Image.open(png) as img:
        rgb = img.convert("RGB")
        assert abs(rgb.width - width) <= 20
        colours = rgb.getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 50, "the screenshot is (nearly) a single colour"
        body = rgb.crop((0, 120, rgb.width, 500)).getcolors(maxcolors=1 << 16)
        assert body is None or len(body) > 20, "nothing was drawn below the header"


def test_console_shows_a_table_and_a_node_link_view(browser: Any, web: Server) -> None:
    open_page(browser, web, "/cypher")
    browser.find_element(By.CSS_SELECTOR, "form.console textarea").send_keys(
        "MATCH (r:Regime)-[m:MEMBER_OF]->(x:Regime) WHERE r.id = $id RETURN r, m, x"
    )
    browser.find_element(By.NAME, "params").send_keys('{"id": "JP"}')
    browser.find_element(By.CSS_SELECTOR, "form.console button").click()
    WebDriverWait(browser, 30).until(lambda d: "params=" in d.current_url)
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.rows tbody tr")) == 4
    nodes = {
        t.get_attribute("textContent") for t in browser.find_elements(By.CSS_SELECTOR, "figure.graph g title")
    }
    assert nodes == {"Regime JP", "Regime WA", "Regime MTCR", "Regime NSG", "Regime AG"}
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.graph line.link")) == 4


def test_markup_in_a_party_name_is_shown_as_text(browser: Any, markup_graph_url: str, serve: Any) -> None:
    server = serve(ReadOnlyGraph(markup_graph_url))
    open_page(browser, server, "/search?q=%3Cscript%3E")
    browser.find_element(By.CSS_SELECTOR, "ul.results a[href^='/entities/']").click()
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith(
        MARKUP_NAME
    )  # no alert opened, no tag parsed
    assert MARKUP_ALIAS in browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert not browser.find_elements(By.CSS_SELECTOR, "main script, main img, main b")
