"""URLs of the alerts app: the Atom feeds of changes and the pages to order, confirm and cancel an e-mail alert."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from . import feeds, views

app_name = "alerts"

urlpatterns = [
    path("daten/feeds/aenderungen.atom", feeds.ChangeFeed(), name="feed_programme"),
    path("daten/feeds/projekte/<str:code>.atom", feeds.ProjectFeed(), name="feed_project"),
    path("daten/feeds/kommunen/<slug:slug>.atom", feeds.MunicipalityFeed(), name="feed_municipality"),
    path("daten/feeds/handlungsfelder/<slug:slug>.atom", feeds.ActionFieldFeed(), name="feed_action_field"),
    path("daten/feeds/suche.atom", feeds.SearchFeed(), name="feed_search"),
    # Pages for people: German without a prefix, English under /en/ (config/urls.py); the feeds keep one address.
    *i18n_patterns(
        path("daten/benachrichtigungen/", views.subscribe, name="subscribe"),
        path("daten/benachrichtigungen/bestaetigen/<str:token>/", views.confirm, name="confirm"),
        path("daten/benachrichtigungen/abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
        prefix_default_language=False,
    ),
]
