"""Named regular expressions for what the extraction stage finds in regulatory text.

Every pattern is a compiled constant with a comment saying what it matches and why it is shaped
that way. The spaCy components in ``ingest/nlp/factories.py`` run them over the text of a
paragraph-sized ``Doc`` and map each match to a span; ``benchmarks/bench_extract.py`` runs the
same constants as a bare ``re`` pass to measure the pipeline's overhead.

Boundaries are explicit look-arounds on ASCII letters and digits, never ``\\b``: Python counts
CJK characters as word characters, so ``\\b`` fails between "于" and "3A090" in Chinese text.
"""

from __future__ import annotations

import re

# Not preceded / not followed by an ASCII letter or digit: a word boundary that works in CJK text.
_L = r"(?<![A-Za-z0-9])"
_R = r"(?![A-Za-z0-9])"

# --- cues: one cheap scan that tells whether a finder's full patterns can match a paragraph at all ---

# Every CFR citation pattern needs one of these words or signs.
CFR_CUE = re.compile(
    r"CFR|C\.F\.R|§|[Ss]ections?\s|SECTION|[Pp]arts?\s|PART|[Ss]upp|SUPP|[Aa]ppendix|APPENDIX|第"
)
# Every FR citation pattern needs "FR", "Fed. Reg." or a placeholder.
FR_CUE = re.compile(r"FR|Fed\.|INSERT")
# Every date pattern needs a year, a placeholder, or (relative dates) the word publication.
DATE_CUE = re.compile(r"(?:19|20)\d\d|INSERT|[Pp]ublication|公布|发布|刊登|刊发")
# Every threshold pattern needs a metric word, a power of ten or a percent sign.
THRESHOLD_CUE = re.compile(
    r"(?i:TPP|processing\s+performance|performance\s+density|bandwidth|transfer\s+rate|percent|per\s+cent)"
    r"|\^|%|％|总处理性能|性能密度|带宽|传输速率|运算|持股|股权|所有权"
)
# Every country-group pattern needs a group letter beside a digit or colon, or the words.
COUNTRY_GROUP_CUE = re.compile(r"[ABDE]\s*[:：]?\s*\d|[Cc]ountry\s+[Gg]roup|COUNTRY\s+GROUP")

# --- items -------------------------------------------------------------------------------------

# An ECCN: digit (category 0-9), product group A-E (or Y for the 0Y521 series), three digits, then
# optional lower-case sub-paragraphs (".a", ".z", ".b.3.c"); or the catch-all designation EAR99.
# Sub-paragraph levels must start with a letter after the dot, so a sentence-final period is not
# swallowed. Look-arounds keep it off docket numbers (230221-0050), RINs (0694-AJ13), phone numbers
# and part numbers glued to other letters or digits, and off building and record numbers such as
# "0E103-RPUID" or "0A350(322632)" (a hyphen before lower case stays allowed: "EAR99-designated").
ECCN = re.compile(
    _L
    + r"(?P<eccn>[0-9][A-EY][0-9]{3}(?:\.[a-z]{1,2}(?:\.[0-9]{1,2}(?:\.[a-z](?:\.[0-9]{1,2})?)?)?)?|EAR99)"
    + _R
    + r"(?!-[A-Z0-9])(?!\(\d)"
)
# Outside EAR documents a code of that shape is an ECCN only with one of these words shortly before it
# ("Room 5A128" in a notice of another agency is not one).
ECCN_CUE = re.compile(
    r"(?i:ECCNs?|Export\s+Control\s+Classification|Commerce\s+Control\s+List|CCL|EAR|classified|controlled"
    r"|Category)|出口管制分类编号|物项|管制|编号"
)

# After an ECCN with sub-paragraphs, list elements that abbreviate the next ECCN of the same entry:
# "3A001.z.1.a, z.2.a, z.3.a" (3A001.z.2.a, 3A001.z.3.a). Two levels at least, so "a, b" is not one.
ECCN_LIST_NEXT_SUB = re.compile(
    r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?P<sub>[a-z]\.[0-9]{1,2}(?:\.[a-z](?:\.[0-9]{1,2})?)?)" + _R
)

# --- CFR citations -----------------------------------------------------------------------------

