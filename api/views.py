"""The one plain Django view of the api app: addresses under /api/ that the REST API does not know."""

from __future__ import annotations

from opendata.problems import ProblemError


def api_not_found(request, *args, **kwargs):
    return ProblemError(404, "Diese Adresse gibt es in der API nicht; siehe /api/v1/docs.").response(request.path)
