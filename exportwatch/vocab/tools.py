"""Canonical ids for control tools, named rules and regimes, with the English and Chinese terms for each.

This is the one place these ids are defined: the ``exportwatch_terms`` spaCy component tags
CONTROL_TOOL, RULE_NAME and REGIME mentions with them, and the graph uses the same tool ids
(``graph/curated_yaml.py`` checks the curated tools against ``CONTROL_TOOLS``).

Term syntax: a plain string is matched as a phrase in which spaces and hyphens are
interchangeable ("end-user" also matches "end user" and "end- user"), and straight or curly
quotes may surround words. Terms are matched case-insensitively unless they are acronyms
(no lower-case letter and at most six characters: "CCL", "UVL", "GP10"), which must match
exactly. A string starting with ``re:`` is a regular expression (used where a Chinese law name
needs its country beside it, e.g. 韩国《对外贸易法》). Chinese terms come from DOMAIN.md section 4.
"""

from __future__ import annotations

# id -> display name. The graph uses these ids for its ControlTool nodes.
CONTROL_TOOLS: dict[str, str] = {
    "list_based": "List-based controls (Commerce Control List)",
    "entity_list": "Entity List",
    "affiliates_rule": "Affiliates (50 percent) rule",
    "military_end_user": "Military end-use and end-user controls",
    "unverified_list": "Unverified List",
    "denied_persons": "Denied Persons List",
    "end_use_catch_all": "End-use (catch-all) controls",
    "us_persons": "U.S.-persons controls",
    "fdpr": "Foreign direct product rules",
    "de_minimis": "De minimis rule",
    "gp10": "General Prohibition 10",
    "is_informed": "Is-informed letters",
    "country_groups": "Country groups and licence policy",
    "country_specific": "Country-specific controls",
    "presumption_of_denial": "Presumption of denial",
    "license_exception": "License exceptions",
}

# id -> display name of a named rulemaking that commentary refers to by name.
RULE_NAMES: dict[str, str] = {
    "advanced_computing_2022": (
        "Advanced computing and semiconductor manufacturing IFR (87 FR 62186, 2022-10-13)"
    ),
    "ac_s_2023": "Advanced Computing/Supercomputing IFR (88 FR 73458, 2023-10-25)",
    "sme_2023": "Export Controls on Semiconductor Manufacturing Items (88 FR 73424, 2023-10-25)",
    "fdp_sme_2024": (
        "Foreign-Produced Direct Product Rule Additions and SME refinements (89 FR 96790, 2024-12-05)"
    ),
    "ai_diffusion": "Framework for Artificial Intelligence Diffusion (90 FR 4544, 2025-01-15)",
    "affiliates_rule": (
        "Expansion of End-User Controls To Cover Affiliates of Certain Listed Entities (2025-09-30)"
    ),
}

# id -> display name of a legal regime (law, regulation or multilateral arrangement).
REGIMES: dict[str, str] = {
    "wassenaar": "Wassenaar Arrangement",
    "eu_2021_821": "Regulation (EU) 2021/821 (EU dual-use regulation)",
    "fefta": "Japan Foreign Exchange and Foreign Trade Act",
    "kr_fta": "Korea Foreign Trade Act",
    "mtcr": "Missile Technology Control Regime",
    "nsg": "Nuclear Suppliers Group",
    "australia_group": "Australia Group",
    "de_awg": "German Foreign Trade and Payments Act (AWG)",
}

# Regime id -> the id of the regime record in graph/curated/regimes.yaml.
REGIME_JURISDICTION: dict[str, str] = {
    "wassenaar": "WA",
    "eu_2021_821": "EU",
    "fefta": "JP",
    "kr_fta": "KR",
    "mtcr": "MTCR",
    "nsg": "NSG",
    "australia_group": "AG",
    "de_awg": "DE",
}

# fmt: off
TOOL_TERMS: dict[str, tuple[str, ...]] = {
    "list_based": ("Commerce Control List", "CCL", "商业管制清单", "商业管控清单", "商业控制清单"),
    "entity_list": ("Entity List", "实体清单", "实体名单"),
    "affiliates_rule": ("Affiliates rule", "50 percent rule", "50% rule", "50 percent ownership rule",
                        "50%规则", "关联方规则", "附属公司规则", "50%穿透规则"),
    "military_end_user": ("military end user", "military end users", "military end use", "military end uses",
                          "Military End User List", "Military End-User (MEU) List", "MEU List", "MEU",
                          "军事最终用户", "军事最终用途", "军事最终用户清单"),
    "unverified_list": ("Unverified List", "UVL", "未经核实清单", "未核实清单", "未经验证清单"),
    "denied_persons": ("Denied Persons List", "DPL", "被拒绝人员清单", "拒绝人员清单"),
    "end_use_catch_all": ("catch-all", "catch-all control", "catch-all controls", "end-use control",
                          "end-use controls", "military-intelligence end user",
                          "military-intelligence end users",
                          "military-intelligence end use", "最终用途管制", "兜底管制", "全面管制"),
    "us_persons": ("U.S. person", "U.S. persons", "US person", "US persons", "U.S. persons rule",
                   "美国人规则", "美国人士", "美国人员"),
    "fdpr": ("foreign direct product", "foreign direct product rule", "foreign direct product rules",
             "foreign direct product (FDP) rule", "foreign direct product (FDP) rules",
             "Foreign-Produced Direct Product Rule", "Foreign-Produced Direct Product Rules",
             "direct product rule", "direct product rules", "FDP rule", "FDP rules", "FDPR", "FDPRs",
             "外国直接产品规则", "外国直接产品"),
    "de_minimis": ("de minimis", "de minimis rule", "最低成分比例", "最低减让", "最低比例规则", "微量规则"),
    "gp10": ("General Prohibition 10", "General Prohibition Ten", "General Prohibition No. 10", "GP10",
             "GP 10",
             "一般禁令十", "一般禁令10", "第十项一般禁令"),
    "is_informed": ("is-informed letter", "is-informed letters", "is-informed", "知情函", "知情通知"),
    "country_groups": ("Country Group", "Country Groups", "国家组", "国家分组"),
    "country_specific": ("country-specific", "国别管制"),
    "presumption_of_denial": ("presumption of denial", "推定拒绝", "拒绝推定"),
    "license_exception": ("License Exception", "License Exceptions", "许可例外", "许可证例外"),
}

