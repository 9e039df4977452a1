"""Admin for the office: read-mostly, because changes go through proposals.services (audited) on the office pages.

Contact data is shown only to users with `proposals.view_contact` and is not
part of any admin history or export.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Evaluation, Proposal, ProposalContact, ProposalEvent, ProposalLink, SuggestedMatch


class ContactInline(admin.StackedInline):
    model = ProposalContact
    extra = 0
    can_delete = False
    readonly_fields = ["name", "organisation", "email", "phone", "consent_text", "consented_at", "created_at"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("proposals.view_contact", obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LinkInline(admin.TabularInline):
    model = ProposalLink
    extra = 0
    fields = ["project", "relation", "reason", "created_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EvaluationInline(admin.TabularInline):
    model = Evaluation
    extra = 0
    fields = ["evaluated_at", "evaluated_by", "effect", "cost", "benefit", "summary"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "source", "theme", "status", "outcome"]
    list_filter = ["source", "status", "outcome", "theme"]
    search_fields = ["title", "goal", "background"]
    filter_horizontal = ["municipalities"]
    readonly_fields = [
        "status",
        "outcome",
        "outcome_reason",
        "decided_at",
        "decided_by",
        "submitted_at",
        "published_at",
    ]
    inlines = [ContactInline, LinkInline, EvaluationInline]


@admin.register(SuggestedMatch)
class SuggestedMatchAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "project", "state", "score", "reviewed_by", "reviewed_at"]
    list_filter = ["state"]
    readonly_fields = ["proposal", "project", "state", "score", "matched_terms", "reviewed_by", "reviewed_at"]


@admin.register(ProposalEvent)
class ProposalEventAdmin(admin.ModelAdmin):
    list_display = ["at", "proposal_label", "kind", "actor"]
    list_filter = ["kind"]
    readonly_fields = ["proposal", "proposal_label", "kind", "actor", "at", "details"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
