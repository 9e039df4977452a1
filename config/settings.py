"""Settings, read from the environment (12-factor), with safe defaults for local use.

Production sets DEBUG=False, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; with
DEBUG off, a missing SECRET_KEY stops the start instead of running insecurely.
"""

import os
import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
DATA_DIR = BASE_DIR / "data"

env = environ.Env()

# --- debug and secret key (issue 21) -----------------------------------------------------------------------------
# Nothing insecure by default: DEBUG and the publicly known development key only where development is declared,
# by RUHR_MONITOR_DEVELOPMENT=1 (the Makefile exports it for `make run`, `make data`, `make test`) or by running
# under pytest (whose child processes inherit it). A server started with neither refuses DEBUG and the default key.
DEVELOPMENT_SECRET_KEY = "local-development-only-not-secret"
_UNDER_PYTEST = "pytest" in sys.modules
if _UNDER_PYTEST:
    os.environ.setdefault("RUHR_MONITOR_DEVELOPMENT", "1")
DEVELOPMENT = env.bool("RUHR_MONITOR_DEVELOPMENT", default=False)
DEBUG = env.bool("DEBUG", default=DEVELOPMENT)
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY if DEVELOPMENT else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY fehlt: in Produktion einen eigenen, geheimen Schlüssel setzen (docs/operations.md); "
        "zum Entwickeln `make run` (setzt RUHR_MONITOR_DEVELOPMENT=1)."
    )
if not DEVELOPMENT and (DEBUG or SECRET_KEY == DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "DEBUG=True oder der öffentlich bekannte Entwicklungsschlüssel außerhalb der Entwicklung: der Server startet "
        "so nicht. In Produktion DEBUG=False und einen eigenen SECRET_KEY setzen; zum Entwickeln `make run`."
    )
# --- end debug and secret key -------------------------------------------------------------------------------------
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "accounts",
    "places",
    "sources",
    "programmes",
    "proposals",
    "organisations",
    "reporting",
    "answers",
    "importers",  # the top floor: writes documents into the registry (docs/architecture.md)
    "portal",
    "ninja",  # only for its bundled Swagger UI files, so /api/v1/docs works offline
    "api",
    "opendata",
    "alerts",
    "operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "operations.middleware.SecurityHeadersMiddleware",  # Content-Security-Policy, Permissions-Policy
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.FilesWithoutLanguageMiddleware",  # /en/…/antwort.docx → /…/antwort.docx (German documents)
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "opendata.middleware.PublicDataMiddleware",  # CORS, rate limit, ETag/Last-Modified on public data URLs
    "django.contrib.messages.middleware.MessageMiddleware",
    "operations.caching.PageCacheMiddleware",  # anonymous GETs of published data (operations/caching.py)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'ruhr-monitor.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default must work on a fresh clone without any set-up step.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
# Whoever sets CONN_MAX_AGE (persistent connections, e.g. DATABASE_URL=…?conn_max_age=60) gets a liveness
# check before a connection is reused, so a database restart costs no request an error (operations/errors.py).
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches. "default" stays per process (API rate-limit counters as before); "pages" holds whole public pages for
# anonymous readers and must be shared by all worker processes, as pages are invalidated by a publication
# generation kept in that same cache (operations/caching.py). Production: PAGE_CACHE_URL=redis://… or a file path.
# --- shared cache (issue 21) -------------------------------------------------------------------------------------
# "default" holds the rate-limit counters (API, idea form) and cached sessions, so it must be shared by all worker
# processes: CACHE_URL (redis://127.0.0.1:6379/0 in production, see docs/operations.md); the embedded default is the
# database cache table django_cache, which `migrate` creates (operations/apps.py). Under pytest a per-process cache
# keeps tests apart unless CACHE_URL is given.
CACHES = {
    "default": env.cache_url("CACHE_URL", default="locmemcache://tests" if _UNDER_PYTEST else "dbcache://django_cache"),
    "pages": env.cache_url("PAGE_CACHE_URL", default=f"filecache://{VAR_DIR / 'cache' / 'pages'}"),
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # read from the shared cache, kept in the database
# Client address behind proxies (operations/clients.py): how many trusted proxies append to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# --- end shared cache ---------------------------------------------------------------------------------------------
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=not DEBUG)  # off while developing templates
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=24 * 3600)
# How long a request waits for another worker that renders the same missing page (single flight).
PAGE_CACHE_WAIT = env.float("PAGE_CACHE_WAIT", default=5.0)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)

