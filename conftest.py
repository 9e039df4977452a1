"""Fixtures shared by all apps' tests: the real source documents shipped under data/sources/."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
SOURCES = ROOT / "data" / "sources"


@pytest.fixture
def report_path() -> Path:
    return SOURCES / "fortschrittsbericht-2024.txt"


@pytest.fixture
def proposals_path() -> Path:
    return SOURCES / "ihk-hwk-projektideen-ruhrkonferenz.txt"


@pytest.fixture
def answer_path() -> Path:
    return SOURCES / "kleine-anfrage-4284-bochum.txt"
