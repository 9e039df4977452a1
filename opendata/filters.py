"""The project filters of the portal, as one schema read by the API, the downloads, the feeds and the alerts.

A filtered list has the same query string everywhere: `/api/v1/projects?status=completed`,
`/daten/download/projects.csv?status=completed` and `/daten/feeds/suche.atom?status=completed`
select the same projects, because all three validate it with `ProjectFilters`.
"""

from __future__ import annotations

from typing import Literal

from django.db.models import Q, QuerySet
from django.http import QueryDict
from ninja import Schema
from pydantic import Field, ValidationError

from places.models import District, Municipality
from portal import search
from programmes.models import Ministry, MinistryName, Pillar, ProjectStatus
from sources.parsers.vocabulary import ACTION_FIELDS

from .problems import ProblemError, german_validation_message

ActionFieldSlug = Literal[tuple(slug for slug, *_rest in ACTION_FIELDS)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(ProjectStatus.values)]  # type: ignore[valid-type]
PillarCode = Literal[tuple(Pillar.values)]  # type: ignore[valid-type]

FILTER_NAMES = (
    "q",
    "action_field",
    "status",
    "ministry",
    "municipality",
    "district",
    "pillar",
    "has_funding",
    "organisation",
)


def reject_unknown(query: QueryDict, allowed) -> None:
    unknown = sorted(set(query) - set(allowed))
    if unknown:
        names = ", ".join(f"„{name}“" for name in unknown)
        raise ProblemError(
            400,
            f"Unbekannter Parameter {names}. Erlaubt sind: {', '.join(sorted(allowed))}.",
            errors=[{"parameter": name, "detail": "unbekannter Parameter"} for name in unknown],
        )


def known_values() -> dict[str, list[str]]:
    """Every value the reference filters accept as written: abbreviations (also former ones), keys and slugs."""
    from organisations.models import Organisation

    ministries: set[str] = set()
    for abbreviation, slug in Ministry.objects.values_list("abbreviation", "slug"):
        ministries |= {abbreviation, slug}
    ministries |= set(MinistryName.objects.exclude(abbreviation="").values_list("abbreviation", flat=True))
    return {
        "ministry": sorted(v for v in ministries if v and len(v) <= 40),
        "district": sorted({v for pair in District.objects.values_list("ags", "slug") for v in pair if v}),
        "municipality": sorted({v for pair in Municipality.objects.values_list("ags", "slug") for v in pair if v}),
        "organisation": sorted(Organisation.objects.values_list("slug", flat=True)),
    }


OWN_COLUMN_FILTERS = ("action_field", "status", "ministry", "pillar")  # filters on a project's own columns


class FilterError(ProblemError):
    def __init__(self, detail: str, parameter: str) -> None:
        super().__init__(400, detail, errors=[{"parameter": parameter, "detail": detail}])


