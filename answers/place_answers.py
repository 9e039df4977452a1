"""Answering a parliamentary question: which projects concern a place, and with how much money.

`build_answer()` is the one entry point used by the page, the command and the
document generators. It reads everything it needs in a fixed number of
queries; the money per (project, municipality) comes from `places.attribution`,
the read the map, the municipality pages, the API and the downloads use too,
with an explicit basis (exact / estimated / unknown / region-wide) and the kind
of money the document states (applied, planned, granted, paid, volume, state
funds, or unstated), so that no total ever mixes bases or kinds silently.

Output (`Answer.as_dict`): per row `local_funding_eur`, `funding_basis`,
`funding_qualifier` ("approx" for every estimate, which is rounded to full
thousand euros), `funding_kind` / `funding_kind_label`, `funding_counted`
(false for money applied for or planned), `funding_text` ("rund 37.000 €"),
`funding_estimate_method`; `totals.exact_eur` / `estimated_eur` sum only
counted rows, `applied_eur` / `planned_eur` the others, `summed_kinds` names the
kinds in the sums and `by_kind` lists every (basis, kind) sum. Unpublished
projects appear only for `Filters.viewer`, as far as that user may read drafts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse

from operations.errors import ServiceError
from operations.german_numbers import format_euro
from places.attribution import project_money
from places.models import NOT_ATTRIBUTED_KINDS, District, FundingKind, LocalReference, Municipality
from programmes.models import ActionField, Project, ProjectStatus, StatusRecord
from sources.models import DocumentKind, Provenance, SourceDocument

REGION_WIDE = "region_wide"
BASES = ("exact", "estimated", "unknown", REGION_WIDE)
BASIS_LABELS = {
    "exact": "genau (für diesen Ort angegeben)",
    "estimated": "geschätzt (dokumentierte Aufteilung)",
    "unknown": "unbekannt",
    REGION_WIDE: "regionsweit (nicht auf Orte aufgeteilt)",
}
BASIS_SHORT = {"exact": "genau", "estimated": "geschätzt", "unknown": "unbekannt", REGION_WIDE: "regionsweit"}
SUMMED_BASES = ("exact", "estimated")
KIND_UNSTATED = "Art nicht angegeben"
CENT = Decimal("0.01")


class AnswerError(ServiceError, ValueError):
    """A question that cannot be answered as asked (unknown place, unknown period); German message."""


@dataclass
class Filters:
    municipality: Municipality | None = None
    district: District | None = None
    action_field: ActionField | None = None
    ministry_id: int | None = None
    status: str = ""
    as_of: date | None = None
    as_of_label: str = ""
    funding_min: Decimal | None = None
    funding_max: Decimal | None = None
    # The signed-in user of the office's query page: projects no published document states yet are included
    # only as far as `Project.objects.visible_to(viewer)` allows. None: published projects only.
    viewer: object | None = None

    @property
    def places(self) -> list[Municipality]:
        if self.municipality:
            return [self.municipality]
        if self.district:
            return list(self.district.municipalities.all())
        return []


@dataclass
class SourceRef:
    document_id: int
    title: str
    reference: str
    start_line: int
    end_line: int
    field: str = ""

    @property
    def url(self) -> str:
        return f"{reverse('portal:source', args=[self.document_id])}?von={self.start_line}&bis={self.end_line}#L{self.start_line}"

    def as_dict(self) -> dict:
        return {
            "document": self.title,
            "reference": self.reference,
            "field": self.field,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "url": self.url,
        }


@dataclass
class AnswerRow:
    project: Project
    municipality: Municipality
    local_relation: str
    funding_eur: Decimal | None
    basis: str
    qualifier: str
    explanation: str
    project_volume_eur: Decimal | None
    status: str
    status_label: str
    sources: list[SourceRef] = field(default_factory=list)
    kind: str = ""  # places.FundingKind as the document states it ("applied" …), "" where it does not say

    @property
    def basis_short(self) -> str:
        return BASIS_SHORT[self.basis]

    @property
    def kind_label(self) -> str:
        return str(FundingKind(self.kind).label) if self.kind else KIND_UNSTATED

    @property
    def counted(self) -> bool:
        """Whether the row's amount is in the sums of attributed money (not merely applied for or planned)."""
        return self.funding_eur is not None and self.basis in SUMMED_BASES and self.kind not in NOT_ATTRIBUTED_KINDS

    @property
    def amount_text(self) -> str:
        """'rund 37.000 €' for an estimate or a rounded figure, '521.864 €' as stated; '' without an amount."""
        if self.funding_eur is None:
            return ""
        return ("rund " if self.qualifier == "approx" else "") + format_euro(self.funding_eur)

    @property
    def explains_more(self) -> bool:
        """False where the explanation only repeats the basis label."""
        return self.explanation != BASIS_LABELS[self.basis]

    def as_dict(self) -> dict:
        p = self.project
        return {
            "code": p.code,
            "title": p.title,
            "action_field": p.action_field.name if p.action_field else None,
            "ministry": p.ministry.name if p.ministry else None,
            "status": self.status or None,
            "municipality": {"ags": self.municipality.ags, "name": self.municipality.name},
            "local_relation": self.local_relation,
            "local_funding_eur": _num(self.funding_eur),
            "funding_basis": self.basis,
            "funding_qualifier": self.qualifier or None,
            "funding_kind": self.kind or None,
            "funding_kind_label": self.kind_label,
            "funding_counted": self.counted,
            "funding_text": self.amount_text or None,
            "funding_estimate_method": self.explanation if self.basis == "estimated" else None,
            "funding_explanation": self.explanation,
            "project_volume_eur": _num(self.project_volume_eur),
            "sources": [s.as_dict() for s in self.sources],
        }


