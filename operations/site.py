"""The one origin (scheme, host, port) of every absolute link: catalogue, downloads, feeds, mails.

`SITE_URL` names it when the portal has a canonical address (production: set it, so harvested URIs stay
stable whichever host name a request used). Left empty, a page answering a request uses that request's own
origin, so a server started on another port links to itself; without a request (mails sent by a command)
the local server's address with `PORT` is used.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site_url(request: HttpRequest | None = None) -> str:
    configured = (settings.SITE_URL or "").rstrip("/")
    if configured:
        return configured
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return f"http://127.0.0.1:{settings.PORT}"


def absolute(path: str, request: HttpRequest | None = None) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return site_url(request) + path
