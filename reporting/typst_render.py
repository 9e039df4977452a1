"""Typst in a process of its own: `python -m reporting.typst_render < job.json > out.pdf`.

Plain Python, no Django. The Typst library keeps its layout memo cache for the life of the process
(about 30 MB more after every report with new content, measured with typst 0.15.2), so a web or
task worker that rendered in-process would grow without end. A child process gives all of it back
when it exits, and its peak is the render's own (bench/report_rendering.py prints it).

Input (stdin, JSON): template (path), root, font_dirs, embedded_fonts, inputs (str → str),
timestamp (ISO), pdf_standards. Output: the PDF on stdout; on a Typst error exit status 2 and the
message (first line) with its diagnostic on stderr.
"""

from __future__ import annotations

import datetime
import json
import sys


def render(job: dict) -> bytes:
    import typst

    fonts = typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=job["embedded_fonts"], font_paths=job["font_dirs"]
    )
    compiler = typst.Compiler(root=job["root"], font_paths=fonts)
    with open(job["template"], "rb") as fh:
        source = fh.read()
    return compiler.compile(
        input=source,
        format="pdf",
        sys_inputs=job["inputs"],
        pdf_standards=job["pdf_standards"],
        timestamp=datetime.datetime.fromisoformat(job["timestamp"]),
    )


def main() -> int:
    import typst

    job = json.load(sys.stdin)
    try:
        pdf = render(job)
    except typst.TypstError as exc:
        sys.stderr.write(f"{exc.message}\n{exc.diagnostic}")
        return 2
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
