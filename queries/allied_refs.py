"""Resolvers of allied references for ``exportwatch show`` and ``diff`` (registered on import).

- ``JP:403M50000400049 art. 6``, ``JP:403M50000400049 art. 6 para. 1 item 17 (xi)``: an article of a
  Japanese law by its e-Gov law id (versions: ``ProvisionVersion`` of ``JP:<law id> art. <n>``), maybe a
  paragraph, item or subitem of it; ``appx. table 1`` names an appended table.
- ``KR:대외무역법 art. 19-3``, ``KR:대외무역법 art. 19-6 para. 1 item 2``: an article of a Korean law.
- ``DE:AWV § 9``, ``DE:AWV §9 para. 1 item 2``: a section of a German law by its abbreviation, maybe a
  paragraph, item or lettered item of it.
- ``EU:2021/821 annex I 3B001``, ``EU:3B001``, ``EU:2021/821 annex I 3B001.a``: an entry of Annex I of
  Regulation (EU) 2021/821 (versions: ``ItemVersion`` of ``EU:<code>``), maybe a paragraph of it.
"""

from __future__ import annotations

import re

from queries.refs import TextRef, register_resolver

_JP = re.compile(
    r"^JP:\s*(?P<law>[0-9]{3}[A-Z0-9]{12})\s+(?P<top>art\.?\s*[0-9]+(?:-[0-9]+)*|appx\.?\s*table\s*[0-9-]+)"
    r"(?P<rest>(?:\s+.*)?)$",
    re.IGNORECASE,
)
_EU = re.compile(
    r"^EU:\s*(?:2021/821\s+annex\s+I\s+)?(?P<code>[0-9][A-E][0-9]{3})(?:\.(?P<sub>[a-z0-9.]+))?$",
    re.IGNORECASE,
)


def _norm_top(top: str) -> str:
    """``Art 6`` -> ``art. 6``; ``appx table 1`` -> ``appx. table 1``."""
    number = re.search(r"[0-9][0-9-]*$", top)
    assert number is not None
    return ("art. " if top.lower().startswith("art") else "appx. table ") + number.group(0)


def jp_ref(text: str) -> TextRef | None:
    """An article (or appended table) of a Japanese law, maybe a paragraph of it."""
    m = _JP.match(" ".join(text.split()))
    if not m:
        return None
    law, top, rest = m.group("law").upper(), _norm_top(m.group("top")), m.group("rest").strip()
    designation = f"{top} {rest}" if rest else None
    canonical = f"JP:{law} {designation or top}"
    return TextRef(canonical, "ProvisionVersion", "provision", f"JP:{law} {top}", designation)


def eu_ref(text: str) -> TextRef | None:
    """An entry of EU Annex I (``EU:2021/821 annex I 3B001``), maybe a paragraph (``3B001.a``)."""
    m = _EU.match(" ".join(text.split()))
    if not m:
        return None
    code, sub = m.group("code").upper(), m.group("sub")
    canonical = f"EU:2021/821 annex I {code}" + (f".{sub}" if sub else "")
    return TextRef(canonical, "ItemVersion", "item", f"EU:{code}", f"{code}.{sub}" if sub else None)


_KR = re.compile(
    r"^KR:\s*(?P<law>\S+)\s+(?P<top>art\.?\s*[0-9]+(?:-[0-9]+)?)(?P<rest>(?:\s+.*)?)$", re.IGNORECASE
)


def kr_ref(text: str) -> TextRef | None:
    """An article of a Korean law by its name (``KR:대외무역법 art. 19-3``), maybe a paragraph or item."""
    m = _KR.match(" ".join(text.split()))
    if not m:
        return None
    top, rest = _norm_top(m.group("top")), m.group("rest").strip()
    designation = f"{top} {rest}" if rest else None
    thing = f"KR:{m.group('law')} {top}"
    return TextRef(
        f"KR:{m.group('law')} {designation or top}", "ProvisionVersion", "provision", thing, designation
    )


_DE = re.compile(r"^DE:\s*(?P<law>[^\s§]+)\s*§\s*(?P<num>[0-9]+[a-z]?)(?P<rest>(?:\s+.*)?)$", re.IGNORECASE)


def de_ref(text: str) -> TextRef | None:
    """A section of a German law by its abbreviation (``DE:AWV § 9``), maybe a paragraph or item of it."""
    m = _DE.match(" ".join(text.split()))
    if not m:
        return None
    law, top, rest = m.group("law").upper(), f"§ {m.group('num').lower()}", m.group("rest").strip()
    designation = f"{top} {rest}" if rest else None
    return TextRef(
        f"DE:{law} {designation or top}", "ProvisionVersion", "provision", f"DE:{law} {top}", designation
    )


register_resolver("jp-egov", jp_ref)
register_resolver("de-gesetze", de_ref)
register_resolver("kr-lawgokr", kr_ref)
register_resolver("eu-annex-i", eu_ref)
