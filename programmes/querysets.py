from __future__ import annotations

from django.db import models
from django.db.models import Exists, F, OuterRef

from sources.models import StatementQuerySetMixin


class ProjectQuerySet(models.QuerySet):
    def published(self) -> ProjectQuerySet:
        """What the public may see: projects stated in a published source document.

        A project typed into the admin without any source stays internal until a
        published document (or, with the reporting cycle, a published period) states it.
        """
        from sources.models import Provenance

        return self.filter(Exists(Provenance.objects.about(self.model).filter(object_id=OuterRef("pk"))))

    def visible_to(self, user) -> ProjectQuerySet:
        """What this user may read: published projects, plus the unpublished ones rule `programmes.view_draft` allows.

        Office and reviewers read every project; a ministry's editors also read their ministry's unpublished
        projects; anyone else (no role, anonymous, None) reads exactly `published()`.
        """
        from accounts.rules import is_ministry_editor

        if user is not None and user.has_perm("programmes.view_all_drafts"):
            return self.all()
        published = self.published()
        if user is not None and is_ministry_editor(user):
            acting = user.acting_ministry_ids()  # her own ministry and those she stands in for (Vertretung)
            return self.filter(models.Q(pk__in=published.values("pk")) | models.Q(ministry_id__in=acting))
        return published

    def with_current_funding(self) -> ProjectQuerySet:
        """Annotate the newest funding statement's volume (`current_volume`) and its first figure at all
        (`current_figure`: volume, state funds or annual amount), as the project page shows it."""
        from django.db.models import Subquery
        from django.db.models.functions import Coalesce

        from .models import FundingStatement

        newest = FundingStatement.objects.filter(project=OuterRef("pk")).order_by(
            F("document__as_of").desc(nulls_last=True), "-document__imported_at"
        )
        return self.annotate(
            current_volume=Subquery(newest.values("volume_eur")[:1]),
            current_figure=Subquery(
                newest.annotate(f=Coalesce("volume_eur", "state_eur", "annual_eur")).values("f")[:1]
            ),
        )

    def with_funding_figure(self, stated: bool = True) -> ProjectQuerySet:
        """The one funding filter of portal, API, downloads and feeds: the current statement names a sum (or not)."""
        qs = self if "current_figure" in self.query.annotations else self.with_current_funding()
        return qs.filter(current_figure__isnull=not stated)

    def in_action_field(self, action_field) -> ProjectQuerySet:
        return self.filter(action_field=action_field)

    def for_ministry(self, ministry) -> ProjectQuerySet:
        return self.filter(ministry=ministry)

    def with_status(self, status: str) -> ProjectQuerySet:
        return self.filter(status=status)

    def in_municipality(self, municipality) -> ProjectQuerySet:
        return self.filter(local_references__municipality=municipality).distinct()

    def for_listing(self) -> ProjectQuerySet:
        return self.select_related("action_field", "ministry").order_by("action_field__position", "code")


class MinistryQuerySet(models.QuerySet):
    def with_project_counts(self) -> MinistryQuerySet:
        return self.annotate(project_count=models.Count("projects"))


class SourcedQuerySet(models.QuerySet):
    """Statements per document: the newest document (by its date of reference) first."""

    def newest_first(self) -> SourcedQuerySet:
        return self.order_by(F("document__as_of").desc(nulls_last=True), "-document__imported_at")

    def current_by_project(self, project_ids) -> dict:
        """The newest statement of each of these projects, keyed by project id, in one query."""
        rows = (
            self.filter(project_id__in=list(project_ids))
            .select_related("document")
            .order_by("project_id", F("document__as_of").desc(nulls_last=True), "-document__imported_at")
        )
        result: dict = {}
        for statement in rows:
            result.setdefault(statement.project_id, statement)
        return result


class StatementQuerySet(StatementQuerySetMixin, SourcedQuerySet):
    """Statements of published editions: read like any sourced rows, never rewritten in bulk."""


class IndicatorQuerySet(models.QuerySet):
    def published(self) -> IndicatorQuerySet:
        """Indicators of published projects only: the only ones public pages, API and exports read."""
        from .models import Project

        return self.filter(project__in=Project.objects.published())

    def with_values(self) -> IndicatorQuerySet:
        from .models import IndicatorValue

        values = IndicatorValue.objects.select_related("document").defer("document__text").order_by("as_of", "pk")
        return self.select_related("project", "project__action_field").prefetch_related(
            models.Prefetch("values", queryset=values)
        )


class IndicatorSuggestionQuerySet(models.QuerySet):
    def pending(self) -> IndicatorSuggestionQuerySet:
        return self.filter(state="suggested")

    def for_document(self, document) -> IndicatorSuggestionQuerySet:
        return self.filter(document=document)
