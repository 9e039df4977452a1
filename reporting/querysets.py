"""Chainable reads of the reporting cycle. Views, exports and commands use these, never ad-hoc filters.

Public code reads periods only through `.published()`; nothing here ever hands a draft to a public
page: the public report is built from published periods alone.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


class ReportingPeriodQuerySet(models.QuerySet):
    def published(self) -> ReportingPeriodQuerySet:
        return self.filter(state="published")

    def open(self) -> ReportingPeriodQuerySet:
        return self.filter(state="open")

    def newest_first(self) -> ReportingPeriodQuerySet:
        return self.order_by("-cut_off", "-pk")


class ProjectReportQuerySet(models.QuerySet):
    def in_period(self, period) -> ProjectReportQuerySet:
        return self.filter(period=period)

    def in_open_period(self) -> ProjectReportQuerySet:
        return self.filter(period__state="open")

    def published(self) -> ProjectReportQuerySet:
        return self.filter(period__state="published", state="published")

    def for_ministry(self, ministry) -> ProjectReportQuerySet:
        # Access follows the project's ministry now (a renamed ministry is the same row).
        return self.filter(project__ministry=ministry)

    def in_state(self, *states: str) -> ProjectReportQuerySet:
        return self.filter(state__in=states)

    def without_ministry(self) -> ProjectReportQuerySet:
        """Reports nobody may write: their project belongs to no ministry yet."""
        return self.filter(project__ministry__isnull=True)

    def open_tasks(self) -> ProjectReportQuerySet:
        return self.filter(state__in=("draft", "changes_requested"))

    def with_due(self) -> ProjectReportQuerySet:
        """Annotate `effective_due`: the ministry's own deadline in the period, else the period's."""
        from .models import MinistryDeadline

        own = MinistryDeadline.objects.filter(period=OuterRef("period"), ministry=OuterRef("project__ministry"))
        return self.annotate(effective_due=Coalesce(Subquery(own.values("due")[:1]), F("period__due")))

    def overdue(self, *, today: date) -> ProjectReportQuerySet:
        return self.open_tasks().filter(period__state="open").with_due().filter(effective_due__lt=today)

    def visible_to(self, user) -> ProjectReportQuerySet:
        """Reports a signed-in user may read: the office and reviewers all, an editor their ministry's."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.role in ("programme_office", "reviewer"):
            return self
        if user.role in ("ministry_editor", "ministry_coordinator") and user.ministry_id:
            # her own ministry and those she stands in for today (Vertretung)
            return self.filter(project__ministry_id__in=user.acting_ministry_ids())
        return self.none()

    def for_listing(self) -> ProjectReportQuerySet:
        return self.select_related("project", "project__ministry", "action_field", "period").order_by(
            "position", "project__code"
        )

    def counts_per_ministry(self, *, today: date) -> ProjectReportQuerySet:
        """One row per ministry with the numbers of the office's dashboard, in one query."""
        overdue = Q(state__in=("draft", "changes_requested"), period__state="open", effective_due__lt=today)
        return (
            self.with_due()
            .values("project__ministry__pk", "project__ministry__abbreviation", "project__ministry__name")
            .annotate(
                total=Count("pk"),
                draft=Count("pk", filter=Q(state="draft")),
                submitted=Count("pk", filter=Q(state="submitted")),
                changes_requested=Count("pk", filter=Q(state="changes_requested")),
                approved=Count("pk", filter=Q(state="approved")),
                published=Count("pk", filter=Q(state="published")),
                overdue=Count("pk", filter=overdue),
            )
            .order_by("project__ministry__name")
        )