# A CFR section number with paragraph designators: 744.11(b), 746.8(a)(3), 479.90a, 100.35T09-0208.
_SEC = r"\d{1,4}\.\d{1,4}(?:[a-z](?![a-z])|T\d{2}-\d{3,4})?(?:\s?\([a-zA-Z0-9]{1,5}\))*"
SECTION_NUMBER = re.compile(_L + r"(?P<sec>" + _SEC + r")(?![0-9]|\.\d)")

# A full citation with its title: "15 CFR 744.23", "15 CFR parts 730-774", "15 CFR Part 744",
# "15 C.F.R. § 744.16", "15 CFR 744" (a bare number after CFR is a part).
CFR_FULL = re.compile(
    _L + r"(?P<title>\d{1,2})\s*(?:CFR|C\.F\.R\.)\s+(?:"
    r"(?:[Pp]arts?|PARTS?)\s+(?P<part>\d{1,4})(?:\s*(?:-|–|through)\s*(?P<part2>\d{1,4}))?(?![0-9]|\.\d)"
    r"|§{1,2}\s*(?P<sec>" + _SEC + r")(?![0-9]|\.\d)"
    r"|(?P<sec2>" + _SEC + r")(?![0-9]|\.\d)"
    r"|(?P<bare>\d{1,4})(?![0-9]|\.\d)"
    r")"
)

# "3 CFR, 2001 Comp." in authority citations: a compilation of presidential documents.
CFR_COMP = re.compile(_L + r"(?P<title>\d{1,2})\s+CFR,\s*(?P<year>(?:19|20)\d{2})\s+Comp\.")

# A section sign with one section: "§ 744.11(b)", "§§ 746.8(b)" (the rest of a §§ list is read
# with CFR_LIST_NEXT_SECTION).
CFR_SECTION_SIGN = re.compile(r"(?P<sign>§{1,2})\s*(?P<sec>" + _SEC + r")(?![0-9]|\.\d)")

# The word "section(s)" before a dotted number: "section 744.11", "Section 1.16 is amended".
# The dot is required so statutory sections ("section 1758 of ECRA") are not taken for CFR ones.
CFR_SECTION_WORD = re.compile(_L + r"(?P<word>[Ss]ections?|SECTIONS?)\s+(?P<sec>" + _SEC + r")(?![0-9]|\.\d)")

# A part or range of parts: "part 774", "parts 730-774", "PART 744", "parts 736 and 744" (the
# second number is read with CFR_LIST_NEXT_PART).
CFR_PART = re.compile(
    _L
    + r"(?P<word>[Pp]arts?|PARTS?)\s+(?P<part>\d{1,4})"
    + r"(?:\s*(?:-|–|through)\s*(?P<part2>\d{1,4}))?(?![0-9]|\.\d)"
)

# A supplement or appendix to a part: "supplement no. 4 to part 744", "Supp. No. 1 to part 774",
# "appendix B to part 4022".
CFR_SUPPLEMENT = re.compile(
    _L + r"(?:[Ss]upplement|SUPPLEMENT|[Ss]upp\.)\s+(?:[Nn][Oo]s?\.?\s*|[Nn]umber\s+)?(?P<supp>\d{1,2})"
    r"\s+to\s+(?:[Pp]art|PART)\s+(?P<part>\d{1,4})(?![0-9]|\.\d)"
)
CFR_APPENDIX = re.compile(
    _L
    + r"(?:[Aa]ppendix|APPENDIX)\s+(?P<app>[A-Z0-9]{1,3})"
    + r"\s+to\s+(?:[Pp]art|PART)\s+(?P<part>\d{1,4})(?![0-9]|\.\d)"
)

# Chinese forms: "第744.23条", "744.21节", "第744部分", "第744部分补充文件第4号" / "第744部分第4号补充文件".
CFR_ZH_SECTION = re.compile(r"第?\s*(?P<sec>" + _SEC + r")\s*(?:条|節|节|款)")
CFR_ZH_PART = re.compile(
    r"第\s*(?P<part>\d{3})\s*部分?"
    r"(?:\s*(?:的\s*)?(?:第\s*(?P<supp>\d{1,2})\s*号\s*补充文件|补充文件\s*第?\s*(?P<supp2>\d{1,2})\s*号?"
    r"|补编\s*第?\s*(?P<supp3>\d{1,2})\s*号?))?"
)

