"""The alert subscriptions move from the api app to alerts (issue 19): same table, same rows."""

import uuid

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


def _waiting_alert_runs_follow(apps, schema_editor):
    """The next morning's alert run waits in the task queue under the task's dotted path: give it the new one, so
    the daily chain (operations/scheduling.py) does not break on a path that no longer imports."""
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    results.objects.filter(task_path="api.tasks.send_alert_mails", status="READY").update(
        task_path="alerts.tasks.send_alert_mails"
    )


def _waiting_alert_runs_go_back(apps, schema_editor):
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    results.objects.filter(task_path="alerts.tasks.send_alert_mails", status="READY").update(
        task_path="api.tasks.send_alert_mails"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("api", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0001_initial"),
    ]

    operations = [
        # The table api_subscription stays as it is (db_table on the model): only Django's picture of it moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Subscription',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='Schlüssel')),
                        ('email', models.EmailField(max_length=254, verbose_name='E-Mail-Adresse')),
                        ('scope', models.CharField(choices=[('programme', 'gesamtes Programm'), ('project', 'Projekt'), ('municipality', 'Kommune'), ('action_field', 'Handlungsfeld'), ('search', 'gespeicherte Suche')], max_length=16, verbose_name='Bereich')),
                        ('target', models.CharField(blank=True, help_text='Projektnummer, Gemeindeschlüssel, Kurzname oder Filter', max_length=500, verbose_name='Auswahl')),
                        ('label', models.CharField(max_length=300, verbose_name='Bezeichnung')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='angelegt am')),
                        ('confirmation_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='Bestätigung angefordert am')),
                        ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='bestätigt am')),
                        ('unsubscribed_at', models.DateTimeField(blank=True, null=True, verbose_name='abgemeldet am')),
                        ('last_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='zuletzt benachrichtigt')),
                    ],
                    options={
                        'verbose_name': 'Benachrichtigung',
                        'verbose_name_plural': 'Benachrichtigungen',
                        'db_table': 'api_subscription',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['email', 'scope', 'target'], name='api_subscri_email_b7043d_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(*_content_type_follows("alerts", "subscription")),
        migrations.RunPython(_waiting_alert_runs_follow, _waiting_alert_runs_go_back),
    ]
