from __future__ import annotations

from django import template

from portal import kern_forms

register = template.Library()


@register.filter
def kern_widget(field):
    return kern_forms.render_widget(field)


@register.filter
def widget_kind(field) -> str:
    return kern_forms.widget_kind(field)


@register.filter
def kern_anchor(field) -> str:
    return kern_forms.anchor(field)


@register.simple_tag
def kern_fields(form):
    """The fields of a form without its error summary, for pages that show the summary at their top."""
    return form.render(context={**form.get_context(), "without_summary": True})


@register.filter
def summary_text(error, field) -> str:
    """An error as the summary lists it: named by its field, unless the message already names it."""
    label = str(field.label or "")
    text = str(error)
    return text if not label or text.startswith(label) else f"{label}: {text}"