# After a § / section / part citation, the next element of a list: ", 744.21(b)", " and 744.21(e)",
# ", and 746.8(a)(3)". A footnote mark (the parser writes <SU>3</SU> as [3]; ^3 is accepted too)
# may sit around the comma: "734.9(g),[3] 744.21(b)".
_FOOTNOTE = r"(?:\[\d{1,2}\]|\^\d{1,2})"
_LIST_SEP = (
    r"(?:\s*" + _FOOTNOTE + r")?(?:\s*,\s*(?:" + _FOOTNOTE + r"\s*)?(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
)
CFR_LIST_NEXT_SECTION = re.compile(_LIST_SEP + r"(?P<sec>" + _SEC + r")(?![0-9]|\.\d)")
# Part numbers of any title have one to four digits ("40 CFR parts 52 and 81"); a number followed by
# a count word ("parts 744 and 2 other parts", "and 30 days") is not a part.
CFR_LIST_NEXT_PART = re.compile(
    _LIST_SEP + r"(?P<part>\d{1,4})(?![0-9]|\.\d|\s+(?:other|more|new|additional|days?|weeks?|months?"
    r"|years?|percent|entit|entr|items?|person|parts?\b|sections?\b))"
)

# --- Federal Register citations ----------------------------------------------------------------

# "87 FR 62186", "88 Fed. Reg. 12170".
FR_CITATION = re.compile(_L + r"(?P<vol>\d{1,3})\s+(?:FR|Fed\.\s?Reg\.)\s+(?P<page>\d{1,6})" + _R)

# The citation placeholder of a document printed before its pages were known:
# "88 FR [INSERT FR PAGE NUMBER AND 2/27/2023]", "[INSERT FEDERAL REGISTER CITATION]".
FR_PLACEHOLDER = re.compile(
    r"(?:"
    + _L
    + r"(?P<vol>\d{1,3})\s+FR\s+)?\[\s*INSERT\s+(?:FR|FEDERAL\s+REGISTER)\s+(?:PAGE|CITATION)[^\]\n]{0,80}\]"
)

# --- dates -------------------------------------------------------------------------------------

_MONTH = (
    r"(?P<month>(?i:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?))"
)
_YEAR = r"(?P<year>(?:19|20)\d{2})"

# "January 13, 2025", "Oct. 7, 2022", "February 24th, 2022"; "January 13. 2025" (a typo printed in
# the AI Diffusion rule) is accepted. Dates without a year are not taken: their year is a guess.
DATE_MDY = re.compile(
    _L + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s*[,.]\s*|\s+)" + _YEAR + r"(?![0-9])"
)
# "13 January 2025".
DATE_DMY = re.compile(_L + r"(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+" + _YEAR + r"(?![0-9])")
# "1/17/2024" (US order, four-digit year only: "Filed 2-24-23" stamps are not dates we keep).
DATE_NUMERIC = re.compile(r"(?<![0-9/])(?P<month>\d{1,2})/(?P<day>\d{1,2})/" + _YEAR + r"(?![0-9/])")
# "2025-05-13". Document numbers such as 2025-00636 do not fit the month-day shape.
DATE_ISO = re.compile(_L + _YEAR + r"-(?P<month>[01]\d)-(?P<day>[0-3]\d)" + _R)
# "2025年5月13日".
DATE_ZH = re.compile(_YEAR + r"\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]")

