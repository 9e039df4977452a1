"""The office's saved queries move from reporting to answers (issue 19) with their rows: the model takes over
the existing table reporting_savedquery (state only), then the table is renamed to answers_savedquery. The
content type follows, so the admin's history and permissions of the saved queries stay attached."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, source="reporting", target="answers"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label=target, model="savedquery").exists():
        return
    ContentType.objects.using(db).filter(app_label=source, model="savedquery").update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="answers", target="reporting")


class Migration(migrations.Migration):
    dependencies = [
        ("answers", "0004_excluded_projects_history"),
        ("reporting", "0008_savedquery_moves_to_answers"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SavedQuery",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "key",
                            models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="Schlüssel"),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="Titel")),
                        ("params", models.JSONField(default=dict, verbose_name="Filter")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="angelegt am")),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="angelegt von",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "gespeicherte Abfrage",
                        "verbose_name_plural": "gespeicherte Abfragen",
                        "ordering": ["-created_at"],
                        "db_table": "reporting_savedquery",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="savedquery", table=None),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
