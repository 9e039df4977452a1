"""URLs of the opendata app: the "Daten & API" page, downloads, dumps, catalogue and the office's round trip."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path, re_path

from . import views

app_name = "opendata"

FORMATS = r"(?P<fmt>csv|excel\.csv|xlsx|json|geojson)"

urlpatterns = [
    path("catalog.ttl", views.catalog_ttl, name="catalog_ttl"),
    path("catalog.jsonld", views.catalog_jsonld, name="catalog_jsonld"),
    path("daten/download/ruhr-monitor.zip", views.full_dump, name="full_dump"),
    path("daten/download/datapackage.json", views.datapackage, name="datapackage"),
    path("daten/download/berichte/<int:pk>.zip", views.report_dump, name="report_dump"),
    re_path(rf"^daten/download/(?P<slug>[a-z-]+)\.{FORMATS}$", views.download, name="download"),
    re_path(
        r"^daten/abgleich/export\.(?P<fmt>xlsx|csv|excel\.csv)$", views.round_trip_export, name="round_trip_export"
    ),
    # Pages for people: German without a prefix, English under /en/ (config/urls.py); the catalogue and the
    # downloads above keep one address.
    *i18n_patterns(
        path("daten/", views.data_page, name="data"),
        path("daten/abgleich/", views.round_trip, name="round_trip"),
        path("daten/abgleich/<uuid:key>/", views.upload_detail, name="upload"),
        prefix_default_language=False,
    ),
]
