"""ProjectPhoto moves to programmes (issue 19): a photo belongs to the project in the registry, and the printed
report reads it from there. Only the state forgets it here; the tables stay and are taken over, and renamed, by
programmes.0007_projectphoto_from_portal. The uploaded files stay where they are (fotos/<project>/)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0008_search_documents"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalProjectPhoto"),
                migrations.DeleteModel(name="ProjectPhoto"),
            ],
            database_operations=[],
        ),
    ]
