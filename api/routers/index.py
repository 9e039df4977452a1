"""The entry of the REST API: its resources and where the document and the catalogue are."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from ninja import Router

from api import schemas
from api.common import ok

router = Router()


@router.get("/", response=ok(schemas.Index), url_name="index", summary="Einstieg: Ressourcen und Dokumentation")
def index(request):
    return {
        "title": "Ruhr-Monitor API",
        "license": settings.OPEN_DATA_LICENSE,
        "attribution": settings.OPEN_DATA_ATTRIBUTION,
        "openapi": reverse("api:v1:openapi-json"),
        "docs": reverse("api:v1:openapi-view"),
        "catalog": reverse("opendata:catalog_ttl"),
        "resources": {
            name: reverse(f"api:v1:{name}")
            for name in (
                "projects",
                "municipalities",
                "districts",
                "ministries",
                "action_fields",
                "reports",
                "reporting_periods",
                "documents",
                "proposals",
                "programme_indicators",
                "datasets",
                "changes",
                "organisations",
            )
        },
    }
