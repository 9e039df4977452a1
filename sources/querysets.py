from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models


class SourceDocumentQuerySet(models.QuerySet):
    def of_kind(self, kind: str) -> SourceDocumentQuerySet:
        return self.filter(kind=kind)

    def chronological(self) -> SourceDocumentQuerySet:
        return self.order_by(models.F("as_of").asc(nulls_first=True), "imported_at")


class ProvenanceQuerySet(models.QuerySet):
    def about(self, model: type[models.Model]) -> ProvenanceQuerySet:
        """Rows about records of `model`.

        By the content type's id (cached by Django), not a join on its name: correlated with a record's
        pk the filter then matches the (content_type, object_id) index exactly, so the plan cannot
        degrade to a scan per record (seen on PostgreSQL: 22 s for a list of ministries).
        """
        return self.filter(content_type_id=ContentType.objects.get_for_model(model).pk)

    def for_record(self, record: models.Model) -> ProvenanceQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk).select_related(
            "document"
        )
