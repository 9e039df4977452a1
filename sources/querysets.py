from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models


class SourceDocumentQuerySet(models.QuerySet):
    def of_kind(self, kind: str) -> SourceDocumentQuerySet:
        return self.filter(kind=kind)

    def chronological(self) -> SourceDocumentQuerySet:
        return self.order_by(models.F("as_of").asc(nulls_first=True), "imported_at")


class ProvenanceQuerySet(models.QuerySet):
    def for_record(self, record: models.Model) -> ProvenanceQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk).select_related(
            "document"
        )
