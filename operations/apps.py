from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the system: security headers, backups and restores. No models of its own."""

    name = "operations"
    verbose_name = "Betrieb"

    def ready(self) -> None:
        from . import caching

        caching.connect()
