"""The attribution of money to places: the one read behind the map, the municipality pages, API, downloads and answers.

A project's money reaches a place on one of three bases:

- exact: a document states an amount for this place (`LocalReference.funding_eur`, basis exact);
- estimated: the office recorded how the project's money is split ("Aufteilung der Mittel",
  `places.models.FundingAllocation`); what the exact figures leave of the project volume (or of the state
  funds) is spread over the other places by that method;
- unknown: neither.

Region-wide projects concern every municipality without a share of the money. Sums are kept per basis and
never added across bases. Every reader asks `project_money` (per project) or `money_by_place` (per
municipality), so the map, the municipality page, `/api/v1/municipalities`, the download and an answer to
parliament give the same euro amount for the same place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .models import (
    NOT_ATTRIBUTED_KINDS,
    AllocationAmount,
    AllocationMethod,
    FundingAllocation,
    FundingBasis,
    FundingKind,
    LocalReference,
    Municipality,
)

EXACT, ESTIMATED, UNKNOWN = FundingBasis.EXACT.value, FundingBasis.ESTIMATED.value, FundingBasis.UNKNOWN.value


@dataclass(frozen=True)
class Share:
    """The money of one project attributed to one of its places, with its basis and a German explanation.

    `qualifier` is the wording of the amount ("approx" for "rund"): as the document states it for an exact
    figure, always "approx" for an estimate, which is rounded (`round_estimate`).
    """

    amount: Decimal | None
    basis: str
    explanation: str
    qualifier: str = ""
    kind: str = ""  # FundingKind: as the document states it (exact) or the amount the split spreads (estimated)

    @property
    def has_figure(self) -> bool:
        return self.amount is not None and self.basis in (EXACT, ESTIMATED)

    @property
    def attributed(self) -> bool:
        """A figure that counts as money of the place: not merely applied for or planned."""
        return self.has_figure and self.kind not in NOT_ATTRIBUTED_KINDS

    @property
    def kind_label(self) -> str:
        return str(FundingKind(self.kind).label) if self.kind else "Art nicht angegeben"

    @property
    def basis_label(self) -> str:
        return str(FundingBasis(self.basis).label)

    @property
    def amount_text(self) -> str:
        """'rund 37.000 €', '521.864 €'; empty without a figure."""
        if not self.has_figure:
            return ""
        from operations.german_numbers import format_euro
        from programmes.progress import QUALIFIER_WORDS

        word = QUALIFIER_WORDS.get(self.qualifier)
        return f"{word} {format_euro(self.amount)}" if word else format_euro(self.amount)


def round_estimate(value: Decimal) -> Decimal:
    """An estimate to full thousand euros (below 1.000 € to full hundred): a share computed from a split is
    no more precise than the split, and "1.324.216,35 € geschätzt" is a precision nobody can defend."""
    quantum = Decimal(1000) if abs(value) >= 1000 else Decimal(100)
    return (value / quantum).quantize(Decimal(1), ROUND_HALF_UP) * quantum


def _estimated(amount: Decimal, explanation: str, kind: str) -> Share:
    return Share(round_estimate(amount), ESTIMATED, f"geschätzt: {explanation}", "approx", kind)


@dataclass
class ProjectMoney:
    """One project's current funding statement, its places and the share of each place (by reference id)."""

    project_id: int
    statement: object | None  # programmes.FundingStatement
    allocation: object | None  # FundingAllocation
    references: list[LocalReference] = field(default_factory=list)
    shares: dict[int, Share] = field(default_factory=dict)


@dataclass
class PlaceMoney:
    """What the published projects attribute to one municipality, per basis."""

    municipality: Municipality
    project_codes: set[str] = field(default_factory=set)
    exact_eur: Decimal = Decimal(0)
    estimated_eur: Decimal = Decimal(0)
    exact_count: int = 0
    estimated_count: int = 0
    unknown_count: int = 0
    exact_approx: bool = False  # one of the exact figures is itself approximate ("rund"): so is their sum
    # Exact figures the documents give as applied for or planned: summed apart, never in exact_eur.
    applied_eur: Decimal = Decimal(0)
    applied_count: int = 0
    planned_eur: Decimal = Decimal(0)
    planned_count: int = 0

    @property
    def project_count(self) -> int:
        return len(self.project_codes)

    @property
    def funded_count(self) -> int:
        return self.exact_count + self.estimated_count

    @property
    def total_eur(self) -> Decimal | None:
        """Exact and estimated together, only to shade a map; tables and files show the two apart."""
        return self.exact_eur + self.estimated_eur if self.funded_count else None

    def add(self, code: str, share: Share) -> None:
        self.project_codes.add(code)
        if share.has_figure and share.kind == FundingKind.APPLIED:
            self.applied_eur += share.amount
            self.applied_count += 1
        elif share.has_figure and share.kind == FundingKind.PLANNED:
            self.planned_eur += share.amount
            self.planned_count += 1
        elif share.basis == EXACT and share.amount is not None:
            self.exact_eur += share.amount
            self.exact_count += 1
            self.exact_approx = self.exact_approx or share.qualifier == "approx"
        elif share.basis == ESTIMATED and share.amount is not None:
            self.estimated_eur += share.amount
            self.estimated_count += 1
        else:
            self.unknown_count += 1


