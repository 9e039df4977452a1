"""Proposals imported from a published document were public before moderation existed: keep them public."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def publish_imported(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    SourceDocument = apps.get_model("sources", "SourceDocument")
    imported_at = SourceDocument.objects.filter(pk=OuterRef("document_id")).values("imported_at")[:1]
    Proposal.objects.filter(document__isnull=False, status="submitted").update(
        status="published", published_at=Subquery(imported_at)
    )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0003_intake_evaluation_links"), ("sources", "0001_initial")]

    operations = [migrations.RunPython(publish_imported, migrations.RunPython.noop)]
