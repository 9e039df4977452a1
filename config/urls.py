from importlib import import_module

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.passwords import PasswordResetView


def pages_prefixed_within(module: str):
    """include() for an app URLconf that puts its own pages in i18n_patterns beside unprefixed machine URLs.

    include() refuses i18n_patterns below the root because LocaleMiddleware looks for them in the root URLconf
    only; the root uses them too (below), so the middleware reads the language from /en/ as for any page.
    Splitting those apps into two URLconfs instead would split their namespace ("opendata:data", "alerts:subscribe").
    """
    urlconf = import_module(module)
    return (urlconf, urlconf.app_name, urlconf.app_name)


# Languages (docs/architecture.md, "Languages"): every page for people exists in German at its address without a
# prefix and in English under /en/. Left without a prefix, in one language: the admin (Django's own, for the
# office), the log-in of the state's identity provider (its callback address is registered there), and what
# machines read (API, feeds, downloads, catalogue, sitemap, robots.txt, files): their addresses are published in
# catalogues and feed readers and must not depend on a language. The portal, opendata and alerts keep such URLs
# beside their pages, so they prefix their pages themselves (portal/urls.py, opendata/urls.py, alerts/urls.py).
urlpatterns = [
    path("admin/", admin.site.urls),
    # the REST API under /api/v1/, without a prefix
    path("", include("api.urls")),
    # /catalog.ttl and downloads without a prefix; the /daten/ pages with one
    path("", pages_prefixed_within("opendata.urls")),
    # feeds without a prefix; the pages of e-mail alerts with one
    path("", pages_prefixed_within("alerts.urls")),
    # sitemap.xml, robots.txt and files without a prefix; the pages with one
    path("", pages_prefixed_within("portal.urls")),
]
urlpatterns += i18n_patterns(
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
    path("anfragen/", include("answers.urls")),  # answers per place, the office's query, Kleine Anfragen
    path("berichte/", include("reporting.urls")),  # reporting cycle: public reports + /berichte/arbeit/
    path("ideen/", include("proposals.urls")),
    path("akteure/", include("organisations.urls")),
    # the office's pages of the registry: programme indicators (/kennzahlen/leitstelle/), ministries (/konto/ressorts/)
    path("", include("programmes.urls")),
    prefix_default_language=False,
)

# 503 with Retry-After while the database is unreachable, else the German 500 page (operations/errors.py).
handler500 = "operations.errors.server_error"

if settings.OIDC_ENABLED:
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))
# MEDIA_ROOT is never served as such (it holds draft previews too): files leave only through views that check
# access and send them as attachments (operations/uploads.py).
