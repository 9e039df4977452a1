"""Changes in the REST API: the same list the Atom feeds and the e-mail alerts read (alerts/changes.py)."""

from __future__ import annotations

from datetime import datetime

from ninja import Query, Router, Schema
from pydantic import Field

from alerts import changes
from api import schemas
from api.common import PageParams, ok, paginate
from opendata import published
from opendata.filters import ProjectFilters

router = Router()


class ChangeParams(Schema):
    since: datetime | None = Field(None, description="nur Änderungen ab diesem Zeitpunkt (ISO 8601)")


@router.get("/changes", response=ok(schemas.ChangePage), url_name="changes", summary="Änderungen, neueste zuerst")
def list_changes(request, filters: Query[ProjectFilters], params: Query[ChangeParams], paging: Query[PageParams]):
    """Dieselben Änderungen wie die Atom-Feeds und E-Mail-Benachrichtigungen; mit Projektfiltern eingeschränkt."""
    ids = None if filters.is_empty() else published.project_ids(filters)
    items = changes.changes(project_ids=ids, since=params.since, limit=changes.API_LIMIT)
    return paginate(request, items, paging, lambda page: [c.as_dict() for c in page])
