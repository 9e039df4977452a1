"""How long does the progress report take to render, and how much memory does it need?

Usage: .venv/bin/python bench/report_rendering.py [--format json] [--repeat N] [--projects 73 1000] [--photos]

Imports the Fortschrittsbericht 2024 into a throw-away in-memory SQLite database, makes its
published period (as `make data` does), and renders the report as PDF (Typst) and Word
(python-docx) for
  - the 23 projects of the real report, and
  - 73 projects (the whole programme) and any other size given with --projects (e.g. 1000: a
    programme of nationwide scale), synthesised by repeating the real pages with new codes.
Prints, per case and format, the best wall-clock time of N runs, the number of pages (PDF), the
peak of Python allocations during the render (tracemalloc), and the memory:
- "Baum max": the peak of the whole process tree during the renders, i.e. the resident set (VmRSS
  from /proc) of this process plus every descendant alive at the same moment (the Typst runs and,
  for a large report, the process that plans and joins its parts), summed; sampled every 10 ms;
- "RSS max": the kernel's own peaks (getrusage, exact, not sampled): this process's plus the largest
  single descendant's (ru_maxrss of RUSAGE_CHILDREN), since the start of the benchmark (sizes run in
  ascending order, so a case's figure is its own). "davon dieser Prozess" is this process's alone.
It checks the PDF against the targets of issue 18: 2024 report < 1 s, 73 projects < 2 s, 1,000
projects < 15 s with a peak of the process tree < 500 MB (both memory figures must stay under it).
The exit status is 1 when a target is missed.

For comparison, WeasyPrint 70 (the engine before Typst) took 4.4–5.0 s for the 2024 report,
13.1 s for 73 projects and 1,120 s with 2.2 GB for 1,000 projects on the same 2-core machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import ruhr_data

from accounts.actors import SYSTEM

ROOT = ruhr_data.ROOT


def setup_django() -> None:
    ruhr_data.setup_django()
    ruhr_data.import_sources(proposals=False, answer=False)


def synthesise(content, projects: int):
    """The real report's pages repeated (with new codes) until it has `projects` pages."""
    entries = content.entries
    groups = [dataclasses.replace(g, entries=list(g.entries)) for g in content.groups]
    n = len(entries)
    i = 0
    while n < projects:
        source = entries[i % len(entries)]
        # Codes stay unique at any size: 90-00 … 99-99, then 100-00 and on.
        copy = dataclasses.replace(source, code=f"{90 + i // 100:02d}-{i % 100:02d}", anchor=f"projekt-s{i}")
        groups[i % len(groups)].entries.append(copy)
        n, i = n + 1, i + 1
    return dataclasses.replace(content, groups=groups)


def _make_photos(count: int) -> list[str]:
    """`count` distinct 1,200 × 800 px JPEGs in the storage; their names."""
    import io

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image, ImageDraw

    base = Image.linear_gradient("L").resize((1200, 800))
    names = []
    for n in range(count):
        image = Image.merge("RGB", (base, base.rotate(90 * (n % 4)).resize((1200, 800)), base.transpose(0)))
        ImageDraw.Draw(image).ellipse((n % 900, 100, n % 900 + 300, 500), fill=(n % 255, 90, 160))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
        names.append(default_storage.save(f"fotos/bench/{n}.jpg", ContentFile(out.getvalue())))
    return names


