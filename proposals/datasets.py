"""The open dataset of proposals (Projektideen) from published lists, declared beside them.

Collected by the opendata registry (opendata/registry.py, `collect`); nothing in proposals imports this module.
"""

from __future__ import annotations

from opendata import published
from opendata.columns import Column
from opendata.registry import Dataset

PROPOSAL_COLUMNS = (
    Column("id", "Kennung", lambda p: f"{p.source}-{p.number}"),
    Column("source", "Herkunft", lambda p: p.source),
    Column("number", "Nummer", lambda p: p.number, kind="int"),
    Column("title", "Titel", lambda p: p.title),
    Column("theme", "Thema", lambda p: p.theme),
    Column("goal", "Ziel", lambda p: p.goal),
    Column("background", "Hintergrund", lambda p: p.background),
    Column("municipalities", "Kommunen (AGS)", lambda p: [m.ags for m in p.municipalities.all()]),
    Column("document_id", "Dokument", lambda p: p.document_id, kind="int"),
    Column("start_line", "von Zeile", lambda p: p.start_line, kind="int"),
    Column("end_line", "bis Zeile", lambda p: p.end_line, kind="int"),
)


DATASETS = (
    Dataset(
        "proposals",
        "Projektideen",
        "Projektideen aus veröffentlichten Listen (z. B. der Industrie- und Handelskammern und Handwerkskammern).",
        "Projektideen",
        PROPOSAL_COLUMNS,
        lambda scope: published.proposals(),
        keywords=("Projektideen", "Beteiligung"),
        api_path="/api/v1/proposals",
        project_filters=False,
    ),
)
