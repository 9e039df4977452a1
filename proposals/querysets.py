"""Reads of proposals as chainable queryset methods; views and the portal use these, never ad-hoc filters."""

from __future__ import annotations

from django.db import models
from django.db.models import Prefetch, Q


class ProposalQuerySet(models.QuerySet):
    def public(self) -> ProposalQuerySet:
        """What the public may see: proposals the office released (imported chamber ideas are released on import)."""
        return self.filter(status="published")

    def awaiting_moderation(self) -> ProposalQuerySet:
        return self.filter(status="submitted").order_by("submitted_at", "pk")

    def of_source(self, source: str) -> ProposalQuerySet:
        return self.filter(source=source)

    def in_theme(self, theme: str) -> ProposalQuerySet:
        return self.filter(theme=theme)

    def with_outcome(self, outcome: str) -> ProposalQuerySet:
        return self.filter(outcome=outcome)

    def taken_up(self) -> ProposalQuerySet:
        from .models import TAKEN_UP

        return self.filter(outcome__in=TAKEN_UP)

    def in_municipality(self, municipality) -> ProposalQuerySet:
        return self.filter(municipalities=municipality).distinct()

    def search(self, text: str) -> ProposalQuerySet:
        """Every word must occur in title, goal or background (case-insensitive; same on SQLite and PostgreSQL)."""
        qs = self
        for word in text.split()[:8]:
            qs = qs.filter(Q(title__icontains=word) | Q(goal__icontains=word) | Q(background__icontains=word))
        return qs

    def contact_expired(self, before) -> ProposalQuerySet:
        """Proposals whose submitter's contact data was stored before `before` and is still there."""
        return self.filter(contact__created_at__lt=before)

    def with_public_links(self) -> ProposalQuerySet:
        """Prefetch the links the public may see as `public_links` (one query for any number of proposals)."""
        from .models import ProposalLink

        return self.prefetch_related(
            Prefetch(
                "links",
                queryset=ProposalLink.objects.to_published_projects().select_related("project"),
                to_attr="public_links",
            )
        )

    def with_all_links(self) -> ProposalQuerySet:
        from .models import ProposalLink

        return self.prefetch_related(
            Prefetch("links", queryset=ProposalLink.objects.select_related("project"), to_attr="all_links")
        )

    def for_listing(self) -> ProposalQuerySet:
        return self.order_by("source", "number")


class ProposalLinkQuerySet(models.QuerySet):
    def to_published_projects(self) -> ProposalLinkQuerySet:
        from programmes.models import Project

        return self.filter(project__in=Project.objects.published())

    def public(self) -> ProposalLinkQuerySet:
        """Links the public may see: released proposal and published project.

        The portal's project page reads `project.proposal_links.public()`.
        """
        return self.to_published_projects().filter(proposal__status="published")

    def for_listing(self) -> ProposalLinkQuerySet:
        return self.select_related("proposal", "project").order_by("proposal__source", "proposal__number")


class SuggestedMatchQuerySet(models.QuerySet):
    def confirmed(self) -> SuggestedMatchQuerySet:
        return self.filter(state="confirmed")

    def rejected(self) -> SuggestedMatchQuerySet:
        return self.filter(state="rejected")

    def open(self) -> SuggestedMatchQuerySet:
        return self.filter(state="suggested")