# Placeholders of a public-inspection copy: "[INSERT DATE OF PUBLICATION IN THE FEDERAL REGISTER]",
# "[INSERT DATE 120 DAYS AFTER DATE OF PUBLICATION IN THE FEDERAL REGISTER]" (line breaks allowed).
DATE_INSERT = re.compile(
    r"\[\s*INSERT\s+DATE\s+(?:(?P<n>\d{1,4})\s+(?P<unit>DAYS?|MONTHS?)\s+(?:AFTER|FROM|FOLLOWING)\s+)?"
    r"(?:THE\s+)?DATE\s+OF\s+PUBLICATION(?:\s+IN\s+THE\s+FEDERAL\s+REGISTER)?\s*\]"
)
# Relative dates in prose: "120 days after publication", "60 days after the date of publication in
# the Federal Register"; Chinese "公布之日起120天", "发布后90天".
DATE_RELATIVE = re.compile(
    _L + r"(?P<n>\d{1,4})\s+(?P<unit>days?|months?)\s+(?:after|from|following)\s+(?:the\s+)?(?:date\s+of\s+)?"
    r"publication(?:\s+(?:of\s+this\s+rule\s+)?in\s+the\s+Federal\s+Register)?" + _R
)
DATE_RELATIVE_ZH = re.compile(
    r"(?:公布|发布|刊登|刊发)(?:之日)?(?:起|后)\s*(?P<n>\d{1,4})\s*(?P<unit>天|日|个月)"
)

# What the words before (or just after) a date say about it: cue -> role. Searched in the clause
# around the date; the nearest cue wins. 截止 (deadline) is comments_due when 意见/评论 is near.
# The phrasing classes are those of the DATES sections of every agency that publishes in the Federal
# Register, not only BIS: a deadline for comments (or objections, or hearing requests) is said with
# the submission before the date ("Comments must be received on or before", "The FAA must receive
# comments on this AD by", "Submit comments by", "Any comments must arrive by", "We will consider all
# comments that we receive on or before", "will be accepted until") or as a caption ("Comments Due
# Date:", "Comment date:"); an effective date as "This rule is effective", "Effective:", "effective
# on", "becomes effective", "takes effect", or the approval of an incorporation by reference "as of".
_SUBMISSION = (
    r"(?:comments?|objections?|requests?\s+for\s+(?:a\s+|an\s+(?:oral\s+|informal\s+)?)?(?:public\s+)?hearings?"
    r"|hearing\s+requests?)"
)
_SUBMIT_VERB = (
    r"(?:receiv\w*|due|submit\w*|clos\w*|accept\w*|arriv\w*|postmark\w*|fil(?:e|ed|ing)|sen[dt]|fax\w*"
    r"|mail\w*|provid\w*|consider\w*)"
)
DATE_ROLE_CUES: dict[str, re.Pattern[str]] = {
    "compliance": re.compile(r"(?i:compliance\s+date|\bcomply\b|\bcompliance\b)|合规|遵守"),
    "comments_due": re.compile(
        r"(?i:\b" + _SUBMISSION + r"\b[^.;]{0,120}?\b" + _SUBMIT_VERB + r"\b"
        r"|\b(?:submit|send|fax|mail|file|provide|receive)\b[^.;]{0,80}?\b" + _SUBMISSION + r"\b"
        r"|deadline\s+for\s+(?:written\s+)?comments|comments?\s+(?:due\s+)?date|comment\s+period)"
        r"|意见[^。；]{0,20}截止|截止"
    ),
    "effective": re.compile(
        r"(?i:\beffective\b|\btakes?\s+effect\b|\bin\s+force\b|\bentered\s+into\s+force\b"
        r"|\bincorporation\s+by\s+reference\b)|生效|施行|起实施"
    ),
    "publication": re.compile(
        r"(?i:\bpublished\b|\bpublication\b|\bpublishes\b|\bappeared\s+in\s+the\s+Federal\s+Register)"
        r"|发布|公布|刊登|刊发"
    ),
    "announced": re.compile(
        r"(?i:\bannounced\b|\breleased\b|placed\s+on\s+public\s+display|posted\s+for\s+public\s+inspection)|宣布"
    ),
}
# A date right after a Federal Register citation is the day that issue was published: "see 80 FR
# 56469, September 18, 2015"; one right before it in parentheses too: "January 20, 2016 (81 FR 3033)".
DATE_AFTER_FR_CITATION = re.compile(r"\b\d{1,3}\s+FR\s+\d{1,6}(?:\s*[-–]\s*\d{1,6})?\s*[,;(]\s*$")
DATE_BEFORE_FR_CITATION = re.compile(r"^\s*\(\s*\d{1,3}\s+FR\s+\d{1,6}")
# A delayed effective date: "is delayed from April 15, 2016 to May 16, 2016" (the first date is no
# longer the effective date, the second is); "delayed until", "postponed to".
DATE_DELAYED_TO = re.compile(r"(?i)\b(?:delay|postpon|defer)\w*\b[^.;]{0,80}?\b(?:to|until)\s+$")
DATE_DELAYED_FROM = re.compile(r"(?i)\b(?:delay|postpon|defer)\w*\s+from\s+$")
# The end of a period that began at a date: "effective from 5 a.m. on April 30, 2016 to 5 a.m. on
# June 11, 2016", "from May 1, 2016 through June 30, 2016". The end of an effective period is not
# the effective date (role other); the end of a comment period is its deadline.
_MONTH_DAY = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)\s+\d{1,2}"
)
DATE_PERIOD_END = re.compile(
    r"(?i)\bfrom\b(?:[^.;]|[ap]\.m\.?|\.\d){0,40}?"
    + _MONTH_DAY
    + r"[^.;]{0,40}?\b(?:to|until|through|thru)\s+"
    r"(?:(?:\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\.?|noon|midnight)[^.;]{0,12}?\s+(?:on\s+)?)?(?:\w+day,?\s+)?$"
)

