"""URLs of the api app: the REST API, the "Daten & API" page, downloads, feeds, alerts, catalogue, round trip."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path, re_path

from . import feeds, views
from .api import api

app_name = "api"

FORMATS = r"(?P<fmt>csv|excel\.csv|xlsx|json|geojson)"

urlpatterns = [
    path("api/v1/", api.urls),
    path("catalog.ttl", views.catalog_ttl, name="catalog_ttl"),
    path("catalog.jsonld", views.catalog_jsonld, name="catalog_jsonld"),
    path("daten/download/ruhr-monitor.zip", views.full_dump, name="full_dump"),
    path("daten/download/datapackage.json", views.datapackage, name="datapackage"),
    path("daten/download/berichte/<int:pk>.zip", views.report_dump, name="report_dump"),
    re_path(rf"^daten/download/(?P<slug>[a-z-]+)\.{FORMATS}$", views.download, name="download"),
    path("daten/feeds/aenderungen.atom", feeds.ChangeFeed(), name="feed_programme"),
    path("daten/feeds/projekte/<str:code>.atom", feeds.ProjectFeed(), name="feed_project"),
    path("daten/feeds/kommunen/<slug:slug>.atom", feeds.MunicipalityFeed(), name="feed_municipality"),
    path("daten/feeds/handlungsfelder/<slug:slug>.atom", feeds.ActionFieldFeed(), name="feed_action_field"),
    path("daten/feeds/suche.atom", feeds.SearchFeed(), name="feed_search"),
    re_path(
        r"^daten/abgleich/export\.(?P<fmt>xlsx|csv|excel\.csv)$", views.round_trip_export, name="round_trip_export"
    ),
    # Anything else under /api/ answers with problem details, not the portal's HTML 404.
    re_path(r"^api/", views.api_not_found),
    # Pages for people: German without a prefix, English under /en/ (config/urls.py); API, catalogue, downloads
    # and feeds above keep one address.
    *i18n_patterns(
        path("daten/", views.data_page, name="data"),
        path("daten/benachrichtigungen/", views.subscribe, name="subscribe"),
        path("daten/benachrichtigungen/bestaetigen/<str:token>/", views.confirm, name="confirm"),
        path("daten/benachrichtigungen/abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
        path("daten/abgleich/", views.round_trip, name="round_trip"),
        path("daten/abgleich/<uuid:key>/", views.upload_detail, name="upload"),
        prefix_default_language=False,
    ),
]
