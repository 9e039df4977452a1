"""Everything a person or a machine can read from the shipped data, written to a folder, to prove a re-cut changed
nothing: `python scripts/public_snapshot.py DIR` before, again after, then `--compare OLD NEW`.

It builds a fresh SQLite database exactly as `make data` does (by command names and URLs only, never by module
paths, so it runs unchanged on both sides of a move), then walks every page linked from the start page, the
sitemap and the "Daten & API" page, in German and English, as the public and as the programme office (GET only),
and reads the downloads, the API, the feeds, the catalogue and the documents (progress report PDF as text, Word
documents as their paragraphs). What differs by nature between two runs (CSRF tokens, keys of render jobs, the
moment of rendering) is blanked out before anything is written.

    python scripts/public_snapshot.py var/snapshot-before
    python scripts/public_snapshot.py var/snapshot-after
    python scripts/public_snapshot.py --compare var/snapshot-before var/snapshot-after [--format json]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"

# What `make data` runs after migrate (Makefile, target `data`).
MAKE_DATA = (
    ("load_municipalities",),
    ("import_progress_report", "fortschrittsbericht-2024.txt"),
    ("import_press_release", "pressemitteilung-2025-11-26.txt"),
    ("create_period_from_document", "fortschrittsbericht-2024.txt"),
    ("import_proposals", "ihk-hwk-projektideen-ruhrkonferenz.txt"),
    ("import_parliamentary_answer", "kleine-anfrage-4284-bochum.txt"),
    ("load_proposal_assessment",),
    ("load_indicator_reference",),
)
START = ("/", "/en/", "/sitemap.xml", "/daten/", "/en/daten/", "/api/v1/openapi.json", "/catalog.ttl")
STAFF_START = ("/berichte/arbeit/", "/berichte/arbeit/leitstelle/", "/anfragen/", "/anfragen/kleine-anfragen/")
# Addresses that change something or end a session even on GET, or whose answer is a moment's state.
SKIP = re.compile(r"^/(admin/|konto/logout|oidc/|static/|media/|konto/password_reset/)|/erstellung/")
MAX_PAGES = 4000

VOLATILE = [
    (re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"'), b'name="csrfmiddlewaretoken" value=""'),
    (re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), b"<uuid>"),
    (re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?"), b"<timestamp>"),
    (re.compile(rb"\d\d\.\d\d\.\d{4},? \d\d:\d\d(:\d\d)?"), b"<Zeitpunkt>"),  # when the import ran
    (re.compile(rb"_:N[0-9a-f]{32}"), b"_:blank"),  # rdflib names blank nodes anew on every run
    (re.compile(rb'name="started" value="[^"]+"'), b'name="started" value=""'),  # signed form start (ideas)
]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def _setup(database: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("RUHR_MONITOR_DEVELOPMENT", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["MEDIA_ROOT"] = str(database.parent / "media")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    for command, *files in MAKE_DATA:
        call_command(command, *(str(SOURCES / name) for name in files), verbosity=0)


def _normalise(body: bytes, content_type: str) -> bytes:
    if content_type.startswith("application/pdf"):
        return _pdf_text(body)
    if "wordprocessingml" in content_type:
        return _zip_xml_text(body, "word/document.xml")
    if "spreadsheetml" in content_type:
        return _zip_xml_text(body, "xl/sharedStrings.xml") + _zip_xml_text(body, "xl/worksheets/sheet1.xml")
    if content_type.startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return b"\n".join(
                info.filename.encode() + b"\n" + _normalise(archive.read(info), _member_type(info.filename))
                for info in archive.infolist()
            )
    for pattern, replacement in VOLATILE:
        body = pattern.sub(replacement, body)
    return body


def _member_type(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1]
    return {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}.get(
        suffix, "text/plain"
    )


def _pdf_text(body: bytes) -> bytes:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(body)
        pdf.flush()
        return subprocess.run(["pdftotext", "-layout", pdf.name, "-"], capture_output=True, check=True).stdout


def _zip_xml_text(body: bytes, member: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        if member not in archive.namelist():
            return b""
        return re.sub(rb"<[^>]+>", b" ", archive.read(member))


def _crawl(client, starts, out: Path, prefix: str) -> int:
    seen: set[str] = set()
    queue = list(starts)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen or SKIP.search(url):
            continue
        seen.add(url)
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        name = hashlib.sha256(url.encode()).hexdigest()[:16]
        record = f"{prefix} {url} {response.status_code}\n".encode() + _normalise(body, content_type)
        (out / f"{prefix}-{name}.txt").write_bytes(record)
        if response.status_code != 200:
            continue
        if "html" in content_type:
            parser = _Links()
            parser.feed(body.decode("utf-8", "replace"))
            found = parser.links
        elif url.endswith("sitemap.xml"):
            found = [m.decode() for m in re.findall(rb"<loc>([^<]+)</loc>", body)]
        else:
            found = []
        for link in found:
            parts = urlsplit(urljoin(url, link))
            if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http", "https"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            # Query strings from the start pages only: filters and sorts multiply without end.
            if parts.query and url not in starts:
                continue
            if target not in seen:
                queue.append(target)
    return len(seen)


def snapshot(folder: Path) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        _setup(Path(work) / "db.sqlite3")
        from django.contrib.auth import get_user_model
        from django.core.cache import caches
        from django.test import Client

        for cache in caches.all():
            cache.clear()
        public = _crawl(Client(), START, folder, "public")
        office = get_user_model().objects.create_user(
            "snapshot-office", "office@example.org", "x", role="programme_office", first_name="Snap", last_name="Shot"
        )
        client = Client()
        client.force_login(office)
        staff = _crawl(client, STAFF_START, folder, "office")
    return {"folder": str(folder), "public_urls": public, "office_urls": staff}


def compare(old: Path, new: Path) -> dict:
    def read(folder):
        return {p.name: p.read_bytes() for p in folder.glob("*.txt")}

    before, after = read(old), read(new)
    head = {name: body.split(b"\n", 1)[0].decode() for name, body in {**before, **after}.items()}
    return {
        "only_before": sorted(head[n] for n in before.keys() - after.keys()),
        "only_after": sorted(head[n] for n in after.keys() - before.keys()),
        "different": sorted(head[n] for n in before.keys() & after.keys() if before[n] != after[n]),
        "same": sum(1 for n in before.keys() & after.keys() if before[n] == after[n]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--compare", action="store_true", help="compare two snapshot folders")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args()
    if args.compare:
        result = compare(*args.folders)
        failed = bool(result["only_before"] or result["only_after"] or result["different"])
    else:
        result = snapshot(args.folders[0])
        failed = False
    if args.format == "json":
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        for key, value in result.items():
            if isinstance(value, list):
                print(f"{key}: {len(value)}")
                for line in value[:50]:
                    print(f"  {line}")
            else:
                print(f"{key}: {value}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