# German is the source language (every msgid is German) and the default: its pages keep their addresses without a
# prefix; English pages live under /en/ (config/urls.py). Data stays in the language of its documents.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages come from npm (package.json/package-lock.json, `npm ci` in `make install`) and are
# served straight from node_modules; nothing vendored is committed. collectstatic fingerprints them.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/kern", NODE_MODULES / "@kern-ux" / "native" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
# Portal maps are SVG drawn from the registry's boundaries. A background tile server is optional and off:
# e.g. "https://tile.example.org/{z}/{x}/{y}.png" plus its attribution (then also name it in the privacy page).
PORTAL_MAP_TILE_URL = env.str("PORTAL_MAP_TILE_URL", default="")
PORTAL_MAP_TILE_ATTRIBUTION = env.str("PORTAL_MAP_TILE_ATTRIBUTION", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")

# The municipality reference data and the source documents shipped with the project.
RUHR_DATA_DIR = DATA_DIR / "ruhr"
SOURCE_DOCUMENTS_DIR = DATA_DIR / "sources"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads the token from the cookie; forms carry it
# Content-Security-Policy (operations/middleware.py): scripts, styles, fonts and images only from our own
# origin, never inline; no framing. Map tiles, when configured, are the only other origin allowed.
_tile_origin = "/".join(PORTAL_MAP_TILE_URL.split("/")[:3]) if PORTAL_MAP_TILE_URL else ""
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *([_tile_origin] if _tile_origin else [])],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Backups (operations/backup.py): JSON with exact timestamps; Django's own json keeps milliseconds only.
SERIALIZATION_MODULES = {"exactjson": "operations.serializer"}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

LOGIN_URL = "login"
# URL names, so that the page after logging in or out is in the language of the log-in page.
LOGIN_REDIRECT_URL = "reporting:tasks"  # after log-in, straight to one's own tasks (/berichte/arbeit/)
LOGOUT_REDIRECT_URL = "portal:start"

# Open data and API (app `api`). Licence, publisher and contact go into every download and the DCAT-AP.de catalogue.
# Canonical origin of absolute links (catalogue, downloads, feeds, mails); empty: the origin of the request, and
# http://127.0.0.1:PORT where there is none (operations/site.py). PORT is the port `make run` serves on.
SITE_URL = env.str("SITE_URL", default="")
PORT = env.int("PORT", default=8000)
OPEN_DATA_LICENSE = env.str("OPEN_DATA_LICENSE", default="http://dcat-ap.de/def/licenses/dl-by-de/2.0")
OPEN_DATA_ATTRIBUTION = env.str("OPEN_DATA_ATTRIBUTION", default="Land Nordrhein-Westfalen, Ruhr-Monitor")
OPEN_DATA_PUBLISHER = env.str("OPEN_DATA_PUBLISHER", default="Land Nordrhein-Westfalen, Projektgruppe Ruhr-Konferenz")
OPEN_DATA_PUBLISHER_URI = env.str("OPEN_DATA_PUBLISHER_URI", default="")  # default: SITE_URL
OPEN_DATA_CONTACT_EMAIL = env.str("OPEN_DATA_CONTACT_EMAIL", default="")
OPEN_DATA_CONTRIBUTOR_ID = env.str("OPEN_DATA_CONTRIBUTOR_ID", default="http://dcat-ap.de/def/contributors/openNRW")
# Anonymous clients: at most this many requests per window (seconds) and IP on the public data URLs; 0 switches it off.
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=300)
API_RATE_WINDOW = env.int("API_RATE_WINDOW", default=60)
# Behind a reverse proxy, the request header that carries the client address (e.g. HTTP_X_REAL_IP).
API_CLIENT_IP_HEADER = env.str("API_CLIENT_IP_HEADER", default="REMOTE_ADDR")

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Ruhr-Monitor <noreply@localhost>")
# The SMTP relay (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend). Mail is sent by the task worker
# (operations/mail.py); without a timeout a relay that accepts and never answers would hold a worker forever.
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# --- Log-in (accounts, reporting cycle): throttled failed log-ins, expiring sessions, optional OpenID Connect ---
INSTALLED_APPS += ["axes"]
# django-axes must see every authentication attempt first; it refuses a locked-out username/IP pair.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *AUTHENTICATION_BACKENDS]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last, as django-axes requires
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# A delay that doubles with each further failure of the same account and address (operations/clients.py), and the
# real client address behind the proxy: a stranger cannot lock the office out, a guesser waits longer and longer.
AXES_COOLOFF_TIME = "operations.clients.lockout_delay"
AXES_CLIENT_IP_CALLABLE = "operations.clients.client_ip"
LOGIN_DELAY_SECONDS = env.int("LOGIN_DELAY_SECONDS", default=60)
LOGIN_DELAY_MAX_SECONDS = env.int("LOGIN_DELAY_MAX_SECONDS", default=3600)
# Lock the pair, not the address: one editor's typos must not lock a whole ministry behind one proxy.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every manage.py call; failures are still recorded in the database
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Sessions end after SESSION_COOKIE_AGE (8 h, above) and when the browser closes.
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)

