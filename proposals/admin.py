from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Proposal


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "theme", "source"]
    list_filter = ["source", "theme"]
    search_fields = ["title", "goal", "background"]
    filter_horizontal = ["municipalities"]
