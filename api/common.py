"""What every router of the REST API shares: the documented error responses and the paging of lists."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema
from pydantic import Field

from . import schemas

ERRORS = {400: schemas.Problem, 429: schemas.Problem, 500: schemas.Problem, 503: schemas.Problem}
ERRORS_404 = {**ERRORS, 404: schemas.Problem}


def ok(schema) -> dict:
    return {200: schema, **ERRORS}


def ok_or_404(schema) -> dict:
    return {200: schema, **ERRORS_404}


class PageParams(Schema):
    page: int = Field(1, ge=1, le=100000, description="Seite, ab 1")
    page_size: int = Field(50, ge=1, le=200, description="Einträge je Seite (höchstens 200)")


def paginate(request: HttpRequest, items, params: PageParams, serialize) -> dict[str, Any]:
    start = (params.page - 1) * params.page_size
    if hasattr(items, "expect"):  # ranked search hits: count and page come from one ranking, as in the portal
        items.expect(start, params.page_size)
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    page = items[start : start + params.page_size]

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return f"{request.path}?{query.urlencode()}"

    return {
        "count": count,
        # A search counts no further than its cap: say so, or a client would take the cap for the number of hits.
        "count_capped": bool(getattr(items, "capped", False)),
        "page": params.page,
        "page_size": params.page_size,
        "next": link(params.page + 1) if start + params.page_size < count else None,
        "previous": link(params.page - 1) if params.page > 1 and start - params.page_size < count else None,
        "items": serialize(list(page)),
    }
