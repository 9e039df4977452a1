from django.contrib import admin

from .models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("label", "email", "scope", "created_at", "confirmed_at", "unsubscribed_at", "last_sent_at")
    list_filter = ("scope",)
    search_fields = ("email", "label", "target")
    readonly_fields = ("key", "created_at", "confirmation_sent_at", "confirmed_at", "unsubscribed_at", "last_sent_at")
