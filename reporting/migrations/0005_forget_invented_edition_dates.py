"""An edition made from an imported report whose document states no publication date was dated on its as-of
date (or, before that, on the import day): a date nobody stated. It becomes "not stated" until a document
states one (`import_press_release` then dates it)."""

from datetime import datetime, time

from django.db import migrations
from django.utils import timezone


def forget_invented_dates(apps, schema_editor):
    ReportingPeriod = apps.get_model("reporting", "ReportingPeriod")
    ProjectReport = apps.get_model("reporting", "ProjectReport")
    made_from_documents = ReportingPeriod.objects.filter(
        events__action="created_from_document", document__isnull=False
    ).select_related("document")
    for period in made_from_documents.distinct():
        stated = period.document.date
        published_at = timezone.make_aware(datetime.combine(stated, time(12))) if stated else None
        if period.published_at != published_at:
            ReportingPeriod.objects.filter(pk=period.pk).update(published_at=published_at)
            ProjectReport.objects.filter(period=period).update(published_at=published_at)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_report_funding_as_of_and_qualifiers"),
        ("sources", "0003_document_date_source"),
    ]

    operations = [migrations.RunPython(forget_invented_dates, migrations.RunPython.noop)]
