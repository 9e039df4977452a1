from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Erratum,
    ProjectReport,
    RenderJob,
    ReportEvent,
    ReportingPeriod,
)

# --- Reporting cycle: read-only here. Every change goes through reporting.services (rules, locking,
# audit trail, frozen periods), so the admin only shows the records and their version history.


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["title", "cut_off", "due", "state", "published_at"]
    list_filter = ["state"]


@admin.register(ProjectReport)
class ProjectReportAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["project", "period", "state", "status", "version", "updated_at"]
    list_filter = ["period", "state", "status"]
    search_fields = ["project__code", "title"]


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "period", "report", "action", "actor"]
    list_filter = ["action", "period"]


@admin.register(Erratum)
class ErratumAdmin(ReadOnlyAdmin):
    list_display = ["period", "project", "created_at", "created_by"]


@admin.register(RenderJob)
class RenderJobAdmin(ReadOnlyAdmin):
    list_display = ["period", "fmt", "draft", "state", "progress", "created_at", "finished_at"]
    list_filter = ["state", "fmt"]