def attributable_amount(statement, allocation) -> Decimal | None:
    """The amount a split spreads: the project volume, or the state funds where the office chose them."""
    if statement is None or not statement.determinable:
        return None
    if allocation is not None and allocation.amount == AllocationAmount.STATE:
        return statement.state_eur
    return statement.volume_eur


def attribute(refs: list[LocalReference], volume: Decimal | None, allocation) -> dict[int, Share]:
    """Money per local reference (by its id).

    Exact figures stated for a place are taken as they are. The rest of the
    volume is spread over the other places only by the method the office
    documented for this project; without one, or without a volume, it stays unknown.
    """

    result: dict[int, Share] = {}
    exact = [r for r in refs if r.funding_basis == FundingBasis.EXACT and r.funding_eur is not None]
    # A ministry may state an estimate for a place (its report's row "geschätzt"): a figure of its own, summed
    # with the estimates and never with the exact amounts, and not spread over again by a split.
    estimated = [r for r in refs if r.funding_basis == FundingBasis.ESTIMATED and r.funding_eur is not None]
    rest = [r for r in refs if r not in exact and r not in estimated]
    for r in exact:
        stated = "für diesen Ort im Dokument angegeben" + (f": „{r.funding_text}“" if r.funding_text else "")
        result[r.pk] = Share(r.funding_eur, EXACT, stated, r.funding_qualifier, r.funding_kind)
    for r in estimated:
        stated = "für diesen Ort als Schätzung angegeben" + (f": „{r.funding_text}“" if r.funding_text else "")
        result[r.pk] = Share(r.funding_eur, ESTIMATED, stated, r.funding_qualifier or "approx", r.funding_kind)
    method = allocation.method if allocation else AllocationMethod.NONE
    if not rest:
        return result
    if method == AllocationMethod.NONE or volume is None:
        why = "keine Aufteilung festgelegt" if method == AllocationMethod.NONE else "Projektvolumen nicht beziffert"
        for r in rest:
            result[r.pk] = Share(None, UNKNOWN, why)
        return result
    remaining = volume - sum((r.funding_eur for r in exact + estimated), Decimal(0))
    if remaining < 0:
        for r in rest:
            result[r.pk] = Share(None, UNKNOWN, "für Orte angegebene Beträge übersteigen das Projektvolumen")
        return result
    rationale = f" – {allocation.rationale}" if allocation.rationale else ""
    # What is split is the volume or, where the office chose so, the state funds of the funding statement.
    kind = FundingKind.STATE if allocation.amount == AllocationAmount.STATE else FundingKind.VOLUME
    if method == AllocationMethod.EQUAL:
        for r in rest:
            why = f"gleichmäßig auf {len(rest)} genannte Orte aufgeteilt{rationale}"
            result[r.pk] = _estimated(remaining / len(rest), why, kind)
    elif method == AllocationMethod.POPULATION:
        population = sum((r.municipality.population or 0) for r in rest)
        for r in rest:
            if population:
                why = f"nach Einwohnerzahl der {len(rest)} genannten Orte aufgeteilt{rationale}"
                result[r.pk] = _estimated(remaining * (r.municipality.population or 0) / population, why, kind)
            else:
                result[r.pk] = Share(None, UNKNOWN, "Einwohnerzahlen fehlen")
    elif method == AllocationMethod.MANUAL:
        for r in rest:
            if r.allocation_share is None:
                result[r.pk] = Share(None, UNKNOWN, "kein Anteil im Schlüssel festgelegt")
            else:
                why = f"Anteil {r.allocation_share:.2%} laut Schlüssel{rationale}"
                result[r.pk] = _estimated(volume * r.allocation_share, why, kind)
    return result


