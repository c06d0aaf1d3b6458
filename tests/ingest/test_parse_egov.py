"""The e-Gov law XML parser, on real excerpts of the Japanese goods and technologies ordinance.

The two fixtures are the semiconductor paragraphs of ordinance 403M50000400049 in force on 2022-12-06 and
on 2023-07-23 (tests/fixtures/allied/README.md). Expected sets are computed from the XML with lxml directly,
never written out here, so the parser is checked against the document and not against itself.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from exportwatch.errors import ParseError
from ingest.parse_egov import EgovVersion, compare, parse_egov

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "allied"
V2022 = FIXTURES / "403M50000400049_20221206_令和四年経済産業省令第七十八号.xml"
V2023 = FIXTURES / "403M50000400049_20230723_令和五年経済産業省令第二十五号.xml"
V2025 = FIXTURES / "403M50000400049_20250528_令和七年経済産業省令第三十四号.xml"
ITEM17 = "art. 6 para. 1 item 17"


def _parse(path: Path) -> EgovVersion:
    return parse_egov(path.read_bytes(), source_name=str(path))


@pytest.fixture(scope="module")
def v2022() -> EgovVersion:
    return _parse(V2022)


@pytest.fixture(scope="module")
def v2023() -> EgovVersion:
    return _parse(V2023)


def _xpath(path: Path, expr: str) -> list[etree._Element]:
    found = etree.parse(str(path)).getroot().xpath(expr)
    assert isinstance(found, list)
    return [e for e in found if isinstance(e, etree._Element)]


def _subitem1_nums(path: Path) -> list[str]:
    return [str(s.get("Num")) for s in _xpath(path, "//Article[@Num='6']//Item[@Num='17']/Subitem1")]


def test_metadata_comes_from_the_file_and_the_law(v2022: EgovVersion, v2023: EgovVersion) -> None:
    assert (v2022.law_id, v2022.in_force, v2022.amendment) == (
        "403M50000400049",
        date(2022, 12, 6),
        "令和四年経済産業省令第七十八号",
    )
    assert (v2023.in_force, v2023.amendment) == (date(2023, 7, 23), "令和五年経済産業省令第二十五号")
    assert v2023.law_num == "平成三年通商産業省令第四十九号"
    assert v2023.title.startswith("輸出貿易管理令別表第一及び外国為替令別表")
    # the caller's metadata (e.g. from the API) wins over the file name
    other = parse_egov(V2022.read_bytes(), source_name=str(V2022), in_force=date(2022, 12, 7), amendment="X")
    assert (other.in_force, other.amendment) == (date(2022, 12, 7), "X")


def test_provisions_are_ordered_with_designations_and_labels(v2023: EgovVersion) -> None:
    kinds = [p.kind for p in v2023.provisions[:4]]
    assert kinds == ["article", "paragraph", "item", "subitem1"]
    art = v2023.get("art. 6")
    assert art.label == "第六条" and art.parent is None
    para = v2023.get("art. 6 para. 1")
    assert para.label == "第六条第一項"
    assert (
        para.text
        == "輸出令別表第一の七の項の経済産業省令で定める仕様のものは、次のいずれかに該当するものとする。"
    )
    item = v2023.get(ITEM17)
    assert item.label == "第六条第一項第十七号" and item.parent == "art. 6 para. 1"
    assert item.text.startswith("半導体素子、集積回路若しくは半導体物質の製造用の装置")
    pellicle_tool = v2023.get(f"{ITEM17} (xi)")  # ル, the 11th subitem
    assert pellicle_tool.label == "第六条第一項第十七号ル" and "ペリクル" in pellicle_tool.text
    deep = v2023.get(f"{ITEM17} (xvii) (6) (1) (2)")  # レ（六）１ 二
    assert (
        deep.kind == "subitem4"
        and deep.text == "四五度超の温度で作動するように設計した前駆体容器を有するもの"
    )
    assert v2023.get("art. 6 para. 1 item 17-3").label == "第六条第一項第十七号の三"
    assert [p.order for p in v2023.provisions] == list(range(len(v2023.provisions)))


def test_subitems_from_the_40th_have_roman_numerals_xl_on() -> None:
    """The version in force 2025-05-28 has 42 subitems under item 17 (イ to シ): the 40th is (xl)."""
    v2025 = _parse(V2025)
    assert _subitem1_nums(V2025)[-3:] == ["40", "41", "42"]
    subitems = [p.designation for p in v2025.provisions if p.kind == "subitem1" and p.parent == ITEM17]
    assert subitems[-4:] == [f"{ITEM17} ({n})" for n in ("xxxix", "xl", "xli", "xlii")]
    cleaning = v2025.get(f"{ITEM17} (xl)")  # メ, the 40th subitem
    assert cleaning.label == "第六条第一項第十七号メ" and cleaning.text.startswith("超臨界二酸化炭素")
    assert v2025.get(f"{ITEM17} (xlii) (2) (1)").label == "第六条第一項第十七号シ（二）１"
    assert not [p for p in v2025.provisions if "xxxx" in p.designation]


def test_every_subitem_of_the_xml_is_a_provision(v2022: EgovVersion, v2023: EgovVersion) -> None:
    for version, path in ((v2022, V2022), (v2023, V2023)):
        n_elements = sum(len(_xpath(path, f"//Subitem{n}")) for n in range(1, 11))
        n_elements += len(_xpath(path, "//Article | //Paragraph | //Item"))
        assert len(version.provisions) == n_elements
        assert len(version.under(ITEM17)) == sum(
            len(_xpath(path, f"//Item[@Num='17']//Subitem{n}")) for n in range(1, 11)
        )


def test_ruby_readings_are_dropped_and_whitespace_collapsed(v2022: EgovVersion) -> None:
    mocvd = v2022.get(f"{ITEM17} (i) (2)")
    assert "ひ" not in mocvd.text and "りん" not in mocvd.text
    assert "砒" in mocvd.text and "燐" in mocvd.text
    assert " " not in mocvd.text and "\n" not in mocvd.text


def test_2023_version_adds_semiconductor_equipment_items(v2022: EgovVersion, v2023: EgovVersion) -> None:
    diff = compare(v2022, v2023)
    added_subitems = {p.designation for p in diff.added if p.kind == "subitem1" and p.parent == ITEM17}
    old_nums, new_nums = set(_subitem1_nums(V2022)), _subitem1_nums(V2023)
    expected = {f"{ITEM17} ({_roman(int(n))})" for n in new_nums if n not in old_nums}
    assert expected and added_subitems == expected
    for d in added_subitems:
        assert "装置" in v2023.get(d).text  # each added subitem is a kind of equipment
        with pytest.raises(ParseError, match="no provision"):
            v2022.get(d)
    # nothing of the 2022 text of item 17 was removed
    assert not [p for p in diff.removed if p.designation.startswith(ITEM17 + " ")]
    changed = {new.designation for _, new in diff.changed}
    assert ITEM17 in changed  # its definition of 半導体製造装置 now also covers レ
    # the EUV mask blanks of 17の2 moved to 17の3 when the pellicles became 17の2
    moved = {(old.designation, new.designation) for old, new in diff.renumbered}
    assert ("art. 6 para. 1 item 17-2", "art. 6 para. 1 item 17-3") in moved


def _roman(n: int) -> str:
    numerals = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = ""
    for value, numeral in numerals:
        while n >= value:
            out += numeral
            n -= value
    return out


# --- bad input ---------------------------------------------------------------------------------


def _swap(old: str, new: str) -> bytes:
    text = V2022.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1).encode("utf-8")


def test_unknown_element_is_a_parse_error() -> None:
    data = _swap("<Subitem1Title>ト</Subitem1Title>", "<Subitem1Title>ト</Subitem1Title><Widget>x</Widget>")
    with pytest.raises(ParseError, match=r"unknown element <Widget> in art\. 6 para\. 1 item 17 \(vii\)"):
        parse_egov(data, source_name="v.xml")
    inline = _swap("削除</Sentence>", "削<Blink>除</Blink></Sentence>")
    with pytest.raises(ParseError, match="unknown element <Blink>"):
        parse_egov(inline, source_name="v.xml")


def test_missing_article_is_a_parse_error(v2022: EgovVersion) -> None:
    no_num = _swap('<Article Num="6">', "<Article>")
    with pytest.raises(ParseError, match="Article without a number"):
        parse_egov(no_num, source_name="v.xml")
    no_title = _swap("<ArticleTitle>第六条</ArticleTitle>", "")
    with pytest.raises(ParseError, match="article 6 without ArticleTitle"):
        parse_egov(no_title, source_name="v.xml")
    text = V2022.read_text(encoding="utf-8")
    start, end = text.index("<MainProvision>"), text.index("</MainProvision>")
    empty = (text[: start + len("<MainProvision>")] + text[end:]).encode("utf-8")
    with pytest.raises(ParseError, match="no article"):
        parse_egov(empty, source_name="v.xml")
    with pytest.raises(ParseError, match="no provision 'art. 7'"):
        v2022.get("art. 7")


def test_error_pages_served_with_200_are_parse_errors() -> None:
    html = (
        b"<!DOCTYPE html><html><head><title>e-Gov</title></head><body>503 Service Unavailable</body></html>"
    )
    with pytest.raises(ParseError, match="HTML page"):
        parse_egov(html, source_name="https://laws.e-gov.go.jp/api/2/law_data/403M50000400049")
    js = b'{"code": "404", "message": "law not found"}'
    with pytest.raises(ParseError, match="e-Gov API error 404: law not found"):
        parse_egov(js, source_name="law_data.json")
    v1 = "<DataRoot><Result><Code>1</Code><Message>該当する法令データが存在しません</Message></Result>"
    v1 += "</DataRoot>"
    with pytest.raises(ParseError, match="e-Gov API error 1: 該当する法令データが存在しません"):
        parse_egov(v1.encode("utf-8"), source_name="lawdata")
    with pytest.raises(ParseError, match=r"not e-Gov law XML \(root element <feed>\)"):
        parse_egov(b"<feed/>", source_name="x.xml")
    with pytest.raises(ParseError, match="empty payload"):
        parse_egov(b"  \n", source_name="x.xml")
    with pytest.raises(ParseError, match="malformed or truncated"):
        parse_egov(V2022.read_bytes()[:5000], source_name="x.xml")


def test_v1_envelope_is_unwrapped() -> None:
    body = V2022.read_text(encoding="utf-8").split("?>", 1)[1]
    wrapped = (
        f"<DataRoot><Result><Code>0</Code><Message/></Result><ApplData><LawFullText>{body}</LawFullText>"
    )
    wrapped += "</ApplData></DataRoot>"
    got = parse_egov(wrapped.encode("utf-8"), law_id="403M50000400049", in_force=date(2022, 12, 6))
    assert got.get(ITEM17).text == _parse(V2022).get(ITEM17).text


def test_non_utf8_body_is_a_parse_error() -> None:
    sjis = V2022.read_text(encoding="utf-8").replace('encoding="utf-8"', 'encoding="Shift_JIS"')
    with pytest.raises(ParseError, match="not UTF-8"):
        parse_egov(sjis.encode("shift_jis_2004"), source_name="v.xml")
    declared = V2022.read_text(encoding="utf-8").replace('encoding="utf-8"', 'encoding="Shift_JIS"')
    with pytest.raises(ParseError, match="declares encoding 'Shift_JIS'"):
        parse_egov(declared.encode("utf-8"), source_name="v.xml")


FEFTA = FIXTURES / "324AC0000000228_20250601_令和四年法律第六十八号.xml"


def test_fefta_chapters_columns_and_article_ranges() -> None:
    fefta = _parse(FEFTA)
    assert (fefta.law_id, fefta.in_force, fefta.title) == (
        "324AC0000000228",
        date(2025, 6, 1),
        "外国為替及び外国貿易法",
    )
    articles = [p.designation for p in fefta.provisions if p.kind == "article"]
    assert articles == [f"art. {a.get('Num')}".replace(":", " to ") for a in _xpath(FEFTA, "//Article")]
    assert fefta.get("art. 49 to 50").label == "第四十九条及び第五十条"
    assert fefta.get("art. 49 to 50 para. 1").text == "削除"
    assert (
        fefta.get("art. 48 para. 3").label == "第四十八条第三項"
    )  # from Num, not the full-width ParagraphNum
    item = fefta.get("art. 25 para. 3 item 1")  # a table-like item of two Columns
    columns = [_text_of(c) for c in _xpath(FEFTA, "//Article[@Num='25']//Item[@Num='1']/ItemSentence/Column")]
    assert len(columns) == 2 and item.text == "".join(columns)
    assert fefta.get("art. 48 para. 1").text.endswith("経済産業大臣の許可を受けなければならない。")


def _text_of(el: etree._Element) -> str:
    return "".join("".join(el.itertext()).split())


# --- the Export Trade Control Order: appended tables ---------------------------------------------

ETCO_APR = FIXTURES / "324CO0000000378_20230410_令和五年政令第百六十四号.xml"
ETCO_JUL = FIXTURES / "324CO0000000378_20230721_令和五年政令第二百三十二号.xml"


def _countries(version: EgovVersion) -> list[str]:
    return version.get("appx. table 3").text.split("、")


def test_appended_tables_are_provisions_with_their_text() -> None:
    """別表第三 to 別表第四 of the order: each AppdxTable one provision, numbered by its ``Num``, labelled by
    its title, its text that of its item (the one sentence listing the destinations)."""
    for path in (ETCO_APR, ETCO_JUL):
        order = _parse(path)
        tables = [p for p in order.provisions if p.kind == "table"]
        xml = _xpath(path, "//AppdxTable")
        assert [p.designation for p in tables] == [
            f"appx. table {str(t.get('Num')).replace('_', '-')}" for t in xml
        ]
        assert [p.label for p in tables] == [t.findtext("AppdxTableTitle") for t in xml]
        assert [p.text for p in tables] == [t.findtext("Item/ItemSentence/Sentence") for t in xml]
        assert all(p.parent is None and "関係" not in p.text for p in tables)  # not RelatedArticleNum
    assert order.get("appx. table 3-2").label == "別表第三の二"
    for item in ("1", "4"):  # the items of art. 4 para. 1 that refer to 別表第三
        assert "別表第三に掲げる地域以外の地域" in order.get(f"art. 4 para. 1 item {item}").text


def test_korea_is_added_to_appended_table_3_and_nothing_else_changes() -> None:
    april, july = _parse(ETCO_APR), _parse(ETCO_JUL)
    assert (april.law_id, april.in_force, april.amendment) == (
        "324CO0000000378",
        date(2023, 4, 10),
        "令和五年政令第百六十四号",
    )
    assert (july.in_force, july.amendment) == (date(2023, 7, 21), "令和五年政令第二百三十二号")
    assert july.title == "輸出貿易管理令" and july.law_num == "昭和二十四年政令第三百七十八号"
    diff = compare(april, july)
    assert diff.added == () and diff.removed == () and diff.renumbered == ()
    assert [new.designation for _, new in diff.changed] == ["appx. table 3"]
    before, after = _countries(april), _countries(july)
    assert set(after) - set(before) == {"大韓民国"} and set(before) <= set(after)
    assert after.index("大韓民国") == after.index("イタリア") + 1
    assert len(before) == 26 and len(after) == 27


def test_appended_table_without_num_is_numbered_by_its_title() -> None:
    """e-Gov versions of the order of 2019 store the appended tables without ``Num``; the title gives the
    number, so the designations do not depend on which tables an excerpt keeps."""
    text = ETCO_JUL.read_text(encoding="utf-8")
    for num in ("3", "3_2", "3_3", "4"):
        assert f'<AppdxTable Num="{num}">' in text
        text = text.replace(f'<AppdxTable Num="{num}">', "<AppdxTable>")
    bare = parse_egov(text.encode("utf-8"), source_name=ETCO_JUL.name)
    assert bare.provisions == _parse(ETCO_JUL).provisions
    untitled = text.replace('<AppdxTableTitle WritingMode="vertical">別表第三</AppdxTableTitle>', "", 1)
    first = parse_egov(untitled.encode("utf-8"), source_name=ETCO_JUL.name).provisions
    assert [p.designation for p in first if p.kind == "table"][0] == "appx. table 1"  # by position
