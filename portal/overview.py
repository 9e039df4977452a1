"""The programme at a glance: how many projects are completed, on track, behind or stopped, per action field and
per ministry (the view Gobierto Plans offers), with the rule behind "behind" stated, never guessed.

A project in progress counts as behind when one of its indicators is behind the straight line from its start to
its target (`programmes.progress`), as on track when its indicators are assessable and none is behind, and as
"not assessable" otherwise: the documents give no dated target to measure it against.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from places.figures import StatusMatrix, StatusRow, published
from programmes.models import ActionField, Indicator, Ministry, Project, ProjectStatus
from programmes.progress import BEHIND, NOT_ASSESSABLE, progress

ON_TRACK = "on_track"
BEHIND_PLAN = "behind"
UNASSESSED = "unassessed"

CATEGORIES: list[tuple[str, str]] = [
    (ProjectStatus.COMPLETED.value, _("abgeschlossen")),
    (ProjectStatus.CONTINUED.value, _("verstetigt")),
    (ON_TRACK, _("in Umsetzung, im Plan")),
    (BEHIND_PLAN, _("in Umsetzung, hinter dem Plan")),
    (UNASSESSED, _("in Umsetzung, ohne bewertbare Kennzahl")),
    (ProjectStatus.UNDER_REVIEW.value, _("in Prüfung")),
    (ProjectStatus.NOT_PURSUED.value, _("nicht weiterverfolgt")),
]


def categorise(projects: QuerySet[Project], *, today: date) -> dict[int, str]:
    """Project id → category code (see CATEGORIES); projects without a status are left out."""
    in_progress = {p for p, s in projects.values_list("pk", "status") if s == ProjectStatus.IN_PROGRESS}
    assessed: dict[int, set[str]] = {}
    for indicator in Indicator.objects.filter(project_id__in=in_progress).with_values():
        assessed.setdefault(indicator.project_id, set()).add(progress(indicator, today=today).status)
    result = {}
    for pk, status in projects.values_list("pk", "status"):
        if not status:
            continue
        if status != ProjectStatus.IN_PROGRESS:
            result[pk] = status
            continue
        found = assessed.get(pk, set()) - {NOT_ASSESSABLE}
        result[pk] = BEHIND_PLAN if BEHIND in found else ON_TRACK if found else UNASSESSED
    return result


@dataclass
class Overview:
    by_action_field: StatusMatrix
    by_ministry: StatusMatrix
    today: date


def _matrix(categories: dict[int, str], groups: list[tuple[object, str, str, set[int]]]) -> StatusMatrix:
    shown = [(code, str(label)) for code, label in CATEGORIES if code in categories.values()]
    rows = []
    for _group, label, url, members in groups:
        counts = Counter(categories[pk] for pk in members if pk in categories)
        total = sum(counts.values())
        if total:
            rows.append(StatusRow(label, url, [counts[code] for code, _label in shown], total))
    totals = Counter(categories.values())
    return StatusMatrix(
        statuses=shown,
        rows=rows,
        totals=[totals[code] for code, _label in shown],
        total=len(categories),
    )


def programme_overview(*, today: date, projects: QuerySet[Project] | None = None) -> Overview:
    projects = published() if projects is None else projects
    categories = categorise(projects, today=today)
    members_af: dict[int, set[int]] = {}
    members_ministry: dict[int, set[int]] = {}
    for pk, af, ministry in projects.values_list("pk", "action_field_id", "ministry_id"):
        members_af.setdefault(af, set()).add(pk)
        members_ministry.setdefault(ministry, set()).add(pk)
    fields = [
        (af, af.name, reverse("portal:action_field", args=[af.slug]), members_af.get(af.pk, set()))
        for af in ActionField.objects.order_by("position")
    ]
    ministries = [
        (
            m,
            f"{m.name} ({m.abbreviation})",
            reverse("portal:ministry", args=[m.slug]),
            members_ministry.get(m.pk, set()),
        )
        for m in Ministry.objects.order_by("name")
    ]
    # A project the documents assign to no action field or ministry is still counted, in a row of its own.
    if members_af.get(None):
        fields.append((None, str(_("ohne Angabe des Handlungsfelds")), "", members_af[None]))
    if members_ministry.get(None):
        ministries.append((None, str(_("ohne Angabe des Ressorts")), "", members_ministry[None]))
    return Overview(_matrix(categories, fields), _matrix(categories, ministries), today)
