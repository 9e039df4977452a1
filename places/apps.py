from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Orte")

    def ready(self) -> None:
        # The parsers in sources find municipalities with the gazetteer; sources imports nothing from places, so
        # places tells it where its list is.
        from sources.parsers.text import register_default_gazetteer

        from .gazetteer import Gazetteer

        register_default_gazetteer(Gazetteer.default)
