"""The project list's filters, search and sorting: a form that validates the query string and one read that applies it.

Every filter state is a plain GET URL (shareable, bookmarkable); invalid values
are ignored rather than failing, so a stale link still shows a list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from places.models import LocalReference, Municipality
from programmes.models import ActionField, Ministry, Pillar, Project, ProjectStatus

from . import search
from .figures import published, with_current_funding
from .models import SearchTerm

SORTS = {
    "relevanz": (_("Relevanz"), None),
    "nummer": (_("Projektnummer"), ["code"]),
    "titel": (_("Titel (A–Z)"), ["title", "code"]),
    "status": (_("Status"), ["status", "code"]),
    "handlungsfeld": (_("Handlungsfeld"), ["action_field__position", "code"]),
    "volumen": (_("Projektvolumen (höchstes zuerst)"), [F("current_volume").desc(nulls_last=True), "code"]),
}

FUNDING_CHOICES = [("", _("alle")), ("ja", _("mit bezifferter Förderung")), ("nein", _("ohne Angabe einer Summe"))]


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
        self.fields["ressort"].choices = every + [
            (m.slug, f"{m.name} ({m.abbreviation})")
            for m in Ministry.objects.filter(projects__in=published()).distinct().order_by("name")
        ]
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


@dataclass
class Result:
    projects: QuerySet[Project]
    query_terms: list[str]
    sort: str


def apply(form: ProjectFilterForm) -> Result:
    """Published projects matching the form, annotated with their current funding volume, sorted."""
    values = form.values
    projects = with_current_funding(published()).select_related("action_field", "ministry")
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
    if values.get("foerderung") == "ja":
        projects = projects.filter(current_figure__isnull=False)
    elif values.get("foerderung") == "nein":
        projects = projects.filter(current_figure__isnull=True)

    stems = search.query_terms(values.get("q") or "")
    sort = values.get("sortierung") or ("relevanz" if stems else "nummer")
    if sort == "relevanz" and not stems:
        sort = "nummer"
    if stems:
        rows = SearchTerm.objects.filter(search.candidate_filter(stems), project__in=published()).values_list(
            "project_id", "term", "weight"
        )
        hits = search.rank(stems, rows)
        order = {hit.project_id: position for position, hit in enumerate(hits)}
        projects = projects.filter(pk__in=list(order)).annotate(
            relevance=Case(
                *[When(pk=pk, then=Value(pos)) for pk, pos in order.items()],
                default=Value(len(order)),
                output_field=IntegerField(),
            )
            if order
            else Value(0, output_field=IntegerField())
        )
        if sort == "relevanz":
            return Result(projects.order_by("relevance", "code"), stems, sort)
    return Result(projects.order_by(*SORTS[sort][1]), stems, sort)
