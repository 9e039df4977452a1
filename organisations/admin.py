from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation, OrganisationName, ProjectRole


class NameInline(admin.TabularInline):
    model = OrganisationName
    extra = 1


class RoleInline(admin.TabularInline):
    model = ProjectRole
    extra = 0
    autocomplete_fields = ["project"]
    fields = ["project", "role", "wording", "document", "start_line", "end_line"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    """The office keeps the registry: names, kind, seat, website, former names; corrects or adds roles."""

    list_display = ["name", "kind", "municipality", "defined_by_system"]
    list_filter = ["kind", "defined_by_system"]
    search_fields = ["name", "names__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NameInline, RoleInline]


@admin.register(ProjectRole)
class ProjectRoleAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "role", "project", "document", "start_line"]
    list_filter = ["role"]
    search_fields = ["organisation__name", "project__code", "project__title"]
    autocomplete_fields = ["project", "organisation"]
