"""FundingAllocation moves to places (issue 19). Only the state forgets it here; the tables stay and are taken over,
and renamed, by places.0005_fundingallocation_from_reporting."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0008_savedquery_moves_to_answers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalFundingAllocation"),
                migrations.DeleteModel(name="FundingAllocation"),
            ],
            database_operations=[],
        ),
    ]
