from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FundingAllocation, SavedQuery


@admin.register(FundingAllocation)
class FundingAllocationAdmin(SimpleHistoryAdmin):
    list_display = ["project", "method", "amount", "decided_by", "decided_at"]
    list_filter = ["method"]
    autocomplete_fields = ["project"]
    readonly_fields = ["decided_by", "decided_at"]

    def save_model(self, request, obj, form, change):
        obj.decided_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SavedQuery)
class SavedQueryAdmin(admin.ModelAdmin):
    list_display = ["title", "created_by", "created_at"]
    readonly_fields = ["key", "params", "created_by", "created_at"]