RULE_TERMS: dict[str, tuple[str, ...]] = {
    "advanced_computing_2022": (
        "Implementation of Additional Export Controls: Certain Advanced Computing and Semiconductor "
        "Manufacturing Items; Supercomputer and Semiconductor End Use; Entity List Modification",
        "Implementation of Additional Export Controls: Certain Advanced Computing and Semiconductor "
        "Manufacturing Items; Supercomputer and Semiconductor End Use",
        "October 7 IFR", "October 7 advanced computing and semiconductor manufacturing equipment rule",
        "10月7日规则", "10月7日新规", "10·7新规", "10.7新规",
    ),
    "ac_s_2023": (
        "Implementation of Additional Export Controls: Certain Advanced Computing Items; Supercomputer and "
        "Semiconductor End Use; Updates and Corrections",
        "AC/S IFR", "Advanced Computing/Supercomputing IFR",
    ),
    "sme_2023": ("Export Controls on Semiconductor Manufacturing Items", "SME IFR", "半导体制造物项出口管制"),
    "fdp_sme_2024": (
        "Foreign-Produced Direct Product Rule Additions, and Refinements to Controls for Advanced Computing "
        "and Semiconductor Manufacturing Items",
        "FDP IFR",
    ),
    "ai_diffusion": ("Framework for Artificial Intelligence Diffusion", "Framework for AI Diffusion",
                     "AI Diffusion rule", "AI Diffusion IFR", "AI Diffusion Framework", "AI diffusion rules",
                     "人工智能扩散规则", "AI扩散规则", "人工智能扩散框架", "AI扩散框架"),
    "affiliates_rule": ("Expansion of End-User Controls To Cover Affiliates of Certain Listed Entities",
                        "Affiliates rule", "关联方规则", "50%规则", "50%穿透规则"),
}

REGIME_TERMS: dict[str, tuple[str, ...]] = {
    "wassenaar": ("Wassenaar Arrangement", "Wassenaar",
                  "Wassenaar Arrangement on Export Controls for Conventional Arms and Dual-Use Goods and "
                  "Technologies",
                  "瓦森纳协定", "瓦森纳安排", "瓦森纳"),
    "eu_2021_821": ("Regulation (EU) 2021/821", "EU Regulation 2021/821", "Regulation 2021/821",
                    "EU Dual-Use Regulation", "两用物项出口管制条例", "第2021/821号条例", "2021/821号条例"),
    "fefta": ("Foreign Exchange and Foreign Trade Act", "FEFTA", "外汇和外贸法", "外汇及外国贸易法",
              "外汇与外贸法", "外汇和外国贸易法"),
    "kr_fta": ("Foreign Trade Act", "re:韩国\\s*《?(?:对外贸易法|外贸法)》?", "대외무역법"),
    "mtcr": ("Missile Technology Control Regime", "MTCR", "导弹及其技术控制制度", "导弹技术控制制度"),
    "nsg": ("Nuclear Suppliers Group", "NSG", "核供应国集团"),
    "australia_group": ("Australia Group", "澳大利亚集团"),
    "de_awg": ("Foreign Trade and Payments Act", "Außenwirtschaftsgesetz", "德国对外经济法"),
}
# fmt: on

# English terms that name a control tool only in an EAR document: elsewhere "de minimis" is an
# antidumping margin and "U.S. persons" anyone. Outside EAR documents they are not tagged.
EAR_ONLY_TERMS: frozenset[str] = frozenset(
    {
        "de minimis",
        "de minimis rule",
        "u.s. person",
        "u.s. persons",
        "us person",
        "us persons",
        "license exception",
        "license exceptions",
        "catch all",
    }
)

# Label -> (id -> terms), as the terms component consumes them.
TERM_TABLES: dict[str, dict[str, tuple[str, ...]]] = {
    "CONTROL_TOOL": TOOL_TERMS,
    "RULE_NAME": RULE_TERMS,
    "REGIME": REGIME_TERMS,
}


def display_name(label: str, ident: str) -> str | None:
    """Display name of a canonical id under a label (CONTROL_TOOL, RULE_NAME, REGIME), or None."""
    table = {"CONTROL_TOOL": CONTROL_TOOLS, "RULE_NAME": RULE_NAMES, "REGIME": REGIMES}.get(label, {})
    return table.get(ident)
