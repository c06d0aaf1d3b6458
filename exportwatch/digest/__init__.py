"""Weekly change digests: who follows what, what changed, rendered as text and HTML, sent over SMTP.

Stages, one module each: ``period`` (which days), ``subscriptions`` (who and what, YAML),
``content`` (named-query rows arranged into sections, ``model`` holds the shapes), ``render``
(Jinja2 templates), ``send`` (SMTP with STARTTLS and authentication), ``ledger`` (what was sent)
and ``deliver`` (all of it for one period, recipient by recipient).
"""

from __future__ import annotations

from exportwatch.digest.content import build_content, build_content_from_settings
from exportwatch.digest.deliver import DeliveryReport, deliver
from exportwatch.digest.period import Period, iso_week, last_full_week, resolve_period
from exportwatch.digest.render import Rendered, render
from exportwatch.digest.subscriptions import Subscriptions, load_subscriptions, parse_subscriptions

__all__ = [
    "DeliveryReport",
    "Period",
    "Rendered",
    "Subscriptions",
    "build_content",
    "build_content_from_settings",
    "deliver",
    "iso_week",
    "last_full_week",
    "load_subscriptions",
    "parse_subscriptions",
    "render",
    "resolve_period",
]
