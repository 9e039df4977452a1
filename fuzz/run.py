"""Coverage-guided fuzzing (atheris, libFuzzer) of the parsers and upload checks.

    python fuzz/run.py --seconds 300            every target, each in its own process (`make fuzz`)
    python fuzz/run.py --target numbers --runs 2000
    python fuzz/run.py --replay var/fuzz/crash-…  --target pdf    re-run one crash file in plain Python

Seeds are windows of data/sources/*.txt, written to var/fuzz/corpus/<target>/ (kept between runs, so a long
run builds on the last one; not committed). Crash files go to var/fuzz/. Prints one line per target with
executions, executions per second and the outcome; exits 1 if any target crashed or hung.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fuzz.harnesses import INSTRUMENTED, NEEDS_DJANGO, TARGETS, call, seeds  # noqa: E402

OUT = ROOT / "var" / "fuzz"
HANG_SECONDS = 10  # one input taking longer than this is a hang (libFuzzer -timeout)


def _fuzz_in_process(target: str, libfuzzer_args: list[str]) -> None:
    import atheris

    if target in NEEDS_DJANGO:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
    with atheris.instrument_imports(include=list(INSTRUMENTED)):
        # Imported here, inside the instrumentation, so coverage guides the search.
        import operations.german_numbers
        import operations.uploads  # noqa: F401
        import sources.parsers.checks
        import sources.parsers.indicators
        import sources.parsers.numbers
        import sources.parsers.parliamentary_answer
        import sources.parsers.pdf
        import sources.parsers.progress_report
        import sources.parsers.proposals  # noqa: F401

    atheris.Setup([sys.argv[0], *libfuzzer_args], lambda data: call(target, data))
    atheris.Fuzz()


def _corpus(target: str, directory: Path | None = None) -> Path:
    directory = directory or OUT / "corpus" / target
    directory.mkdir(parents=True, exist_ok=True)
    for number, data in enumerate(seeds(target)):
        path = directory / f"seed-{number:04d}"
        if not path.exists():
            path.write_bytes(data)
    return directory


def run_target(target: str, *, seconds: int, runs: int | None = None, corpus: Path | None = None) -> dict:
    """One target in a child process (libFuzzer exits the process when done); its figures from its output.

    corpus: a directory of its own (seeds only) instead of the growing one under var/fuzz/corpus/.
    """
    OUT.mkdir(parents=True, exist_ok=True)  # crash files and the log go there, also on a fresh checkout
    args = [
        f"-max_total_time={seconds}",
        f"-timeout={HANG_SECONDS}",
        "-max_len=16384",
        f"-artifact_prefix={OUT}/{target}-",
        "-print_final_stats=1",
        "-rss_limit_mb=1024",
    ]
    if runs is not None:
        args.append(f"-runs={runs}")
    command = [sys.executable, __file__, "--child", target, "--", *args, str(_corpus(target, corpus))]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=seconds + 120)
    elapsed = time.monotonic() - started
    log = done.stdout + done.stderr
    executions = re.findall(r"stat::number_of_executed_units:\s*(\d+)", log)
    per_second = re.findall(r"stat::average_exec_per_sec:\s*(\d+)", log)
    artifact = re.findall(r"(?:Test unit written to|artifact_prefix.*?)\s*(\S+-(?:crash|timeout|oom)-\S+)", log)
    outcome = "ok" if done.returncode == 0 else ("hang" if "timeout" in log.lower() and "-timeout-" in log else "crash")
    (OUT / f"{target}.log").write_text(log)
    return {
        "target": target,
        "executions": int(executions[-1]) if executions else 0,
        "exec_per_second": int(per_second[-1]) if per_second else 0,
        "seconds": round(elapsed, 1),
        "outcome": outcome,
        "artifact": artifact[-1] if artifact else "",
        "log": str(OUT / f"{target}.log"),
    }


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "--child":
        target, rest = argv[1], argv[3:] if len(argv) > 2 and argv[2] == "--" else argv[2:]
        _fuzz_in_process(target, rest)
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", choices=sorted(TARGETS), action="append", help="default: all")
    parser.add_argument("--seconds", type=int, default=60, help="time per target")
    parser.add_argument("--runs", type=int, help="stop a target after this many executions")
    parser.add_argument("--replay", type=Path, help="run one input file through --target in plain Python")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    options = parser.parse_args(argv)
    if options.replay:
        if options.target and options.target[0] in NEEDS_DJANGO:
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
            import django

            django.setup()
        call(options.target[0], options.replay.read_bytes())
        print("kein Fehler")
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    results = [run_target(t, seconds=options.seconds, runs=options.runs) for t in options.target or sorted(TARGETS)]
    if options.format == "json":
        print(json.dumps(results, indent=2))
    else:
        for r in results:
            print(
                f"{r['target']:<22} {r['executions']:>9} Ausführungen  {r['exec_per_second']:>6}/s  "
                f"{r['seconds']:>6} s  {r['outcome']}{'  ' + r['artifact'] if r['artifact'] else ''}"
            )
    return 0 if all(r["outcome"] == "ok" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
