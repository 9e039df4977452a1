"""Indicators in the portal: per project (chart, sentence, table) and for the programme (/kennzahlen/).

Only indicators of published projects are read (`Indicator.objects.published()`). The list of
indicators behind their straight line is for the programme office only (rule
`programmes.view_indicators_at_risk`); the public sees progress per action field.

Programme indicators (rolled up from the projects, `programmes.rollup`) open the page and have a
detail page each that lists every contribution with its source. The office defines them under
/kennzahlen/leitstelle/ (rule `programmes.change_programme_indicator`); the views only call the
services of `programmes.services`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from programmes.models import ActionField, Indicator, ProgrammeIndicator, Project
from programmes.progress import BEHIND, NOT_ASSESSABLE, ON_TRACK, REACHED, Progress, progress
from programmes.rollup import Rollup, rollup, rollups
from sources.models import Provenance

from .indicator_charts import indicator_chart


def project_indicators(project: Project) -> list[Indicator]:
    """The project's indicators, each with `.progress` and `.chart` attached, for the project page."""
    today = timezone.localdate()
    indicators = list(Indicator.objects.filter(project=project).with_values().order_by("name"))
    target_sources: dict[int, list[Provenance]] = {}
    for prov in (
        Provenance.objects.filter(
            content_type=ContentType.objects.get_for_model(Indicator),
            object_id__in=[i.pk for i in indicators],
            field="target",
        )
        .select_related("document")
        .defer("document__text")
    ):
        target_sources.setdefault(prov.object_id, []).append(prov)
    for indicator in indicators:
        indicator.target_sources = target_sources.get(indicator.pk, [])
        indicator.progress = progress(indicator, today=today)
        indicator.chart = indicator_chart(indicator.progress)
    return indicators


@dataclass
class FieldProgress:
    label: str
    slug: str
    items: list[Progress] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for p in self.items if p.status == status)

    @property
    def reached(self) -> int:
        return self.count(REACHED)

    @property
    def on_track(self) -> int:
        return self.count(ON_TRACK)

    @property
    def behind(self) -> int:
        return self.count(BEHIND)

    @property
    def not_assessable(self) -> int:
        return self.count(NOT_ASSESSABLE)


@require_safe
def indicator_overview(request):
    today = timezone.localdate()
    indicators = (
        Indicator.objects.published().with_values().order_by("project__action_field__position", "project__code", "name")
    )
    fields = {af.pk: FieldProgress(af.name, af.slug) for af in ActionField.objects.order_by("position")}
    other = FieldProgress("–", "")
    everything = []
    for indicator in indicators:
        p = progress(indicator, today=today)
        everything.append(p)
        fields.get(indicator.project.action_field_id, other).items.append(p)
    groups = [f for f in [*fields.values(), other] if f.items]
    office = request.user.has_perm("programmes.view_indicators_at_risk")
    return render(
        request,
        "portal/indicators.html",
        {
            "programme": [_with_chart(r) for r in rollups(today=today)],
            "can_define": request.user.has_perm("programmes.change_programme_indicator"),
            "groups": groups,
            "total": len(everything),
            "office": office,
            "behind": [p for p in everything if p.status == BEHIND] if office else [],
            "unassessable": [p for p in everything if p.status == NOT_ASSESSABLE] if office else [],
            "today": today,
        },
    )


# programme indicators ------------------------------------------------------------------------------


def _with_chart(result: Rollup) -> Rollup:
    result.chart = indicator_chart(result.progress)
    return result


@require_safe
def programme_indicator_detail(request, slug: str):
    indicator = get_object_or_404(ProgrammeIndicator.objects.prefetch_related("contributions"), slug=slug)
    return render(
        request,
        "portal/programme_indicator.html",
        {
            "result": _with_chart(rollup(indicator)),
            "indicator": indicator,
            "can_define": request.user.has_perm("programmes.change_programme_indicator"),
        },
    )
