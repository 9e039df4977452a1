"""A response cache for anonymous reads of published data, invalidated by a publication generation.

Published data changes rarely (imports, publishing a period, corrections, the
office's round trip, admin edits) and is read often. Every named write that
changes what a public page shows calls `public_data_changed()`: the services of
the apps (publishing, errata, corrections, decisions on proposals, programme
indicators, answers sent …), the importers, and the admin (every change it
logs, and its deletion of several rows at once). The generation moves once the
transaction commits, so a rollback keeps the cache and a reader never gets a
page of uncommitted data; cached pages are keyed by URL, language, the few
request headers the pages vary on and that generation, so after a change the
next request renders afresh and nothing stale is served. Old entries are never
read again and expire. A write outside these paths (a repair in a database
shell) is announced with `manage.py refresh_page_cache`; a deployment's
`migrate` always moves the generation. Writes of the request plumbing
(sessions, log-ins, anonymous subscriptions, the search index) call nothing and
so keep the cache: the regex over every SQL statement that this replaces had to
list them as exceptions, and missed each new one until it emptied the cache.

What is never cached: anything but GET/HEAD, requests carrying a session or
messages cookie or an Authorization header (a logged-in person, a flash
message), responses that set a cookie, used the CSRF token, are not 200, are
streamed, or say Cache-Control private/no-store. The Content-Security-Policy is
a fixed header without per-request nonces (operations.middleware), so a cached
page keeps a valid policy; the security middleware adds it to every response,
cached or not.

The cache (`settings.PAGE_CACHE_ALIAS`) must be shared by all worker processes:
file-based by default, Redis/Memcached in production (docs/operations.md).

Single flight: when a page is missing (first request after a publication, or a
new search), the first worker takes a short lease (`cache.add`) and renders it;
the others that ask for the same page meanwhile wait for its result instead of
all rendering the same page at once, which under load would multiply the cost
of every cold page by the number of waiting clients. The lease expires, and a
waiter that has waited `PAGE_CACHE_WAIT` seconds renders the page itself, so a
crashed or slow renderer delays the others but never blocks them.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_migrate, post_save
from django.http import HttpResponse

GENERATION_KEY = "publication-generation"
HEADERS_KEPT = ("Content-Type", "Content-Language", "Content-Disposition", "Vary", "ETag", "Last-Modified", "Link")
HEADERS_KEPT += ("Cache-Control", "X-Total-Count", "Access-Control-Expose-Headers")


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def generation() -> str:
    """The current publication generation: a random token, so a flushed cache never repeats an old one."""
    value = _cache().get(GENERATION_KEY)
    if value is None:
        _cache().add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        value = _cache().get(GENERATION_KEY)
    return value


def bump() -> None:
    """A new generation: every page cached so far is out of date.

    A fresh random token rather than an increment: two transactions committing at the
    same time each leave a value no page rendered before their commit was stored under,
    even on caches without an atomic increment (the file cache).
    """
    _cache().set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def _bump_after_commit() -> None:
    bump()


def public_data_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """Tell the page cache that published data changed: pages rendered before are stale once this commits.

    Inside a transaction the generation moves after the commit (a rollback drops it, and so keeps the cache);
    in autocommit the write is committed already, so it moves now. A service called by another that tells the
    cache too moves it twice: a second random token costs one cache write.
    """
    if not connections[using].in_atomic_block:
        bump()
        return
    transaction.on_commit(_bump_after_commit, using=using)


def changes_public_data(service: Callable) -> Callable:
    """Mark a service whose success changes what public pages show; it tells the cache when it returns."""

    @wraps(service)
    def changing(*args, **kwargs):
        result = service(*args, **kwargs)
        public_data_changed()
        return result

    return changing


def _after_migrate(sender, **kwargs) -> None:
    # Deployments run migrate: new code may render pages differently even when no data changed.
    bump()


def _admin_logged(sender, instance, created: bool, **kwargs) -> None:
    # The admin logs every addition, change and deletion it makes, in the transaction of the change.
    if created:
        public_data_changed()


def _delete_selected(modeladmin, request, queryset):
    """The admin's deletion of several rows: it logs them all at once (bulk_create sends no signal)."""
    from django.contrib.admin.actions import delete_selected

    response = delete_selected(modeladmin, request, queryset)
    if response is None:  # deleted (the confirmation page is a response)
        public_data_changed()
    return response