# --- thresholds --------------------------------------------------------------------------------

_Q = r"['‘’\"“”`]?"
# A number: 4800, 5.92, 26,900,000, 10^26 (the parser writes 10<SU>26</SU> as 10^26).
_NUM = r"(?P<value>10\s?\^\s?\d{1,3}|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# Comparison words before a number.
_OP_PRE = (
    r"(?P<op_pre>(?:greater|more|higher|larger|less|lower|fewer)\s+than(?:\s+or\s+equal\s+to)?|equal\s+to\s+or\s+"
    r"(?:greater|more|less)\s+than|at\s+least|at\s+most|no\s+(?:more|less)\s+than|not\s+(?:more|less)\s+than"
    r"|exceeding|exceeds?|above|below|up\s+to|≥|≤|>=|<=|>|<|超过|高于|大于|不低于|不少于|至少|低于|小于|少于|达到|不超过)"
)
# Comparison words after a number.
_OP_POST = (
    r"(?P<op_post>or\s+(?:more|greater|higher|above|larger)|or\s+(?:less|lower|fewer|below)|and\s+above"
    r"|(?:或|及)?以上|(?:或|及)?以下|或更高|或更多|或更低)"
)
_UNIT = "".join(
    (
        r"(?P<unit>\s?(?:GB/s/mm\^?2|GB/s/mm²|Gbyte/s|GB/s|Gbit/s|Gbps|TB/s|[kMGT]Hz|%)",
        r"(?:\s?per\s+square\s+millimeter)?)",
    )
)
# Metric names, English and Chinese. TPP may be quoted: a ‘total processing performance’ ('TPP').
_TPP = "|".join(
    (
        _Q + r"total\s+processing\s+performance" + _Q + r"(?:\s*\(" + _Q + r"TPP" + _Q + r"\))?",
        _Q + r"TPP" + _Q,
        r"总处理性能(?:\s*[（(]TPP[)）])?",
    )
)
_PD = _Q + r"performance\s+density" + _Q + r"|性能密度"
_BW = "|".join(
    (
        r"(?:aggregate\s+)?(?:bidirectional\s+)?transfer\s+rate",
        r"(?:memory\s+)?bandwidth(?:\s+density)?",
        r"带宽(?:密度)?",
        r"传输速率",
    )
)
# Between a metric and its number: a linking word (maybe with an operator), an operator, or at least
# a space ("TPP1 + TPP2" names variables, not a threshold).
_LINK = "|".join(
    (
        r"\s*(?:of|is|equal\s+to|为|达|在)\s*(?:" + _OP_PRE + r"\s*)?",
        r"\s*" + _OP_PRE.replace("op_pre", "op_pre2") + r"\s*",
        r"\s+",
    )
)
# "... or more and less than 4800": the upper end of a range.
_RANGE_END = (
    r"(?:\s+and\s+(?P<op2>less\s+than|more\s+than|greater\s+than)"
    r"\s+(?P<value2>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?))"
)

