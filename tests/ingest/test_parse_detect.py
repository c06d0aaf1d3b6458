"""Routing of payloads to parsers (ingest/detect.py), and plain-text commentary."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from exportwatch.errors import ParseError
from ingest.detect import parse_path, parse_payload, parse_text, sniff
from ingest.lang import detect_lang

REPO = Path(__file__).resolve().parents[2]
FIX = REPO / "tests/fixtures"
RULE = FIX / "federal_register/fr_2023-03929_entity_list_additions.xml"
CACHE = REPO / "exportwatch/snapshot/federal_register/bis_rules_2022-2026_api_cache.json"
PRESS = FIX / "bis_press/press-release_ai-diffusion-rescission_2025-05-13.html"
PDF = FIX / "guidance/text_minimal.pdf"

# WRITTEN for these tests: a short Chinese commentary using the terms of shared/DOMAIN.md section 4.
ZH = """# 美国出口管制动态

2025年5月13日，美国商务部工业与安全局宣布撤销人工智能扩散规则（AI扩散规则，90 FR 4544）。

实体清单新增实体适用外国直接产品规则，许可证审查政策为推定拒绝。
"""
EN = """# Notes on the Entity List

BIS added 10 entities under 13 entries on February 27, 2023 (88 FR 12170).

They carry a footnote 3 designation.
"""

# fmt: off
ROUTES = [
    ("fr xml", RULE, "xml", "federal-register", 1),
    ("api json", CACHE, "json", "federal-register", 136),
    ("pdf", PDF, "pdf", "guidance", 1),
    ("press html", PRESS, "html", "bis-press", 1),
]
# fmt: on


@pytest.mark.parametrize(("case", "path", "kind", "source", "count"), ROUTES, ids=[c[0] for c in ROUTES])
def test_routes(case: str, path: Path, kind: str, source: str, count: int) -> None:
    data = path.read_bytes()
    assert sniff(data, name=path.name) == kind
    docs = parse_path(path)
    assert len(docs) == count
    assert {d.meta.source for d in docs} == {source}
    assert {d.raw_sha256 for d in docs} == {hashlib.sha256(data).hexdigest()}


def test_markdown_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(EN, encoding="utf-8")
    (doc,) = parse_path(path)
    m = doc.meta
    assert (m.source, m.type, m.lang, m.title) == ("text", "Commentary", "en", "Notes on the Entity List")
    assert [b.kind for b in doc.blocks] == ["heading", "p", "p"]
    assert doc.blocks[1].text == "BIS added 10 entities under 13 entries on February 27, 2023 (88 FR 12170)."
    assert doc.raw_sha256 == hashlib.sha256(EN.encode()).hexdigest()
    assert m.document_number == "text:" + hashlib.sha256(EN.encode()).hexdigest()[:16]


def test_chinese_text_and_override() -> None:
    doc = parse_text(ZH, name="zh.md")
    assert doc.meta.lang == "zh"
    assert doc.meta.title == "美国出口管制动态"
    assert parse_text(ZH, name="zh.md", lang="en").meta.lang == "en"
    (doc,) = parse_payload(EN.encode(), name="en.txt", lang="zh")
    assert doc.meta.lang == "zh"


# fmt: off
LANGS = [
    ("english", "Export controls on advanced computing items.", "en"),
    ("chinese", "出口管制分类编号与商业管制清单", "zh"),
    ("2 CJK of 32 characters", "Entity List additions under 744.11 实体", "en"),
    ("9 CJK of 21 characters", "ECCN 3A090 出口管制分类编号 TPP", "zh"),
]
# fmt: on


@pytest.mark.parametrize(("case", "text", "lang"), LANGS, ids=[c[0] for c in LANGS])
def test_detect_lang(case: str, text: str, lang: str) -> None:
    assert detect_lang(text) == lang


# fmt: off
ERRORS = [
    ("empty", b"", "x.bin", None, "x.bin: empty payload"),
    ("blank", b" \n\t", "x.txt", None, "x.txt: empty payload"),
    ("unknown binary", bytes(range(256)) * 4, "blob.bin", None, "blob.bin: unknown kind of payload"),
    ("html saved as xml", b"<!DOCTYPE html><html><title>Error</title></html>", "2023-03929.xml", None,
     "not Federal Register XML (an HTML page)"),
    ("html with xml media type", b"<html><body>Gateway Timeout</body></html>", "download",
     "text/xml; charset=utf-8", "not Federal Register XML (an HTML page)"),
    ("html saved as json", b"<html><body>Too Many Requests</body></html>", "documents.json", None,
     "not valid JSON"),
    ("html saved as pdf", b"<html><body>Access Denied</body></html>", "guidance.pdf", None, "not a PDF"),
    ("deeply nested json", b"[" * 100_000 + b"]" * 100_000, "deep.json", None,
     "deep.json: JSON nested more than 64 levels deep"),
    ("press error page", (FIX / "bis_press/page-not-found.html").read_bytes(), "page.html", None,
     "an error page (Page not found)"),
]
# fmt: on


@pytest.mark.parametrize(("case", "data", "name", "media", "message"), ERRORS, ids=[c[0] for c in ERRORS])
def test_errors(case: str, data: bytes, name: str, media: str | None, message: str) -> None:
    with pytest.raises(ParseError, match=re.escape(message)):
        parse_payload(data, name=name, media_type=media)


def test_unknown_lists_supported_kinds() -> None:
    with pytest.raises(ParseError) as e:
        parse_payload(b"\x00\x01\x02\x03", name="blob")
    assert e.value.hint is not None
    for kind in ("Federal Register XML", "API JSON", "PDF", "HTML", "plain text or Markdown"):
        assert kind in e.value.hint


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot read the file"):
        parse_path(tmp_path / "nope.xml")


def test_one_language_rule_for_parsers_and_extraction() -> None:
    import ingest.detect
    import ingest.extract

    assert ingest.detect.detect_lang is ingest.extract.detect_lang is detect_lang
    # A long English text with a Chinese quotation at the end is English; the rule reads a bounded sample.
    assert detect_lang("Export controls. " * 5_000 + "出口管制" * 100) == "en"
