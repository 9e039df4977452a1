"""No template turns off escaping unless an entry below says why; no Python marks text safe or builds SQL
from strings outside the reviewed places. A new `|safe`, `{% autoescape off %}`, `mark_safe` or raw SQL fails
here until someone has looked at it and added it with a reason."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {".venv", "node_modules", "var", ".git", "bench", "data"}

UNESCAPED = re.compile(r"\|\s*safe(seq)?\b|{%-?\s*autoescape\s+off\s*-?%}")
_MAILS = "plain-text mail (text/plain, never shown as HTML): HTML escaping would only garble names with & or quotes"

# (template path relative to the project, the matched text) -> why it is safe
TEMPLATE_ALLOWLIST: dict[tuple[str, str], str] = {
    ("answers/templates/answers/answer_pdf.html", "|safe"): "css: our own answer_pdf.css, read from disk",
    ("answers/templates/answers/_table_pdf.html", "|safe"): (
        "cells built by answers.documents._html_cell: every text through django.utils.html.escape, "
        "then only <br> and <span class> of our own"
    ),
    **{
        (f"reporting/templates/reporting/cycle/mail/{name}.txt", "{% autoescape off %}"): _MAILS
        for name in (
            "period_opened",
            "period_published",
            "report_approved",
            "changes_requested",
            "reminder",
            "report_submitted",
            "report_commented",
        )
    },
    ("accounts/templates/accounts/mail/invitation.txt", "{% autoescape off %}"): _MAILS,
    ("templates/registration/password_reset_email.txt", "{% autoescape off %}"): _MAILS,
    ("proposals/templates/proposals/mail/received.txt", "{% autoescape off %}"): _MAILS,
    ("proposals/templates/proposals/mail/office_new.txt", "{% autoescape off %}"): _MAILS,
    ("proposals/templates/proposals/mail/decided.txt", "{% autoescape off %}"): _MAILS,
    ("operations/templates/operations/mail/digest.txt", "{% autoescape off %}"): _MAILS,
}
# Python files allowed to call mark_safe / build SafeString, and files allowed to hold raw SQL (reason each).
MARK_SAFE_ALLOWLIST = {"operations/sanitize.py": "returns nh3's allowlisted output"}
RAW_SQL_ALLOWLIST = {
    "operations/backup.py": "a constant SET TRANSACTION statement, no input in it",
    "portal/indexing.py": "a constant ANALYZE of the search tables after a rebuild, no input in it",
}
MARK_SAFE = re.compile(r"\bmark_safe\(|\bSafeString\(|\bSafeText\(")
RAW_SQL = re.compile(r"\.raw\(|\.extra\(|\bRawSQL\(|connection\.cursor\(|\.execute\(")


def _files(*suffixes: str):
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in SKIP_DIRS or "migrations" in relative.parts or not path.is_file():
            continue
        if path.suffix in suffixes:
            yield relative.as_posix(), path.read_text(encoding="utf-8", errors="replace")


def _templates():
    for relative, text in _files(".html", ".txt", ".xml", ".css", ".js"):
        if "/templates/" in f"/{relative}":
            yield relative, text


def test_the_scan_sees_the_templates():
    names = {relative for relative, _ in _templates()}
    assert "portal/templates/portal/content_page.html" in names
    assert "reporting/templates/reporting/cycle/period_detail.html" in names


def test_no_unescaped_output_outside_the_allowlist():
    found = {}
    for relative, text in _templates():
        for match in UNESCAPED.finditer(text):
            token = "{% autoescape off %}" if "autoescape" in match.group(0) else "|safe"
            found[(relative, token)] = text.count("\n", 0, match.start()) + 1
    unexplained = sorted(
        f"{path}:{line} {token}" for (path, token), line in found.items() if (path, token) not in TEMPLATE_ALLOWLIST
    )
    assert not unexplained, f"unescaped output without a reason in TEMPLATE_ALLOWLIST: {unexplained}"
    stale = sorted(set(TEMPLATE_ALLOWLIST) - set(found))
    assert not stale, f"allowlist entries that no longer occur: {stale}"


def test_no_mark_safe_and_no_raw_sql_outside_the_allowlist():
    marked, raw = set(), set()
    for relative, text in _files(".py"):
        if relative.startswith("tests/") or "/tests/" in relative:
            continue
        if MARK_SAFE.search(text):
            marked.add(relative)
        if RAW_SQL.search(text):
            raw.add(relative)
    assert marked == set(MARK_SAFE_ALLOWLIST), marked
    assert raw == set(RAW_SQL_ALLOWLIST), raw


def test_the_allowed_raw_sql_takes_no_input():
    for relative in RAW_SQL_ALLOWLIST:
        text = (ROOT / relative).read_text()
        for call in re.findall(r"\.execute\((.*)\)", text):
            assert re.fullmatch(r"\"[^\"{}%]*\"", call.strip()), (relative, call)
