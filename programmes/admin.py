from datetime import date

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from sources.admin import ProvenanceInline

from .forms import ProjectPhotoForm
from .models import (
    ActionField,
    FundingStatement,
    Indicator,
    IndicatorSuggestion,
    IndicatorValue,
    Milestone,
    Ministry,
    MinistryName,
    Programme,
    ProgrammeIndicator,
    Project,
    ProjectPhoto,
    ProjectSection,
    StatusRecord,
    SubProject,
)
from .services import (
    PROGRAMME_INDICATOR_FIELDS,
    define_programme_indicator,
    delete_programme_indicator,
    set_programme_indicator_contributions,
    update_programme_indicator,
)


class ActionFieldInline(admin.TabularInline):
    model = ActionField
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "started"]
    inlines = [ActionFieldInline]


@admin.register(ActionField)
class ActionFieldAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "position", "programme"]


class MinistryNameInline(admin.TabularInline):
    model = MinistryName
    extra = 0


@admin.register(Ministry)
class MinistryAdmin(SimpleHistoryAdmin):
    list_display = ["abbreviation", "name"]
    search_fields = ["abbreviation", "name", "names__name"]
    inlines = [MinistryNameInline]


class FrozenStatementAdmin:
    """Statements of published editions are shown, never changed, here: a figure, its document and its lines
    are what the document says (sources.models.StatementModel). Corrections go through the office's services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SubProjectInline(admin.TabularInline):
    model = SubProject
    extra = 0


class StatusRecordInline(FrozenStatementAdmin, admin.TabularInline):
    model = StatusRecord
    extra = 0
    fields = ["status", "basis", "document", "start_line", "end_line"]
    readonly_fields = ["document", "start_line", "end_line"]


class MilestoneInline(FrozenStatementAdmin, admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["position", "year", "year_end", "month", "day", "subproject", "text", "document", "start_line"]
    readonly_fields = ["document", "start_line"]


class FundingInline(FrozenStatementAdmin, admin.StackedInline):
    model = FundingStatement
    extra = 0
    readonly_fields = ["document", "start_line", "end_line"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "action_field", "ministry", "status", "pillar"]
    list_filter = ["action_field", "status", "pillar", "ministry"]
    search_fields = ["code", "title", "summary"]
    prepopulated_fields = {"slug": ["code", "title"]}
    autocomplete_fields = ["parent"]
    inlines = [
        SubProjectInline,
        StatusRecordInline,
        FundingInline,
        MilestoneInline,
        # places adds its LocalReferenceInline here (places/admin.py): places stands above programmes.
        ProvenanceInline,
    ]


@admin.register(FundingStatement)
class FundingStatementAdmin(FrozenStatementAdmin, SimpleHistoryAdmin):
    list_display = ["project", "volume_eur", "state_eur", "spent_eur", "determinable", "document"]
    list_filter = ["determinable", "document"]
    search_fields = ["project__code", "project__title", "text"]


@admin.register(Milestone)
class MilestoneAdmin(FrozenStatementAdmin, admin.ModelAdmin):
    list_display = ["project", "year", "text", "document"]
    list_filter = ["year", "document"]
    search_fields = ["project__code", "text"]


@admin.register(ProjectSection)
class ProjectSectionAdmin(FrozenStatementAdmin, admin.ModelAdmin):
    list_display = ["project", "heading", "document"]
    list_filter = ["key", "document"]
    search_fields = ["project__code", "text"]


@admin.register(StatusRecord)
class StatusRecordAdmin(FrozenStatementAdmin, admin.ModelAdmin):
    list_display = ["project", "status", "basis", "document"]
    list_filter = ["status", "document"]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["project", "name", "unit", "baseline", "target", "target_qualifier", "target_date"]
    search_fields = ["name", "project__code"]
    inlines = [IndicatorValueInline]


@admin.register(IndicatorSuggestion)
class IndicatorSuggestionAdmin(SimpleHistoryAdmin):
    """The office's review list: every figure found in a document, with its sentence and lines."""

    list_display = ["project", "raw", "kind", "date_text", "sentence_short", "source", "state", "decided"]
    list_filter = ["state", "kind", "decided_by_system", "document"]
    search_fields = ["project__code", "project__title", "sentence", "unit"]
    list_select_related = ["project", "document", "decided_by"]
    readonly_fields = [
        "project",
        "document",
        "start_line",
        "end_line",
        "sentence",
        "raw",
        "value",
        "qualifier",
        "unit",
        "kind",
        "year",
        "month",
        "horizon",
        "date_text",
        "state",
        "decided_by",
        "decided_by_system",
        "decided_at",
        "reason",
        "indicator",
        "indicator_value",
    ]
    actions = ["confirm_selected", "reject_selected"]
    change_form_template = "admin/programmes/indicatorsuggestion/change_form.html"

    def has_add_permission(self, request):
        return False  # suggestions come from documents only

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/bestaetigen/",
                self.admin_site.admin_view(self.confirm_view),
                name="programmes_indicatorsuggestion_confirm",
            )
        ]
        return urls + super().get_urls()

    def confirm_view(self, request, pk: int):
        """Confirm one suggestion with the name, value and dates the office decides on."""
        from .forms import ConfirmSuggestionForm
        from .services import IndicatorDecisionError, confirm_indicator_suggestion

        suggestion = get_object_or_404(IndicatorSuggestion.objects.select_related("project", "document"), pk=pk)
        if not request.user.has_perm("programmes.decide_indicator_suggestion"):
            raise PermissionDenied
        initial = {
            "indicator_name": suggestion.unit,
            "unit": suggestion.unit[:50],
            "kind": suggestion.kind,
            "value": suggestion.value,
            "qualifier": suggestion.qualifier,
            "target_date": date(suggestion.horizon, 12, 31) if suggestion.horizon else None,
        }
        form = ConfirmSuggestionForm(request.POST or None, initial=initial, suggestion=suggestion)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            existing = data["indicator"]
            try:
                confirm_indicator_suggestion(
                    suggestion,
                    acting_user=request.user,
                    indicator_name=existing.name if existing else data["indicator_name"],
                    unit=data["unit"],
                    value=data["value"],
                    qualifier=data["qualifier"] or "",
                    as_of=data["as_of"],
                    kind=data["kind"],
                    target_date=data["target_date"],
                )
            except IndicatorDecisionError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, _("Vorschlag bestätigt."))
                return redirect("admin:programmes_indicatorsuggestion_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Vorschlag bestätigen"),
            "suggestion": suggestion,
            "form": form,
            "lines": suggestion.document.lines(suggestion.start_line - 2, suggestion.end_line + 2),
        }
        return TemplateResponse(request, "admin/programmes/indicatorsuggestion/confirm.html", context)

    @admin.display(description=_("Satz"))
    def sentence_short(self, obj):
        return obj.sentence if len(obj.sentence) <= 240 else obj.sentence[:237] + "…"

    @admin.display(description=_("Quelle"))
    def source(self, obj):
        return f"{obj.document.title}, Z. {obj.start_line}–{obj.end_line}"

    @admin.display(description=_("entschieden"))
    def decided(self, obj):
        if obj.decided_by_system:
            return _("ohne Prüfung (Referenzsatz)")
        return obj.decided_by or "–"

    @admin.action(description=_("Ausgewählte bestätigen (Name = gezählte Einheit)"))
    def confirm_selected(self, request, queryset):
        from .services import IndicatorDecisionError, confirm_indicator_suggestion

        done = 0
        for suggestion in queryset:
            try:
                confirm_indicator_suggestion(suggestion, acting_user=request.user)
                done += 1
            except (PermissionDenied, IndicatorDecisionError) as exc:
                self.message_user(request, f"{suggestion}: {exc}", messages.ERROR)
        self.message_user(request, ngettext("%d Vorschlag bestätigt.", "%d Vorschläge bestätigt.", done) % done)

    @admin.action(description=_("Ausgewählte verwerfen"))
    def reject_selected(self, request, queryset):
        from .services import IndicatorDecisionError, reject_indicator_suggestion

        done = 0
        for suggestion in queryset:
            try:
                reject_indicator_suggestion(suggestion, acting_user=request.user)
                done += 1
            except (PermissionDenied, IndicatorDecisionError) as exc:
                self.message_user(request, f"{suggestion}: {exc}", messages.ERROR)
        self.message_user(request, ngettext("%d Vorschlag verworfen.", "%d Vorschläge verworfen.", done) % done)


