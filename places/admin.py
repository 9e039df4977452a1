from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from programmes.admin import ProjectAdmin
from programmes.models import Project
from sources.admin import ProvenanceInline

from .models import District, FundingAllocation, LocalReference, Municipality


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "ags"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "ags", "kind", "district", "population"]
    list_filter = ["kind", "district"]
    search_fields = ["name", "ags", "official_name"]
    readonly_fields = ["geometry"]


@admin.register(LocalReference)
class LocalReferenceAdmin(SimpleHistoryAdmin):
    list_display = ["project", "municipality", "funding_eur", "funding_basis", "funding_kind"]
    list_filter = ["funding_basis", "funding_kind", "municipality__district", "municipality"]
    search_fields = ["project__code", "project__title", "municipality__name", "description"]
    autocomplete_fields = ["municipality"]
    inlines = [ProvenanceInline]


@admin.register(FundingAllocation)
class FundingAllocationAdmin(SimpleHistoryAdmin):
    list_display = ["project", "method", "amount", "decided_by", "decided_at"]
    list_filter = ["method"]
    autocomplete_fields = ["project"]
    readonly_fields = ["decided_by", "decided_at"]

    def save_model(self, request, obj, form, change):
        obj.decided_by = request.user
        super().save_model(request, obj, form, change)


class LocalReferenceInline(admin.TabularInline):
    model = LocalReference
    extra = 0
    autocomplete_fields = ["municipality"]
    fields = ["municipality", "description", "funding_eur", "funding_basis"]


# The project admin edits a project's places inline. programmes cannot know places (it stands below), so places
# registers the project admin again with its inline, before the document lines as it always stood.
admin.site.unregister(Project)


@admin.register(Project)
class ProjectWithPlacesAdmin(ProjectAdmin):
    inlines = [
        *(inline for inline in ProjectAdmin.inlines if inline is not ProvenanceInline),
        LocalReferenceInline,
        ProvenanceInline,
    ]
