"""Links with a secret in them, made while the mail is rendered by the task worker, so no token is stored in the
task queue (operations/mail.py)."""

from django import template

register = template.Library()


@register.simple_tag
def set_password_url(user) -> str:
    """The one-time link to set a password (Django's reset token, valid PASSWORD_RESET_TIMEOUT)."""
    from accounts.services import set_password_url as make

    return make(user)