class ProjectFilters(Schema):
    q: str | None = Field(
        None,
        max_length=200,
        description="Suchbegriffe, dieselbe Suche wie im Portal (Projektnummer, Titel, Texte, Meilensteine, Orte; "
        "Wortstämme und Wortteile, jedes Wort muss vorkommen); Treffer nach Relevanz sortiert",
        examples=["Bochum"],
    )
    action_field: ActionFieldSlug | None = Field(None, description="Handlungsfeld (Kurzname)", examples=["bildung"])
    status: StatusCode | None = Field(None, description="Status (Code)", examples=["completed"])
    # The OpenAPI document lists the known values of these three as an enum, read from the registry when the
    # document is served (`known_values`), since an import may register a ministry; see api.RuhrMonitorAPI.
    ministry: str | None = Field(
        None, max_length=40, description="Ressort: Kürzel oder Kurzname, z. B. MWIKE", examples=["MWIKE"]
    )
    municipality: str | None = Field(
        None,
        max_length=100,
        description="Kommune: Amtlicher Gemeindeschlüssel (8 Ziffern) oder Kurzname",
        examples=["05911000"],
    )
    district: str | None = Field(
        None, max_length=100, description="Kreis: Kreisschlüssel (5 Ziffern) oder Kurzname", examples=["05562"]
    )
    pillar: PillarCode | None = Field(None, description="Säule", examples=["ressortprojekt"])
    has_funding: bool | None = Field(
        None,
        description="nur Projekte, deren aktuelle Angabe zum Projektvolumen eine Summe nennt (true: Volumen, "
        "Landesmittel oder jährlicher Betrag) oder keine (false); wie der Filter „Förderung“ im Portal",
        examples=[True],
    )
    organisation: str | None = Field(
        None,
        max_length=120,
        description="Akteur (Kurzname): nur Projekte, an denen er laut einem Dokument beteiligt ist",
        examples=["ruhr-universitaet-bochum"],
    )

    @classmethod
    def from_query(cls, query: QueryDict, *, also_allowed: tuple[str, ...] = ()) -> ProjectFilters:
        """Validate a Django query string (downloads, feeds) the way the API validates its parameters.

        An unknown parameter is an error, not ignored: `?Q=Bochum` would otherwise quietly return everything."""
        reject_unknown(query, (*FILTER_NAMES, *also_allowed))
        data = {name: query.get(name) for name in FILTER_NAMES if query.get(name) not in (None, "")}
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            errors = [
                {"parameter": ".".join(str(p) for p in e["loc"]) or "query", "detail": german_validation_message(e)}
                for e in exc.errors()
            ]
            raise ProblemError(400, "Ungültige Filterangabe.", errors=errors) from exc

    @property
    def searching(self) -> bool:
        return bool(self.q and search.query_terms(self.q))

    def search(self) -> search.Search:
        """The search among the filtered projects, exactly as the portal's list counts and ranks it; the index
        holds published projects only. A project's own columns are filtered on its search document, the other
        filters as a semi-join."""
        from programmes.models import Project

        rest = self.model_copy(update={"q": None, **dict.fromkeys(OWN_COLUMN_FILTERS)})
        projects = None if rest.is_empty() else rest.apply(Project.objects.all())
        return search.Search(search.query_terms(self.q or ""), projects, where=self.own())

    def own(self) -> Q:
        """The filters on a project's own columns: the same lookups on a project and on its search document."""
        condition = Q()
        if self.action_field:
            condition &= Q(action_field__slug=self.action_field)
        if self.status:
            condition &= Q(status=self.status)
        ministry = self.find_ministry()
        if ministry is not None:
            condition &= Q(ministry=ministry)
        if self.pillar:
            condition &= Q(pillar=self.pillar)
        return condition

    def is_empty(self) -> bool:
        return not any(getattr(self, name) not in (None, "") for name in FILTER_NAMES)

    def as_query(self) -> dict[str, str]:
        out = {}
        for name in FILTER_NAMES:
            value = getattr(self, name)
            if value is None or value == "":
                continue
            out[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
        return out

    def describe(self) -> str:
        """German, for feed titles and alert labels: "Status: abgeschlossen, Kommune: Bochum"."""
        parts = []
        labels = {
            "q": "Suche",
            "action_field": "Handlungsfeld",
            "status": "Status",
            "ministry": "Ressort",
            "municipality": "Kommune",
            "district": "Kreis",
            "pillar": "Säule",
            "has_funding": "mit Projektvolumen",
            "organisation": "Akteur",
        }
        for name, value in self.as_query().items():
            if name == "q":
                parts.append(f"Suchbegriff „{value}“")
                continue
            if name == "status":
                value = str(ProjectStatus(value).label)
            elif name == "pillar":
                value = str(Pillar(value).label)
            elif name == "organisation":
                found = self.find_organisation()
                value = found.name if found is not None else value
            elif name == "has_funding":
                value = "ja" if value == "true" else "nein"
            parts.append(f"{labels[name]}: {value}")
        return ", ".join(parts) or "alle Projekte"

    # resolving references ----------------------------------------------------------------
    def find_municipality(self) -> Municipality | None:
        if not self.municipality:
            return None
        found = Municipality.objects.by_name_or_ags(self.municipality).first()
        if found is None:
            raise FilterError(
                f"Kommune „{self.municipality}“ ist unbekannt (Gemeindeschlüssel oder Kurzname einer der 53 Kommunen des Ruhrgebiets).",
                "municipality",
            )
        return found

    def find_district(self) -> District | None:
        if not self.district:
            return None
        value = self.district.strip()
        found = District.objects.filter(Q(ags=value) | Q(slug=value.lower()) | Q(name__iexact=value)).first()
        if found is None:
            raise FilterError(f"Kreis „{self.district}“ ist unbekannt.", "district")
        return found

    def find_ministry(self) -> Ministry | None:
        if not self.ministry:
            return None
        value = self.ministry.strip()
        found = Ministry.objects.filter(
            Q(abbreviation__iexact=value) | Q(slug=value.lower()) | Q(names__abbreviation__iexact=value)
        ).first()
        if found is None:
            raise FilterError(f"Ressort „{self.ministry}“ ist unbekannt (Kürzel wie MWIKE oder Kurzname).", "ministry")
        return found

    def find_organisation(self):
        if not self.organisation:
            return None
        from organisations.models import Organisation

        found = Organisation.objects.filter(slug=self.organisation.strip().lower()).first()
        if found is None:
            raise FilterError(
                f"Akteur „{self.organisation}“ ist unbekannt (Kurzname wie ruhr-universitaet-bochum).", "organisation"
            )
        return found

    # applying ---------------------------------------------------------------------------
    def apply(self, projects: QuerySet) -> QuerySet:
        qs = projects
        if self.q:
            qs = search.matching(qs, self.q)
        qs = qs.filter(self.own())
        municipality = self.find_municipality()
        if municipality is not None:
            qs = qs.filter(local_references__municipality=municipality)
        district = self.find_district()
        if district is not None:
            qs = qs.filter(local_references__municipality__district=district)
        organisation = self.find_organisation()
        if organisation is not None:
            qs = qs.filter(roles__organisation=organisation)
        if self.has_funding is not None:
            qs = qs.with_funding_figure(self.has_funding)
        return qs.distinct()
