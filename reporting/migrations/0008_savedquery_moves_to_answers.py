"""SavedQuery belongs to the answers app now (issue 19). Only the state forgets it here; the table stays and is
taken over, and renamed, by answers.0005_savedquery_from_reporting."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0007_ministry_deadline"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SavedQuery")],
            database_operations=[],
        ),
    ]