def add_photos(content):
    """Every project with a photo of its own (1,200 × 800 px JPEG, stored in the throw-away MEDIA_ROOT),
    as the office would upload it: the report prints each from a downscaled print copy. The uploads are
    made in a child process, so that their making does not count towards this process's memory."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from reporting.documents.content import Photo

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        names = iter(pool.submit(_make_photos, len(content.entries)).result())
    groups = []
    for group in content.groups:
        entries = [
            dataclasses.replace(
                entry,
                photos=[
                    Photo(
                        next(names),
                        f"Foto zum Projekt {entry.title}",
                        f"Projekt {entry.code} vor Ort",
                        "Foto: Bench, CC BY 4.0",
                    )
                ],
            )
            for entry in group.entries
        ]
        groups.append(dataclasses.replace(group, entries=entries))
    return dataclasses.replace(content, groups=groups)


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _tree_rss_kib(root: int) -> int:
    """Resident set of `root` and all its descendants now, in KiB (Linux /proc: each thread's children)."""
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in os.scandir(f"/proc/{pid}/task"):
                pending.extend(int(c) for c in Path(task.path, "children").read_text().split())
        except (OSError, ValueError):
            continue  # ended meanwhile
    return total


class TreePeak:
    """Samples the process tree's summed RSS in a thread while a render runs."""

    def __init__(self, interval: float = 0.01):
        self.interval, self.peak_kib = interval, 0
        self._stop = threading.Event()

    def __enter__(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, _tree_rss_kib(os.getpid()))
            self._stop.wait(self.interval)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def measure(generator, repeat: int, python_peak: bool = True) -> dict:
    """Best wall-clock time of `repeat` plain runs and the process's peak RSS after them; then, unless
    switched off, one run under tracemalloc for the peak of Python allocations (tracing slows rendering
    several times over, so it never counts towards the time, and its own overhead not towards the RSS)."""
    best, data, cpu, tree_kib, first = None, b"", None, 0, None
    for _ in range(repeat):
        with TreePeak() as tree:
            started, cpu_started = time.perf_counter(), _cpu()
            data = generator.render()
            elapsed = time.perf_counter() - started
        tree_kib = max(tree_kib, tree.peak_kib)
        first = elapsed if first is None else first
        cpu = _cpu() - cpu_started if cpu is None else min(cpu, _cpu() - cpu_started)
        best = elapsed if best is None else min(best, elapsed)
    result = {
        "seconds": round(best, 2),
        # The first run makes the photos' print copies (kept for later runs), if there are any.
        "first_seconds": round(first, 2),
        # CPU seconds (this process and its Typst child): on a machine shared with other work the wall-clock
        # time rises with the load, the CPU time hardly.
        "cpu_seconds": round(cpu, 2),
        "bytes": len(data),
        # The PDF is set in child processes (reporting/documents/typst_process.py): the kernel's peaks of this
        # process and of the largest child, added; the sampled sum is what was resident at once.
        "max_rss_mb": round(
            (
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            )
            / 1024,
            1,
        ),
        "self_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "tree_peak_mb": round(tree_kib / 1024, 1),
        "python_peak_mb": None,
    }
    if python_peak:
        tracemalloc.start()
        generator.render()
        result["python_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    if data[:4] == b"%PDF":
        import io

        from pypdf import PdfReader

        result["pages"] = len(PdfReader(io.BytesIO(data)).pages)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--projects",
        type=int,
        nargs="+",
        default=[73],
        help="sizes of the synthesised reports besides the real one (default: 73; e.g. --projects 73 1000)",
    )
    parser.add_argument(
        "--photos",
        action="store_true",
        help="every project with a photo of its own (1,200 × 800 px), printed from its downscaled copy",
    )
    parser.add_argument(
        "--no-python-peak",
        action="store_true",
        help="skip the tracemalloc run (slow for large reports); the peak RSS is measured anyway",
    )
    args = parser.parse_args()

    if args.photos:
        import atexit
        import shutil
        import tempfile

        os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="ruhr-bench-media-")
        atexit.register(shutil.rmtree, os.environ["MEDIA_ROOT"], True)
    setup_django()
    from reporting.documents.content import build_content
    from reporting.documents.pdf import ProgressReportPdf
    from reporting.documents.word import ProgressReportDocx
    from reporting.from_document import create_period_from_document
    from sources.models import SourceDocument

    period, _created = create_period_from_document(SourceDocument.objects.get(), acting_user=SYSTEM)
    real = build_content(period)
    cases = {"23 Projekte (Fortschrittsbericht 2024)": real}
    # Ascending, so that the process's peak RSS after each case is that case's own peak.
    for size in sorted(set(args.projects)):
        cases[f"{size} Projekte (synthetisch)"] = synthesise(real, size)
    if args.photos:
        cases = {f"{label}, mit Fotos": add_photos(content) for label, content in cases.items()}
    results = {}
    for label, content in cases.items():
        peak = not args.no_python_peak
        results[label] = {
            "projects": len(content.entries),
            "pdf": measure(ProgressReportPdf(content), args.repeat, peak),
            # Word only up to the programme's size: python-docx needs minutes and gigabytes for 1,000 projects,
            # and nobody edits a report of that size in Word.
            "docx": measure(ProgressReportDocx(content), args.repeat, peak) if len(content.entries) <= 100 else None,
        }
        print(f"  {label}: fertig", file=sys.stderr, flush=True)
    verdicts = {label: _verdict(r) for label, r in results.items()}
    if args.format == "json":
        for label, verdict in verdicts.items():
            results[label]["pdf"]["target"] = verdict
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return 0 if all(v is None or v["met"] for v in verdicts.values()) else 1
    for label, r in results.items():
        pdf, docx = r["pdf"], r["docx"]
        print(f"{label}:")
        print(
            f"  PDF  {pdf['seconds']:6.2f} s (CPU {pdf['cpu_seconds']:.2f} s, erster Lauf {pdf['first_seconds']:.2f} s)  "
            f"{pdf.get('pages', '?'):>4} Seiten  {pdf['bytes'] / 1024:7.0f} KiB  "
            f"Python-Spitze {pdf['python_peak_mb'] or '–'} MiB  Baum max {pdf['tree_peak_mb']} MiB  "
            f"RSS max {pdf['max_rss_mb']} MiB (davon dieser Prozess {pdf['self_rss_mb']} MiB)"
        )
        if docx is not None:
            print(
                f"  Word {docx['seconds']:6.2f} s  {'':>11}  {docx['bytes'] / 1024:7.0f} KiB  "
                f"Python-Spitze {docx['python_peak_mb'] or '–'} MiB  RSS max {docx['max_rss_mb']} MiB"
            )
        verdict = verdicts[label]
        if verdict is not None:
            print(f"  Ziel {verdict['text']}: {'erreicht' if verdict['met'] else 'VERFEHLT'}")
    return 0 if all(v is None or v["met"] for v in verdicts.values()) else 1


# Targets of issue 18 for the PDF: projects -> (seconds, peak RSS in MiB or None).
TARGETS = {23: (1.0, None), 73: (2.0, None), 1000: (15.0, 500.0)}


def _verdict(result: dict) -> dict | None:
    target = TARGETS.get(result["projects"])
    if target is None:
        return None
    seconds, rss = target
    pdf = result["pdf"]
    met = pdf["seconds"] < seconds and (rss is None or max(pdf["max_rss_mb"], pdf["tree_peak_mb"]) < rss)
    text = f"< {seconds:g} s" + (f", Prozessbaum < {rss:g} MiB" if rss else "")
    return {"met": met, "text": text}


if __name__ == "__main__":
    raise SystemExit(main())
