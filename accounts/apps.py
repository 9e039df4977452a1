from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# Django names permissions in English at migrate time ("Can add Benutzer"), outside any translation; the admin
# shows those names. We rename them in German after every migrate (idempotent).
PERMISSION_VERBS = {
    "add": "hinzufügen",
    "change": "ändern",
    "delete": "löschen",
    "view": "ansehen",
}


def german_permission_names(sender=None, using="default", **kwargs) -> int:
    from django.contrib.auth.models import Permission

    renamed = 0
    for permission in Permission.objects.using(using).select_related("content_type"):
        action, _sep, _model = permission.codename.partition("_")
        model = permission.content_type.model_class()
        if action not in PERMISSION_VERBS or model is None:
            continue
        name = f"Kann {model._meta.verbose_name} {PERMISSION_VERBS[action]}"[:255]
        if permission.name != name:
            permission.name = name
            permission.save(update_fields=["name"])
            renamed += 1
    return renamed


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Benutzerkonten")

    def ready(self):
        post_migrate.connect(german_permission_names, dispatch_uid="accounts.german_permission_names")
