"""Typst in a process of its own: `python -m reporting.documents.typst_process < job.json > out.pdf`.

Plain Python, no Django. The Typst library keeps its layout memo cache for the life of the process
(about 30 MB more after every report with new content, measured with typst 0.15.2), so a web or
task worker that rendered in-process would grow without end. A child process gives all of it back
when it exits, and its peak is the render's own (bench/report_rendering.py prints it).

Within a run the cache grows too, by about 1 MB per page: a report larger than `part_budget`
characters of content is set in parts, each in a process of its own, one after another, and joined
(reporting/documents/parts.py). This process then only plans, waits and joins.

Input (stdin, JSON): template (path), root, font_dirs, embedded_fonts, inputs (str → str: content, chart,
labels, optionally part), timestamp (ISO), pdf_standards, optionally part_budget and
single_run_budget. Output: the PDF on
stdout; on a Typst error exit status 2 and the message (first line) with its diagnostic on stderr.
"""

from __future__ import annotations

import datetime
import io
import json
import subprocess
import sys
import tempfile


class PartError(RuntimeError):
    """A part's run failed; the message is its stderr (Typst's message and diagnostic)."""


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


def _run_part(job: dict, content: dict, part: dict) -> bytes:
    inputs = dict(job["inputs"], content=json.dumps(content, ensure_ascii=False), part=json.dumps(part))
    part_job = {key: value for key, value in job.items() if key != "part_budget"} | {"inputs": inputs}
    if part["kind"] == "body":
        # Tagged all the same, but not checked against PDF/UA-1 on its own: a part that opens inside a
        # chapter starts with a heading of level 2 or 3, which follows the chapter's in the joined file.
        # The joined file carries the front part's PDF/UA-1 identification; a single run checks the
        # same template against PDF/UA-1 in full.
        part_job["pdf_standards"] = []
    done = subprocess.run(
        [sys.executable, "-m", "reporting.documents.typst_process"],
        input=json.dumps(part_job).encode(),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.startswith(b"%PDF"):
        raise PartError(done.stderr.decode(errors="replace").strip() or f"Exit-Status {done.returncode}")
    return done.stdout


def render_in_parts(job: dict) -> bytes:
    """The report in one run when it is small enough, else in parts joined into one tagged PDF."""
    import pikepdf

    from reporting.documents import parts as pdf_parts

    def count(pdf: bytes) -> int:
        return len(pikepdf.open(io.BytesIO(pdf)).pages)

    content = json.loads(job["inputs"]["content"])
    labels = json.loads(job["inputs"]["labels"])
    parts = pdf_parts.plan(content, job["part_budget"], job.get("single_run_budget", 0))
    if len(parts) == 1:
        return render(job)
    # Each part gets its own slice; the whole text need not stay in this process's memory.
    job = dict(job, inputs={key: value for key, value in job["inputs"].items() if key != "content"})
    outline = pdf_parts.headings(content, labels)
    projects = sum(len(g["entries"]) for g in content["groups"])
    front_content = dict(
        content, groups=[], editorial=[], overview_before_chart=[], overview_after_chart=[], outlook=[], imprint=[]
    )

    def front(pages: dict[str, int]) -> bytes:
        toc = [dict(h, page=pages.get(h["anchor"], 8888)) for h in outline]
        return _run_part(job, front_content, {"kind": "front", "toc": toc})

    # The front's length decides where the body's page numbers start; its numbers are not known
    # yet, so it is first set with placeholders of four digits (as wide as the real ones or wider).
    with tempfile.TemporaryDirectory(prefix="ruhr-monitor-parts-") as folder:
        front_pages = count(front({}))
        for _attempt in range(3):
            bodies, dests, start, i = [], {}, front_pages + 1, 0
            while i < len(parts):
                part = parts[i]
                pdf = _run_part(
                    job,
                    pdf_parts.part_content(content, part),
                    {
                        "kind": "body",
                        "first": part.first,
                        "last": part.last,
                        "page_start": start,
                        "chapter": labels["projects"],
                        "projects": projects,
                    },
                )
                opened = pikepdf.open(io.BytesIO(pdf))
                if not part.last and pdf_parts.thin_last_page(opened) and pdf_parts.move_last_entry(parts, i):
                    continue
                dests.update(pdf_parts.destinations(opened, start - 1))
                path = f"{folder}/part-{i}.pdf"
                with open(path, "wb") as fh:
                    fh.write(pdf)
                bodies.append(path)
                start += len(opened.pages)
                i += 1
            front_pdf = front({anchor: dest.page + 1 for anchor, dest in dests.items()})
            if count(front_pdf) == front_pages:
                break
            # The real numbers changed the table's length (a title wrapping differently): number again.
            front_pages = count(front_pdf)
        del content, parts, pdf, opened  # before the joining, this process's peak
        return pdf_parts.join(front_pdf, bodies, dests, outline, lambda title, page: f"„{title}“ Seite {page}")


def main() -> int:
    import typst

    job = json.load(sys.stdin)
    try:
        pdf = render_in_parts(job) if "part_budget" in job else render(job)
    except typst.TypstError as exc:
        sys.stderr.write(f"{exc.message}\n{exc.diagnostic}")
        return 2
    except PartError as exc:
        sys.stderr.write(str(exc))
        return 2
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
