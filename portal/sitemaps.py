"""sitemap.xml: every public page in both languages, projects only when published."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from places.models import Municipality
from programmes.models import ActionField, Ministry, ProgrammeIndicator, Project
from sources.models import SourceDocument

from .models import ContentPageKind


class BilingualSitemap(Sitemap):
    """Every page once per language (German without a prefix, English under /en/), each entry naming the others
    with <xhtml:link rel="alternate" hreflang> and German as x-default, as search engines expect."""

    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(BilingualSitemap):
    priority = 0.8

    def items(self):
        return [
            "portal:start",
            "portal:projects",
            "portal:municipalities",
            "portal:action_fields",
            "portal:ministries",
            "portal:indicators",
            "portal:reports",
            "portal:sign_language",
            "portal:programme_overview",
            "organisations:list",
        ]

    def location(self, item):
        return reverse(item)


class ProjectSitemap(BilingualSitemap):
    priority = 0.7

    def items(self):
        return Project.objects.published().order_by("code")


class MunicipalitySitemap(BilingualSitemap):
    def items(self):
        return Municipality.objects.defer("geometry").order_by("name")


class ActionFieldSitemap(BilingualSitemap):
    def items(self):
        return ActionField.objects.filter(projects__in=Project.objects.published()).distinct().order_by("position")

    def location(self, item):
        return reverse("portal:action_field", args=[item.slug])


class MinistrySitemap(BilingualSitemap):
    def items(self):
        return Ministry.objects.filter(projects__in=Project.objects.published()).distinct().order_by("name")

    def location(self, item):
        return reverse("portal:ministry", args=[item.slug])


class ProgrammeIndicatorSitemap(BilingualSitemap):
    """Programme indicators are public definitions; their figures read published projects only."""

    priority = 0.6

    def items(self):
        return ProgrammeIndicator.objects.order_by("position", "name")


class SourceSitemap(BilingualSitemap):
    priority = 0.4

    def items(self):
        return SourceDocument.objects.defer("text").order_by("pk")

    def location(self, item):
        return reverse("portal:source", args=[item.pk])


class PageSitemap(BilingualSitemap):
    priority = 0.2

    def items(self):
        return list(ContentPageKind.values)

    def location(self, item):
        return reverse("portal:page", args=[item])


class OrganisationSitemap(BilingualSitemap):
    priority = 0.5

    def items(self):
        from organisations.models import Organisation

        return Organisation.objects.public().order_by("slug")


SITEMAPS = {
    "seiten": StaticSitemap,
    "projekte": ProjectSitemap,
    "kommunen": MunicipalitySitemap,
    "handlungsfelder": ActionFieldSitemap,
    "ressorts": MinistrySitemap,
    "kennzahlen": ProgrammeIndicatorSitemap,
    "quellen": SourceSitemap,
    "info": PageSitemap,
    "akteure": OrganisationSitemap,
}
