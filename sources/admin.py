from django import forms
from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from operations.uploads import PDF, TEXT, check_upload

from .models import Correction, ImportRun, Provenance, SourceDocument

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


class ProvenanceInline(GenericTabularInline):
    model = Provenance
    extra = 0
    can_delete = False
    fields = ["field", "document", "start_line", "end_line", "value"]
    readonly_fields = fields
    verbose_name_plural = _("Herkunft der Angaben")

    def has_add_permission(self, request, obj=None):
        return False


class ImportRunInline(admin.TabularInline):
    model = ImportRun
    extra = 0
    can_delete = False
    fields = ["started_at", "importer", "status", "acting_user", "counts", "warnings"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class SourceDocumentForm(forms.ModelForm):
    class Meta:
        model = SourceDocument
        fields = ["kind", "title", "reference", "date", "as_of", "year", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the file already stored
            check_upload(upload, allowed={PDF, TEXT}, max_bytes=MAX_DOCUMENT_BYTES)
        return upload


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    form = SourceDocumentForm
    list_display = ["title", "kind", "reference", "as_of", "filename", "imported_at"]
    list_filter = ["kind"]
    search_fields = ["title", "filename", "reference", "sha256"]
    readonly_fields = ["sha256", "filename", "media_type", "line_count", "imported_at", "summary", "date_source"]
    exclude = ["text"]
    inlines = [ImportRunInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # An imported or published document is what it is: its date and "Stand" order every statement it
        # makes, and its file is the source the lines refer to. Only the reference (Fundstelle) may be added.
        return [*self.readonly_fields, "kind", "title", "date", "as_of", "year", "file"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "importer", "filename", "status", "acting_user"]
    list_filter = ["status", "importer"]
    readonly_fields = [
        "document",
        "importer",
        "filename",
        "sha256",
        "status",
        "started_at",
        "acting_user",
        "counts",
        "warnings",
        "error",
    ]


@admin.register(Provenance)
class ProvenanceAdmin(admin.ModelAdmin):
    list_display = ["record", "field", "document", "start_line", "end_line"]
    list_filter = ["field", "document"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """The office's corrections, as recorded: a correction is itself a published statement and not edited."""

    list_display = ["document", "corrects", "reason", "acting_user", "created_at"]
    list_filter = ["corrects"]
    search_fields = ["reason", "document__title"]
    readonly_fields = ["document", "corrects", "reason", "acting_user", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
