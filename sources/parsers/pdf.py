"""Text from a PDF file, page by page, the way the seed documents were extracted.

Pages are separated by three blank lines so that the parsers see a page break
like any other large gap. Plain Python (pypdf), no Django.
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.errors import PdfReadError


class PdfTextError(ValueError):
    pass


def is_pdf(data: bytes) -> bool:
    return data.lstrip()[:5] == b"%PDF-"


def pdf_to_text(data: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise PdfTextError(f"Die PDF-Datei ist beschädigt oder nicht lesbar ({exc}).") from exc
    if not any(p.strip() for p in pages):
        raise PdfTextError(
            "Die PDF-Datei enthält keinen Text (nur Bilder?). Bitte eine Textfassung oder ein durchsuchbares PDF verwenden."
        )
    return "\n\n\n\n".join(p.strip("\n") for p in pages) + "\n"
