"""What the digests collected and sent, for administrators answering "why did I (not) get a mail?". Read-only:
rows are written by operations.digests only."""

from django.contrib import admin

from .models import Digest, Notification


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ("created_at", "user", "kind", "group", "subject", "sent_at")
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter))
    search_fields = ("user__username", "user__email", "group", "subject", "text")
    date_hierarchy = "created_at"


@admin.register(Digest)
class DigestAdmin(ReadOnly):
    list_display = ("day", "user", "count", "sent_at")
    search_fields = ("user__username", "user__email")
    date_hierarchy = "day"
