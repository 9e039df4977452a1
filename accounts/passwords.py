"""Password reset by mail, throttled: at most PASSWORD_RESET_THROTTLE mails per typed address and per account
within PASSWORD_RESET_THROTTLE_SECONDS (counters in the default cache; with several server processes the cache
must be shared). Beyond the limit the page answers exactly as for an unknown address, so it reveals nothing."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse_lazy

from operations.mail import send_on_commit


def _allow(key: str) -> bool:
    timeout = settings.PASSWORD_RESET_THROTTLE_SECONDS
    cache.add(key, 0, timeout)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        count = 1
    return count <= settings.PASSWORD_RESET_THROTTLE


class ThrottledPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        for user in super().get_users(email):
            if _allow(f"password-reset:account:{user.pk}"):
                yield user

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        # Through the task queue like every mail (operations/mail.py). The worker renders the link with a fresh
        # token ({% set_password_url %}), so neither the request waits for the mail server nor the token is stored.
        subject = render_to_string(subject_template_name, context)
        send_on_commit(
            to=[to_email],
            subject=subject,
            template=email_template_name,
            context={"user": context["user"]},
        )

    def save(self, *args, **kwargs):
        if not _allow(f"password-reset:address:{self.cleaned_data['email'].strip().casefold()}"):
            return
        super().save(*args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ThrottledPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")
    extra_email_context = {"site_name": "Ruhr-Monitor"}

    def get_extra_email_context(self):
        return {"site_url": settings.SITE_URL.rstrip("/")}

    def form_valid(self, form):
        self.extra_email_context = {**self.extra_email_context, **self.get_extra_email_context()}
        return super().form_valid(form)
