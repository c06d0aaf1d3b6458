"""Japanese law versions as versioned texts (one per article), their paragraph diffs and change events.

Real e-Gov excerpts (tests/fixtures/allied) and the bundle of the same excerpts that the demo loads.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from exportwatch.app import REFERENCE_DIR
from exportwatch.errors import ParseError
from ingest.parse_egov import parse_egov
from ingest.sources.jp_egov_laws.crawler import bundled_versions
from ingest.text import TextDiff, diff_versions
from ingest.text.changes import detect_changes
from ingest.text.egov import article_versions, top_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "allied"
BUNDLE = REFERENCE_DIR / "allied_texts" / "jp_egov"
OLD = FIXTURES / "403M50000400049_20221206_令和四年経済産業省令第七十八号.xml"
NEW = FIXTURES / "403M50000400049_20230723_令和五年経済産業省令第二十五号.xml"
FEB24 = FIXTURES / "403M50000400049_20240201_令和五年経済産業省令第五十三号.xml"
SEP24 = FIXTURES / "403M50000400049_20240908_令和六年経済産業省令第四十四号.xml"
MAY25 = FIXTURES / "403M50000400049_20250528_令和七年経済産業省令第三十四号.xml"
ART6 = "JP:403M50000400049 art. 6"
ADDED_SUBITEMS = [
    "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx", "xxi",
    "xxii", "xxiii", "xxiv", "xxv", "xxvi", "xxvii", "xxviii", "xxix", "xxx", "xxxi", "xxxii",
]  # fmt: skip


def _by_change(d: TextDiff) -> dict[str, list[Any]]:
    """The designations of a diff by kind of change, in order; a move with the designation it had."""
    out: dict[str, list[Any]] = {"changed": [], "added": [], "removed": [], "moved": []}
    for c in d.changes:
        out[c.change].append((c.designation, c.moved_from) if c.change == "moved" else c.designation)
    return out


def art6(path: Path) -> list:  # type: ignore[type-arg]
    return [
        v for v in article_versions(parse_egov(path.read_bytes(), source_name=path.name), source=path.name)
    ]


def test_one_version_per_article_with_in_force_date_and_instrument() -> None:
    (v,) = art6(NEW)
    assert v.id == f"{ART6}@2023-07-23" and v.heading == "第六条"
    assert v.meta["instrument"] == "令和五年経済産業省令第二十五号" and v.dated_by == "in_force_date"
    assert v.paragraphs[0].designation == "art. 6 para. 1"
    assert v.select("art. 6 para. 1 item 17 (xi)")[0].text.startswith("ペリクル")
    assert [p.designation for p in v.select("art. 6 para. 1 item 17-3")] == [
        "art. 6 para. 1 item 17-3", "art. 6 para. 1 item 17-3 (i)", "art. 6 para. 1 item 17-3 (ii)",
    ]  # fmt: skip


def test_bundled_excerpts_are_the_vendored_fixtures_and_say_what_they_cover() -> None:
    for f in (OLD, NEW, FEB24, SEP24, MAY25):
        assert (BUNDLE / f.name).read_bytes() == f.read_bytes()
    versions = {v.id: v for v in bundled_versions(BUNDLE)}
    old, new = versions[f"{ART6}@2022-12-06"], versions[f"{ART6}@2023-07-23"]
    assert old.covers[1].startswith("paragraphs=") and new.covers[1].startswith("paragraphs=")
    # left out of the 2023 excerpt: subitem レ (三); it is not covered, so never "removed" or "added"
    from ingest.text import Paragraph

    assert not new.covers_paragraph(Paragraph("art. 6 para. 1 item 17 (xvii) (3)", "x"))
    assert new.covers_paragraph(Paragraph("art. 6 para. 1 item 17 (xvii) (6) (1)", "x"))
    assert not old.covers_paragraph(Paragraph("art. 6 para. 1 item 18", "x"))
    assert versions["JP:324AC0000000228 art. 48@2025-06-01"].covers == ("heading", "paragraphs")


def test_diff_of_the_goods_ordinance_shows_the_added_equipment_items() -> None:
    versions = {v.id: v for v in bundled_versions(BUNDLE)}
    d = diff_versions(versions[f"{ART6}@2022-12-06"], versions[f"{ART6}@2023-07-23"])
    added = [c.designation for c in d.changes if c.change == "added"]
    assert len(added) == len(set(added))  # each addition once
    for sub in ADDED_SUBITEMS:
        assert f"art. 6 para. 1 item 17 ({sub})" in added
    # the EUV pellicles are new under the number the EUV mask blanks left: an addition, not a rewording
    assert "art. 6 para. 1 item 17-2" in added
    (pellicles,) = [c for c in d.changes if c.designation == "art. 6 para. 1 item 17-2"]
    assert pellicles.change == "added" and (pellicles.after or "").startswith("ペリクルであって")
    moved = {c.designation: c.moved_from for c in d.changes if c.change == "moved"}
    assert moved == {  # the mask blanks, word for word, renumbered 17-2 -> 17-3
        "art. 6 para. 1 item 17-3": "art. 6 para. 1 item 17-2",
        "art. 6 para. 1 item 17-3 (i)": "art. 6 para. 1 item 17-2 (i)",
        "art. 6 para. 1 item 17-3 (ii)": "art. 6 para. 1 item 17-2 (ii)",
    }
    assert not [c for c in d.changes if c.change == "removed"]
    changed = {c.designation: c for c in d.changes if c.change == "changed"}
    assert set(changed) == {"art. 6 para. 1 item 17", "art. 6 para. 1 item 17 (i)"}
    assert "（ウに該当するものを除く。）" in changed["art. 6 para. 1 item 17 (i)"].after  # type: ignore[operator]


def test_change_event_only_where_two_real_versions_differ() -> None:
    versions = bundled_versions(BUNDLE)
    events = {e.id: e for e in detect_changes(versions)}  # FEFTA has one version in the bundle: no event
    # five versions of the ordinance, three changes: the version in force 2024-02-01 leaves items 17-17-3 as
    # they were (see below), so it is no change
    assert set(events) == {
        "JP:403M50000400049@2023-07-23", "JP:403M50000400049@2024-09-08", "JP:403M50000400049@2025-05-28",
        f"JP:{ETCO}@2023-07-21",
    }  # fmt: skip
    event = events["JP:403M50000400049@2023-07-23"]
    assert event.previous == "2022-12-06"
    assert event.instrument == "令和五年経済産業省令第二十五号"
    assert event.provisions == (ART6,)
    # the 23 items: 22 subitems of item 17 and the pellicles (17-2); the mask blanks only moved to 17-3
    assert list(event.items_added) == [f"art. 6 para. 1 item 17 ({s})" for s in ADDED_SUBITEMS] + [
        "art. 6 para. 1 item 17-2"
    ]
    assert event.items_moved == ("art. 6 para. 1 item 17-3",)
    assert event.paragraphs == 59 and "23 added, 2 changed, 1 moved" in event.summary
    same = [v for v in versions if v.valid_from == "2022-12-06"]
    assert detect_changes(same + same) == []  # the same version twice is no change


SEP24_CHANGED = [
    "art. 6 para. 1 item 17 (xii)",  # immersion exposure tools: now (一) and (二) both apply
    "art. 6 para. 1 item 17 (xvii) (1)",
    "art. 6 para. 1 item 17 (xvii) (2)",
    "art. 6 para. 1 item 17 (xvii) (6)",
    "art. 6 para. 1 item 17 (xvii) (6) (2)",
    "art. 6 para. 1 item 17 (xvii) (10)",
    "art. 6 para. 1 item 17 (xxii)",
    "art. 6 para. 1 item 17 (xxii) (1)",
    "art. 6 para. 1 item 17 (xxii) (2)",
    "art. 6 para. 1 item 17 (xxv)",
    "art. 6 para. 1 item 17 (xxvii)",
    "art. 6 para. 1 item 17 (xxix)",
    "art. 6 para. 1 item 17 (xxx)",
]
SEP24_ADDED = [
    "art. 6 para. 1 item 17 (xii) (1)",
    "art. 6 para. 1 item 17 (xii) (2)",
    "art. 6 para. 1 item 17 (xvii) (6) (3)",
    "art. 6 para. 1 item 17 (xxii) (2) (1)",
    "art. 6 para. 1 item 17 (xxii) (2) (2)",
    "art. 6 para. 1 item 17 (xxii) (2) (3)",
    "art. 6 para. 1 item 17-4",  # the scanning electron microscopes, with its subitems イ to ト
] + [f"art. 6 para. 1 item 17-4 ({s})" for s in ("i", "ii", "iii", "iv", "v", "vi", "vii")]
SEP24_REMOVED = [
    "art. 6 para. 1 item 17 (xvii) (6) (1)",  # "次の全てに該当するもの": its first condition moved up
    "art. 6 para. 1 item 17 (xvii) (6) (1) (2)",
    "art. 6 para. 1 item 17 (xxii) (3)",
]
SEP24_MOVED = [  # (designation now, designation before), the text word for word
    ("art. 6 para. 1 item 17 (xvii) (6) (1)", "art. 6 para. 1 item 17 (xvii) (6) (1) (1)"),
    ("art. 6 para. 1 item 17 (xvii) (6) (3) (1)", "art. 6 para. 1 item 17 (xvii) (6) (2) (1)"),
    ("art. 6 para. 1 item 17 (xvii) (6) (3) (2)", "art. 6 para. 1 item 17 (xvii) (6) (2) (2)"),
]


def test_the_2024_02_version_leaves_items_17_to_17_3_unchanged() -> None:
    """The real version in force 2024-02-01 (令和五年経済産業省令第五十三号) has items 17 to 17-3 of art. 6
    para. 1 word for word as in 2023-07-23: no paragraph changed, no change event of that date."""
    versions = bundled_versions(BUNDLE)
    by_id = {v.id: v for v in versions}
    feb = by_id[f"{ART6}@2024-02-01"]
    assert feb.meta["instrument"] == "令和五年経済産業省令第五十三号"
    # the 2024-02-01 excerpt keeps subitem レ whole; the 2023 one lacks (三): compared only where both hold
    from ingest.text import Paragraph

    assert feb.covers_paragraph(Paragraph("art. 6 para. 1 item 17 (xvii) (3)", "x"))
    assert len(feb.select("art. 6 para. 1 item 17 (xvii)")) == 29  # レ, (一) to (十) and theirs
    assert diff_versions(by_id[f"{ART6}@2023-07-23"], feb).changes == ()
    assert [e for e in detect_changes(versions) if e.in_force == "2024-02-01"] == []


def test_diff_of_the_goods_ordinance_2024_09_shows_the_sem_item_17_4() -> None:
    """The real versions in force 2024-02-01 and 2024-09-08 (令和六年経済産業省令第四十四号): item 17-4
    (scanning electron microscopes for images of semiconductor devices or integrated circuits) is added,
    and subitems ヲ, レ, ラ, ヰ, オ, ヤ and マ of item 17 are reworded."""
    versions = {v.id: v for v in bundled_versions(BUNDLE)}
    d = diff_versions(versions[f"{ART6}@2024-02-01"], versions[f"{ART6}@2024-09-08"])
    assert d.not_covered == ()
    assert _by_change(d) == {
        "changed": SEP24_CHANGED, "added": SEP24_ADDED, "removed": SEP24_REMOVED, "moved": SEP24_MOVED,
    }  # fmt: skip
    changed = {c.designation: c for c in d.changes if c.change != "removed"}
    sem = changed["art. 6 para. 1 item 17-4"].after or ""
    assert sem.startswith("半導体素子又は集積回路の画像を取得するために設計した走査型電子顕微鏡であって")
    assert changed["art. 6 para. 1 item 17-4 (vii)"].after == "加速電圧が二一キロボルトを超えるもの"
    overlay = changed["art. 6 para. 1 item 17 (xii) (2)"].after
    assert overlay == "同一装置による重ね合わせ精度の最大値が二・四ナノメートル以下のもの"
    cobalt = changed["art. 6 para. 1 item 17 (xvii) (1)"]
    assert cobalt.inline() == "電気{+メッキ又は無電解+}メッキによりコバルトを成膜するように設計したもの"
    # subitems renumbered with their text unchanged (レ (六) 2 一 and 二 now under 3): moves, not rewordings
    (work_function,) = [c for c in d.changes if c.designation == "art. 6 para. 1 item 17 (xvii) (6) (3)"]
    assert work_function.after == "仕事関数金属を成膜するように設計した装置であって、次の全てに該当するもの"
    moved = changed["art. 6 para. 1 item 17 (xvii) (6) (3) (1)"]
    assert moved.before == moved.after and moved.inline() == moved.after and not moved.words
    assert moved.to_json()["moved_from"] == "art. 6 para. 1 item 17 (xvii) (6) (2) (1)"
    assert "(moved from art. 6 para. 1 item 17 (xvii) (6) (2) (1))" in d.unified()


def test_change_event_of_2024_09_08_names_its_instrument_and_the_added_item() -> None:
    versions = bundled_versions(BUNDLE)
    (event,) = [e for e in detect_changes(versions) if e.in_force == "2024-09-08"]
    assert event.id == "JP:403M50000400049@2024-09-08" and event.previous == "2024-02-01"
    assert event.instrument == "令和六年経済産業省令第四十四号"
    assert event.provisions == (ART6,) and event.versions == (f"{ART6}@2024-09-08",)
    # items_added names an addition once, at its top: 17-4, not its subitems
    assert list(event.items_added) == SEP24_ADDED[:7]
    assert list(event.items_removed) == [SEP24_REMOVED[0], SEP24_REMOVED[2]]  # top-most
    assert list(event.items_moved) == [d for d, _ in SEP24_MOVED]
    assert event.paragraphs == 33 and "7 added, 2 removed, 13 changed, 3 moved" in event.summary


I17 = "art. 6 para. 1 item 17"
MAY25_CHANGED = [
    I17,  # its sentence no longer names the masks and reticles (now item 17-3)
    f"{I17} (i) (2)",  # MOCVD reactors: oxygen added to the elements
    f"{I17} (vi) (2)",  # imprint lithography: テ excluded
    f"{I17} (vii)", f"{I17} (viii)", f"{I17} (ix)",  # ト, チ, リ (masks, templates): 削除, now in 17-3
    f"{I17} (xiv) (2)", f"{I17} (xiv) (2) (2)", f"{I17} (xiv) (2) (3)",  # カ (二) dry etching
    f"{I17} (xvi)",
    f"{I17} (xvii) (3) (2)", f"{I17} (xvii) (4)",
    f"{I17} (xviii)", f"{I17} (xix)",  # ソ, ツ: now 特定半導体製造装置
    f"{I17} (xxii)",
    f"{I17} (xxiv)",  # ウ epitaxy: three conditions now two (its first removed, the others moved up)
    f"{I17} (xxv)",  # ヰ carbon hard masks
    f"{I17} (xxvii)",
]  # fmt: skip
MAY25_NEW_SUBITEMS = [  # コ, エ, テ, ア, サ, キ, ユ, メ, ミ, シ of item 17, each with its own subitems
    "(xxxiii)", "(xxxiii) (1)", "(xxxiii) (2)", "(xxxiii) (3)",
    "(xxxiv)", "(xxxiv) (1)", "(xxxiv) (1) (1)", "(xxxiv) (1) (2)", "(xxxiv) (2)",
    "(xxxv)",
    "(xxxvi)", "(xxxvi) (1)", "(xxxvi) (1) (1)", "(xxxvi) (1) (2)", "(xxxvi) (1) (3)", "(xxxvi) (1) (4)",
    "(xxxvi) (2)", "(xxxvi) (2) (1)", "(xxxvi) (2) (2)", "(xxxvi) (3)", "(xxxvi) (3) (1)", "(xxxvi) (3) (2)",
    "(xxxvi) (3) (3)",
    "(xxxvii)",
    "(xxxviii)", "(xxxviii) (1)", "(xxxviii) (2)", "(xxxviii) (2) (1)", "(xxxviii) (2) (2)", "(xxxviii) (3)",
    "(xxxviii) (3) (1)", "(xxxviii) (3) (2)", "(xxxviii) (4)", "(xxxviii) (5)",
    "(xxxix)",
    "(xl)",
    "(xli)", "(xli) (1)", "(xli) (2)", "(xli) (2) (1)", "(xli) (2) (2)", "(xli) (2) (3)", "(xli) (2) (4)",
    "(xlii)", "(xlii) (1)", "(xlii) (2)", "(xlii) (2) (1)", "(xlii) (2) (2)",
]  # fmt: skip
MAY25_ADDED = [f"{I17} {s}" for s in MAY25_NEW_SUBITEMS] + [
    # renumbered items: 17-2 was the pellicles, 17-3 the mask blanks, 17-4 the SEM; new text under 17-2 and
    # 17-3 (the equipment heading, the SEM reworded as 17-2 イ, the cryogenic wafer probers ロ, the masks and
    # reticles once in item 17 ト, チ, リ) is added
    "art. 6 para. 1 item 17-2", "art. 6 para. 1 item 17-2 (i)",
    "art. 6 para. 1 item 17-2 (ii)", "art. 6 para. 1 item 17-2 (ii) (1)", "art. 6 para. 1 item 17-2 (ii) (2)",
    "art. 6 para. 1 item 17-3", "art. 6 para. 1 item 17-3 (i)", "art. 6 para. 1 item 17-3 (ii)",
    "art. 6 para. 1 item 17-3 (iii)", "art. 6 para. 1 item 17-3 (iv)",
]  # fmt: skip
MAY25_REMOVED = [
    f"{I17} (xxiv) (1)",  # the multi-chamber condition of the epitaxy equipment
    "art. 6 para. 1 item 17-4",  # the SEM heading there, reworded as 17-2 (i)
]
MAY25_MOVED = [  # (designation now, designation before), the text word for word
    (f"{I17} (xxiv) (1)", f"{I17} (xxiv) (2)"), (f"{I17} (xxiv) (2)", f"{I17} (xxiv) (3)"),
    ("art. 6 para. 1 item 17-3 (v)", "art. 6 para. 1 item 17-2"),  # the pellicles
    ("art. 6 para. 1 item 17-4", "art. 6 para. 1 item 17-3"),  # the mask blanks
    *[(f"art. 6 para. 1 item 17-2 (i) ({n})", f"art. 6 para. 1 item 17-4 ({r})")  # the SEM's seven conditions
      for n, r in zip(range(1, 8), ("i", "ii", "iii", "iv", "v", "vi", "vii"), strict=True)],
    ("art. 6 para. 1 item 17-4 (i)", "art. 6 para. 1 item 17-3 (i)"),
    ("art. 6 para. 1 item 17-4 (ii)", "art. 6 para. 1 item 17-3 (ii)"),
]  # fmt: skip


def test_diff_of_the_goods_ordinance_2025_05_shows_ten_new_subitems_of_item_17() -> None:
    """The real versions in force 2024-09-08 and 2025-05-28 (令和七年経済産業省令第三十四号): item 17 gains
    subitems コ to シ ((xxxiii) to (xlii)), among them lithography-related equipment (エ, テ) and the
    annealing equipment (ユ); items 17-2 to 17-4 are renumbered (the SEM now 17-2 イ beside the new cryogenic
    wafer probers ロ, the masks, reticles and pellicles 17-3, the mask blanks 17-4): what kept its words is
    reported as moved, with the designation it had."""
    versions = {v.id: v for v in bundled_versions(BUNDLE)}
    d = diff_versions(versions[f"{ART6}@2024-09-08"], versions[f"{ART6}@2025-05-28"])
    assert d.not_covered == ()
    assert _by_change(d) == {
        "changed": MAY25_CHANGED, "added": MAY25_ADDED, "removed": MAY25_REMOVED, "moved": MAY25_MOVED,
    }  # fmt: skip
    changed = {c.designation: c for c in d.changes if c.change != "removed"}
    anneal = changed[f"{I17} (xxxix)"].after or ""
    assert anneal.startswith("三〇〇ミリメートルウエハー用に設計したアニール装置であって")
    assert changed[f"{I17} (xxxiv)"].after == (
        "深紫外液浸フォトリソグラフィ装置において、又は、深紫外液浸フォトリソグラフィ装置とともに、"
        "次のいずれかを実施するように設計又は改造した装置"
    )
    assert (
        changed[f"{I17} (xxxv)"].after
        == "インプリントリソグラフィ装置であって、四・〇ナノメートル以下の重ね合わせ精度を有するもの"
    )
    assert (changed["art. 6 para. 1 item 17-2 (i)"].after or "").startswith(
        "半導体素子又は集積回路の画像を取得するために設計した走査型電子顕微鏡であって、次の（一）から（七）まで"
    )
    assert (changed["art. 6 para. 1 item 17-2 (ii)"].after or "").startswith("極低温ウエハープローバ装置")
    assert (
        changed[f"{I17} (xiv) (2) (2)"].inline()
        == "切替時間が[-三-]{+五+}〇〇ミリ秒未満の高速ガス切替弁を一以上有するもの"
    )
    assert changed[f"{I17} (vii)"].after == "削除"
    # the mask blanks of 17-3 read word for word as 17-4 (i) and (ii): a renumbering, not new controls
    assert changed["art. 6 para. 1 item 17-4 (i)"].moved_from == "art. 6 para. 1 item 17-3 (i)"


def test_change_event_of_2025_05_28_names_its_instrument_and_the_added_items() -> None:
    versions = bundled_versions(BUNDLE)
    (event,) = [e for e in detect_changes(versions) if e.in_force == "2025-05-28"]
    assert event.id == "JP:403M50000400049@2025-05-28" and event.previous == "2024-09-08"
    assert event.instrument == "令和七年経済産業省令第三十四号"
    assert event.provisions == (ART6,) and event.versions == (f"{ART6}@2025-05-28",)
    # items_added names an addition once, at its top
    assert list(event.items_added) == [f"{I17} {s}" for s in MAY25_NEW_SUBITEMS if " " not in s] + [
        "art. 6 para. 1 item 17-2", "art. 6 para. 1 item 17-3",
    ]  # fmt: skip
    assert list(event.items_removed) == MAY25_REMOVED
    assert list(event.items_moved) == [
        d for d, _ in MAY25_MOVED if not d.startswith("art. 6 para. 1 item 17-4 (")
    ]
    assert event.paragraphs == 91 and "12 added, 2 removed, 18 changed, 11 moved" in event.summary


def test_excerpt_manifest_naming_an_article_the_excerpt_lacks_is_refused(tmp_path: Path) -> None:
    shutil.copy(OLD, tmp_path / OLD.name)
    manifest = f'repository: "r"\nexcerpts:\n  - file: "{OLD.name}"\n    path: "p"\n'
    manifest += '    partial:\n      "art. 7": "^x$"\n'
    (tmp_path / "excerpts.yml").write_text(manifest, encoding="utf-8")
    with pytest.raises(ParseError, match="art. 7, which it does not"):
        bundled_versions(tmp_path)
    (tmp_path / "excerpts.yml").write_text("excerpts: [", encoding="utf-8")
    with pytest.raises(ParseError, match="not a readable excerpt manifest"):
        bundled_versions(tmp_path)


def test_version_without_law_id_or_date_is_refused() -> None:
    parsed = parse_egov(OLD.read_bytes())  # no file name: neither law id nor in-force date
    with pytest.raises(ParseError, match="needs its law id and in-force date"):
        article_versions(parsed, source="payload")
    with pytest.raises(ParseError, match="names no article"):
        top_of("item 3")
    assert top_of("appx. table 1") == "appx. table 1" and top_of("para. 2") == "main provision"


ETCO = "324CO0000000378"
ETCO_APR = FIXTURES / "324CO0000000378_20230410_令和五年政令第百六十四号.xml"
ETCO_JUL = FIXTURES / "324CO0000000378_20230721_令和五年政令第二百三十二号.xml"
TABLE3 = f"JP:{ETCO} appx. table 3"


def test_export_trade_control_order_excerpts_are_bundled_with_article_4_in_part() -> None:
    for f in (ETCO_APR, ETCO_JUL):
        assert (BUNDLE / f.name).read_bytes() == f.read_bytes()
    versions = {v.id: v for v in bundled_versions(BUNDLE) if v.meta["law"] == ETCO}
    assert sorted(versions) == sorted(
        f"JP:{ETCO} {top}@{day}"
        for top in ("art. 4", "appx. table 3", "appx. table 3-2", "appx. table 3-3", "appx. table 4")
        for day in ("2023-04-10", "2023-07-21")
    )
    from ingest.text import Paragraph

    art4 = versions[f"JP:{ETCO} art. 4@2023-07-21"]
    assert art4.covers_paragraph(Paragraph("art. 4 para. 1 item 1 (ii)", "x"))
    assert not art4.covers_paragraph(Paragraph("art. 4 para. 2", "x"))  # left out of the excerpt
    table = versions[f"{TABLE3}@2023-07-21"]
    assert table.heading == "別表第三" and table.covers == ("heading", "paragraphs")
    assert table.meta["instrument"] == "令和五年政令第二百三十二号"
    assert table.source_url.endswith(f"/law_data/{ETCO}?asof=2023-07-21&response_format=xml")


def test_korea_added_to_appended_table_3_is_the_one_change_of_the_order() -> None:
    """The real versions in force 2023-04-10 and 2023-07-21: 大韓民国 joins 別表第三, nothing is removed,
    and article 4 and the other tables are unchanged (no change event of their own)."""
    versions = bundled_versions(BUNDLE)
    (event,) = [e for e in detect_changes(versions) if e.law == ETCO]
    assert event.id == f"JP:{ETCO}@2023-07-21" and event.previous == "2023-04-10"
    assert event.instrument == "令和五年政令第二百三十二号" and event.law_title == "輸出貿易管理令"
    assert event.provisions == (TABLE3,) and event.versions == (f"{TABLE3}@2023-07-21",)
    assert event.items_changed == ("appx. table 3",)
    assert event.items_added == () and event.items_removed == ()
    assert event.paragraphs == 1 and "1 changed" in event.summary
    by_id = {v.id: v for v in versions}
    d = diff_versions(by_id[f"{TABLE3}@2023-04-10"], by_id[f"{TABLE3}@2023-07-21"])
    (change,) = d.changes
    assert change.change == "changed" and change.designation == "appx. table 3"
    assert "イタリア、{+大韓民国、+}ルクセンブルク" in change.inline()
    for top in ("art. 4", "appx. table 3-2", "appx. table 3-3", "appx. table 4"):
        old, new = by_id[f"JP:{ETCO} {top}@2023-04-10"], by_id[f"JP:{ETCO} {top}@2023-07-21"]
        assert diff_versions(old, new).changes == (), top


KR = FIXTURES / "kr_foreign_trade_act_arts19-25_lawgokr_2026-07.json"


def test_korean_articles_as_versions_with_paragraphs_and_items() -> None:
    from ingest.text.korea import korean_versions

    assert (REFERENCE_DIR / "allied_texts" / "kr_lawgokr" / KR.name).read_bytes() == KR.read_bytes()
    versions = {v.ref: v for v in korean_versions(KR.read_bytes(), source=KR.name)}
    assert len(versions) == 16 and {v.valid_from for v in versions.values()} == {"2025-10-01"}
    v = versions["KR:대외무역법 art. 19-6"]
    assert v.heading == "제19조의6(허가 심사 등)"
    assert [p.designation for p in v.paragraphs][:3] == [
        "art. 19-6 para. 1", "art. 19-6 para. 1 item 1", "art. 19-6 para. 1 item 2",
    ]  # fmt: skip
    assert v.select("art. 19-6 para. 3")[0].text.startswith("산업통상부장관이나")
    situational = versions["KR:대외무역법 art. 19-3"]
    assert len(situational.select("art. 19-3 item 13")) == 1  # the 13 grounds of the catch-all licence
    assert situational.paragraphs[0].designation == "art. 19-3"
    assert detect_changes(list(versions.values())) == []  # one version each: no change


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"\xff\xfe{}", "not law.go.kr law JSON"),
        (b'{"laws": {"x": {"articles": [{"articleNumber": 1}]}}}', "without number or text"),
        (
            b'{"laws": {"x": {"articles": [{"articleNumber": 1, "text": "t", "effectiveDate": "2025"}]}}}',
            "not YYYYMMDD",
        ),
    ],
    ids=["not-utf8", "missing-article-text", "bad-date"],
)
def test_bad_korean_json_is_refused(body: bytes, message: str) -> None:
    from ingest.text.korea import korean_versions

    with pytest.raises(ParseError, match=message):
        korean_versions(body, source="t.json")


def test_article_added_or_removed_only_between_whole_versions() -> None:
    """Versions re-dated in memory (not real amendments): the rule, not the data, is under test."""
    from dataclasses import replace

    fefta = FIXTURES / "324AC0000000228_20250601_令和四年法律第六十八号.xml"
    parsed = parse_egov(fefta.read_bytes(), source_name=fefta.name)
    for complete, expected in ((True, 1), (False, 0)):
        first = article_versions(parsed, source="a", complete=complete)
        later = [replace(v, valid_from="2026-01-01") for v in first if not v.ref.endswith(" art. 25")]
        assert len(detect_changes(first + later)) == expected  # an excerpt that lacks an article: no change
    whole = article_versions(parsed, source="a", complete=True)
    later = [replace(v, valid_from="2026-01-01") for v in whole if not v.ref.endswith(" art. 25")]
    (removed,) = detect_changes(whole + later)
    assert removed.provisions == ("JP:324AC0000000228 art. 25",) and removed.previous == "2025-06-01"
    assert removed.items_removed and all(d.startswith("art. 25 para.") for d in removed.items_removed)
    (added,) = detect_changes(later + [replace(v, valid_from="2026-06-01") for v in whole])
    assert added.provisions == ("JP:324AC0000000228 art. 25",) and added.in_force == "2026-06-01"


def test_word_diff_of_japanese_text_marks_the_inserted_phrase() -> None:
    versions = {v.id: v for v in bundled_versions(BUNDLE)}
    d = diff_versions(versions[f"{ART6}@2022-12-06"], versions[f"{ART6}@2023-07-23"])
    (epitaxy,) = [c for c in d.changes if c.designation == "art. 6 para. 1 item 17 (i)"]
    assert (
        epitaxy.inline()
        == "結晶のエピタキシャル成長装置であって、次のいずれかに該当するもの{+（ウに該当するものを除く。）+}"
    )
