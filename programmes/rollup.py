"""Programme indicators rolled up from the projects, honestly.

A total is only as exact as its parts: one "rund" makes it approximate, one "mehr als" (or a
contributing project without a value) makes it a lower bound, and the sentence says so. Values of
different dates keep their own "Stand"; a project without a value is listed as missing and never
counted as zero. Every contribution keeps its document and lines, so each total can be traced.

Public pages, the API and the downloads call `rollup()` with the default scope
(`Project.objects.published()`); the office's editor may pass every project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import FundingStatement, Indicator, IndicatorValue, ProgrammeIndicator, Project, RollupAggregation
from .progress import Progress, format_as_of, format_number, progress

LOWER_BOUNDS = {"more_than", "at_least"}


def combine_qualifiers(qualifiers: list[str], *, incomplete: bool = False) -> str:
    """The qualifier of a sum of values with these qualifiers.

    'rund' anywhere makes the sum approximate; 'mehr als' makes it 'mehr als'; 'mindestens' or a
    missing contribution (which may add, never subtract) makes it 'mindestens'. A mix of upper and
    lower bounds bounds nothing and is only approximate.
    """
    present = {q for q in qualifiers if q}
    lower = bool(present & LOWER_BOUNDS) or incomplete
    upper = "up_to" in present
    if "approx" in present or (lower and upper):
        return "approx"
    if "more_than" in present:
        return "more_than"
    if lower:
        return "at_least"
    if upper:
        return "up_to"
    return ""


def rounded(value: Decimal, qualifier: str, unit: str) -> tuple[Decimal, str]:
    """Euro totals in the millions to a tenth of a million, rounded so the qualifier stays true.

    A lower bound is rounded down, an upper bound up; an exact sum that changes becomes 'rund'.
    Tables and the API keep the exact sum.
    """
    if unit != "Euro" or abs(value) < 1_000_000:
        return value, qualifier
    step = Decimal(100_000)
    mode = ROUND_DOWN if qualifier in LOWER_BOUNDS else ROUND_UP if qualifier == "up_to" else ROUND_HALF_UP
    short = (value / step).quantize(Decimal(1), rounding=mode) * step
    if short != value and not qualifier:
        qualifier = "approx"
    return short, qualifier


@dataclass
class Contribution:
    """One project's part of a total, with its source."""

    project: Project
    label: str  # the project indicator's name, or the funding figure's name
    value: Decimal
    qualifier: str
    as_of: date | None
    document: object
    start_line: int
    end_line: int
    sentence: str = ""
    indicator: Indicator | None = None

    @property
    def as_of_text(self) -> str:
        return format_as_of(self.as_of)


@dataclass
class Missing:
    """A project that should contribute but states no usable value; listed, never counted as zero."""

    project: Project
    label: str
    reason: str
    document: object | None = None
    start_line: int = 0
    end_line: int = 0


@dataclass
class SeriesPoint:
    as_of: date
    value: Decimal
    qualifier: str
    pk: int = 0


