from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path

from . import indicator_views, views
from .sitemaps import SITEMAPS

app_name = "portal"

# Pages for people: German without a prefix, English under /en/ (config/urls.py says why the rest has none).
# i18n_patterns inside an app works because the root URLconf uses it too (LocaleMiddleware looks only there).
pages = [
    path("", views.start, name="start"),
    path("projekte/", views.project_list, name="projects"),
    path("projekte/<slug:slug>/", views.project_detail, name="project"),
    path("kommunen/", views.municipality_list, name="municipalities"),
    path("kommunen/<slug:slug>/", views.municipality_detail, name="municipality"),
    path("handlungsfelder/", views.action_field_list, name="action_fields"),
    path("handlungsfelder/<slug:slug>/", views.action_field_detail, name="action_field"),
    path("ressorts/", views.ministry_list, name="ministries"),
    path("ressorts/<slug:slug>/", views.ministry_detail, name="ministry"),
    path("kennzahlen/", indicator_views.indicator_overview, name="indicators"),
    path("kennzahlen/programm/<slug:slug>/", indicator_views.programme_indicator_detail, name="programme_indicator"),
    path("quellen/", views.reports, name="reports"),
    path("quellen/<int:pk>/", views.source_document, name="source"),
    re_path(r"^(?P<slug>impressum|datenschutz|barrierefreiheit|leichte-sprache)/$", views.content_page, name="page"),
    path("gebaerdensprache/", views.sign_language, name="sign_language"),
    path("programm/", views.programme_overview, name="programme_overview"),
]

# Files and what machines read: one address, whatever the language of the page that links them.
urlpatterns = [
    path("quellen/<int:pk>/datei/", views.source_download, name="source_download"),
    path("fotos/<int:pk>", views.project_photo, name="project_photo"),
    re_path(
        r"^gebaerdensprache/(?P<topic>[a-z-]+)/(?P<part>video|untertitel)$",
        views.sign_language_file,
        name="sign_language_file",
    ),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    *i18n_patterns(*pages, prefix_default_language=False),
]
