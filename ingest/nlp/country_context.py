"""Country words that do not name a country where they stand.

Two classes of false COUNTRY hits, whatever the agency that wrote the text:

- **Georgia the US state** (and "Mexico" inside "New Mexico"): "Atlanta, Georgia", "Georgia 30303",
  "Georgia Department of Natural Resources", "the State of Georgia", "from Georgia to New York", a list
  of states ("Alabama, Georgia, and Florida"). "Tbilisi, Georgia" and "Armenia, Azerbaijan and
  Georgia" stay countries.
- **A country inside a government agency's name**: "Food Standards Australia New Zealand", "Food
  Safety Authority Ireland", "Health Canada", "Export Development Canada". The name puts the country
  right after the agency's field ("Standards", "Authority", "Health"); "Government of Canada" and "the
  Australian Department of Defence" still name the country, and so do company names of an Entity List
  entry ("China Aerospace Science and Technology Corporation"), as the labelling guidelines say.
"""

from __future__ import annotations

import re

US_STATES: tuple[str, ...] = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
    "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky",
    "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri",
    "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York",
    "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
    "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
    "West Virginia", "Wisconsin", "Wyoming", "District of Columbia",
)  # fmt: skip
# Places in the US state of Georgia that precede ", Georgia" in addresses and datelines.
GEORGIA_PLACES: tuple[str, ...] = (
    "Atlanta", "Savannah", "Augusta", "Columbus", "Macon", "Athens", "Albany", "Marietta", "Brunswick",
    "Valdosta", "Alpharetta", "Decatur", "Roswell", "Sandy Springs", "Kennesaw", "Norcross", "Duluth",
    "Peachtree City", "Dalton", "Rome", "Warner Robins", "Gainesville", "Smyrna", "Lawrenceville",
    "Johns Creek", "Dunwoody", "Stone Mountain", "Kings Bay", "St. Marys", "Fort Benning", "Fort Stewart",
    "Fort Gordon", "Fort Moore", "Fort Eisenhower", "Robins Air Force Base", "Jekyll Island",
    "St. Simons Island", "Tybee Island", "Dublin", "Milledgeville", "Statesboro", "Thomasville",
)  # fmt: skip
# A government agency's field, written right before the country in the agency's name.
AGENCY_FIELDS: tuple[str, ...] = (
    "Standards", "Authority", "Health", "Statistics", "Transport", "Environment", "Development",
    "Affairs", "Resources", "Oceans", "Agri-Food", "Agriculture", "Safety", "Biosecurity", "Customs",
    "Revenue", "Infrastructure", "Heritage", "Justice", "Defence", "Immigration", "Citizenship",
)  # fmt: skip

_STATE = "|".join(re.escape(s) for s in US_STATES)
_STATE_GAP = r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to|through)\s+)"
_GEORGIA_STATE_BEFORE = re.compile(
    r"(?:\b(?:" + "|".join(re.escape(p) for p in GEORGIA_PLACES) + r"),\s*"
    r"|\b(?:[Ss]tate|University|Univ\.|Governor|Attorney\s+General)\s+of\s+(?:the\s+)?"
    r"|\b(?:" + _STATE + r")" + _STATE_GAP + r")$"
)
_GEORGIA_STATE_AFTER = re.compile(
    r"^(?:,?\s+\d{5}(?:-\d{4})?\b|,\s*(?:USA|U\.S\.A\.|U\.S\.|United\s+States)\b"
    r"|\s+(?:State|Tech|Institute|Department|Dept\.|Power|Ports|Southern|Board|Bureau|Division|Public"
    r"|General\s+Assembly|Supreme\s+Court|Environmental|Forestry|Pacific|Regents)\b"
    r"|" + _STATE_GAP + r"(?:" + _STATE + r")\b)"
)
_IN_STATE_NAME = re.compile(r"\bNew\s+$")  # "New Mexico"
_AGENCY_BEFORE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in AGENCY_FIELDS) + r") $")


def is_us_state(text: str, start: int, end: int, code: str) -> bool:
    """The country word at ``text[start:end]`` (ISO ``code``) names a US state or is part of one."""
    before = text[max(0, start - 60) : start]
    if code == "MX" and _IN_STATE_NAME.search(before) and text[start:end] == "Mexico":
        return True
    if code != "GE":
        return False
    return bool(_GEORGIA_STATE_BEFORE.search(before) or _GEORGIA_STATE_AFTER.match(text[end : end + 60]))


def in_agency_name(text: str, start: int, previous_dropped_end: int | None = None) -> bool:
    """The country word at ``start`` is part of an agency's name: right after the agency's field
    ("Food Standards Australia"), or right after a country word that was ("Australia New Zealand")."""
    before = text[max(0, start - 40) : start]
    if previous_dropped_end is not None and text[previous_dropped_end:start] == " ":
        return True
    return bool(_AGENCY_BEFORE.search(before))