@dataclass
class Rollup:
    indicator: ProgrammeIndicator
    contributions: list[Contribution] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    total: Decimal | None = None
    qualifier: str = ""
    series: list[SeriesPoint] = field(default_factory=list)
    progress: Progress | None = None

    @property
    def unit_label(self) -> str:
        if self.indicator.aggregation == RollupAggregation.PROJECT_COUNT:
            return self.indicator.unit or _("Projekte")
        return self.indicator.unit

    @property
    def figure(self) -> str:
        """'mindestens 1.540', 'rund 122,9 Mio. €', '–' when nothing is known."""
        if self.total is None:
            return format_number(None)
        return format_number(*rounded(self.total, self.qualifier, self.unit_label), self.unit_label)

    @property
    def exact_figure(self) -> str:
        return format_number(self.total, self.qualifier) if self.total is not None else format_number(None)

    @property
    def dates(self) -> list[date]:
        return sorted({c.as_of for c in self.contributions if c.as_of is not None})

    @property
    def stand(self) -> str:
        """'Ende 2024', or 'Oktober 2022 bis Ende 2024' when the values are of different dates."""
        dates = self.dates
        if not dates:
            return ""
        if len(dates) == 1:
            return format_as_of(dates[0])
        return _("%(first)s bis %(last)s") % {"first": format_as_of(dates[0]), "last": format_as_of(dates[-1])}

    @property
    def mixed_dates(self) -> bool:
        return len(self.dates) > 1

    @property
    def project_count(self) -> int:
        return len({c.project.pk for c in self.contributions})

    @property
    def sentence(self) -> str:
        """The figure in plain German, with what it rests on and what is missing."""
        ind = self.indicator
        unit = self.unit_label
        unit_word = f" {unit}" if unit and unit not in ("Euro", "Prozent") else ""
        if self.total is None:
            text = _("%(name)s: noch kein Wert berichtet") % {"name": ind.name}
        else:
            text = _("%(name)s: %(figure)s%(unit)s") % {"name": ind.name, "figure": self.figure, "unit": unit_word}
            text += " (" + (_("Stand %(stand)s") % {"stand": self.stand} if self.stand else _("ohne Stichtag")) + ")"
            text += ", " + ngettext("aus %(count)s Projekt", "aus %(count)s Projekten", self.project_count) % {
                "count": self.project_count
            }
            if self.mixed_dates:
                text += " " + _("mit Werten verschiedener Stichtage")
        if ind.target is not None:
            text += "; " + _("Ziel: %(target)s%(unit)s") % {
                "target": format_number(ind.target, ind.target_qualifier, unit),
                "unit": unit_word,
            }
            if ind.target_date:
                text += " " + _("bis %(date)s") % {"date": format_as_of(ind.target_date)}
        text += "."
        if self.missing:
            text += " " + ngettext(
                "Für %(count)s Projekt liegt kein Wert vor; es ist nicht mitgezählt.",
                "Für %(count)s Projekte liegt kein Wert vor; sie sind nicht mitgezählt.",
                len({m.project.pk for m in self.missing}),
            ) % {"count": len({m.project.pk for m in self.missing})}
        return text


# contributions ----------------------------------------------------------------------------------------


def contributing_indicators(indicator: ProgrammeIndicator, projects: QuerySet[Project]) -> list[Indicator]:
    """The project indicators that feed a programme indicator: chosen ones and those of the matching unit."""
    wanted = Q(pk__in=indicator.contributions.values("pk"))
    if indicator.match_unit.strip():
        wanted |= Q(unit__iexact=indicator.match_unit.strip())
    values = IndicatorValue.objects.select_related("document").defer("document__text").order_by("as_of", "pk")
    return list(
        Indicator.objects.filter(wanted, project__in=projects)
        .select_related("project")
        .prefetch_related(Prefetch("values", queryset=values))
        .order_by("project__code", "name")
    )


def _indicator_parts(indicators: list[Indicator]) -> tuple[list[Contribution], list[Missing], dict[int, list]]:
    contributions, missing, history = [], [], {}
    for ind in indicators:
        values = list(ind.values.all())
        if not values:
            missing.append(Missing(ind.project, ind.name, _("noch kein Wert berichtet")))
            continue
        history[ind.pk] = values
        latest = max(values, key=lambda v: (v.as_of, v.pk))
        contributions.append(
            Contribution(
                project=ind.project,
                label=ind.name,
                value=latest.value,
                qualifier=latest.qualifier,
                as_of=latest.as_of,
                document=latest.document,
                start_line=latest.start_line,
                end_line=latest.end_line,
                sentence=latest.sentence,
                indicator=ind,
            )
        )
    return contributions, missing, history


