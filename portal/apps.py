from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Öffentliches Portal")

    def ready(self) -> None:
        from operations.signals import database_restored

        from . import indexing

        indexing.connect()
        database_restored.connect(_rebuild_search_index, dispatch_uid="portal.rebuild_search_index_after_restore")


def _rebuild_search_index(**kwargs) -> None:
    # The search index is derived data, not part of a backup: a restore rebuilds it from the restored projects.
    from .indexing import index_projects

    index_projects()