# Metric first: "TPP of 4800 or more", "'performance density' of 5.92 or more", "TPP ≥ 4800",
# "总处理性能（TPP）达到4800或以上", "TPP of 2400 or more and less than 4800" (a range: op2/value2).
THRESHOLD_METRIC_FIRST = re.compile(
    "".join(
        (
            r"(?P<metric>" + _TPP + "|" + _PD + "|" + _BW + ")",
            "(?:" + _LINK + ")",
            _NUM + _UNIT + "?",
            r"(?:\s*" + _OP_POST + ")?",
            _RANGE_END + "?",
            r"(?![0-9A-Za-z])",
        )
    )
)
# Number first, metric after: ">2800 TPP", ">1,000 GB/s memory bandwidth", "up to 26,900,000 Total
# Processing Performance (TPP)". An operator is required, so a TPP quantity such as an allocation of
# "790,000,000 TPP" is not taken for a threshold.
THRESHOLD_METRIC_AFTER = re.compile(
    "".join(
        (
            _OP_PRE + r"\s*" + _NUM + _UNIT + "?",
            r"\s+(?:of\s+)?",
            r"(?P<metric>" + _Q + r"TPP(?![0-9])" + _Q,
            r"|(?i:total\s+processing\s+performance)(?:\s*\(TPP\))?|" + _BW + ")",
            _R,
        )
    )
)
# Training compute: "more than 10^26 computational operations", "10^26 operations", "超过10^26次运算".
# A power of ten is required: "30 operations" is not a threshold.
THRESHOLD_OPERATIONS = re.compile(
    "".join(
        (
            "(?:" + _OP_PRE + r"\s*)?",
            r"(?P<value>10\s?\^\s?\d{1,3})",
            r"(?:\s+(?:computational\s+|integer\s+or\s+floating[- ]point\s+|floating[- ]point\s+)?",
            r"(?P<unit>operations|ops|FLOPs?)",
            r"|\s*(?P<unit_zh>次(?:浮点)?运算|次计算))",
        )
    )
)
# Ownership and de minimis shares: "at least 50 percent owned", "50 percent or more", "持股50%以上",
# "25 percent de minimis".
THRESHOLD_SHARE = re.compile(
    "".join(
        (
            "(?:" + _OP_PRE + r"\s*)?",
            r"(?P<value>\d{1,3}(?:\.\d+)?)\s*(?P<unit>percent|per\s+cent|%|％)",
            r"(?:\s*" + _OP_POST + r")?\s*",
            r"(?P<metric>(?:or\s+more\s+)?owned|ownership|de\s+minimis|股权|持股|所有权)",
        )
    )
)
THRESHOLD_SHARE_ZH = re.compile(
    "".join(
        (
            r"(?P<metric>持股|股权|拥有)(?:比例)?\s*",
            "(?:" + _OP_PRE + ")?",
            r"\s*(?P<value>\d{1,3}(?:\.\d+)?)\s*(?P<unit>%|％)",
            r"\s*" + _OP_POST + "?",
        )
    )
)

# --- country groups ----------------------------------------------------------------------------

# "Country Group D:5", "D:5", "A:5", "D：5" (full-width colon in Chinese text), "国家组D:5".
COUNTRY_GROUP = re.compile(
    r"(?:(?P<kw>(?<![A-Za-z])[Cc]ountry\s+[Gg]roups?|COUNTRY\s+GROUPS?|国家组|国家分组)\s*)?"
    r"(?<![A-Za-z0-9])(?P<group>[ABDE])\s*[:：]\s*(?P<num>\d)(?![0-9])"
)
# A group named by its letter only, which needs the words: "Country Group B", "Country Group D,".
COUNTRY_GROUP_LETTER = re.compile(
    r"(?<![A-Za-z])(?P<kw>[Cc]ountry\s+[Gg]roups?|COUNTRY\s+GROUPS?)\s+(?P<group>[ABDE])(?![A-Za-z0-9:：])"
)
# Further letters of a list after "Country Groups A": "Country Groups A, B, or D:1" (B).
COUNTRY_GROUP_LIST_NEXT_LETTER = re.compile(
    r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?P<group>[ABDE])(?![A-Za-z0-9:：])"
)
# Chinese without the colon: "D5类国家", "D5组".
COUNTRY_GROUP_ZH = re.compile(r"(?<![A-Za-z0-9])(?P<group>[ABDE])(?P<num>\d)(?=\s*(?:类|组|国家))")

