from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .forms import SignLanguageVideoForm
from .models import ContentPage, SignLanguageVideo


@admin.register(ContentPage)
class ContentPageAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "updated_at"]
    readonly_fields = ["updated_at"]
    fields = ["slug", "title", "body", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # The three pages are fixed; the office edits their text, not which page they are.
        return [*self.readonly_fields, "slug"] if obj else self.readonly_fields


@admin.register(SignLanguageVideo)
class SignLanguageVideoAdmin(SimpleHistoryAdmin):
    """The office fills each slot of /gebaerdensprache/: video, WebVTT captions, transcript; then publishes it."""

    form = SignLanguageVideoForm
    list_display = ["topic", "published", "updated_at"]
    readonly_fields = ["updated_at"]
    fields = ["topic", "video", "captions", "transcript", "published", "updated_at"]
