"""URLs of the api app: the REST API under /api/v1/ (one address, no language prefix)."""

from django.urls import path, re_path

from . import views
from .api import api

app_name = "api"

urlpatterns = [
    path("api/v1/", api.urls),
    # Anything else under /api/ answers with problem details, not the portal's HTML 404.
    re_path(r"^api/", views.api_not_found),
]
