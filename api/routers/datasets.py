"""The open-data registry in the REST API: each dataset with its columns and download addresses."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from ninja import Router

from api import schemas
from api.common import ok, ok_or_404
from opendata import registry
from opendata.exports import formats_for
from opendata.problems import ProblemError

router = Router()


def _dataset(d: registry.Dataset) -> dict[str, Any]:
    return {
        "slug": d.slug,
        "title": d.title,
        "description": d.description,
        "open_data": d.open_data,
        "accepts_project_filters": d.project_filters,
        "api_url": d.api_path or None,
        "distributions": [
            {
                "format": f.key,
                "label": f.label,
                "media_type": f.content_type.split(";")[0],
                "url": reverse("opendata:download", args=[d.slug, f.key]),
            }
            for f in formats_for(d)
        ],
        "columns": [
            {"key": c.key, "header": c.header, "type": c.kind, "description": c.description} for c in d.public_columns()
        ],
    }


@router.get("/datasets", response=ok(list[schemas.Dataset]), url_name="datasets", summary="Datensätze und Downloads")
def list_datasets(request):
    return [_dataset(d) for d in registry.open_datasets()]


@router.get("/datasets/{slug}", response=ok_or_404(schemas.Dataset), url_name="dataset", summary="Ein Datensatz")
def get_dataset(request, slug: str):
    dataset = registry.get(slug)
    if dataset is None or not dataset.open_data:
        raise ProblemError(404, f"Datensatz „{slug}“ gibt es nicht.")
    return _dataset(dataset)
