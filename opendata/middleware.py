"""CORS, rate limiting, conditional GET and problem details for the public data URLs, in one place.

Only the public data URLs are touched (API, downloads, feeds, catalogue and
the alert forms); the portal and the office pages pass through unchanged.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from operations.clients import client_ip
from operations.errors import RETRY_AFTER_SECONDS, database_unavailable

from .problems import PROBLEM_CONTENT_TYPE, ProblemError, problem

log = logging.getLogger(__name__)

# Read by anyone, from any origin: the open-data surface.
PUBLIC_READ = ("/api/v1/", "/catalog.ttl", "/catalog.jsonld", "/daten/download/", "/daten/feeds/")
# Rate-limited for anonymous clients: the open-data surface and the alert forms (no mail bombing).
LIMITED = (*PUBLIC_READ, "/daten/benachrichtigungen/")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
EXPOSED = "ETag, Last-Modified, Link, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset"


def _matches(path: str, prefixes: tuple[str, ...]) -> bool:
    # The alert forms are pages and exist under /en/ too: the English form is limited like the German one.
    language = get_language_from_path(path)
    if language:
        path = path[len(language) + 1 :]
    return path.startswith(prefixes) or path in ("/api/v1",)


class PublicDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        public = _matches(path, PUBLIC_READ)
        if public and request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            return self._cors(HttpResponse(status=204), preflight=True)

        limit_headers: dict[str, str] = {}
        if _matches(path, LIMITED) and not request.user.is_authenticated:
            blocked, limit_headers = self._rate_limit(request)
            if blocked is not None:
                return self._cors(blocked) if public else blocked

        response = self.get_response(request)

        if public:
            response = self._as_problem(request, response)
            if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
                response = self._conditional(request, response)
            self._cors(response)
        for name, value in limit_headers.items():
            response[name] = value
        return response

    def process_exception(self, request, exception):
        if not _matches(request.path, LIMITED):
            return None
        if isinstance(exception, ProblemError):
            return exception.response(instance=request.path)
        if isinstance(exception, Http404):
            return problem(404, str(exception) or "Nicht gefunden.", instance=request.path)
        log.exception("Fehler bei %s", request.path)
        if database_unavailable(exception):
            # the same answer as the pages and the API (operations/errors.py): nothing is wrong with the request
            return problem(
                503,
                "Der Ruhr-Monitor ist vorübergehend nicht erreichbar; bitte in Kürze erneut versuchen.",
                instance=request.path,
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
                retry_after=RETRY_AFTER_SECONDS,
            )
        return problem(500, "Interner Fehler; die Anfrage konnte nicht beantwortet werden.", instance=request.path)

    # CORS ------------------------------------------------------------------------------------------
    def _cors(self, response, *, preflight: bool = False):
        # Public data, no credentials: any origin may read it; cookies are never honoured cross-site.
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = EXPOSED
        if preflight:
            response["Access-Control-Allow-Methods"] = ", ".join(SAFE_METHODS)
            response["Access-Control-Allow-Headers"] = "Accept, If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        return response

    # rate limit -----------------------------------------------------------------------------------
    def _rate_limit(self, request) -> tuple[HttpResponse | None, dict[str, str]]:
        limit, window = settings.API_RATE_LIMIT, settings.API_RATE_WINDOW
        if not limit or not window:
            return None, {}
        client = client_ip(request)  # behind the trusted proxies (operations/clients.py)
        now = int(time.time())
        window_start = now - now % window
        key = f"api-rate:{hashlib.sha256(client.encode()).hexdigest()[:24]}:{window_start}"
        # Tickets: add() is atomic on every shared cache (a unique key in the database cache), incr() is not there
        # (get and set: under load the probe counted 387 answers against a limit of 300). Each request takes the
        # next free ticket, starting from a hint; the ticket's number is the exact count.
        ticket = cache.get(key) or 0
        while ticket < limit and not cache.add(f"{key}:{ticket}", 1, timeout=window + 1):
            ticket += 1
        cache.set(key, ticket + 1, timeout=window + 1)  # only the hint for the next request
        used = ticket + 1
        reset = window_start + window - now
        headers = {
            "RateLimit-Limit": str(limit),
            "RateLimit-Remaining": str(max(limit - used, 0)),
            "RateLimit-Reset": str(reset),
        }
        if used <= limit:
            return None, headers
        response = problem(
            429,
            f"Höchstens {limit} Anfragen in {window} Sekunden je Adresse; bitte in {reset} Sekunden erneut versuchen.",
            instance=request.path,
            headers={"Retry-After": str(max(reset, 1)), **headers},
            retry_after=max(reset, 1),
        )
        return response, headers

    # errors outside ninja (unknown URL, wrong method) --------------------------------------------------
    def _as_problem(self, request, response):
        if response.status_code < 400 or response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE):
            return response
        if response.status_code == 404:
            return problem(404, "Diese Adresse gibt es nicht.", instance=request.path)
        if response.status_code == 405:
            allowed = response.get("Allow", "GET")
            return problem(405, f"Erlaubt sind: {allowed}.", instance=request.path, headers={"Allow": allowed})
        if response.status_code >= 500:
            headers = {"Retry-After": response["Retry-After"]} if response.has_header("Retry-After") else None
            return problem(response.status_code, "Interner Fehler.", instance=request.path, headers=headers)
        return response

    # ETag / Last-Modified ------------------------------------------------------------------------------
    def _conditional(self, request, response):
        from . import published

        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        modified = published.last_modified()
        if modified is not None and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(modified.timestamp())
        response.setdefault("Cache-Control", "public, max-age=0, must-revalidate")
        conditional = get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=int(modified.timestamp()) if modified is not None else None,
            response=response,
        )
        return conditional
