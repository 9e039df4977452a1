"""The project list's filters, search and sorting: a form that validates the query string and one read that applies it.

Every filter state is a plain GET URL (shareable, bookmarkable); invalid values
are ignored rather than failing, so a stale link still shows a list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from operations.caching import memoized
from operations.collation import GermanOrder
from places.figures import published, with_current_funding
from places.models import LocalReference, Municipality
from programmes.models import ActionField, Ministry, Pillar, Project, ProjectStatus

from . import search

SORTS = {
    "relevanz": (_("Relevanz"), None),
    "nummer": (_("Projektnummer"), ["code"]),
    "titel": (_("Titel (A–Z)"), [GermanOrder("title"), "code"]),
    "status": (_("Status"), ["status", "code"]),
    "handlungsfeld": (_("Handlungsfeld"), ["action_field__position", "code"]),
    "volumen": (_("Projektvolumen (höchstes zuerst)"), [F("current_volume").desc(nulls_last=True), "code"]),
}

FUNDING_CHOICES = [("", _("alle")), ("ja", _("mit bezifferter Förderung")), ("nein", _("ohne Angabe einer Summe"))]


def _ministry_choices() -> list[tuple[str, str]]:
    # A join over every published project: kept per publication generation.
    return [
        (m.slug, f"{m.name} ({m.abbreviation})")
        for m in Ministry.objects.filter(projects__in=published()).distinct().order_by("name")
    ]


def _action_field_choices() -> list[tuple[str, str]]:
    return [(a.slug, a.name) for a in ActionField.objects.all()]


def _municipality_choices() -> list[tuple[str, str]]:
    return list(Municipality.objects.order_by("name").values_list("slug", "name"))


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Suchbegriff"), required=False, max_length=200)
    handlungsfeld = forms.ChoiceField(label=_("Handlungsfeld"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    ressort = forms.ChoiceField(label=_("Ressort"), required=False)
    kommune = forms.ChoiceField(label=_("Kommune"), required=False)
    saeule = forms.ChoiceField(label=_("Säule"), required=False)
    foerderung = forms.ChoiceField(label=_("Förderung"), required=False, choices=FUNDING_CHOICES)
    sortierung = forms.ChoiceField(label=_("Sortierung"), required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        every = [("", _("alle"))]
        # Reference lists, the same for every request until published data changes: kept like the pages
        # (a search at 100,000 projects otherwise spends a fifth of its time building this form).
        self.fields["handlungsfeld"].choices = every + memoized("portal-action-field-choices", _action_field_choices)
        self.fields["status"].choices = every + list(ProjectStatus.choices)
        self.fields["ressort"].choices = every + memoized("portal-ministry-choices", _ministry_choices)
        self.fields["kommune"].choices = every + memoized("portal-municipality-choices", _municipality_choices)
        self.fields["saeule"].choices = every + list(Pillar.choices)
        self.fields["sortierung"].choices = [(key, label) for key, (label, _order) in SORTS.items()]

    def clean(self):
        data = super().clean()
        # Ignore what does not validate, keep the rest: a stale shared link still shows a list.
        for name in list(self.errors):
            data[name] = ""
        self._errors = {}
        return data

    @property
    def values(self) -> dict[str, str]:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(name, label, shown value) of each filter in use, for the 'remove filter' links."""
        result = []
        for name in ("q", "handlungsfeld", "status", "ressort", "kommune", "saeule", "foerderung"):
            value = self.values.get(name)
            if value:
                field = self.fields[name]
                shown = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
                result.append((name, str(field.label), str(shown)))
        return result


