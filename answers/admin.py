from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ParliamentaryQuestion, Question, SavedQuery


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("number", "text", "answer", "lists_projects")


@admin.register(ParliamentaryQuestion)
class ParliamentaryQuestionAdmin(SimpleHistoryAdmin):
    list_display = ("number", "electoral_term", "title", "municipality", "district", "ministry", "status", "due_on")
    list_filter = ("status", "electoral_term", "ministry")
    search_fields = ("title", "askers", "printed_paper", "answer_printed_paper")
    raw_id_fields = ("source_document", "created_by")
    filter_horizontal = ("projects", "excluded_projects")
    readonly_fields = ("version", "created_at", "updated_at", "sent_docx", "sent_pdf")
    inlines = [QuestionInline]


@admin.register(SavedQuery)
class SavedQueryAdmin(admin.ModelAdmin):
    list_display = ["title", "created_by", "created_at"]
    readonly_fields = ["key", "params", "created_by", "created_at"]
