"""German law versions (gesetze-im-internet.de, bundestag/gesetze Markdown) as versioned texts, one per §.

Real excerpts of the AWV (§§ 8, 9 and 11) as last amended 2017-12-20 and 2021-09-07 (tests/fixtures/allied),
the bundle of the same excerpts that the demo loads, and malformed payloads.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exportwatch.app import REFERENCE_DIR
from exportwatch.errors import ParseError
from ingest.text import diff_versions
from ingest.text.changes import detect_changes
from ingest.text.gesetze import bundled_versions, gesetze_versions, parse_gesetze

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "allied"
BUNDLE = REFERENCE_DIR / "allied_texts" / "de_gesetze"
OLD = FIXTURES / "de_awv_2013_last-amended-2017-12-20.md"
NEW = FIXTURES / "de_awv_2013_last-amended-2021-09-07.md"


def versions(path: Path) -> dict[str, object]:
    return {v.ref: v for v in gesetze_versions(path.read_bytes(), source=path.name)}


def test_one_version_per_section_dated_by_the_last_amendment_published() -> None:
    parsed = parse_gesetze(NEW.read_bytes(), source=NEW.name)
    assert parsed.title == "Außenwirtschaftsverordnung" and parsed.abbreviation == "AWV 2013"
    assert parsed.law == "AWV" and parsed.slug == "awv_2013"
    assert parsed.last_amendment == "Art. 2 V v. 25.8.2021 BAnz AT 07.09.2021 V1"
    assert parsed.valid_from.isoformat() == "2021-09-07" and parsed.dated_by == "last_amendment_published"
    vs = gesetze_versions(NEW.read_bytes(), source=NEW.name)
    assert [v.id for v in vs] == ["DE:AWV § 8@2021-09-07", "DE:AWV § 9@2021-09-07", "DE:AWV § 11@2021-09-07"]
    v = vs[1]
    assert (
        v.heading
        == "§ 9 Genehmigungserfordernisse für die Ausfuhr von Gütern mit einem bestimmten Verwendungszweck"
    )
    assert v.meta["regime"] == "DE" and v.meta["law"] == "AWV" and v.meta["designation"] == "§ 9"
    assert v.meta["instrument"] is None  # the law's last amendment need not have touched § 9
    assert v.meta["last_amendment"] == parsed.last_amendment
    assert [p.designation for p in v.paragraphs] == [
        "§ 9 para. 1", "§ 9 para. 1 item 1", "§ 9 para. 1 item 2", "§ 9 para. 1 closing words",
        "§ 9 para. 2", "§ 9 para. 3", "§ 9 para. 3 item 1", "§ 9 para. 3 item 2",
    ]  # fmt: skip
    by = {p.designation: p.text for p in v.paragraphs}
    assert by["§ 9 para. 1 item 2"] == (
        "das Bestimmungsland Algerien, Irak, Iran, Israel, Jordanien, Libyen, die Demokratische "
        "Volksrepublik Korea, Pakistan oder Syrien ist."
    )
    assert by["§ 9 para. 1"].endswith("darüber unterrichtet worden ist, dass")
    assert by["§ 9 para. 1 closing words"].startswith("Soweit in Satz 1 und im Folgenden")
    assert (
        by["§ 9 para. 3 item 1"] == "im Regelungsbereich der Artikel 4 und 10 der Verordnung (EU) 2021/821,"
    )
    assert "5 000 Euro" in by["§ 9 para. 3 item 2"]  # the no-break space read as a space
    assert [p.designation for p in v.select("§ 9 para. 1")][:2] == ["§ 9 para. 1", "§ 9 para. 1 item 1"]


def test_markdown_escapes_and_the_older_instrument() -> None:
    parsed = parse_gesetze(OLD.read_bytes(), source=OLD.name)
    assert parsed.last_amendment == "Art. 1 V v. 13.12.2017 BAnz AT 20.12.2017 V1"
    assert parsed.valid_from.isoformat() == "2017-12-20"
    (s9,) = [s for s in parsed.sections if s.number == "9"]
    first = s9.paragraphs[0].text
    assert "(ABl. L 129 vom 16.5.2012, S. 12)" in first and "\\" not in first  # `16\.5.2012` unescaped
    s8 = {p.designation: p.text for p in parsed.sections[0].paragraphs}
    assert s8["§ 8 para. 2 closing words"].startswith("Satz 1 gilt nicht, wenn dem Ausführer bekannt ist")
    assert s8["§ 8 para. 1 item 2"] == "der in Teil I Abschnitt B der Ausfuhrliste genannten Güter."


def test_bundled_excerpts_are_the_vendored_fixtures() -> None:
    for f in (OLD, NEW):
        assert (BUNDLE / f.name).read_bytes() == f.read_bytes()
    bundled = {v.id: v for v in bundled_versions(BUNDLE)}
    assert len(bundled) == 6
    v = bundled["DE:AWV § 11@2017-12-20"]
    assert v.source == "bundestag/gesetze@d2c90e4812ac75d4d78e2a6e9df694817300e063:a/awv_2013/index.md"
    assert v.source_url == (
        "https://github.com/bundestag/gesetze/blob/d2c90e4812ac75d4d78e2a6e9df694817300e063/a/awv_2013/index.md"
    )
    assert v.covers == ("heading", "paragraphs") and v.parser == "gesetze-md"


def test_diff_2017_to_2021_replaces_the_dual_use_regulation() -> None:
    old, new = versions(OLD), versions(NEW)
    assert diff_versions(old["DE:AWV § 8"], new["DE:AWV § 8"]).changes == ()  # type: ignore[arg-type]
    d9 = diff_versions(old["DE:AWV § 9"], new["DE:AWV § 9"])  # type: ignore[arg-type]
    assert [(c.change, c.designation) for c in d9.changes] == [
        ("changed", "§ 9 para. 1"),
        ("changed", "§ 9 para. 1 item 1"),
        ("changed", "§ 9 para. 1 closing words"),
        ("changed", "§ 9 para. 2"),
        ("changed", "§ 9 para. 3 item 1"),
    ]
    by = {c.designation: c for c in d9.changes}
    assert by["§ 9 para. 3 item 1"].inline() == (
        "im Regelungsbereich [-des Artikels -]{+der Artikel +}4 {+und 10 +}der Verordnung "
        "[-(EG) Nr. 428/2009,-]{+(EU) 2021/821,+}"
    )
    assert "[-(EG) Nr. 428/2009 -]{+(EU) 2021/821 +}" in by["§ 9 para. 1 item 1"].inline()
    d11 = diff_versions(old["DE:AWV § 11"], new["DE:AWV § 11"])  # type: ignore[arg-type]
    assert [(c.change, c.designation) for c in d11.changes] == [("changed", "§ 11 para. 3")]
    assert "Verordnung [-(EG) Nr. 428/2009 -]{+(EU) 2021/821 +}genannt" in d11.changes[0].inline()


def test_change_event_names_no_instrument_and_no_in_force_date() -> None:
    """Several amendments lie between the versions last amended 2017-12-20 and 2021-09-07: the event must
    not ascribe the changes to the later version's last instrument, nor call its date an in-force date."""
    both = gesetze_versions(OLD.read_bytes(), source="a") + gesetze_versions(NEW.read_bytes(), source="b")
    (event,) = detect_changes(both)
    assert event.id == "DE:AWV@2021-09-07" and event.previous == "2017-12-20"
    assert event.instrument is None and event.dated_by == "last_amendment_published"
    assert not event.in_force_known
    assert event.provisions == ("DE:AWV § 11", "DE:AWV § 9")
    assert event.items_changed == (
        "§ 11 para. 3", "§ 9 para. 1", "§ 9 para. 1 item 1", "§ 9 para. 1 closing words", "§ 9 para. 2",
        "§ 9 para. 3 item 1",
    )  # fmt: skip
    assert event.items_added == () and event.items_removed == () and event.paragraphs == 6
    assert "in force 2021" not in event.summary and "not in the record" in event.summary
    assert event.summary.startswith(
        "Außenwirtschaftsverordnung amended between the versions last amended 2017-12-20 and 2021-09-07"
    )
    assert event.to_row()["dated_by"] == "last_amendment_published"


