"""The domain vocabulary every layer shares: countries, control tools, rules, regimes and identifiers.

This package is part of the kernel: ``ingest``, ``graph``, ``queries`` and the app may all import it,
and it imports nothing of theirs. Each module is data plus small pure functions:

- ``countries``: ISO 3166-1 codes with English, adjective and Chinese names; ``country_code``.
- ``tools``: canonical ids of control tools, named rules and regimes, and the terms that name them.
- ``identifiers``: Federal Register document numbers and citations, CFR citations, month names and
  the rule that tells a correction from a rule.
"""
