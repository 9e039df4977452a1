"""How every form of the workspace looks: KERN UX fields, hints and errors, and an error summary that links to
each field. `{{ form }}` renders it (FORM_RENDERER), so no template needs `form.as_p` or its own field markup."""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting


class KernFormRenderer(TemplatesSetting):
    form_template_name = "forms/kern_form.html"
    field_template_name = "forms/kern_field.html"


def widget_kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


def anchor(field: forms.BoundField) -> str:
    """Where an error summary's link for this field points: the input, or the fieldset of a group of choices."""
    return field.auto_id if widget_kind(field) == "choices" else field.id_for_label


def described_by(field: forms.BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hinweis")
    if field.errors:
        ids.append(f"{field.auto_id}-fehler")
    return " ".join(ids)


def render_widget(field: forms.BoundField) -> str:
    kind = widget_kind(field)
    attrs = dict(field.field.widget.attrs)
    css = {
        "checkbox": "kern-form-check__checkbox",
        "select": "kern-form-input__select",
        "textarea": "kern-form-input__input",
        "input": "kern-form-input__input",
    }.get(kind)
    if css:
        if field.errors:
            css += f" {css}--error"
        attrs["class"] = f"{attrs.get('class', '')} {css}".strip()
    if field.errors:
        attrs["aria-invalid"] = "true"
    if kind != "hidden" and (ids := described_by(field)):
        attrs["aria-describedby"] = ids
    return field.as_widget(attrs=attrs)
