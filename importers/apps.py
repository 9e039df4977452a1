from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportersConfig(AppConfig):
    name = "importers"
    verbose_name = _("Importe der Quelldokumente")

    def ready(self) -> None:
        # Publishing a period writes it through the progress-report importer; the cycle (below) asks for it here.
        from reporting.publishing import register_period_importer

        register_period_importer(_import_period)


def _import_period(period, *, acting_user):
    # Loaded on first use, as the importer classes are (importers/__init__.py).
    from .period import import_period

    return import_period(period, acting_user=acting_user)
