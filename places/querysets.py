from __future__ import annotations

from django.db import models


class MunicipalityQuerySet(models.QuerySet):
    def in_district(self, district) -> MunicipalityQuerySet:
        return self.filter(district=district)

    def by_name_or_ags(self, value: str) -> MunicipalityQuerySet:
        value = value.strip()
        if value.isdigit():
            return self.filter(ags=value.zfill(8))
        return self.filter(
            models.Q(name__iexact=value) | models.Q(slug=value.lower()) | models.Q(official_name__iexact=value)
        )


class LocalReferenceQuerySet(models.QuerySet):
    def in_municipality(self, municipality) -> LocalReferenceQuerySet:
        return self.filter(municipality=municipality)

    def with_exact_funding(self) -> LocalReferenceQuerySet:
        return self.filter(funding_basis="exact", funding_eur__isnull=False)