@dataclass
class Answer:
    filters: Filters
    rows: list[AnswerRow]
    papers: list[SourceDocument]

    @property
    def subject(self) -> str:
        if self.filters.municipality:
            return self.filters.municipality.name
        if self.filters.district:
            return self.filters.district.name
        return "das Ruhrgebiet"

    def groups(self) -> list[tuple[str, list[AnswerRow]]]:
        """Rows by action field in programme order, like the 2020 answer's tables."""
        by_field: dict[str, list[AnswerRow]] = defaultdict(list)
        order: dict[str, int] = {}
        for row in self.rows:
            af = row.project.action_field
            name = af.name if af else "Ohne Handlungsfeld"
            by_field[name].append(row)
            order[name] = af.position if af else 999
        return [(name, by_field[name]) for name in sorted(by_field, key=order.__getitem__)]

    def totals(self) -> dict:
        """Sums per basis, never added across bases, and per kind of money; counts of rows without a figure.

        `exact_eur` and `estimated_eur` sum the money attributed to the places (granted, paid, volume, state
        funds, or of unstated kind); money a document gives as applied for or planned is summed apart
        (`applied_eur`, `planned_eur`) and never in them. `by_kind` lists every (basis, kind) sum.
        """
        sums = {b: Decimal(0) for b in SUMMED_BASES}
        apart = {k: Decimal(0) for k in NOT_ATTRIBUTED_KINDS}
        counts = dict.fromkeys(BASES, 0)
        by_kind: dict[tuple[str, str], list] = {}
        for row in self.rows:
            counts[row.basis] += 1
            if row.funding_eur is None or row.basis not in SUMMED_BASES:
                continue
            entry = by_kind.setdefault((row.basis, row.kind), [Decimal(0), 0])
            entry[0] += row.funding_eur
            entry[1] += 1
            if row.counted:
                sums[row.basis] += row.funding_eur
            else:
                apart[row.kind] += row.funding_eur
        counted_kinds = sorted({kind for (_basis, kind) in by_kind if kind not in NOT_ATTRIBUTED_KINDS})
        return {
            "exact_eur": _num(sums["exact"]),
            "estimated_eur": _num(sums["estimated"]),
            "applied_eur": _num(apart[FundingKind.APPLIED]),
            "planned_eur": _num(apart[FundingKind.PLANNED]),
            "summed_kinds": [_kind_label(k) for k in counted_kinds],
            "by_kind": [
                {
                    "basis": basis,
                    "kind": kind or None,
                    "label": f"{BASIS_SHORT[basis]}, {_kind_label(kind)}",
                    "eur": _num(eur),
                    "rows": n,
                    "counted": kind not in NOT_ATTRIBUTED_KINDS,
                }
                for (basis, kind), (eur, n) in sorted(by_kind.items(), key=lambda item: (item[0][0], item[0][1]))
            ],
            "projects": len({r.project.pk for r in self.rows}),
            "rows_by_basis": counts,
            "note": (
                "Genaue und geschätzte Beträge werden getrennt summiert; geschätzte sind auf volle Tausend Euro "
                "gerundet und nennen ihre Methode. Beantragte und geplante Mittel sind nicht bewilligt und "
                "werden getrennt ausgewiesen, nicht mitgezählt. Zeilen ohne Betrag (unbekannt, regionsweit) "
                "sind gezählt, nicht geschätzt."
            ),
        }

    def as_dict(self) -> dict:
        f = self.filters
        data: dict = {}
        if f.municipality:
            data["municipality"] = {"ags": f.municipality.ags, "name": f.municipality.name}
        if f.district:
            data["district"] = {"ags": f.district.ags, "name": f.district.name}
        data["as_of"] = {"date": f.as_of.isoformat(), "label": f.as_of_label} if f.as_of else None
        data["projects"] = [r.as_dict() for r in self.rows]
        data["totals"] = self.totals()
        data["parliamentary_papers"] = [
            {"title": d.title, "reference": d.reference, "date": d.date.isoformat() if d.date else None}
            for d in self.papers
        ]
        return data