def _newest_per_project(qs, as_of: date | None) -> dict:
    if as_of is not None:
        qs = qs.filter(document__as_of__lte=as_of)
    newest: dict = {}
    for item in qs.select_related("document").defer("document__text").newest_first():
        newest.setdefault(item.project_id, item)
    return newest


# What `attribute` reads of a local reference and of a statement: enough for the sums per place, without
# building model instances (at 10,000 projects those cost seconds, the attribution milliseconds).
_REF_FIELDS = (
    "pk",
    "project_id",
    "municipality_id",
    "funding_eur",
    "funding_basis",
    "funding_qualifier",
    "funding_kind",
    "funding_text",
    "allocation_share",
    "municipality__population",
)


@dataclass(frozen=True)
class _Place:
    population: int | None


@dataclass(frozen=True)
class _Ref:
    pk: int
    project_id: int
    municipality_id: int
    funding_eur: Decimal | None
    funding_basis: str
    funding_qualifier: str
    funding_kind: str
    funding_text: str
    allocation_share: Decimal | None
    municipality: _Place


@dataclass(frozen=True)
class _Statement:
    project_id: int
    determinable: bool
    volume_eur: Decimal | None
    state_eur: Decimal | None


def project_money(
    project_ids: Iterable[int], *, as_of: date | None = None, light: bool = False
) -> dict[int, ProjectMoney]:
    """Statement, places and shares of each of these projects, in three queries.

    `as_of`: only what documents of that date or earlier stated (the newest funding statement up to it, the
    local references a document of that time already named). `light`: references and statements as plain
    rows with only the fields the attribution reads (for sums); otherwise model instances (for answers).
    """
    from programmes.models import FundingStatement
    from sources.models import Provenance

    if hasattr(project_ids, "values_list"):  # a queryset: filter by subquery, not by a list of 10,000 ids
        ids, within = list(project_ids.values_list("pk", flat=True)), project_ids.values("pk")
    else:
        ids = within = list(project_ids)
    refs = LocalReference.objects.filter(project_id__in=within)
    if as_of is not None:
        stated = Provenance.objects.about(LocalReference).filter(document__as_of__lte=as_of).values("object_id")
        refs = refs.filter(pk__in=stated)
    refs = refs.order_by("municipality__name", "pk")
    statements_qs = FundingStatement.objects.filter(project_id__in=within)
    if light:
        rows = refs.values_list(*_REF_FIELDS)
        references = [_Ref(*row[:-1], municipality=_Place(row[-1])) for row in rows]
        if as_of is not None:
            statements_qs = statements_qs.filter(document__as_of__lte=as_of)
        statements: dict = {}
        for row in statements_qs.newest_first().values_list("project_id", "determinable", "volume_eur", "state_eur"):
            statements.setdefault(row[0], _Statement(*row))
    else:
        references = list(refs.select_related("municipality").defer("municipality__geometry"))
        statements = _newest_per_project(statements_qs, as_of)
    allocations = {a.project_id: a for a in FundingAllocation.objects.filter(project_id__in=within)}
    by_project: dict[int, list] = defaultdict(list)
    for ref in references:
        by_project[ref.project_id].append(ref)
    result = {}
    for pk in ids:
        statement, allocation = statements.get(pk), allocations.get(pk)
        references = by_project.get(pk, [])
        shares = attribute(references, attributable_amount(statement, allocation), allocation)
        result[pk] = ProjectMoney(pk, statement, allocation, references, shares)
    return result


def money_by_place(projects, municipalities: Iterable[Municipality] | None = None) -> list[PlaceMoney]:
    """Per municipality (all 53 unless `municipalities` is given): the money `projects` attribute to it.

    `projects` is a queryset or list of the projects to count (the caller decides: published ones for
    every public reader, filtered or not).
    """
    from programmes.models import Project

    if not hasattr(projects, "values_list"):
        projects = Project.objects.filter(pk__in=[getattr(p, "pk", p) for p in projects])
    codes = dict(projects.values_list("pk", "code"))
    places = list(
        municipalities
        if municipalities is not None
        else Municipality.objects.select_related("district").defer("geometry").order_by("name")
    )
    by_pk = {m.pk: PlaceMoney(m) for m in places}
    for pk, money in project_money(projects, light=True).items():
        for ref in money.references:
            entry = by_pk.get(ref.municipality_id)
            if entry is not None:
                entry.add(codes[pk], money.shares[ref.pk])
    return [by_pk[m.pk] for m in places]
