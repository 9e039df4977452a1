"""The round trip's uploads move from the api app to opendata (issue 19): same table, same rows."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _content_type_follows(app_label: str, model: str):
    """The content type moves with the model, so permissions granted on it and the admin's log keep pointing at it."""

    def forwards(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType")
        content_types.objects.filter(app_label="api", model=model).update(app_label=app_label)

    def backwards(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType")
        content_types.objects.filter(app_label=app_label, model=model).update(app_label="api")

    return forwards, backwards


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("api", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # The table api_upload stays as it is (db_table on the model): only Django's picture of it moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Upload',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='Schlüssel')),
                        ('filename', models.CharField(max_length=255, verbose_name='Dateiname')),
                        ('content', models.BinaryField(verbose_name='Datei')),
                        ('dataset', models.CharField(blank=True, max_length=40, verbose_name='Datensatz (bei CSV)')),
                        ('status', models.CharField(choices=[('pending', 'Vorschau, noch nicht übernommen'), ('applied', 'übernommen'), ('rejected', 'fehlerhaft, nicht übernommen'), ('discarded', 'verworfen')], default='pending', max_length=16, verbose_name='Status')),
                        ('changes', models.JSONField(blank=True, default=list, verbose_name='Änderungen')),
                        ('errors', models.JSONField(blank=True, default=list, verbose_name='Fehler')),
                        ('notes', models.JSONField(blank=True, default=list, verbose_name='Hinweise')),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='hochgeladen am')),
                        ('applied_at', models.DateTimeField(blank=True, null=True, verbose_name='übernommen am')),
                        ('applied_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='übernommen von')),
                        ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='hochgeladen von')),
                    ],
                    options={
                        'verbose_name': 'Tabellen-Upload',
                        'verbose_name_plural': 'Tabellen-Uploads',
                        'db_table': 'api_upload',
                        'ordering': ['-uploaded_at'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(*_content_type_follows("opendata", "upload")),
    ]