HEAD = (
    "---\nTitle: T\njurabk: TG 2013\nslug: tg\n\n---\n\n# T (TG 2013)\n\n"
    "Zuletzt geändert durch\n:   Art. 1 V v. 1.2.2020 BAnz AT 03.02.2020 V1\n\n"
)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"\xff\xfe---", "not UTF-8"),
        (b"<!DOCTYPE html><html><body>Seite nicht gefunden</body></html>", "HTML or XML page"),
        (b"# T\n\n### \xc2\xa7 1 X\n\n(1) Text.\n", "no YAML front matter"),
        (b"---\nTitle: T\n---\n\n### \xc2\xa7 1 X\n\n(1) Text.\n", "no law abbreviation"),
        (b"---\njurabk: TG\n\n# T\n", "not closed"),
        (b"---\njurabk: TG\n---\n\n# T\n\n### \xc2\xa7 1 X\n\n(1) Text.\n", "cannot be dated"),
        (HEAD.replace("BAnz AT 03.02.2020", "BAnz").replace("v. 1.2.2020", "v.").encode(), "no date in"),
        (HEAD.encode() + b"## Kapitel 1\n\nText.\n", "no section"),
        (HEAD.encode() + "### § Übergangsvorschrift\n\n(1) Text.\n".encode(), "without number"),
        (HEAD.encode() + "### § 1 X\n\n(1) Text.\n\n(1) Again.\n".encode(), "§ 1 para. 1 appears twice"),
        (HEAD.encode() + "### § 1 X\n\n(1) Text:\n\n    a)  under nothing\n".encode(), "under no item"),
    ],
    ids=[
        "not-utf8", "html-error-page", "no-front-matter", "no-jurabk", "front-matter-not-closed",
        "no-last-amendment", "no-date", "no-section", "section-without-number", "paragraph-twice",
        "letter-without-item",
    ],
)  # fmt: skip
def test_bad_payloads_are_refused(body: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        gesetze_versions(body, source="t.md")


def test_a_section_without_paragraph_numbers_and_an_items_closing_words() -> None:
    body = HEAD + (
        "### § 4 Sammelgenehmigungen\n\nDem Antragsteller kann eine\nGenehmigung erteilt werden.\n\n"
        "## Kapitel 2\n\n### § 5 Y\n\n(1) Angaben:\n\n1.  eine Beschreibung über\n\n"
        "    a)  die Mittel,\n\n\n    b)  die Verteilung;\n\n\n    diese Angaben sind zu machen.\n\n\n"
        "2.  eine Erklärung.\n"
    )
    vs = {v.ref: v for v in gesetze_versions(body.encode(), source="t.md")}
    assert set(vs) == {"DE:TG § 4", "DE:TG § 5"}
    assert [(p.designation, p.text) for p in vs["DE:TG § 4"].paragraphs] == [
        ("§ 4", "Dem Antragsteller kann eine Genehmigung erteilt werden.")
    ]
    assert [p.designation for p in vs["DE:TG § 5"].paragraphs] == [
        "§ 5 para. 1", "§ 5 para. 1 item 1", "§ 5 para. 1 item 1 letter a", "§ 5 para. 1 item 1 letter b",
        "§ 5 para. 1 item 1 closing words", "§ 5 para. 1 item 2",
    ]  # fmt: skip
    assert vs["DE:TG § 4"].valid_from == "2020-02-03"
