"""Reads of the organisation registry: only roles in published projects ever reach a public page, API or file."""

from __future__ import annotations

from django.db import models


class OrganisationQuerySet(models.QuerySet):
    def public(self) -> OrganisationQuerySet:
        """Organisations with at least one role in a published project."""
        from programmes.models import Project

        return self.filter(roles__project__in=Project.objects.published()).distinct()


class ProjectRoleQuerySet(models.QuerySet):
    def published(self) -> ProjectRoleQuerySet:
        from programmes.models import Project

        return self.filter(project__in=Project.objects.published())

    def of(self, organisation) -> ProjectRoleQuerySet:
        return self.filter(organisation=organisation)
