"""ProjectPhoto (with its history) belongs to programmes now (issue 19): a photo shows a project of the registry,
the portal shows it and the printed report prints it. The model takes over the existing tables (state only), which
are then renamed; the content types follow, so the admin's history and the permissions stay attached. The files
are not moved: `image` keeps its stored names under fotos/<project>/."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import programmes.models

MODELS = ("projectphoto", "historicalprojectphoto")


def move_content_types(apps, schema_editor, source="portal", target="programmes"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            continue
        ContentType.objects.using(db).filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="programmes", target="portal")


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0006_funding_statement_qualifiers"),
        ("portal", "0009_projectphoto_moves_to_programmes"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ProjectPhoto",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "image",
                            models.FileField(
                                help_text="JPEG, PNG oder WebP, höchstens 10 MB",
                                upload_to=programmes.models.photo_upload_to,
                                verbose_name="Bild",
                            ),
                        ),
                        (
                            "alt_text",
                            models.CharField(
                                help_text="Was auf dem Bild zu sehen ist, für Menschen, die es nicht sehen.",
                                max_length=300,
                                verbose_name="Alternativtext",
                            ),
                        ),
                        ("caption", models.CharField(blank=True, max_length=500, verbose_name="Bildunterschrift")),
                        (
                            "credit",
                            models.CharField(
                                help_text="z. B. „Foto: Katja Marquard/RUB“", max_length=200, verbose_name="Urheber"
                            ),
                        ),
                        (
                            "licence",
                            models.CharField(
                                help_text="z. B. „CC BY 4.0“ oder „alle Rechte vorbehalten“",
                                max_length=200,
                                verbose_name="Lizenz",
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField(default=1, verbose_name="Reihenfolge")),
                        ("published", models.BooleanField(default=False, verbose_name="veröffentlicht")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="zuletzt geändert")),
                        (
                            "project",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="photos",
                                to="programmes.project",
                                verbose_name="Projekt",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "Foto eines Projekts",
                        "verbose_name_plural": "Fotos der Projekte",
                        "ordering": ["project", "position", "pk"],
                        "db_table": "portal_projectphoto",
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalProjectPhoto",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        (
                            "image",
                            models.TextField(
                                help_text="JPEG, PNG oder WebP, höchstens 10 MB", max_length=100, verbose_name="Bild"
                            ),
                        ),
                        (
                            "alt_text",
                            models.CharField(
                                help_text="Was auf dem Bild zu sehen ist, für Menschen, die es nicht sehen.",
                                max_length=300,
                                verbose_name="Alternativtext",
                            ),
                        ),
                        ("caption", models.CharField(blank=True, max_length=500, verbose_name="Bildunterschrift")),
                        (
                            "credit",
                            models.CharField(
                                help_text="z. B. „Foto: Katja Marquard/RUB“", max_length=200, verbose_name="Urheber"
                            ),
                        ),
                        (
                            "licence",
                            models.CharField(
                                help_text="z. B. „CC BY 4.0“ oder „alle Rechte vorbehalten“",
                                max_length=200,
                                verbose_name="Lizenz",
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField(default=1, verbose_name="Reihenfolge")),
                        ("published", models.BooleanField(default=False, verbose_name="veröffentlicht")),
                        (
                            "updated_at",
                            models.DateTimeField(blank=True, editable=False, verbose_name="zuletzt geändert"),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "project",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="programmes.project",
                                verbose_name="Projekt",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical Foto eines Projekts",
                        "verbose_name_plural": "historical Fotos der Projekte",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "portal_historicalprojectphoto",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="projectphoto", table=None),
        migrations.AlterModelTable(name="historicalprojectphoto", table=None),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
