from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.passwords import PasswordResetView

urlpatterns = [
    path("admin/", admin.site.urls),
    # The log-in page offers the state's identity provider when OpenID Connect is configured.
    path(
        "konto/login/",
        auth_views.LoginView.as_view(extra_context={"oidc_enabled": settings.OIDC_ENABLED}),
        name="login",
    ),
    # Before Django's own: the reset mail is throttled per address and account (accounts/passwords.py).
    path("konto/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("konto/", include("accounts.urls")),
    path("konto/", include("django.contrib.auth.urls")),
    path("anfragen/kleine-anfragen/", include("answers.urls")),  # Kleine Anfragen and their answers
    path("anfragen/", include("reporting.urls")),
    path("berichte/", include("reporting.cycle_urls")),  # reporting cycle: public reports + /berichte/arbeit/
    path("ideen/", include("proposals.urls")),
    path("akteure/", include("organisations.urls")),
    path("", include("api.urls")),  # /api/v1/, /daten/, /catalog.ttl, /catalog.jsonld
    path("", include("portal.urls")),
]

# 503 with Retry-After while the database is unreachable, else the German 500 page (operations/errors.py).
handler500 = "operations.errors.server_error"

if settings.OIDC_ENABLED:
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))
# MEDIA_ROOT is never served as such (it holds draft previews too): files leave only through views that check
# access and send them as attachments (operations/uploads.py).
