"""A short atheris run of every fuzz target inside `make test` (a few seconds each, about a minute in all).

Skipped where atheris is not installed (it is a dev requirement). `make fuzz` runs the long version.
"""

from __future__ import annotations

import pytest

from fuzz.harnesses import TARGETS

# Seconds of fuzzing per harness: `make test-fast` leaves it out.
pytestmark = pytest.mark.slow

SECONDS_PER_TARGET = 8
RUNS_PER_TARGET = 3000


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_short_fuzz_run_finds_no_crash_and_no_hang(target, tmp_path):
    pytest.importorskip("atheris")
    from fuzz.run import run_target

    # Seeds only, in a directory of its own: the same bounded start every time, whatever `make fuzz` grew.
    result = run_target(target, seconds=SECONDS_PER_TARGET, runs=RUNS_PER_TARGET, corpus=tmp_path / "corpus")
    assert result["executions"] > 0, f"the fuzzer did not run; see {result['log']}"
    assert result["outcome"] == "ok", f"{result['outcome']} in {target}: {result['artifact']} (log: {result['log']})"


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_seed_corpus_passes_in_plain_python(target):
    """The seeds themselves (the real documents, cut into windows) go through each target without a crash."""
    import os

    from fuzz.harnesses import NEEDS_DJANGO, call, seeds

    if target in NEEDS_DJANGO:
        assert os.environ.get("DJANGO_SETTINGS_MODULE")  # pytest-django has set Django up
    for data in seeds(target)[:12]:
        call(target, data)
