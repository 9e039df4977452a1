"""The registry gathers the datasets the apps declare beside their data (APP/datasets.py) in its own order."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from opendata import registry


def test_every_declared_dataset_is_served_in_the_registrys_order():
    collected = registry.collect()
    assert list(collected) == list(registry.ORDER)
    assert collected["local-references"].rows.__module__ == "places.datasets"
    assert collected["documents"].rows.__module__ == "sources.datasets"


def test_a_dataset_without_a_place_in_the_order_is_refused(monkeypatch):
    before = dict(registry.DATASETS)
    monkeypatch.setattr(registry, "ORDER", tuple(slug for slug in registry.ORDER if slug != "project-roles"))
    with pytest.raises(ImproperlyConfigured, match="project-roles"):
        registry.collect()
    assert registry.DATASETS == before  # nothing half-collected


def test_an_order_naming_a_dataset_no_app_declares_is_refused(monkeypatch):
    monkeypatch.setattr(registry, "ORDER", (*registry.ORDER, "haushaltsplan"))
    with pytest.raises(ImproperlyConfigured, match="haushaltsplan"):
        registry.collect()
