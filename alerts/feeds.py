"""Atom feeds of changes: the whole programme, a project, a municipality, an action field, a saved search."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from operations import site
from operations.cells import strip_invisible

from .changes import changes
from .models import AlertScope
from .services import AlertTarget, resolve_target

FEED_LENGTH = 50


class ChangeFeed(Feed):
    feed_type = Atom1Feed
    scope = AlertScope.PROGRAMME
    author_name = settings.OPEN_DATA_PUBLISHER

    def get_object(self, request, *args, **kwargs) -> AlertTarget:
        # Absolute URLs from the one site origin, as the catalogue and the downloads use; Django would otherwise
        # prefix the request's host to whatever is relative.
        self.request = request
        return resolve_target(self.scope, self.target(request, **kwargs))

    def absolute(self, path: str) -> str:
        return site.absolute(path, getattr(self, "request", None))

    def target(self, request, **kwargs) -> str:
        return ""

    def title(self, obj: AlertTarget) -> str:
        return f"Ruhr-Monitor – {obj.label}"

    def subtitle(self, obj: AlertTarget) -> str:
        return "Änderungen an den veröffentlichten Daten der Ruhr-Konferenz, neueste zuerst."

    def link(self, obj: AlertTarget) -> str:
        """The page the feed is about (rel="alternate"): the project, the municipality … or "Daten & API"."""
        return self.absolute(obj.page_url or reverse("opendata:data"))

    def feed_url(self, obj: AlertTarget) -> str:
        return self.absolute(obj.feed_url)

    def feed_guid(self, obj: AlertTarget) -> str:
        # Atom's <id> must tell feeds apart (aggregators merge feeds of one id); the feed's own URL does, and
        # stays the same as long as the subject does.
        return self.absolute(obj.feed_url)

    def feed_copyright(self, obj: AlertTarget) -> str:
        return f"{settings.OPEN_DATA_ATTRIBUTION} – {settings.OPEN_DATA_LICENSE}"

    def items(self, obj: AlertTarget):
        return changes(project_ids=obj.project_ids(), limit=FEED_LENGTH)

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.text

    def item_link(self, item) -> str:
        return self.absolute(item.url)

    def item_guid(self, item) -> str:
        return f"tag:ruhr-monitor,2025:{item.id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.at

    def item_updateddate(self, item):
        return item.at


class ProjectFeed(ChangeFeed):
    scope = AlertScope.PROJECT

    def target(self, request, **kwargs) -> str:
        return kwargs["code"]


class MunicipalityFeed(ChangeFeed):
    scope = AlertScope.MUNICIPALITY

    def target(self, request, **kwargs) -> str:
        return kwargs["slug"]


class ActionFieldFeed(ChangeFeed):
    scope = AlertScope.ACTION_FIELD

    def target(self, request, **kwargs) -> str:
        return kwargs["slug"]


class SearchFeed(ChangeFeed):
    """A saved search is its query string: the same filters as the API and the downloads."""

    scope = AlertScope.SEARCH

    def target(self, request, **kwargs) -> str:
        # control characters cannot be written in XML 1.0: a search for ESC answered 500 (bench/probe.py)
        cleaned = request.GET.copy()
        for key in cleaned:
            cleaned.setlist(key, [strip_invisible(value) for value in cleaned.getlist(key)])
        return cleaned.urlencode()
