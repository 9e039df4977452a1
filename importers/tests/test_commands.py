"""`make data` and `make run` call the import commands by name: they must stay registered, and by the importers app."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
IMPORT_COMMANDS = {
    "import_progress_report",
    "import_press_release",
    "import_proposals",
    "import_parliamentary_answer",
    "suggest_indicators",
}


def _makefile_commands() -> set[str]:
    return set(re.findall(r"\$\(MANAGE\) (\w+)", (ROOT / "Makefile").read_text(encoding="utf-8")))


def test_every_command_the_makefile_calls_is_registered():
    called = _makefile_commands()
    assert {"import_progress_report", "import_parliamentary_answer"} <= called
    assert called - set(get_commands()) == set()


def test_the_import_commands_belong_to_the_importers_app():
    commands = get_commands()
    assert {name: commands[name] for name in IMPORT_COMMANDS} == dict.fromkeys(IMPORT_COMMANDS, "importers")
