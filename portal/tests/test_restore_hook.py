"""operations cannot import the portal, so a restore announces itself and the portal rebuilds its search index."""

from __future__ import annotations

from operations.signals import database_restored
from portal import indexing


def test_a_restored_database_has_the_portal_rebuild_its_search_index(monkeypatch):
    calls = []
    monkeypatch.setattr(indexing, "index_projects", lambda *args, **kwargs: calls.append((args, kwargs)))
    database_restored.send(sender=None)
    assert calls == [((), {})]
