"""FundingAllocation (with its history) belongs to places now (issue 19): it is the office's rule for attributing a
project's money to the places it names, and only places/attribution.py reads it. The model takes over the existing
tables (state only), which are then renamed; the content types follow, so the admin's history stays attached."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MODELS = ("fundingallocation", "historicalfundingallocation")


def move_content_types(apps, schema_editor, source="reporting", target="places"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            continue
        ContentType.objects.using(db).filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="places", target="reporting")


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0004_local_reference_funding_kind"),
        ("reporting", "0009_fundingallocation_moves_to_places"),
        ("programmes", "0003_historicalproject_region_wide_project_region_wide"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FundingAllocation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "method",
                            models.CharField(
                                choices=[
                                    ("none", "keine Aufteilung (unbekannt)"),
                                    ("equal", "gleichmäßig auf die genannten Orte"),
                                    ("population", "nach Einwohnerzahl der genannten Orte"),
                                    ("manual", "nach manuellem Schlüssel"),
                                ],
                                default="none",
                                max_length=16,
                                verbose_name="Methode",
                            ),
                        ),
                        (
                            "amount",
                            models.CharField(
                                choices=[("volume", "Projektvolumen"), ("state", "Landesmittel")],
                                default="volume",
                                max_length=8,
                                verbose_name="aufzuteilender Betrag",
                            ),
                        ),
                        (
                            "rationale",
                            models.TextField(
                                help_text="Warum diese Aufteilung sachgerecht ist; erscheint in jeder Antwort.",
                                verbose_name="Begründung",
                            ),
                        ),
                        ("decided_at", models.DateTimeField(auto_now=True, verbose_name="festgelegt am")),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="festgelegt von",
                            ),
                        ),
                        (
                            "project",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="allocation",
                                to="programmes.project",
                                verbose_name="Projekt",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "Aufteilung der Mittel",
                        "verbose_name_plural": "Aufteilungen der Mittel",
                        "db_table": "reporting_fundingallocation",
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalFundingAllocation",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        (
                            "method",
                            models.CharField(
                                choices=[
                                    ("none", "keine Aufteilung (unbekannt)"),
                                    ("equal", "gleichmäßig auf die genannten Orte"),
                                    ("population", "nach Einwohnerzahl der genannten Orte"),
                                    ("manual", "nach manuellem Schlüssel"),
                                ],
                                default="none",
                                max_length=16,
                                verbose_name="Methode",
                            ),
                        ),
                        (
                            "amount",
                            models.CharField(
                                choices=[("volume", "Projektvolumen"), ("state", "Landesmittel")],
                                default="volume",
                                max_length=8,
                                verbose_name="aufzuteilender Betrag",
                            ),
                        ),
                        (
                            "rationale",
                            models.TextField(
                                help_text="Warum diese Aufteilung sachgerecht ist; erscheint in jeder Antwort.",
                                verbose_name="Begründung",
                            ),
                        ),
                        ("decided_at", models.DateTimeField(blank=True, editable=False, verbose_name="festgelegt am")),
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
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="festgelegt von",
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
                        "verbose_name": "historical Aufteilung der Mittel",
                        "verbose_name_plural": "historical Aufteilungen der Mittel",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "reporting_historicalfundingallocation",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="fundingallocation", table=None),
        migrations.AlterModelTable(name="historicalfundingallocation", table=None),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
