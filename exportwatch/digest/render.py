"""Rendering: Jinja2 templates to a subject, a plain-text part and an email-safe HTML part.

The HTML template uses inline styles and table layout only (no scripts, no external CSS or
images), fits a narrow window, and every value is autoescaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from exportwatch import __version__
from exportwatch.digest.model import DigestContent
from exportwatch.digest.subscriptions import Filters
from exportwatch.errors import DigestError

TEMPLATES = Path(__file__).parent / "templates"
TEXT_TEMPLATE = "digest.txt.j2"
HTML_TEMPLATE = "digest.html.j2"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    changes: int


@lru_cache(maxsize=4)
@lru_cache(maxsize=8)
def environment(directory: Path = TEMPLATES) -> jinja2.Environment:
    """The template environment: HTML templates autoescaped, undefined names are errors.

    One per folder, kept: its templates are compiled once per process, not at every digest.
    """
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(directory)),
        autoescape=lambda name: name is not None and ".html" in name,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def subject(content: DigestContent) -> str:
    """``exportwatch digest 2023-W09 (27 Feb - 5 Mar 2023): 41 changes``."""
    n = content.changes
    what = "no changes" if n == 0 else f"{n} change{'s' if n != 1 else ''}"
    return f"exportwatch digest {content.period.label}: {what}"


def describe_filters(filters: Filters) -> str:
    """One line saying what a recipient follows, for the footer."""
    parts = []
    for name, label in (
        ("eccns", "items"),
        ("entities", "entities"),
        ("countries", "countries"),
        ("regimes", "regimes"),
        ("tools", "control tools"),
        ("keywords", "keywords"),
        ("document_types", "document types"),
    ):
        values = getattr(filters, name)
        if values:
            parts.append(f"{label}: {', '.join(values)}")
    return "; ".join(parts) if parts else "everything"


def render(
    content: DigestContent,
    *,
    recipient: str | None = None,
    directory: Path | None = None,
    web_url: str | None = None,
) -> Rendered:
    """Render ``content`` (already selected for the recipient) to subject, text and HTML.

    With ``web_url`` (the address of ``exportwatch serve``; ``""`` for links relative to the page) each
    line also links to the web app's pages of its document and items.

    Raises:
        DigestError: a template is missing or broken.
    """
    context = _context(content, recipient=recipient, web_url=web_url)
    text = _render(directory, TEXT_TEMPLATE, context)
    html = _render(directory, HTML_TEMPLATE, context)
    return Rendered(subject=subject(content), text=text, html=html, changes=content.changes)


def render_html(content: DigestContent, *, web_url: str | None = None, directory: Path | None = None) -> str:
    """Only the HTML of ``render`` (what the web app's digest page shows; the text part is not made).

    Raises:
        DigestError: a template is missing or broken.
    """
    return _render(directory, HTML_TEMPLATE, _context(content, recipient=None, web_url=web_url))


def _context(content: DigestContent, *, recipient: str | None, web_url: str | None) -> dict[str, Any]:
    return {
        "c": content,
        "subject": subject(content),
        "recipient": recipient,
        "following": describe_filters(content.filters),
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
        "web": web_url.rstrip("/") if web_url is not None else None,
    }


def _render(directory: Path | None, template: str, context: dict[str, Any]) -> str:
    env = environment(directory or TEMPLATES)
    try:
        return env.get_template(template).render(context)
    except jinja2.TemplateError as e:
        name = getattr(e, "name", None) or getattr(e, "filename", None) or "template"
        raise DigestError(f"digest template {name} failed: {e}") from None