def connect() -> None:
    from django.contrib import admin
    from django.contrib.admin.actions import delete_selected
    from django.contrib.admin.models import LogEntry

    post_migrate.connect(_after_migrate, dispatch_uid="operations-caching-after-migrate")
    post_save.connect(_admin_logged, sender=LogEntry, dispatch_uid="operations-caching-admin-logged")
    _delete_selected.short_description = delete_selected.short_description
    _delete_selected.allowed_permissions = delete_selected.allowed_permissions
    admin.site.add_action(_delete_selected, "delete_selected")


_MISSING = object()


def memoized(name: str, compute):
    """`compute()`, kept in the shared cache until published data changes (computed each time while disabled)."""
    if not settings.PAGE_CACHE_ENABLED:
        return compute()
    key = f"memo:{generation()}:{name}"
    value = _cache().get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        _cache().set(key, value, timeout=settings.PAGE_CACHE_SECONDS)
    return value


# --- the middleware ---------------------------------------------------------------------------------


def _cacheable_request(request) -> bool:
    if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_USED") or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    control = response.get("Cache-Control", "").lower()
    return "private" not in control and "no-store" not in control and "no-cache" not in control


def page_key(request, generation_value: str) -> str:
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    varying = "|".join(request.headers.get(name, "") for name in ("HX-Request", "HX-History-Restore-Request", "Accept"))
    raw = f"{request.get_full_path()}|{language}|{varying}|{request.get_host()}"
    return f"page:{generation_value}:{hashlib.sha256(raw.encode()).hexdigest()}"


class PageCacheMiddleware:
    """Serve anonymous GETs of public pages from the shared cache, keyed by the publication generation.

    Place after AuthenticationMiddleware and MessageMiddleware: it must know the user,
    and the outer middlewares (security headers, CSRF, ETag of the API) still run on
    a cached response.
    """

    POLL_SECONDS = 0.02

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = page_key(request, generation())
        cache = _cache()
        lease = f"lease:{key}"
        stored = cache.get(key)
        if stored is None and not self._lease(cache, lease):
            stored = self._wait_for(cache, key, lease)
        if stored is not None:
            return self._from_cache(stored)
        try:
            response = self.get_response(request)
            if _cacheable_response(request, response):
                headers = [(name, response[name]) for name in HEADERS_KEPT if response.has_header(name)]
                cache.set(key, (response.content, headers), timeout=settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"
        finally:
            cache.delete(lease)
        return response

    @staticmethod
    def _lease(cache, lease: str) -> bool:
        """True if this request renders the page; False if another one is rendering it right now."""
        return cache.add(lease, 1, timeout=max(1, int(settings.PAGE_CACHE_WAIT) + 1))

    def _wait_for(self, cache, key: str, lease: str):
        deadline = time.monotonic() + settings.PAGE_CACHE_WAIT
        while time.monotonic() < deadline:
            time.sleep(self.POLL_SECONDS)
            stored = cache.get(key)
            if stored is not None:
                return stored
            if cache.get(lease) is None:
                return None  # the renderer gave up (an error, an uncacheable answer): render it here
        return None

    @staticmethod
    def _from_cache(stored) -> HttpResponse:
        content, headers = stored
        response = HttpResponse(content, status=200)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        # the middlewares inside this one do not run on a hit; the frame policy must still hold (the CSP is set
        # outside, by SecurityHeadersMiddleware)
        response["X-Frame-Options"] = getattr(settings, "X_FRAME_OPTIONS", "DENY")
        return response
