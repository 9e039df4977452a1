from django.contrib import admin

from .models import Subscription, Upload


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("label", "email", "scope", "created_at", "confirmed_at", "unsubscribed_at", "last_sent_at")
    list_filter = ("scope",)
    search_fields = ("email", "label", "target")
    readonly_fields = ("key", "created_at", "confirmation_sent_at", "confirmed_at", "unsubscribed_at", "last_sent_at")


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
