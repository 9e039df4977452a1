from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from places.models import LocalReference
from sources.admin import ProvenanceInline

from .models import (
    ActionField,
    FundingStatement,
    Indicator,
    IndicatorValue,
    Milestone,
    Ministry,
    MinistryName,
    Programme,
    Project,
    ProjectSection,
    StatusRecord,
    SubProject,
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


class SubProjectInline(admin.TabularInline):
    model = SubProject
    extra = 0


class StatusRecordInline(admin.TabularInline):
    model = StatusRecord
    extra = 0
    fields = ["status", "basis", "document", "start_line", "end_line"]
    readonly_fields = ["document", "start_line", "end_line"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["position", "year", "year_end", "month", "day", "subproject", "text", "document", "start_line"]
    readonly_fields = ["document", "start_line"]


class FundingInline(admin.StackedInline):
    model = FundingStatement
    extra = 0
    readonly_fields = ["document", "start_line", "end_line"]


class LocalReferenceInline(admin.TabularInline):
    model = LocalReference
    extra = 0
    autocomplete_fields = ["municipality"]
    fields = ["municipality", "description", "funding_eur", "funding_basis"]


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
        LocalReferenceInline,
        ProvenanceInline,
    ]


@admin.register(FundingStatement)
class FundingStatementAdmin(SimpleHistoryAdmin):
    list_display = ["project", "volume_eur", "state_eur", "spent_eur", "determinable", "document"]
    list_filter = ["determinable", "document"]
    search_fields = ["project__code", "project__title", "text"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["project", "year", "text", "document"]
    list_filter = ["year", "document"]
    search_fields = ["project__code", "text"]


@admin.register(ProjectSection)
class ProjectSectionAdmin(admin.ModelAdmin):
    list_display = ["project", "heading", "document"]
    list_filter = ["key", "document"]
    search_fields = ["project__code", "text"]


@admin.register(StatusRecord)
class StatusRecordAdmin(admin.ModelAdmin):
    list_display = ["project", "status", "basis", "document"]
    list_filter = ["status", "document"]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["project", "name", "unit", "target"]
    search_fields = ["name", "project__code"]
    inlines = [IndicatorValueInline]


admin.site.site_header = _("Ruhr-Monitor – Verwaltung")
admin.site.site_title = _("Ruhr-Monitor")
admin.site.index_title = _("Leitstelle")
