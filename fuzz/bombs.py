"""Hostile PDF files, built in memory: what the importers must refuse with a German message, not a hang or a
traceback. Plain Python; used by the tests (importers/tests/test_import_refusals.py), the fuzz seeds and bench/."""

from __future__ import annotations

import zlib


def _pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A syntactically valid PDF with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text is `lines` (for the kind and structure checks on PDF input)."""
    ops = [b"BT /F1 10 Tf 40 800 Td 12 TL"]
    for line in lines:
        escaped = line.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"(" + escaped + b") Tj T*")
    ops.append(b"ET")
    content = b"\n".join(ops)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        ]
    )


def inflation_bomb(pages: int = 10, megabytes_per_page: int = 70) -> bytes:
    """Small on disk, `pages` × `megabytes_per_page` MB once inflated (the 70 KB → 700 MB of the probe).

    Each page's content is a flate stream of one text operator repeated (valid content that pypdf must
    interpret), below pypdf's own per-stream limit, so only the sum is far beyond any report."""
    operator = b"BT /F1 10 Tf 40 800 Td (Ruhr) Tj ET\n"
    chunk = zlib.compress(operator * (megabytes_per_page * 1024 * 1024 // len(operator)), 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for n in range(pages):
        page, content = 3 + 2 * n, 4 + 2 * n
        kids.append(b"%d 0 R" % page)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>" % content
        )
        objects.append(_stream(chunk, b"/Filter /FlateDecode "))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    return _pdf(objects)


def page_count_bomb(declared: int = 200_000) -> bytes:
    """A page tree that claims `declared` pages (one real page, repeated by reference)."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % declared,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(b"BT ET"),
        ]
    )


def many_pages(count: int = 3_000) -> bytes:
    """A real page tree of `count` pages, with an honest /Count."""
    kids = b" ".join(b"3 0 R" for _ in range(count))
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(b"BT ET"),
        ]
    )


def huge_stream_declared(declared: int = 1024**3) -> bytes:
    """A content stream that declares a length of 1 GB but holds a few bytes."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\nBT ET\nendstream" % declared,
        ]
    )


BOMBS = {
    "inflation": inflation_bomb,
    "page_count": page_count_bomb,
    "many_pages": many_pages,
    "huge_stream": huge_stream_declared,
}
