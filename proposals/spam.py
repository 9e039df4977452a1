"""Spam protection for the public form without third-party services.

Three cheap checks, each tuned by a setting:
* a honeypot field people never see (bots fill every field),
* a minimum fill time, measured from a signed timestamp issued with the form
  (bots post instantly; the signature stops them from forging an old one),
* a per-IP rate limit in Django's cache (the IP is hashed with the secret key,
  so the cache never holds addresses).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from operations.clients import client_ip

_SALT = "proposals.form-started"


def min_fill_seconds() -> float:
    return float(getattr(settings, "PROPOSAL_MIN_FILL_SECONDS", 5))


def form_max_age_seconds() -> int:
    return int(getattr(settings, "PROPOSAL_FORM_MAX_AGE_SECONDS", 6 * 60 * 60))


def rate_limit() -> tuple[int, int]:
    """(submissions, per seconds) allowed from one address."""
    count, seconds = getattr(settings, "PROPOSAL_RATE_LIMIT", (5, 60 * 60))
    return int(count), int(seconds)


def issue_timestamp(now: float | None = None) -> str:
    return signing.dumps(round(now if now is not None else time.time(), 3), salt=_SALT)


def seconds_since(token: str, now: float | None = None) -> float:
    """Seconds since the form was issued; raises signing.BadSignature for a forged or expired token."""
    max_age = form_max_age_seconds()
    issued = float(signing.loads(token, salt=_SALT, max_age=max_age))
    elapsed = (now if now is not None else time.time()) - issued
    if elapsed > max_age:  # the signed value is the form's start; it cannot be forged
        raise signing.SignatureExpired(f"Formular vor {elapsed:.0f} s ausgegeben")
    return elapsed


def client_key(request) -> str:
    # the address the trusted proxy saw (operations/clients.py), never a header the client wrote itself
    address = client_ip(request)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"proposals:submit:{digest}"


def over_limit(request) -> bool:
    """True if this address has used up its submissions for the current window (without counting this one)."""
    count, _seconds = rate_limit()
    return (cache.get(client_key(request)) or 0) >= count


def count_submission(request) -> None:
    _count, seconds = rate_limit()
    key = client_key(request)
    # add() starts the window; incr() keeps its expiry. A race may lose one count, never lock anyone out.
    if not cache.add(key, 1, timeout=seconds):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=seconds)
