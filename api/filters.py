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
from programmes.models import Ministry, Pillar, ProjectStatus
from sources.parsers.vocabulary import ACTION_FIELDS

from .problems import ProblemError, german_validation_message

ActionFieldSlug = Literal[tuple(slug for slug, *_rest in ACTION_FIELDS)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(ProjectStatus.values)]  # type: ignore[valid-type]
PillarCode = Literal[tuple(Pillar.values)]  # type: ignore[valid-type]

FILTER_NAMES = ("q", "action_field", "status", "ministry", "municipality", "district", "pillar", "has_funding")


class FilterError(ProblemError):
    def __init__(self, detail: str, parameter: str) -> None:
        super().__init__(400, detail, errors=[{"parameter": parameter, "detail": detail}])


class ProjectFilters(Schema):
    q: str | None = Field(
        None,
        max_length=200,
        description="Suchbegriffe, dieselbe Suche wie im Portal (Projektnummer, Titel, Texte, Meilensteine, Orte; "
        "Wortstämme und Wortteile, jedes Wort muss vorkommen); Treffer nach Relevanz sortiert",
    )
    action_field: ActionFieldSlug | None = Field(None, description="Handlungsfeld (Kurzname)")
    status: StatusCode | None = Field(None, description="Status (Code)")
    ministry: str | None = Field(None, max_length=40, description="Ressort: Kürzel oder Kurzname, z. B. MWIKE")
    municipality: str | None = Field(
        None, max_length=100, description="Kommune: Amtlicher Gemeindeschlüssel (8 Ziffern) oder Kurzname"
    )
    district: str | None = Field(None, max_length=100, description="Kreis: Kreisschlüssel (5 Ziffern) oder Kurzname")
    pillar: PillarCode | None = Field(None, description="Säule")
    has_funding: bool | None = Field(
        None,
        description="nur Projekte, deren aktuelle Angabe zum Projektvolumen eine Summe nennt (true: Volumen, "
        "Landesmittel oder jährlicher Betrag) oder keine (false); wie der Filter „Förderung“ im Portal",
    )

    @classmethod
    def from_query(cls, query: QueryDict) -> ProjectFilters:
        """Validate a Django query string (downloads, feeds) the way the API validates its parameters."""
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

    def ranked(self):
        """The search hits among the filtered projects, best first (rows of project_id, relevance), exactly as
        the portal's list ranks them; the index holds published projects only."""
        from programmes.models import Project

        rest = self.model_copy(update={"q": None})
        within = None if rest.is_empty() else rest.apply(Project.objects.all())
        return search.ranked(search.query_terms(self.q or ""), within)

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
        }
        for name, value in self.as_query().items():
            if name == "status":
                value = str(ProjectStatus(value).label)
            elif name == "pillar":
                value = str(Pillar(value).label)
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

    # applying ---------------------------------------------------------------------------
    def apply(self, projects: QuerySet) -> QuerySet:
        qs = projects
        if self.q:
            qs = search.matching(qs, self.q)
        if self.action_field:
            qs = qs.filter(action_field__slug=self.action_field)
        if self.status:
            qs = qs.filter(status=self.status)
        ministry = self.find_ministry()
        if ministry is not None:
            qs = qs.filter(ministry=ministry)
        municipality = self.find_municipality()
        if municipality is not None:
            qs = qs.filter(local_references__municipality=municipality)
        district = self.find_district()
        if district is not None:
            qs = qs.filter(local_references__municipality__district=district)
        if self.pillar:
            qs = qs.filter(pillar=self.pillar)
        if self.has_funding is not None:
            qs = qs.with_funding_figure(self.has_funding)
        return qs.distinct()
