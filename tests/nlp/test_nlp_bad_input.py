"""Bad input gives a clear warning or error, never a traceback, a hang or a silent empty result."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest

from exportwatch.errors import ExportwatchError, ExtractError
from ingest.extract import CHUNK_OVERLAP, MAX_CHUNK, MAX_TEXT, extract_document, extract_text
from ingest.models import Block, DocumentMeta, Extraction, ParsedDocument
from ingest.parse_fr_xml import parse_fr_xml

XML = (
    Path(__file__).resolve().parents[2]
    / "tests"
    / "fixtures"
    / "federal_register"
    / "fr_2023-03929_entity_list_additions.xml"
)


@pytest.mark.parametrize("text", ["", "   \n\n\t  "], ids=["empty", "whitespace"])
def test_empty_text_gives_a_warning(text: str) -> None:
    x = extract_text(text, name="blank")
    assert x.mentions == () and x.warnings == ("blank: empty text: nothing to extract",)


def test_binary_junk_gives_a_warning() -> None:
    junk = bytes(range(256)).decode("latin-1") * 40 + "\x00\ufffd" * 500 + " ECCN 3A090"
    x = extract_text(junk, name="junk.bin")
    assert x.mentions == ()
    assert len(x.warnings) == 1 and "junk.bin: text looks binary" in x.warnings[0]


def test_wrong_types_raise_extract_errors() -> None:
    with pytest.raises(ExtractError, match="needs a str, got bytes") as e:
        extract_text(b"ECCN 3A090", name="raw")  # type: ignore[arg-type]
    assert isinstance(e.value, ExportwatchError) and e.value.hint == "decode bytes first"
    with pytest.raises(ExtractError, match="needs a ParsedDocument, got str"):
        extract_document("ECCN 3A090")  # type: ignore[arg-type]
    with pytest.raises(ExtractError, match="no extraction pipeline for language 'de'"):
        extract_text("ECCN 3A090", lang="de")


def test_too_large_text_is_refused_before_work() -> None:
    class Huge(str):
        def __len__(self) -> int:
            return MAX_TEXT + 1

    with pytest.raises(ExtractError, match="over the limit"):
        extract_text(Huge("x"), name="huge")


def _run_with_guard(fn: object, seconds: float) -> Extraction:
    """Run ``fn`` in a thread and fail (instead of hanging the suite) if it does not return in time."""
    box: list[Extraction] = []
    thread = threading.Thread(target=lambda: box.append(fn()), daemon=True)  # type: ignore[operator]
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"extraction did not finish in {seconds} s"
    return box[0]


def test_five_megabyte_single_paragraph_is_cut_into_bounded_chunks() -> None:
    filler = "the exporter shall keep records of every transaction and report them to the agency "
    text = (filler * (5_000_000 // len(filler) + 1))[:5_000_000]
    # mentions planted in the middle, at the end, and across the first naive cut point
    spots = {1_234_567: " ECCN 3A090.a ", 4_999_000: " Country Group D:5 ", MAX_CHUNK - 5: " 15 CFR 744.23 "}
    for pos, s in spots.items():
        text = text[:pos] + s + text[pos + len(s) :]
    assert len(text) == 5_000_000 and "\n\n" not in text
    x = _run_with_guard(lambda: extract_text(text, name="big"), 240)
    got = {(m.start, m.text) for m in x.mentions}
    assert (1_234_567 + 6, "3A090.a") in got
    assert (4_999_001, "Country Group D:5") in got
    assert (MAX_CHUNK - 4, "15 CFR 744.23") in got
    assert len(x.mentions) == 4  # the three, plus the tool "Country Group"; nothing twice
    assert all(text[m.start : m.end] == m.text for m in x.mentions)


def test_mentions_near_chunk_seams_are_found_once() -> None:
    unit = "word " * 10
    text = (unit * (3 * MAX_CHUNK // len(unit)))[: 3 * MAX_CHUNK]
    marks = [MAX_CHUNK - CHUNK_OVERLAP - 3, MAX_CHUNK - 20, 2 * MAX_CHUNK - 2 * CHUNK_OVERLAP]
    for pos in marks:
        text = text[:pos] + " 87 FR 62186 " + text[pos + 13 :]
    x = extract_text(text, name="seams")
    assert [m.start for m in x.mentions] == [p + 1 for p in marks]
    assert {m.normalized for m in x.mentions} == {"87 FR 62186"}


def test_unbalanced_markup_is_read_as_text() -> None:
    text = (
        "<P>This rule is effective <E T='03'>January 13, 2025</P></P> for ECCN <SU>3A090.a << and § 744.23(a"
    )
    x = extract_text(text, name="markup")
    assert {(m.label, m.normalized) for m in x.mentions} >= {
        ("DATE", "2025-01-13"),
        ("ECCN", "3A090.a"),
        ("CFR_CITATION", "§ 744.23"),
    }


def test_mixed_scripts() -> None:
    text = "BIS于2025年1月15日将3A090.a列入CCL；Russia和中国均受影响，see 15 CFR 744.23 and 实体清单。"
    x = extract_text(text, name="mixed")
    assert x.document.lang == "zh"
    got = {(m.label, m.text, m.normalized) for m in x.mentions}
    assert {
        ("DATE", "2025年1月15日", "2025-01-15"),
        ("ECCN", "3A090.a", "3A090.a"),
        ("CONTROL_TOOL", "CCL", "list_based"),
        ("COUNTRY", "Russia", "RU"),
        ("COUNTRY", "中国", "CN"),
        ("CFR_CITATION", "15 CFR 744.23", "15 CFR 744.23"),
        ("CONTROL_TOOL", "实体清单", "entity_list"),
    } <= got
    english = extract_text(text, lang="en", name="mixed-en")
    assert {(m.label, m.text) for m in english.mentions} >= {("COUNTRY", "中国"), ("ECCN", "3A090.a")}


def test_parsed_document_with_empty_text() -> None:
    meta = DocumentMeta(document_number="empty-doc", source="text", type="text", title="empty")
    x = extract_document(ParsedDocument(meta=meta, text=""))
    assert x.warnings == ("empty-doc: empty text: nothing to extract",) and x.mentions == ()


def test_blocks_that_do_not_match_the_text_fall_back_to_the_text() -> None:
    doc = parse_fr_xml(XML.read_bytes(), source_name=XML.name)[0]
    broken = replace(doc, blocks=(Block("p", "nothing here", 0, 12),))
    x = extract_document(broken)
    assert any("block offsets do not match" in w for w in x.warnings)
    assert any(m.label == "ECCN" and m.text == "EAR99" for m in x.mentions)
    assert all(broken.text[m.start : m.end] == m.text for m in x.mentions)


ABSTRACTS = Path(__file__).resolve().parents[1] / "fixtures" / "labels" / "abstracts.jsonl"


def test_large_single_line_text_completes_through_the_command(tmp_path: Path) -> None:
    """A one-line text of about 1 MB of dense real prose (the labelled BIS abstracts, repeated) goes
    through ``exportwatch extract`` (parse, streamed pipeline, streamed JSON); every repetition gives
    the same mentions: nothing lost or doubled at the chunk seams. Peak memory is measured in
    benchmarks/bench_extract_memory.py, not here."""
    import json

    from typer.testing import CliRunner

    from exportwatch.cli import app

    unit = " ".join(json.loads(line)["text"] for line in ABSTRACTS.read_text(encoding="utf-8").splitlines())
    copies = 1_000_000 // (len(unit) + 1) + 1
    path = tmp_path / "one_line.txt"
    path.write_text(" ".join([unit] * copies), encoding="utf-8")
    one = extract_text(unit, name="unit")
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output[-2000:]
    (doc,) = json.loads(result.output)
    assert doc["document"]["type"] == "Commentary"
    assert len(doc["mentions"]) == copies * len(one.mentions)
    assert {(m["label"], m["normalized"]) for m in doc["mentions"]} == {
        (m.label, m.normalized) for m in one.mentions
    }