def _funding_parts(aggregation: str, projects: QuerySet[Project]) -> tuple[list[Contribution], list[Missing]]:
    # The same read of the current statement per project as the portal's funding figures, so the
    # total here and those on the start page can never disagree about which statement is current.
    project_list = list(projects.order_by("code"))
    statements = FundingStatement.objects.current_by_project(p.pk for p in project_list)
    spent = aggregation == RollupAggregation.FUNDING_SPENT
    label = _("verausgabt") if spent else _("Projektvolumen")
    contributions, missing = [], []
    for project in project_list:
        statement = statements.get(project.pk)
        if statement is None:
            missing.append(Missing(project, label, _("keine Angabe zum Projektvolumen in den Quellen")))
            continue
        amount = statement.spent_eur if spent else statement.volume_eur
        if not statement.determinable or amount is None:
            reason = (
                statement.reason or _("laut Quelle nicht bezifferbar")
                if not statement.determinable
                else _("kein Betrag genannt")
            )
            missing.append(
                Missing(project, label, reason, statement.document, statement.start_line, statement.end_line)
            )
            continue
        as_of = (statement.spent_as_of if spent else statement.volume_as_of) or statement.document.as_of
        contributions.append(
            Contribution(
                project=project,
                label=label,
                value=amount,
                qualifier="" if spent else statement.volume_qualifier,
                as_of=as_of,
                document=statement.document,
                start_line=statement.start_line,
                end_line=statement.end_line,
                sentence=statement.text,
            )
        )
    return contributions, missing


def _total(aggregation: str, parts: list[tuple[Decimal, str, int]], incomplete: bool) -> tuple[Decimal | None, str]:
    """parts: (value, qualifier, project id). Counting projects is exact whatever the values' wording."""
    if not parts:
        return None, ""
    if aggregation == RollupAggregation.PROJECT_COUNT:
        return Decimal(len({p for _v, _q, p in parts})), ""
    return sum((v for v, _q, _p in parts), Decimal(0)), combine_qualifiers(
        [q for _v, q, _p in parts], incomplete=incomplete
    )


def _series(
    aggregation: str, contributions: list[Contribution], history: dict[int, list], missing: int, unit: str
) -> list[SeriesPoint]:
    """The total at each date on which a contribution changed: each contributor's latest value up to then."""
    if not history:  # funding: one current statement per project, so one point
        dates = sorted({c.as_of for c in contributions if c.as_of})
        if not dates:
            return []
        total, qualifier = _total(
            aggregation, [(c.value, c.qualifier, c.project.pk) for c in contributions], missing > 0
        )
        return [SeriesPoint(dates[-1], *rounded(total, qualifier, unit))]
    points = []
    projects = {c.indicator.pk: c.project.pk for c in contributions if c.indicator is not None}
    for day in sorted({v.as_of for values in history.values() for v in values}):
        parts = []
        for ind_pk, values in history.items():
            known = [v for v in values if v.as_of <= day]
            if known:
                latest = max(known, key=lambda v: (v.as_of, v.pk))
                parts.append((latest.value, latest.qualifier, projects[ind_pk]))
        incomplete = missing > 0 or len(parts) < len(history)
        total, qualifier = _total(aggregation, parts, incomplete)
        points.append(SeriesPoint(day, *rounded(total, qualifier, unit)))
    return points


def rollup(
    indicator: ProgrammeIndicator, *, projects: QuerySet[Project] | None = None, today: date | None = None
) -> Rollup:
    """Compute one programme indicator over `projects` (default: published projects only)."""
    projects = Project.objects.published() if projects is None else projects
    today = today or timezone.localdate()
    if indicator.is_funding:
        contributions, missing = _funding_parts(indicator.aggregation, projects)
        history: dict[int, list] = {}
    else:
        contributions, missing, history = _indicator_parts(contributing_indicators(indicator, projects))
    total, qualifier = _total(
        indicator.aggregation, [(c.value, c.qualifier, c.project.pk) for c in contributions], bool(missing)
    )
    result = Rollup(indicator, contributions, missing, total, qualifier)
    result.series = _series(indicator.aggregation, contributions, history, len(missing), result.unit_label)
    result.progress = progress(indicator, today=today, values=result.series)
    return result


def rollups(*, projects: QuerySet[Project] | None = None, today: date | None = None) -> list[Rollup]:
    return [
        rollup(i, projects=projects, today=today)
        for i in ProgrammeIndicator.objects.prefetch_related("contributions").order_by("position", "name")
    ]
