"""The project's code on every posting of the search index, the ranking's tie-break (see `SearchTerm`).

Existing postings get their project's code in one UPDATE (derived data: no rebuild needed), and the
covering index of the postings carries the code, so the ranking reads neither the postings' table
nor the projects'.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    SearchTerm = apps.get_model("portal", "SearchTerm")
    Project = apps.get_model("programmes", "Project")
    SearchTerm.objects.update(project_code=Subquery(Project.objects.filter(pk=OuterRef("project_id")).values("code")))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_project_photos"),
        ("programmes", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchterm",
            name="project_code",
            field=models.CharField(default="", max_length=10, verbose_name="Projektnummer"),
        ),
        # The old index goes first, so the UPDATE of every posting does not also rewrite it.
        migrations.RemoveIndex(model_name="searchterm", name="search_posting_idx"),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="searchterm",
            index=models.Index(fields=["term", "weight", "project", "project_code"], name="search_posting_code_idx"),
        ),
    ]
