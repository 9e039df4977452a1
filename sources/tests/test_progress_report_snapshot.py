"""The progress-report parser's whole reading of every shipped document, compared byte for byte with a stored
snapshot.

The parser was cut from one module into a package (issue 19); this snapshot, taken before the cut, proves the
reading did not change, and keeps proving it for later refactorings. A deliberate change of the reading
regenerates it: ``UPDATE_SNAPSHOTS=1 .venv/bin/pytest sources/tests/test_progress_report_snapshot.py`` and the
diff of the JSON file is then part of the review.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from places.gazetteer import Gazetteer
from sources.parsers.progress_report import parse_progress_report

DATA = Path(__file__).resolve().parents[2] / "data/sources"
SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "progress_report.json"
WINDOW = 4096  # the fuzzer's seed windows: truncated reports exercise the fallbacks the whole report never needs


def _reading(text: str, *, gazetteer: Gazetteer | None, filename: str) -> dict:
    try:
        return parse_progress_report(text, gazetteer=gazetteer, filename=filename).to_dict()
    except ValueError as exc:
        return {"error": str(exc)}


def _readings() -> dict[str, dict]:
    gazetteer = Gazetteer.default()
    out: dict[str, dict] = {}
    for path in sorted(DATA.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out[path.name] = _reading(text, gazetteer=gazetteer, filename=path.name)
        out[f"{path.name} (ohne Ortssuche)"] = _reading(text, gazetteer=None, filename=path.name)
    report = (DATA / "fortschrittsbericht-2024.txt").read_text(encoding="utf-8")
    for start in range(0, len(report), WINDOW):
        name = f"fortschrittsbericht-2024.txt[{start}:{start + 3 * WINDOW}]"
        out[name] = _reading(report[start : start + 3 * WINDOW], gazetteer=gazetteer, filename="ausschnitt.txt")
    return out


def _dump(readings: dict[str, dict]) -> str:
    return json.dumps(readings, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n"


def test_reading_of_every_shipped_document_is_unchanged():
    dumped = _dump(_readings())
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(dumped, encoding="utf-8")
    assert dumped == SNAPSHOT.read_text(encoding="utf-8")
