"""Regulatory text: the amendatory instructions (AMDPAR) of a rule and the CFR sections it inserts.

A ``<REGTEXT TITLE= PART=>`` groups the instructions for one CFR part; a ``PART`` heading outside
REGTEXT (common in proposed rules) opens an implicit one, and instructions or sections before any
such element go to an implicit one whose title is the CFR title of the document, when it has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ingest.fr_xml.blocks import BlockWriter
from ingest.models import RegSection, RegText

_PART = re.compile(r"\bPART\s+(\d+[A-Za-z]?)", re.IGNORECASE)


@dataclass
class _Reg:
    title: str | None
    part: str | None
    explicit: bool
    amdpar: list[str] = field(default_factory=list)
    sections: list[RegSection] = field(default_factory=list)


class RegTextReader(BlockWriter):
    """The REGTEXT state of a document walk: the open regulatory text and the section being read."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}  # preamble values by element or caption
        self.amdpar: list[str] = []
        self.regtexts: list[RegText] = []
        self.reg: _Reg | None = None
        self.in_section = False
        self.sec_texts: list[str] = []
        self.sec_no = self.sec_subject = ""

    def walk(self, parent: etree._Element) -> None:
        """Visit the children of ``parent`` (the document walk)."""
        raise NotImplementedError

    def add_amdpar(self, el: etree._Element) -> None:
        text = self.block("amdpar", el, self.section)
        if text:
            self.amdpar.append(text)
            self.current_reg().amdpar.append(text)

    def add_sectno(self, el: etree._Element) -> None:
        self.sec_no = self.block("sectno", el).replace("§", "").strip()
        self.section = self.sec_no or self.section

    def current_reg(self) -> _Reg:
        if self.reg is None:
            self.reg = _Reg(title=self._cfr_title(), part=None, explicit=False)
        return self.reg

    def _cfr_title(self) -> str | None:
        titles = {c.split()[0] for c in self.fields.get("CFR", []) if c.split()[0].isdigit()}
        return titles.pop() if len(titles) == 1 else None

    def close_reg(self) -> None:
        r = self.reg
        if r is not None and (r.explicit or r.amdpar or r.sections):
            self.regtexts.append(RegText(r.title, r.part, tuple(r.amdpar), tuple(r.sections)))
        self.reg = None

    def implicit_part(self, el: etree._Element) -> None:
        """A PART heading outside REGTEXT (common in proposed rules) opens an implicit REGTEXT."""
        self.close_reg()
        before = len(self.blocks)
        self.walk(el)
        heading = self.blocks[before].text if len(self.blocks) > before else ""
        m = _PART.search(heading)
        self.reg = _Reg(title=self._cfr_title(), part=m.group(1) if m else None, explicit=False)

    def regtext(self, el: etree._Element) -> None:
        self.close_reg()
        self.reg = _Reg(title=el.get("TITLE"), part=el.get("PART"), explicit=True)
        self.walk(el)
        self.close_reg()

    def section_element(self, el: etree._Element) -> None:
        """A ``<SECTION>``: its number, subject and paragraphs become a ``RegSection``."""
        reg = self.current_reg()
        outer = (self.in_section, self.sec_texts, self.sec_no, self.sec_subject)
        self.in_section, self.sec_texts, self.sec_no, self.sec_subject = True, [], "", ""
        self.walk(el)
        reg.sections.append(RegSection(self.sec_no, self.sec_subject, "\n".join(self.sec_texts)))
        self.in_section, self.sec_texts, self.sec_no, self.sec_subject = outer