# OpenID Connect with the state's identity provider: on only when OIDC_RP_CLIENT_ID is set (README).
OIDC_ENABLED = bool(env.str("OIDC_RP_CLIENT_ID", default=""))
if OIDC_ENABLED:
    INSTALLED_APPS += ["mozilla_django_oidc"]
    AUTHENTICATION_BACKENDS += ["accounts.oidc.StateIdentityBackend"]
    OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET")  # fails fast when missing
    OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
    OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
    OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
    # Accounts (role, ministry) are given by the programme office; an unknown person gets none.
    OIDC_CREATE_USER = env.bool("OIDC_CREATE_USER", default=False)
    LOGIN_REDIRECT_URL_FAILURE = "/konto/login/"

# Rendered progress reports (PDF, Word) are kept under MEDIA_ROOT by content hash.
REPORT_CACHE_DIR = env.str("REPORT_CACHE_DIR", default="reporting/cache")
# True renders report files inside the request (tests, single-process set-ups); False in a worker thread.
REPORT_RENDER_SYNC = env.bool("REPORT_RENDER_SYNC", default=False)

# --- The workspace (back office): one look for every form, log-out, password reset by mail --------------------
INSTALLED_APPS += ["django.forms"]  # the renderer below finds Django's widget templates through the app loader
FORM_RENDERER = "portal.kern_forms.KernFormRenderer"  # `{{ form }}` renders KERN UX fields and an error summary
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)  # also the invitation's lifetime
# At most this many reset mails per typed address and per account within PASSWORD_RESET_THROTTLE_SECONDS.
PASSWORD_RESET_THROTTLE = env.int("PASSWORD_RESET_THROTTLE", default=3)
PASSWORD_RESET_THROTTLE_SECONDS = env.int("PASSWORD_RESET_THROTTLE_SECONDS", default=3600)

# --- Background work and report rendering (issue 18) ------------------------------------------------------
# Django's tasks API (django-tasks backport) on its database backend: the queue is a table in this
# database, so it needs no further server; `manage.py db_worker` runs the tasks (`make run` starts one,
# docs/operations.md describes several in production).
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Which of TASKS sends the mails (operations/mail.py). The same queue as everything else; tests that read the
# outbox point it at an immediate backend of their own (conftest.py `mail_at_once`).
MAIL_TASK_BACKEND = env.str("MAIL_TASK_BACKEND", default="default")
# Reports up to this many projects are rendered inside the request (Typst: about 1 s per 73 projects);
# bigger ones go to the queue and the requester watches the job's page.
REPORT_INLINE_MAX_PROJECTS = env.int("REPORT_INLINE_MAX_PROJECTS", default=150)
# A report render (a Typst child process) that takes longer than this is stopped and reported as failed.
REPORT_RENDER_TIMEOUT = env.int("REPORT_RENDER_TIMEOUT", default=300)
# Front-end builds of `make install` under var/build/ (never committed): css/ the KERN CSS the pages use
# (PurgeCSS, `npm run build:css`), fonts/ the two Fira Sans weights subset to German text
# (scripts/subset_fonts.py). Production (DEBUG=False) links them when built; development keeps the full files,
# so a KERN class new in a template works before the next build.
BUILD_DIR = VAR_DIR / "build"
CSS_BUILD_DIR = BUILD_DIR / "css"
STATICFILES_DIRS += [("build", BUILD_DIR)] if BUILD_DIR.is_dir() else []
_USE_BUILD = not DEBUG and BUILD_DIR.is_dir()
KERN_CSS = (
    "build/css/kern.min.css"
    if _USE_BUILD and (CSS_BUILD_DIR / "kern.min.css").is_file()
    else "vendor/kern/kern.min.css"
)
_FONTS_BUILT = _USE_BUILD and (BUILD_DIR / "fonts" / "fonts.css").is_file()
FONTS_CSS = "build/fonts/fonts.css" if _FONTS_BUILT else "portal/fonts.css"
FONT_PRELOAD = (
    "build/fonts/FiraSans-Regular.woff2" if _FONTS_BUILT else "vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2"
)
