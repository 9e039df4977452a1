from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Offene Daten")

    def ready(self):
        # Each app declares its datasets beside its data (APP/datasets.py); the registry gathers them once all
        # models are loaded, before the first request or command reads DATASETS.
        from . import registry

        registry.collect()
