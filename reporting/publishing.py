"""Publishing a period makes it a document of its own, through the same importer as every progress report.

That importer (`importers/period.py`) stands above the cycle, so the cycle does not import it: the importers app
registers it here when Django starts (`ImportersConfig.ready`), as places registers the default gazetteer with the
parsers. `reporting.services.publish_period` calls `import_period` inside its transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

from sources.models import SourceDocument

PeriodImport = Callable[..., SourceDocument]

_period_importer: PeriodImport | None = None


def register_period_importer(importer: PeriodImport) -> None:
    """`importer(period, *, acting_user)` writes a period as a progress report and returns its document."""
    global _period_importer
    _period_importer = importer


def import_period(period, *, acting_user) -> SourceDocument:
    """Generate the text of a (to be) published period and import it. Returns the new SourceDocument."""
    if _period_importer is None:
        raise ImproperlyConfigured("Kein Import für Berichtsperioden registriert: die App „importers“ fehlt.")
    return _period_importer(period, acting_user=acting_user)
