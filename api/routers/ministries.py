"""Ministries (with their former names) and action fields in the REST API."""

from __future__ import annotations

from django.db.models import Q
from ninja import Router

from api import schemas, serializers
from api.common import ok, ok_or_404
from opendata import published
from opendata.problems import ProblemError

router = Router()


@router.get(
    "/ministries", response=ok(list[schemas.Ministry]), url_name="ministries", summary="Ressorts mit früheren Namen"
)
def list_ministries(request):
    return [serializers.ministry(m) for m in published.ministries()]


@router.get("/ministries/{slug}", response=ok_or_404(schemas.Ministry), url_name="ministry", summary="Ein Ressort")
def get_ministry(request, slug: str):
    found = published.ministries().filter(Q(slug=slug) | Q(abbreviation=slug)).first()
    if found is None:
        raise ProblemError(404, f"Ressort „{slug}“ gibt es nicht.")
    return serializers.ministry(found)


@router.get(
    "/action-fields", response=ok(list[schemas.ActionField]), url_name="action_fields", summary="Handlungsfelder"
)
def list_action_fields(request):
    return [serializers.action_field(a) for a in published.action_fields()]


@router.get(
    "/action-fields/{slug}",
    response=ok_or_404(schemas.ActionField),
    url_name="action_field",
    summary="Ein Handlungsfeld",
)
def get_action_field(request, slug: str):
    found = published.action_fields().filter(slug=slug).first()
    if found is None:
        raise ProblemError(404, f"Handlungsfeld „{slug}“ gibt es nicht.")
    return serializers.action_field(found)
