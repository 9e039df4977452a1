from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sources.admin import ProvenanceInline

from .models import District, LocalReference, Municipality


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
