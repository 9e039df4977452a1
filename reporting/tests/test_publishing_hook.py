"""The cycle publishes through the progress-report importer without importing it: importers registers it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from reporting import publishing


def test_publishing_asks_the_importer_that_the_importers_app_registered(monkeypatch):
    import importers.apps

    assert publishing._period_importer is importers.apps._import_period
    calls = []
    monkeypatch.setattr(
        publishing, "_period_importer", lambda period, *, acting_user: calls.append((period, acting_user))
    )
    publishing.import_period("Periode", acting_user="Leitstelle")
    assert calls == [("Periode", "Leitstelle")]


def test_without_the_importers_app_publishing_says_what_is_missing(monkeypatch):
    monkeypatch.setattr(publishing, "_period_importer", None)
    with pytest.raises(ImproperlyConfigured, match="importers"):
        publishing.import_period(object(), acting_user=None)
