"""Route a payload to the right parser by sniffing its content, with the name and media type as hints.

Content decides first (``%PDF``, JSON, HTML, XML root, text); the name or media type only settles the
cases content cannot: an HTML page saved under ``.xml``/``.json``/``.pdf`` goes to that parser, which
rejects it as an error page instead of reading it as a press release. Every document gets the sha256 of
the raw payload it came from.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from exportwatch.errors import ParseError
from ingest.lang import detect_lang
from ingest.models import SOURCE_TEXT, DocumentMeta, ParsedDocument
from ingest.parse_fr_json import assemble_blocks

SUPPORTED_KINDS = (
    "Federal Register XML (a document or a daily issue)",
    "Federal Register API JSON",
    "PDF (guidance, public inspection)",
    "HTML (BIS press release)",
    "plain text or Markdown (.txt, .md)",
)
TYPE_COMMENTARY = "Commentary"

_TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
_MD_HEADING = re.compile(r"^#{1,6}\s+")


def sniff(data: bytes, *, name: str = "", media_type: str | None = None) -> str | None:
    """The payload kind: ``pdf``, ``json``, ``html``, ``xml``, ``text``, or None when unknown."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        return "json"
    if b"<!doctype html" in head or b"<html" in head:
        return _declared_kind(name, media_type) or "html"  # an error page saved as .xml/.json/.pdf
    if head.startswith(b"<"):
        return "xml"
    if _is_text(data):
        return "text"
    return None


def parse_payload(
    data: bytes, *, name: str, media_type: str | None = None, url: str | None = None, lang: str | None = None
) -> list[ParsedDocument]:
    """Parse any supported payload into documents, each with ``raw_sha256`` set.

    Args:
        data: The raw bytes.
        name: File name or URL path, used as hint and in messages.
        media_type: The HTTP ``Content-Type``, when known (a hint only).
        url: Where the payload came from (press releases need it for their slug and links).
        lang: Language override (``en``/``zh``) for every document returned.

    Raises:
        ParseError: Empty or unknown payload, or whatever the chosen parser rejects.
    """
    if not data or not data.strip():
        raise ParseError(f"{name}: empty payload")
    kind = sniff(data, name=name, media_type=media_type)
    if kind == "pdf":
        from ingest.parse_pdf import parse_pdf

        docs = [parse_pdf(data, name=name, url=url)]
    elif kind == "json":
        from ingest.parse_fr_json import parse_fr_json

        docs = parse_fr_json(data, source_name=name)
    elif kind == "xml":
        from ingest.parse_fr_xml import parse_fr_xml

        docs = parse_fr_xml(data, source_name=name)
    elif kind == "html":
        from ingest.parse_press import parse_press_release

        docs = [parse_press_release(data, url=url or name)]
    elif kind == "text":
        docs = [parse_text(_decode(data, name), name=name, lang=lang)]
    else:
        raise ParseError(
            f"{name}: unknown kind of payload",
            hint="supported: " + "; ".join(SUPPORTED_KINDS),
        )
    sha = hashlib.sha256(data).hexdigest()
    return [
        replace(
            d, raw_sha256=sha, meta=replace(d.meta, lang=lang) if lang and d.meta.lang != lang else d.meta
        )
        for d in docs
    ]


def parse_path(path: Path, *, lang: str | None = None) -> list[ParsedDocument]:
    """Read a file and parse it with :func:`parse_payload` (its name is the hint)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ParseError(f"{path}: cannot read the file ({e.strerror or e})") from None
    return parse_payload(data, name=path.name, lang=lang)


def parse_text(text: str, *, name: str, lang: str | None = None) -> ParsedDocument:
    """A plain-text or Markdown commentary: one block per paragraph (blank-line separated).

    The language is ``ingest.lang.detect_lang``'s (``zh`` when CJK ideographs are a fifth of the
    letters or more, else ``en``); ``lang`` overrides. Markdown ``#`` headings become ``heading``
    blocks; the first heading (or else the first line) is the title.
    """
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    if not paragraphs:
        raise ParseError(f"{name}: empty text")
    parts: list[tuple[str, str | None]] = []
    for p in paragraphs:
        if _MD_HEADING.match(p) and "\n" not in p:
            parts.append(("heading", _MD_HEADING.sub("", p)))
        else:
            parts.append(("p", p))
    # The first 1000 characters are enough for a title of 300: a one-line 10 MB text is not split.
    title = next((t for k, t in parts if k == "heading"), None) or paragraphs[0][:1000].splitlines()[0]
    body, blocks = assemble_blocks(parts)
    meta = DocumentMeta(
        document_number=f"text:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}",
        source=SOURCE_TEXT,
        type=TYPE_COMMENTARY,
        title=" ".join((title or name)[:1000].split())[:300],
        lang=lang or detect_lang(text),
    )
    return ParsedDocument(meta=meta, text=body, blocks=blocks)


def _declared_kind(name: str, media_type: str | None) -> str | None:
    suffix = Path(name.split("?")[0]).suffix.lower()
    media = (media_type or "").split(";")[0].strip().lower()
    if suffix == ".xml" or media in ("application/xml", "text/xml"):
        return "xml"
    if suffix == ".json" or media.endswith("json"):
        return "json"
    if suffix == ".pdf" or media == "application/pdf":
        return "pdf"
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return False
    try:
        sample = data[:8192].decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < 8188:  # a multi-byte character cut at the end of the sample is fine
            return False
        sample = data[: e.start].decode("utf-8")
    printable = sum(1 for c in sample if c.isprintable() or c in "\n\r\t")
    return printable >= 0.95 * max(len(sample), 1)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ParseError(f"{name}: text is not UTF-8 ({e.reason} at byte {e.start})") from None
