"""The project list's filters, search and sorting: a form that validates the query string and one read that applies it.

Every filter state is a plain GET URL (shareable, bookmarkable); invalid values
are ignored rather than failing, so a stale link still shows a list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, F, QuerySet, Window
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
        self.fields["handlungsfeld"].choices = every + [(a.slug, a.name) for a in ActionField.objects.all()]
        self.fields["status"].choices = every + list(ProjectStatus.choices)
        self.fields["ressort"].choices = every + memoized("portal-ministry-choices", _ministry_choices)
        self.fields["kommune"].choices = every + list(Municipality.objects.order_by("name").values_list("slug", "name"))
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

    Only the projects of the requested page are loaded (with `relevance` set), so a
    query matching most of a large programme still reads one page of projects. The
    number of hits is counted apart and capped (`search.TopCut`: beyond 10,000 the
    list says "mehr als" and pages no deeper); a large result's page is ranked from
    its best postings. Without a `top` (nothing can match), the count comes with the
    page in one window query. `ResultPaginator` says which page is wanted.
    """

    def __init__(self, hits, projects: QuerySet[Project], top: search.OneWordTop | None = None) -> None:
        self.hits = hits
        self.projects = projects
        self.top = top  # counted apart (capped), a large result's page ranked from the best postings
        self._total: int | None = None
        self._window: tuple[int, int] = (0, 0)
        self._rows: list[dict] = []
        self._cut = False  # True: the page comes from `top`, not from ranking every hit
        self.capped = False  # True: more hits than `search.COUNT_CAP`; the count says "mehr als"

    def expect(self, offset: int, limit: int) -> None:
        """Fetch the count together with the rows [offset, offset + limit) when the count is asked for."""
        if self._total is None:
            self._window = (offset, limit)

    def count(self) -> int:
        if self._total is None and self.top is not None:
            total = self.top.count()  # read up to the cap only (`search.TopCut.count`)
            self.capped = total > search.COUNT_CAP
            self._total = min(total, search.COUNT_CAP)  # the list pages as deep as the cap
            offset, limit = self._window
            if limit and offset < self._total:
                limit = min(limit, self._total - offset)  # no deeper than the cap
                if self._total > search.FEW_HITS:
                    self._cut = True
                    self._rows = self.top.rows(offset, limit)
                else:
                    self._rows = list(self.hits[offset : offset + limit])
            return self._total
        if self._total is None:
            offset, limit = self._window
            if limit:
                total = Window(Count("*"))
                self._rows = list(self.hits.annotate(total=total)[offset : offset + limit])
            if self._rows:
                self._total = self._rows[0]["total"]
            elif limit and offset == 0:
                self._total = 0
            else:  # no page announced, or one past the end: the paginator will ask for another
                self._total = self.hits.count()
        return self._total

    def __len__(self) -> int:
        return self.count()

    def _ranked_rows(self, key: slice) -> list[dict]:
        offset, limit = self._window
        start, stop = key.start or 0, key.stop
        fetched_all = len(self._rows) < limit  # the window ended before the limit: nothing comes after
        if self._rows and start >= offset and stop is not None and (stop <= offset + limit or fetched_all):
            return self._rows[start - offset : stop - offset]
        if self._cut and stop is not None:
            return self.top.rows(start, stop - start)
        return list(self.hits[key])

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


FILTERS = ("handlungsfeld", "status", "ressort", "kommune", "saeule", "foerderung")


def _filtered(projects: QuerySet[Project], values: dict) -> QuerySet[Project]:
    if values.get("handlungsfeld"):
        projects = projects.filter(action_field__slug=values["handlungsfeld"])
    if values.get("status"):
        projects = projects.filter(status=values["status"])
    if values.get("ressort"):
        projects = projects.filter(ministry__slug=values["ressort"])
    if values.get("kommune"):
        concerned = LocalReference.objects.filter(municipality__slug=values["kommune"]).values("project_id")
        projects = projects.filter(pk__in=concerned)
    if values.get("saeule"):
        projects = projects.filter(pillar=values["saeule"])
    if values.get("foerderung") in ("ja", "nein"):
        projects = projects.with_funding_figure(values["foerderung"] == "ja")
    return projects


def apply(form: ProjectFilterForm) -> Result:
    """Published projects matching the form, annotated with their current funding volume, sorted."""
    values = form.values
    projects = _filtered(with_current_funding(published()).select_related("action_field", "ministry"), values)

    stems = search.query_terms(values.get("q") or "")
    sort = values.get("sortierung") or ("relevanz" if stems else "nummer")
    if sort == "relevanz" and not stems:
        sort = "nummer"
    if stems:
        # The index holds published projects only; the filters restrict it further (without the
        # publication check, whose row estimate would mislead the planner into reading every posting).
        within = (
            _filtered(with_current_funding(Project.objects.all()), values)
            if any(values.get(name) for name in FILTERS)
            else None
        )
        top = search.one_word_top(stems, within) if sort == "relevanz" else None
        hits = search.ranked(stems, within, top)
        if sort == "relevanz":
            return Result(RankedProjects(hits, projects, top), stems, sort)
        projects = projects.filter(pk__in=hits.values("project_id"))
    return Result(projects.order_by(*SORTS[sort][1]), stems, sort)
