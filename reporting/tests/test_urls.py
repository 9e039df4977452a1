"""The reporting cycle answers to the namespace `reporting` at the addresses it had as `cycle` (issue 19): mails,
bookmarks and the published reports' links keep working, and each page is served by its audience's module."""

from __future__ import annotations

import uuid

import pytest
from django.urls import NoReverseMatch, resolve, reverse

KEY = uuid.UUID("12345678-1234-5678-1234-567812345678")
W = "/berichte/arbeit"

PATHS = [
    ("periods", {}, "/berichte/", "public"),
    ("period", {"slug": "fb-2025"}, "/berichte/fb-2025/", "public"),
    ("project_comparison", {"code": "1.1"}, "/berichte/projekt/1.1/vergleich/", "public"),
    ("download", {"slug": "fb-2025", "fmt": "pdf"}, "/berichte/fb-2025/bericht.pdf", "files"),
    ("render_job", {"key": KEY}, f"/berichte/erstellung/{KEY}/", "files"),
    ("render_job_file", {"key": KEY}, f"/berichte/erstellung/{KEY}/datei/", "files"),
    ("preview", {"slug": "fb-2025", "fmt": "docx"}, f"{W}/fb-2025/vorschau.docx", "files"),
    ("overview_xlsx", {"slug": "fb-2025"}, f"{W}/fb-2025/uebersicht.xlsx", "files"),
    ("tasks", {}, f"{W}/", "workspace"),
    ("report", {"pk": 3}, f"{W}/bericht/3/", "workspace"),
    ("submit", {"pk": 3}, f"{W}/bericht/3/einreichen/", "workspace"),
    ("request_changes", {"pk": 3}, f"{W}/bericht/3/aenderungen-erbitten/", "workspace"),
    ("approve", {"pk": 3}, f"{W}/bericht/3/freigeben/", "workspace"),
    ("comment", {"pk": 3}, f"{W}/bericht/3/kommentieren/", "workspace"),
    ("versions", {"pk": 3}, f"{W}/bericht/3/versionen/", "workspace"),
    ("restore", {"pk": 3, "history_id": 9}, f"{W}/bericht/3/versionen/9/wiederherstellen/", "workspace"),
    ("report_preview", {"pk": 3}, f"{W}/bericht/3/vorschau/", "workspace"),
    ("bulk", {"slug": "fb-2025"}, f"{W}/fb-2025/auswahl/", "workspace"),
    ("indicators", {"pk": 3}, f"{W}/bericht/3/kennzahlen/", "indicators"),
    ("indicator_edit", {"pk": 3, "index": 0}, f"{W}/bericht/3/kennzahlen/0/", "indicators"),
    ("indicator_value", {"pk": 3, "index": 0}, f"{W}/bericht/3/kennzahlen/0/wert/", "indicators"),
    ("indicator_value_remove", {"pk": 3, "index": 0}, f"{W}/bericht/3/kennzahlen/0/wert-entfernen/", "indicators"),
    ("indicator_remove", {"pk": 3, "index": 0}, f"{W}/bericht/3/kennzahlen/0/entfernen/", "indicators"),
    ("cockpit", {}, f"{W}/leitstelle/", "office"),
    ("open_period", {}, f"{W}/eroeffnen/", "office"),
    ("assign_ministry", {"pk": 3}, f"{W}/bericht/3/ressort/", "office"),
    ("dashboard", {"slug": "fb-2025"}, f"{W}/fb-2025/", "office"),
    ("period_texts", {"slug": "fb-2025"}, f"{W}/fb-2025/texte/", "office"),
    ("remind", {"slug": "fb-2025"}, f"{W}/fb-2025/erinnern/", "office"),
    ("deadlines", {"slug": "fb-2025"}, f"{W}/fb-2025/fristen/", "office"),
    ("publish", {"slug": "fb-2025"}, f"{W}/fb-2025/veroeffentlichen/", "office"),
    ("erratum", {"slug": "fb-2025"}, f"{W}/fb-2025/erratum/", "office"),
]


@pytest.mark.parametrize(("name", "kwargs", "path", "module"), PATHS, ids=[p[0] for p in PATHS])
def test_address_unchanged_and_served_by_its_audience_module(name, kwargs, path, module):
    assert reverse(f"reporting:{name}", kwargs=kwargs) == path
    match = resolve(path)
    assert match.view_name == f"reporting:{name}"
    assert match.func.__module__ == f"reporting.views.{module}"


def test_the_old_namespace_is_gone():
    # One name per thing: `cycle:` must not linger beside `reporting:` for the same page.
    with pytest.raises(NoReverseMatch):
        reverse("cycle:tasks")
