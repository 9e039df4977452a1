from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(sender, using="default", verbosity=0, **kwargs) -> None:
    # The embedded shared cache (CACHE_URL default dbcache://django_cache) needs its table; `migrate` (and so
    # `make data` and the test database) creates it, a no-op when it exists or no database cache is configured.
    if sender.label != "sessions":  # once per migrate
        return
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class OperationsConfig(AppConfig):
    """Running the system: security headers, backups and restores, mail delivery and the daily digests."""

    name = "operations"
    verbose_name = "Betrieb"

    def ready(self) -> None:
        from . import caching, collation

        caching.connect()
        collation.connect()
        post_migrate.connect(_create_cache_table, dispatch_uid="operations-create-cache-table")
