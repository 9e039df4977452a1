"""Subscription and Upload now belong to alerts and opendata (issue 19): the api app forgets them, the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("alerts", "0001_subscription_moved_from_api"),
        ("opendata", "0001_upload_moved_from_api"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Subscription"),
                migrations.DeleteModel(name="Upload"),
            ],
            database_operations=[],
        ),
    ]
