"""The extraction stage's language layer: spaCy components, patterns' finders and the vocabulary.

- ``factories``: the ``exportwatch_*`` spaCy components (the only place they are registered);
- ``pipeline.cfg`` / ``pipeline_zh.cfg``: the English and Chinese pipelines built from them;
- ``citations``, ``dates``, ``measures``, ``terms``: the finders the components run;
- ``vocabulary`` and ``countries``: canonical ids and the English and Chinese terms that name them;
- ``entity_table`` and ``amendments``: structural extraction from tables and AMDPAR instructions.

``ingest.extract`` is the entry point; this package knows nothing of the graph.
"""

from __future__ import annotations

from exportwatch.vocab.tools import CONTROL_TOOLS, REGIMES, RULE_NAMES

__all__ = ["CONTROL_TOOLS", "REGIMES", "RULE_NAMES"]
