"""Shared by the ingest tests: the replay server of recorded responses, importable as ``recorded_replay``.

``tests/fixtures/recorded/replay.py`` lives beside the recordings it serves; it is registered here once
(conftest files load before the test modules of their folder), so test modules just
``import recorded_replay``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_REPLAY = Path(__file__).resolve().parents[1] / "fixtures" / "recorded" / "replay.py"

if "recorded_replay" not in sys.modules:
    _spec = importlib.util.spec_from_file_location("recorded_replay", _REPLAY)
    assert _spec and _spec.loader
    _mod = importlib.util.module_from_spec(_spec)
    sys.modules["recorded_replay"] = _mod
    _spec.loader.exec_module(_mod)
