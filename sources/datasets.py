"""The open dataset of source documents, declared beside them: every figure elsewhere cites one of these.

Collected by the opendata registry (opendata/registry.py, `collect`); nothing in sources imports this module.
"""

from __future__ import annotations

from opendata import published
from opendata.columns import Column
from opendata.registry import Dataset, Scope

DOCUMENT_COLUMNS = (
    Column("id", "Kennung", lambda d: d.pk, kind="int"),
    Column("kind", "Art", lambda d: d.kind),
    Column("title", "Titel", lambda d: d.title),
    Column("date", "Datum", lambda d: d.date, kind="date"),
    # Which document states the date (the document itself, or a press release); empty: none states one.
    Column("date_source_id", "Datum laut Dokument", lambda d: d.date_source_id, kind="int"),
    Column("as_of", "Stand", lambda d: d.as_of, kind="date"),
    Column("year", "Berichtsjahr", lambda d: d.year, kind="int"),
    Column("reference", "Fundstelle", lambda d: d.reference),
    Column("sha256", "SHA-256", lambda d: d.sha256),
    Column("line_count", "Zeilen", lambda d: d.line_count, kind="int"),
    Column("url", "Seite im Portal", lambda d: f"/quellen/{d.pk}/"),
)


def _documents(scope: Scope):
    qs = published.documents()
    if scope.document is not None:
        qs = qs.filter(pk=scope.document.pk)
    return qs


DATASETS = (
    Dataset(
        "documents",
        "Quelldokumente",
        "Die Dokumente, aus denen die Daten stammen, mit Datum, Stand und Prüfsumme.",
        "Quellen",
        DOCUMENT_COLUMNS,
        _documents,
        keywords=("Fortschrittsbericht", "Quellen"),
        api_path="/api/v1/documents",
        project_filters=False,
        per_document=True,
    ),
)
