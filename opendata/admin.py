from django.contrib import admin

from .models import Upload


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    # The audit record of the round trip: read-only, so what was applied cannot be rewritten afterwards.
    list_display = ("filename", "status", "uploaded_by", "uploaded_at", "applied_by", "applied_at")
    list_filter = ("status",)
    exclude = ("content",)
    readonly_fields = (
        "key",
        "filename",
        "dataset",
        "status",
        "changes",
        "errors",
        "notes",
        "uploaded_by",
        "uploaded_at",
        "applied_by",
        "applied_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
