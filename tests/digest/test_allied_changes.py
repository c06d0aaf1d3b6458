"""The weekly digest reports a detected allied text change as an allied development."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from exportwatch.digest.content import build_content
from exportwatch.digest.model import Line
from exportwatch.digest.period import iso_week
from exportwatch.digest.render import render
from graph.connect import open_store
from graph.store import GraphStore


@pytest.fixture(scope="module")
def store(graph_url: str) -> Iterator[GraphStore]:
    with open_store(graph_url, read_only=True) as s:
        yield s


def test_week_of_the_japanese_ordinance_change(store: GraphStore) -> None:
    c = build_content(store, iso_week("2023-W29"))  # 2023-07-17 .. 2023-07-23
    allied = c.section("allied")
    assert allied is not None
    korea, line = sorted((x for x in allied.lines if x.regimes == ("JP",)), key=lambda x: x.date)
    assert line.date == "2023-07-23" and "text changed" in line.flags
    assert line.detail is not None and "令和五年経済産業省令第二十五号" in line.detail
    assert "23 added" in line.detail
    # the Export Trade Control Order's change of the same week: Korea added to appended table 3
    assert korea.date == "2023-07-21" and "text changed" in korea.flags
    assert korea.detail is not None and "令和五年政令第二百三十二号" in korea.detail
    assert "appx. table 3" in korea.detail
    text = render(c).text
    assert "text changed: " in text


def test_week_without_a_text_change_says_none(store: GraphStore) -> None:
    c = build_content(store, iso_week("2023-W10"))
    allied = c.section("allied")
    assert allied is not None
    assert all("text changed" not in x.flags for x in allied.lines)


def _jp_text_change(store: GraphStore, week: str) -> Line:
    """The one Japanese allied line of ``week`` flagged as a text change."""
    allied = build_content(store, iso_week(week)).section("allied")
    assert allied is not None
    (line,) = [x for x in allied.lines if x.regimes == ("JP",) and "text changed" in x.flags]
    return line


def test_week_of_the_2024_09_ordinance_change_with_item_17_4(store: GraphStore) -> None:
    line = _jp_text_change(store, "2024-W36")  # 2024-09-02 .. 2024-09-08
    assert line.date == "2024-09-08" and line.detail is not None
    assert "令和六年経済産業省令第四十四号" in line.detail
    assert "7 added, 2 removed, 13 changed, 3 moved" in line.detail
    # the version in force 2024-02-01 changes none of the items its excerpt holds: no text change that week
    feb = build_content(store, iso_week("2024-W05")).section("allied")  # 2024-01-29 .. 2024-02-04
    assert feb is not None and all("text changed" not in x.flags for x in feb.lines)


def test_week_of_the_2025_05_ordinance_change_with_new_subitems_of_item_17(store: GraphStore) -> None:
    line = _jp_text_change(store, "2025-W22")  # 2025-05-26 .. 2025-06-01
    assert line.date == "2025-05-28" and line.detail is not None
    assert "令和七年経済産業省令第三十四号" in line.detail
    assert "12 added, 2 removed, 18 changed, 11 moved" in line.detail