class RankedProjects:
    """Search hits as the paginator wants them: counted and sliced in the database, best first.

    Only the projects of the requested page are loaded (with `relevance` set), so a query matching most of a
    large programme still reads one page of projects. The number of hits is counted apart and capped
    (`search.Search.count`: beyond 10,000 the list says "mehr als" and pages no deeper); the page comes from
    `search.Search.page`, which reads no more of a large result than the page needs. `ResultPaginator` says
    which page is wanted, so that count and page are read together.
    """

    def __init__(self, found: search.Search, projects: QuerySet[Project]) -> None:
        self.found = found
        self.projects = projects
        self._total: int | None = None
        self._window: tuple[int, int] = (0, 0)
        self._rows: list[dict] = []
        self.capped = False  # True: more hits than `search.COUNT_CAP`; the count says "mehr als"

    def expect(self, offset: int, limit: int) -> None:
        """Fetch the rows [offset, offset + limit) together with the count when the count is asked for."""
        if self._total is None:
            self._window = (offset, limit)

    def count(self) -> int:
        if self._total is None:
            total = self.found.count()  # read up to the cap only
            self.capped = total > search.COUNT_CAP
            self._total = min(total, search.COUNT_CAP)  # the list pages as deep as the cap
            offset, limit = self._window
            if limit and offset < self._total:
                self._rows = self.found.page(offset, min(limit, self._total - offset))  # no deeper than the cap
        return self._total

    def __len__(self) -> int:
        return self.count()

    def _ranked_rows(self, key: slice) -> list[dict]:
        offset, limit = self._window
        start, stop = key.start or 0, key.stop
        fetched_all = len(self._rows) < limit  # the window ended before the limit: nothing comes after
        if self._rows and start >= offset and stop is not None and (stop <= offset + limit or fetched_all):
            return self._rows[start - offset : stop - offset]
        if stop is None:
            stop = self.count()
        return self.found.page(start, max(0, min(stop, self.count()) - start))

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        scores = {row["project_id"]: row["relevance"] for row in self._ranked_rows(key)}
        found = self.projects.in_bulk(list(scores))
        page = []
        for pk, relevance in scores.items():
            if pk in found:
                found[pk].relevance = relevance
                page.append(found[pk])
        return page

    def __iter__(self):
        return iter(self[:])


class ResultPaginator(Paginator):
    """A paginator that tells ranked search hits which page will be asked for, before it counts them."""

    def get_page(self, number):
        if isinstance(self.object_list, RankedProjects):
            try:
                wanted = max(1, int(number))
            except (TypeError, ValueError):
                wanted = 1
            self.object_list.expect((wanted - 1) * self.per_page, self.per_page + self.orphans)
        return super().get_page(number)


@dataclass
class Result:
    projects: QuerySet[Project] | RankedProjects
    query_terms: list[str]
    sort: str


def _own(values: dict) -> Q:
    """The filters on a project's own columns: the same lookups on a project and on its search document."""
    condition = Q()
    if values.get("handlungsfeld"):
        condition &= Q(action_field__slug=values["handlungsfeld"])
    if values.get("status"):
        condition &= Q(status=values["status"])
    if values.get("ressort"):
        condition &= Q(ministry__slug=values["ressort"])
    if values.get("saeule"):
        condition &= Q(pillar=values["saeule"])
    return condition


RELATED_FILTERS = ("kommune", "foerderung")  # the filters that read a project's relations


def _related(projects: QuerySet[Project], values: dict) -> QuerySet[Project]:
    if values.get("kommune"):
        concerned = LocalReference.objects.filter(municipality__slug=values["kommune"]).values("project_id")
        projects = projects.filter(pk__in=concerned)
    if values.get("foerderung") in ("ja", "nein"):
        projects = projects.with_funding_figure(values["foerderung"] == "ja")
    return projects


def _filtered(projects: QuerySet[Project], values: dict) -> QuerySet[Project]:
    return _related(projects.filter(_own(values)), values)


def apply(form: ProjectFilterForm) -> Result:
    """Published projects matching the form, annotated with their current funding volume, sorted."""
    values = form.values
    projects = _filtered(with_current_funding(published()).select_related("action_field", "ministry"), values)

    stems = search.query_terms(values.get("q") or "")
    sort = values.get("sortierung") or ("relevanz" if stems else "nummer")
    if sort == "relevanz" and not stems:
        sort = "nummer"
    if stems:
        # The index holds published projects only; the filters restrict it further, a project's own columns on
        # the search document, its relations as a semi-join (without the publication check, whose row estimate
        # would mislead the planner).
        within = (
            _related(with_current_funding(Project.objects.all()), values)
            if any(values.get(name) for name in RELATED_FILTERS)
            else None
        )
        found = search.Search(stems, within, where=_own(values))
        if sort == "relevanz":
            return Result(RankedProjects(found, projects), stems, sort)
        projects = projects.filter(pk__in=found.project_ids())
    return Result(projects.order_by(*SORTS[sort][1]), stems, sort)
