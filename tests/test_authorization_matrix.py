"""Every role × every URL of the project (from the real resolver), as classified in tests/authz_table.py.

Per role: the status each URL answers, and that no response — pages, API JSON, CSV/XLSX/DOCX/PDF/ZIP
downloads, feeds, sitemap, catalogue, search — carries a draft, an unpublished project, an unreleased proposal
or contact data to a role that may not see it. State-changing views: a role without the right changes
nothing, and a request without a CSRF token changes nothing either.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.cache import cache
from django.test import Client
from django.urls import get_resolver, reverse

from .authz_table import ADMIN_LOGIN, ADMIN_ROW, LOGIN, REDIRECT, SECRETS_BY_ROLE, TABLE, Row
from .authz_world import (
    CONTACT_EMAIL,
    CONTACT_NAME,
    CONTACT_PHONE,
    DRAFT_MARKER,
    HIDDEN_PROPOSAL_MARKER,
    ROLES,
    UNPUBLISHED_MARKER,
    World,
    build_world,
)

SECRETS = {
    "draft": (DRAFT_MARKER,),
    "unpublished": (UNPUBLISHED_MARKER,),
    "hidden_proposal": (HIDDEN_PROPOSAL_MARKER,),
    "contact": (CONTACT_EMAIL, CONTACT_PHONE, CONTACT_NAME),
}
# Models whose rows a refused request must leave exactly as they were.
STATE_APPS = ("accounts", "programmes", "sources", "reporting", "answers", "proposals", "api")


def _patterns(patterns=None, prefix: str = "", namespace: str = ""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if hasattr(pattern, "url_patterns"):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        else:
            key = namespace + (pattern.name or prefix + str(pattern.pattern))
            yield key


def test_every_url_is_classified():
    found = {key for key in _patterns() if not key.startswith("admin:")}
    unclassified = sorted(found - set(TABLE))
    assert not unclassified, f"unclassified URL(s), add them to tests/authz_table.py: {unclassified}"
    stale = sorted(set(TABLE) - found)
    assert not stale, f"tests/authz_table.py names URLs that no longer exist: {stale}"


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_RENDER_SYNC = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.API_RATE_LIMIT = 0
    settings.AXES_ENABLED = False
    cache.clear()
    return build_world()


def _client(world: World, role: str, **kwargs) -> Client:
    # A fresh client per role: nothing cached for one role can answer for another.
    client = Client(**kwargs)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def _url(key: str, kwargs: dict, query: str) -> str:
    url = "/api/gibt-es-nicht" if key == "api:^api/" else reverse(key, kwargs=kwargs)
    return f"{url}?{query}" if query else url


def _outcome(response) -> object:
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if location.startswith("/konto/login/"):
            return LOGIN
        return REDIRECT
    return response.status_code


def _texts(content: bytes) -> list[str]:
    """Everything readable in a response: ZIP containers (also XLSX and DOCX) member by member, PDF text."""
    if content[:4] == b"PK\x03\x04":
        archive = zipfile.ZipFile(io.BytesIO(content))
        return [t for name in archive.namelist() for t in _texts(archive.read(name))]
    if content[:5] == b"%PDF-":
        from pypdf import PdfReader

        return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]
    return [content.decode("utf-8", errors="replace")]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _found(response) -> dict[str, list[str]]:
    texts = _texts(_body(response))
    return {
        kind: hits
        for kind, needles in SECRETS.items()
        if (hits := [needle for needle in needles if any(needle in text for text in texts)])
    }


# A control that the search above works: what each role must come across somewhere in the views open to it.
MUST_SEE = {
    "editor_a": {"draft", "unpublished"},
    "coordinator_a": {"draft", "unpublished"},
    "deputy_a": {"draft", "unpublished"},
    "reviewer": {"draft", "unpublished", "hidden_proposal"},
    "office": {"draft", "unpublished", "hidden_proposal", "contact"},
    "superuser": {"draft", "unpublished", "hidden_proposal", "contact"},
}


def _allowed(row: Row, role: str) -> frozenset[str]:
    return frozenset() if row.public else SECRETS_BY_ROLE[role]


def _admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
    urls += sorted({reverse("admin:app_list", args=[m._meta.app_label]) for m in admin.site._registry})
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_status_and_no_leak_per_role(world, role):
    client = _client(world, role)
    failures: list[str] = []
    seen: set[str] = set()
    for key, row in TABLE.items():
        for case in row.cases:
            url = _url(key, case.kwargs(world), case.query)
            expected = (case.expect or row.expect)[role]
            try:
                response = client.get(url)
            except Exception as exc:  # a crash is a finding too; the list shows them all at once
                failures.append(f"{url}: {type(exc).__name__}: {exc}")
                continue
            if (got := _outcome(response)) != expected:
                failures.append(f"{url}: expected {expected}, got {got}")
            found = _found(response)
            seen |= set(found)
            if leaks := {kind: hits for kind, hits in found.items() if kind not in _allowed(row, role)}:
                failures.append(f"{url}: LEAK of {leaks}")
    for url in _admin_urls():
        response = client.get(url)
        if (got := _outcome(response)) != ADMIN_ROW.expect[role]:
            failures.append(f"{url}: expected {ADMIN_ROW.expect[role]}, got {got}")
        if leaks := {kind: hits for kind, hits in _found(response).items() if kind not in _allowed(ADMIN_ROW, role)}:
            failures.append(f"{url}: LEAK of {leaks}")
    if missing := MUST_SEE.get(role, set()) - seen:
        failures.append(f"never saw {sorted(missing)} although the role may: is the search still working?")
    assert not failures, f"{role}:\n" + "\n".join(failures)


def _state() -> dict:
    snapshot = {}
    for label in STATE_APPS:
        for model in apps.get_app_config(label).get_models():
            rows = model.objects.order_by("pk").values()
            snapshot[model._meta.label] = [{k: v for k, v in r.items() if k != "last_login"} for r in rows]
    return snapshot


def _post_rows():
    return [(key, row) for key, row in TABLE.items() if row.post is not None]


@pytest.mark.parametrize("role", ROLES)
def test_refused_writes_change_nothing(world, role):
    client = _client(world, role)
    failures: list[str] = []
    for key, row in _post_rows():
        if role in row.post.allowed:
            continue
        for case in row.cases:
            url = _url(key, case.kwargs(world), case.query)
            before = _state()
            response = client.post(url, row.post.data(world))
            expected = row.post.denied[role]
            if (got := _outcome(response)) != expected:
                failures.append(f"POST {url}: expected {expected}, got {got}")
            if _state() != before:
                failures.append(f"POST {url}: state changed")
    assert not failures, f"{role}:\n" + "\n".join(failures)


def test_every_write_needs_a_csrf_token(world):
    failures: list[str] = []
    for key, row in _post_rows():
        if row.post.csrf_exempt:
            continue
        role = next((r for r in ("office", "anonymous") if r in row.post.allowed), "office")
        client = _client(world, role, enforce_csrf_checks=True)
        for case in row.cases:
            url = _url(key, case.kwargs(world), case.query)
            before = _state()
            response = client.post(url, row.post.data(world))
            if response.status_code != 403:
                failures.append(f"POST {url} as {role} without token: {response.status_code}")
            if _state() != before:
                failures.append(f"POST {url} as {role} without token: state changed")
    assert not failures, "\n".join(failures)


def test_the_exempt_view_is_only_the_documented_one():
    exempt = {key: row.post.csrf_exempt for key, row in _post_rows() if row.post.csrf_exempt}
    assert set(exempt) == {"alerts:unsubscribe"}, exempt