admin.site.site_header = _("Ruhr-Monitor – Verwaltung")
admin.site.site_title = _("Ruhr-Monitor")
admin.site.index_title = _("Leitstelle")


@admin.register(ProgrammeIndicator)
class ProgrammeIndicatorAdmin(SimpleHistoryAdmin):
    """Read-mostly: changes go through the office's editor (/kennzahlen/leitstelle/), which calls the services."""

    list_display = ["name", "aggregation", "unit", "match_unit", "target", "defined_by_system", "updated_at"]
    list_filter = ["aggregation", "defined_by_system"]
    search_fields = ["name", "slug", "method"]
    filter_horizontal = ["contributions"]
    exclude = ["programme"]
    readonly_fields = ["defined_by", "defined_by_system", "version", "updated_at"]

    def save_model(self, request, obj, form, change):
        fields = {key: form.cleaned_data[key] for key in PROGRAMME_INDICATOR_FIELDS if key in form.cleaned_data}
        if change:
            saved = update_programme_indicator(obj, acting_user=request.user, **fields)
        else:
            saved = define_programme_indicator(acting_user=request.user, slug=form.cleaned_data["slug"], **fields)
        obj.pk, obj.version = saved.pk, saved.version

    def save_related(self, request, form, formsets, change):
        set_programme_indicator_contributions(
            form.instance, form.cleaned_data.get("contributions", []), acting_user=request.user
        )

    def delete_model(self, request, obj):
        delete_programme_indicator(obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            delete_programme_indicator(obj, acting_user=request.user)

    def has_add_permission(self, request):
        return request.user.has_perm("programmes.change_programme_indicator")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("programmes.change_programme_indicator")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("programmes.change_programme_indicator")


@admin.register(ProjectPhoto)
class ProjectPhotoAdmin(SimpleHistoryAdmin):
    form = ProjectPhotoForm
    list_display = ["project", "alt_text", "credit", "licence", "published"]
    list_filter = ["published"]
    search_fields = ["project__code", "project__title", "alt_text", "caption", "credit"]
    autocomplete_fields = ["project"]
