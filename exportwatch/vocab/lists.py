"""Names of the allied and counter-lists (the allied loader owns them; the US loader leaves them alone)."""

from __future__ import annotations

ALLIED_LISTS: list[str] = [
    "jp_meti_end_user_list",
    "jp_fefta_export_ban_russia",
    "jp_fefta_export_ban_belarus",
    "jp_fefta_export_ban_third_country",
    "eu_reg_833_annex_iv",
    "cn_mofcom_control_list",
    "cn_mofcom_unreliable_entity_list",
    "cn_mofcom_watch_list",
]