# --- amendatory instructions (AMDPAR) ----------------------------------------------------------

# The leading number or letter of an instruction: "2.", "a.", "(b)".
AMDPAR_LABEL = re.compile(
    r"^\s*(?:(?P<num>\d{1,3})\.|(?P<letter>[a-z]{1,2})\.|\((?P<paren>[a-z0-9]{1,3})\))\s+"
)
# Action verbs, in any of the forms instructions use ("Revise", "is revised", "by revising"). The
# first specific verb (not "amend") names the action.
AMDPAR_ACTIONS: dict[str, re.Pattern[str]] = {
    "redesignate": re.compile(r"(?i)\bredesignat(?:e|es|ed|ing)\b"),
    "remove": re.compile(r"(?i)\b(?:remov(?:e|es|ed|ing)|delet(?:e|es|ed|ing)|(?:is|are)\s+reserved)\b"),
    "add": re.compile(r"(?i)\b(?:add(?:s|ed|ing)?|insert(?:s|ed|ing)?|\[insert-in-order\])\b"),
    "revise": re.compile(r"(?i)\b(?:revis(?:e|es|ed|ing)|amended\s+to\s+read|to\s+read\s+as\s+follows)\b"),
    "amend": re.compile(r"(?i)\bamend(?:s|ed|ing)?\b"),
}
# "remove the words X ... and add in their place the words Y", "by removing the entry for X and
# adding Y": two actions, a removal and an addition; ``add`` is where the second half begins.
AMDPAR_REMOVE_ADD = re.compile(
    r"(?i)\b(?:remov|delet)\w*\b.{0,400}?\band\s+(?:by\s+)?(?P<add>(?:add|insert)(?:ing|s|ed)?)\b"
)
# The eRegs markup some fixtures carry instead of a paragraph reference: "[label:478-103-e-p2]"
# (section 478.103, paragraph (e)).
AMDPAR_LABEL_REF = re.compile(r"\[label:(?P<part>\d+)-(?P<sec>\d+[a-z]?)(?P<rest>[^\]]*)\]")
# A defined term in such markup: "[label:478-11-keyterm(ATF Officer)]".
AMDPAR_LABEL_KEYTERM = re.compile(r"keyterm\((?P<term>[^)]+)\)")
# "continues to read": the authority citation repeated, no change made.
AMDPAR_NO_CHANGE = re.compile(r"(?i)\bcontinues?\s+to\s+read\b")
# Targets: "paragraph (a)(1)", "paragraphs (f) and (g)", "the definition of", "the authority citation".
AMDPAR_PARAGRAPH = re.compile(
    r"(?i)\bparagraphs?\s+(?P<par>\([a-zA-Z0-9]{1,5}\)(?:\s?\([a-zA-Z0-9]{1,5}\))*)"
)
AMDPAR_DEFINITION = re.compile(
    r"(?i)\bdefinitions?\s+(?:of|for)\s+(?:the\s+term\s+)?[“\"](?P<term>[^”\"]{1,80})[”\"]"
)
AMDPAR_AUTHORITY = re.compile(r"(?i)\bauthority\s+citation\b")
AMDPAR_HEADING = re.compile(r"(?i)\bsection\s+heading\b")
# The Entity List destination an instruction works under: "Under CANADA, by adding", "under the
# destination of China, by revising", "Under CHINA, PEOPLE'S REPUBLIC OF, by adding" (the name may
# hold a comma, so it runs up to ", by").
AMDPAR_UNDER = re.compile(
    r"(?i:\bunder\s+(?:the\s+destination\s+of\s+)?)(?P<country>[A-Z][^;:“”\"]{1,60}?)\s*,\s*(?i:by\s)"
)
# Quoted entry names: “CPUNTO Inc.”, "Spacety Co., Ltd.". A quote may be split by markup
# (“... and “ Promtekhkomplekt JSC”), so the body may not hold another opening quote.
AMDPAR_QUOTED = re.compile(r"[“\"](?P<name>[^“”\"]{2,200}?)[”\"]")