def _kind_label(kind: str) -> str:
    return str(FundingKind(kind).label) if kind else KIND_UNSTATED


def _num(value: Decimal | None):
    if value is None:
        return None
    value = value.quantize(CENT)
    return int(value) if value == value.to_integral_value() else float(value)


# --------------------------------------------------------------------------------------------
# resolving the question


def resolve_place(
    *, municipality: str | None = None, district: str | None = None
) -> tuple[Municipality | None, District | None]:
    if municipality:
        found = Municipality.objects.by_name_or_ags(municipality).first()
        if found is None:
            raise AnswerError(
                f"Kommune „{municipality}“ ist keine der 53 Kommunen des Ruhrgebiets (Name oder Gemeindeschlüssel)."
            )
        return found, None
    if district:
        value = district.strip()
        found = District.objects.filter(Q(name__iexact=value) | Q(slug=value.lower()) | Q(ags=value)).first()
        if found is None:
            names = ", ".join(District.objects.values_list("name", flat=True))
            raise AnswerError(f"Kreis „{district}“ ist unbekannt. Kreise im Ruhrgebiet: {names}.")
        return None, found
    return None, None


def resolve_as_of(value: str | None) -> tuple[date | None, str]:
    """A cut-off given as a date (2022-12-31 or 31.12.2022), a report year (2022) or a document title."""
    if not value:
        return None, ""
    value = value.strip()
    try:
        if value.isdigit() and len(value) == 4:
            return date(int(value), 12, 31), f"Stand Ende {value}"
        if "-" in value:
            return date.fromisoformat(value), f"Stand {date.fromisoformat(value):%d.%m.%Y}"
        if value.count(".") == 2:
            d, m, y = (int(x) for x in value.split("."))
            return date(y, m, d), f"Stand {value}"
    except ValueError as exc:
        raise AnswerError(f"Stichtag „{value}“ ist kein gültiges Datum.") from exc
    document = SourceDocument.objects.filter(title__iexact=value).exclude(as_of=None).first()
    if document is None:
        raise AnswerError(f"Stichtag „{value}“: weder Datum, Berichtsjahr noch Titel eines importierten Berichts.")
    return document.as_of, f"wie im {document.title} angegeben"


# --------------------------------------------------------------------------------------------
# the answer


