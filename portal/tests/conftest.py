from __future__ import annotations

import pytest
from django.core.cache import caches

from programmes.models import Programme, Project


@pytest.fixture
def page_cache(settings):
    """The page cache switched on, in memory and empty (it is off while developing)."""
    settings.PAGE_CACHE_ENABLED = True
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-cache-tests"},
    }
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


@pytest.fixture
def unpublished(imported, django_capture_on_commit_callbacks):
    """A project typed into the admin without any source: it must appear nowhere in public."""
    from places.models import FundingBasis, LocalReference, Municipality

    with django_capture_on_commit_callbacks(execute=True):
        project = Project.objects.create(
            programme=Programme.objects.get(),
            code="99-99",
            title="Geheimprojekt Zeppelinhafen Gelsenkirchen",
            slug="99-99-geheimprojekt-zeppelinhafen",
            summary="Entwurf: Mobilitätsdrehscheibe auf einer Brachfläche",
            status="in_progress",
        )
        LocalReference.objects.create(
            project=project,
            municipality=Municipality.objects.get(slug="gelsenkirchen"),
            description="Zeppelinhafen",
            funding_eur=999_999_999,
            funding_basis=FundingBasis.EXACT,
        )
    return project
