"""Text from a PDF file, page by page, the way the seed documents were extracted.

Pages are separated by three blank lines so that the parsers see a page break
like any other large gap. Plain Python (pypdf), no Django.

A PDF is a program for a decompressor: 70 KB can inflate to 700 MB, a page tree
can claim 200,000 pages, one stream can declare a gigabyte. So the text is read
in a child process (`pdf_to_text`) with a bound on time and memory that pypdf
cannot overrun, and inside it `extract_text` checks pages, text size and time
itself, so every limit ends in a German message instead of a hang or a traceback.
"""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PyPdfError


class PdfTextError(ValueError):
    pass


@dataclass(frozen=True)
class PdfLimits:
    max_bytes: int = 50 * 1024 * 1024  # the file as uploaded
    max_pages: int = 2_000  # a progress report has about 150
    max_text_chars: int = 10_000_000  # extracted text, all pages
    max_seconds: float = 60.0  # wall time of the whole extraction
    max_memory_bytes: int = 1024 * 1024 * 1024  # address space of the child process (inflated streams)


def is_pdf(data: bytes) -> bool:
    return data.lstrip()[:5] == b"%PDF-"


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def extract_text(data: bytes, limits: PdfLimits = PdfLimits()) -> str:
    """The text of all pages, in this process; every limit but memory is checked here."""
    if len(data) > limits.max_bytes:
        raise PdfTextError(f"Die PDF-Datei ist {_mb(len(data))} groß; erlaubt sind höchstens {_mb(limits.max_bytes)}.")
    deadline = time.monotonic() + limits.max_seconds
    try:
        reader = PdfReader(io.BytesIO(data))
        # The declared count first: walking a page tree of 200,000 pages alone takes minutes.
        declared = reader.trailer["/Root"]["/Pages"].get("/Count", 0)
        if not isinstance(declared, int) or declared > limits.max_pages:
            raise PdfTextError(
                f"Die PDF-Datei gibt {declared} Seiten an; gelesen werden höchstens {limits.max_pages} Seiten."
            )
        pages, chars = [], 0
        for number, page in enumerate(reader.pages, start=1):
            if number > limits.max_pages:
                raise PdfTextError(f"Die PDF-Datei hat mehr als {limits.max_pages} Seiten.")
            text = page.extract_text() or ""
            chars += len(text)
            if chars > limits.max_text_chars:
                raise PdfTextError(
                    f"Seite {number}: Der Text der PDF-Datei ist länger als {limits.max_text_chars:,} Zeichen"
                    " – keine Textfassung eines Berichts.".replace(",", ".")
                )
            if time.monotonic() > deadline:
                raise PdfTextError(
                    f"Seite {number}: Das Lesen der PDF-Datei dauert länger als {limits.max_seconds:.0f} Sekunden."
                )
            pages.append(text)
    except PdfTextError:
        raise
    except MemoryError as exc:
        raise PdfTextError(_inflated_message(limits)) from exc
    except LimitReachedError as exc:
        raise PdfTextError(
            f"Die PDF-Datei überschreitet die Grenzen für entpackte Datenströme ({exc}); sie wird nicht gelesen."
        ) from exc
    except RecursionError as exc:
        raise PdfTextError("Die PDF-Datei ist beschädigt (Objekte verweisen endlos aufeinander).") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, AssertionError) as exc:
        # pypdf signals broken or over-limit input with many exception types; none may reach the user raw
        raise PdfTextError(f"Die PDF-Datei ist beschädigt oder nicht lesbar ({type(exc).__name__}: {exc}).") from exc
    if not any(p.strip() for p in pages):
        raise PdfTextError(
            "Die PDF-Datei enthält keinen Text (nur Bilder?). Bitte eine Textfassung oder ein durchsuchbares PDF verwenden."
        )
    return "\n\n\n\n".join(p.strip("\n") for p in pages) + "\n"


def _inflated_message(limits: PdfLimits) -> str:
    return (
        f"Die PDF-Datei entpackt sich auf mehr als {_mb(limits.max_memory_bytes)} "
        "(komprimierte Datenströme); sie wird nicht gelesen."
    )


def pdf_to_text(data: bytes, limits: PdfLimits = PdfLimits()) -> str:
    """The text of all pages, read in a child process that is stopped at the time and memory limits."""
    if len(data) > limits.max_bytes:
        raise PdfTextError(f"Die PDF-Datei ist {_mb(len(data))} groß; erlaubt sind höchstens {_mb(limits.max_bytes)}.")
    command = [sys.executable, "-I", "-X", "utf8", str(Path(__file__).resolve()), json.dumps(asdict(limits))]
    try:
        # -I: the script's folder (sources/parsers, with its numbers.py) must not shadow the standard library;
        # a little more wall time than the child's own deadline, so its German message wins when it can
        done = subprocess.run(command, input=data, capture_output=True, timeout=limits.max_seconds + 5, check=False)
    except subprocess.TimeoutExpired as exc:
        raise PdfTextError(
            f"Das Lesen der PDF-Datei dauert länger als {limits.max_seconds:.0f} Sekunden; abgebrochen."
        ) from exc
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except ValueError:
        if done.returncode == -signal.SIGXCPU:
            raise PdfTextError(
                f"Das Lesen der PDF-Datei dauert länger als {limits.max_seconds:.0f} Sekunden; abgebrochen."
            ) from None
        # killed by the memory limit (or the OOM killer) before it could answer
        raise PdfTextError(_inflated_message(limits)) from None
    if "error" in answer:
        raise PdfTextError(answer["error"])
    return answer["text"]


def _child(arguments: list[str]) -> None:
    import resource

    limits = PdfLimits(**json.loads(arguments[0]))
    resource.setrlimit(resource.RLIMIT_AS, (limits.max_memory_bytes, limits.max_memory_bytes))
    cpu = int(limits.max_seconds) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))  # SIGXCPU at the soft limit: the parent reports time
    data = sys.stdin.buffer.read()
    try:
        answer = {"text": extract_text(data, limits)}
    except PdfTextError as exc:
        answer = {"error": str(exc)}
    except MemoryError:
        answer = {"error": _inflated_message(limits)}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))


if __name__ == "__main__":
    _child(sys.argv[1:])
