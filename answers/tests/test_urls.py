"""Everything under /anfragen/ is the answers app's, at the addresses it had before issue 19 moved the answers per
place out of reporting: links in mails, bookmarks and printed answers keep working."""

from __future__ import annotations

import uuid

import pytest
from django.urls import resolve, reverse

KEY = uuid.UUID("12345678-1234-5678-1234-567812345678")

PATHS = [
    ("answers:index", {}, "/anfragen/", "answers.place_views"),
    ("answers:municipality", {"slug": "bochum"}, "/anfragen/kommune/bochum/", "answers.place_views"),
    ("answers:district", {"slug": "kreis-unna"}, "/anfragen/kreis/kreis-unna/", "answers.place_views"),
    ("answers:query", {}, "/anfragen/abfrage/", "answers.place_views"),
    ("answers:save_query", {}, "/anfragen/abfrage/speichern/", "answers.place_views"),
    ("answers:saved_query", {"key": KEY}, f"/anfragen/gespeichert/{KEY}/", "answers.place_views"),
    ("answers:list", {}, "/anfragen/kleine-anfragen/", "answers.views"),
    ("answers:register", {}, "/anfragen/kleine-anfragen/neu/", "answers.views"),
    ("answers:detail", {"pk": 7}, "/anfragen/kleine-anfragen/7/", "answers.views"),
    ("answers:document", {"pk": 7, "fmt": "pdf"}, "/anfragen/kleine-anfragen/7/antwort.pdf", "answers.views"),
    ("answers:send", {"pk": 7}, "/anfragen/kleine-anfragen/7/versenden/", "answers.views"),
    ("answers:withdraw", {"pk": 7}, "/anfragen/kleine-anfragen/7/zurueckgezogen/", "answers.views"),
    ("answers:public", {"term": 18, "number": 4711}, "/anfragen/kleine-anfragen/wp18/4711/", "answers.views"),
    (
        "answers:public_document",
        {"term": 18, "number": 4711, "fmt": "docx"},
        "/anfragen/kleine-anfragen/wp18/4711/antwort.docx",
        "answers.views",
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "path", "module"), PATHS, ids=[p[0] for p in PATHS])
def test_address_unchanged_and_served_by_the_answers_app(name, kwargs, path, module):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert match.view_name == name
    assert match.func.__module__ == module