def build_answer(filters: Filters) -> Answer:
    places = filters.places
    projects = _projects(filters)
    cutoff = filters.as_of
    # The attribution of money to places is the one read of `places.attribution`, shared with map and API.
    money = project_money([p.pk for p in projects], as_of=cutoff)
    statuses = _newest_per_project(StatusRecord.objects.filter(project__in=projects), cutoff)
    ref_sources = _sources_for([r for m in money.values() for r in m.references], cutoff)
    place_ids = {m.pk for m in places}

    rows: list[AnswerRow] = []
    for project in projects:
        refs = money[project.pk].references
        statement = money[project.pk].statement
        shares = money[project.pk].shares
        status = statuses.get(project.pk)
        status_code = status.status if status else (project.status if cutoff is None else "")
        touched = [r for r in refs if not place_ids or r.municipality_id in place_ids]
        for ref in touched:
            share = shares[ref.pk]
            sources = ref_sources.get(ref.pk, [])
            if statement is not None:
                sources = [
                    *sources,
                    SourceRef(
                        statement.document_id,
                        statement.document.title,
                        statement.document.reference,
                        statement.start_line,
                        statement.end_line,
                        "Projektvolumen",
                    ),
                ]
            rows.append(
                _row(
                    project,
                    ref.municipality,
                    ref.description,
                    share.amount,
                    share.basis,
                    share.qualifier,
                    share.explanation,
                    statement,
                    status_code,
                    sources,
                    share.kind,
                )
            )
        if project.region_wide and places:
            named = {r.municipality_id for r in refs}
            for municipality in places:
                if municipality.pk not in named:
                    rows.append(
                        _row(
                            project,
                            municipality,
                            "Das Projekt wirkt im gesamten Ruhrgebiet.",
                            None,
                            REGION_WIDE,
                            "",
                            BASIS_LABELS[REGION_WIDE],
                            statement,
                            status_code,
                            [],
                        )
                    )
    rows = [r for r in rows if _within(r, filters)]
    rows.sort(
        key=lambda r: (
            r.project.action_field.position if r.project.action_field else 999,
            r.project.code,
            r.municipality.name,
        )
    )
    return Answer(filters, rows, _papers(rows, cutoff))


def _row(
    project, municipality, relation, amount, basis, qualifier, explanation, statement, status_code, sources, kind=""
) -> AnswerRow:
    volume = statement.volume_eur if statement is not None else None
    return AnswerRow(
        project=project,
        municipality=municipality,
        local_relation=relation,
        funding_eur=amount,
        basis=basis,
        qualifier=qualifier,
        explanation=explanation,
        project_volume_eur=volume,
        status=status_code,
        status_label=dict(ProjectStatus.choices).get(status_code, "–"),
        sources=sources,
        kind=kind,
    )


def _projects(filters: Filters) -> list[Project]:
    qs = Project.objects.visible_to(filters.viewer).select_related("action_field", "ministry")
    if filters.action_field:
        qs = qs.filter(action_field=filters.action_field)
    if filters.ministry_id:
        qs = qs.filter(ministry_id=filters.ministry_id)
    if filters.status and filters.as_of is None:
        qs = qs.filter(status=filters.status)
    places = filters.places
    if places:
        qs = qs.filter(Q(local_references__municipality__in=places) | Q(region_wide=True)).distinct()
    projects = list(qs.order_by("code"))
    if filters.status and filters.as_of is not None:
        statuses = _newest_per_project(StatusRecord.objects.filter(project__in=projects), filters.as_of)
        projects = [p for p in projects if p.pk in statuses and statuses[p.pk].status == filters.status]
    return projects


def _newest_per_project(qs, cutoff: date | None) -> dict:
    if cutoff is not None:
        qs = qs.filter(document__as_of__lte=cutoff)
    newest: dict = {}
    for item in qs.select_related("document").newest_first():
        newest.setdefault(item.project_id, item)
    return newest


def _sources_for(refs: list[LocalReference], cutoff: date | None) -> dict[int, list[SourceRef]]:
    qs = Provenance.objects.about(LocalReference).filter(object_id__in=[r.pk for r in refs]).select_related("document")
    if cutoff is not None:
        qs = qs.filter(document__as_of__lte=cutoff)
    labels = {"mention": "Ortsnennung", "description": "Lokaler Bezug", "funding_eur": "Förderung vor Ort"}
    out: dict[int, list[SourceRef]] = defaultdict(list)
    for p in qs.order_by("document__as_of", "field", "document_id"):
        out[p.object_id].append(
            SourceRef(
                p.document_id,
                p.document.title,
                p.document.reference,
                p.start_line,
                p.end_line,
                labels.get(p.field, p.field),
            )
        )
    return out


def _papers(rows: list[AnswerRow], cutoff: date | None) -> list[SourceDocument]:
    ids = {s.document_id for r in rows for s in r.sources}
    qs = SourceDocument.objects.filter(pk__in=ids, kind=DocumentKind.PARLIAMENTARY_ANSWER)
    return list(qs.order_by("date"))


def _within(row: AnswerRow, filters: Filters) -> bool:
    if filters.funding_min is None and filters.funding_max is None:
        return True
    if row.funding_eur is None or not row.counted:
        return False  # money applied for or planned is no funding of the place, whatever its amount
    if filters.funding_min is not None and row.funding_eur < filters.funding_min:
        return False
    return not (filters.funding_max is not None and row.funding_eur > filters.funding_max)
