"""The page cache for anonymous readers: served from the cache until published data changes, then fresh."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from operations import caching
from programmes.models import Project

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def project(imported_committed):
    return Project.objects.get(code="15-01")


def test_second_anonymous_read_comes_from_the_cache_with_its_security_headers(client, page_cache, project):
    first = client.get(f"/projekte/{project.slug}/")
    second = client.get(f"/projekte/{project.slug}/")
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "script-src 'self'" in second["Content-Security-Policy"]
    assert second["Content-Type"] == first["Content-Type"]


def test_a_change_the_cache_is_told_of_is_shown_at_once(client, page_cache, project):
    url = f"/projekte/{project.slug}/"
    client.get(url)
    project.title = "Research Alliance Ruhr mit neuem Titel"
    project.save()
    caching.public_data_changed()  # autocommit: the generation moves at once
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Research Alliance Ruhr mit neuem Titel" in response.content.decode()


def test_inside_a_transaction_the_generation_moves_on_commit(client, page_cache, project):
    client.get(f"/projekte/{project.slug}/")
    with transaction.atomic():
        Project.objects.filter(pk=project.pk).update(title="Umbenannt in Quantenverbund")
        caching.public_data_changed()
        # not committed yet: whoever reads now still gets the committed state, cached or not
        generation = caching.generation()
        assert client.get(f"/projekte/{project.slug}/")["X-Page-Cache"] == "hit"
    assert caching.generation() != generation
    assert client.get(f"/projekte/{project.slug}/")["X-Page-Cache"] == "miss"
    assert "Umbenannt in Quantenverbund" in client.get(f"/projekte/{project.slug}/").content.decode()


def test_a_rolled_back_transaction_keeps_the_cache(client, page_cache, project):
    url = f"/projekte/{project.slug}/"
    client.get(url)
    with pytest.raises(RuntimeError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(title="Nie gespeichert")
        caching.public_data_changed()
        raise RuntimeError
    assert client.get(url)["X-Page-Cache"] == "hit"
    # and the next committed change still moves the generation
    Project.objects.filter(pk=project.pk).update(title="Doch gespeichert")
    caching.public_data_changed()
    assert "Doch gespeichert" in client.get(url).content.decode()


def test_the_cache_is_told_by_named_writes_not_by_watching_sql(page_cache, project):
    # A raw write outside the named paths (shell, data repair) moves nothing by itself: the services,
    # importers and the admin tell the cache (tests/test_page_cache_writes.py walks them).
    generation = caching.generation()
    Project.objects.filter(pk=project.pk).update(title="Still geändert")
    assert caching.generation() == generation


def test_writes_of_the_request_plumbing_do_not_count(page_cache, imported_committed):
    from django.contrib.sessions.backends.db import SessionStore

    generation = caching.generation()
    session = SessionStore()
    session["x"] = 1
    session.save()
    assert caching.generation() == generation


def test_logged_in_people_and_forms_with_csrf_tokens_are_never_cached(client, page_cache, project):
    user = User.objects.create_user("redaktion", password="geheim-und-lang-genug-123")
    client.force_login(user)
    url = f"/projekte/{project.slug}/"
    assert not client.get(url).has_header("X-Page-Cache")
    assert not client.get(url).has_header("X-Page-Cache")
    client.logout()
    client.cookies.clear()
    login = client.get("/konto/login/")
    assert login.status_code == 200
    assert not login.has_header("X-Page-Cache")  # it sets the CSRF cookie
    client.cookies.pop("sessionid", None)
    again = client.get("/konto/login/")  # the CSRF cookie is now sent: the form still holds a token of its own
    assert again.status_code == 200 and not again.has_header("X-Page-Cache")


def test_partial_htmx_answers_are_cached_apart_from_whole_pages(client, page_cache, imported_committed):
    full = client.get("/projekte/?status=completed")
    partial = client.get("/projekte/?status=completed", HTTP_HX_REQUEST="true")
    assert partial["X-Page-Cache"] == "miss"
    assert len(partial.content) < len(full.content)


def test_api_lists_keep_etag_and_conditional_answers(client, page_cache, imported_committed):
    first = client.get("/api/v1/projects?page_size=5")
    cached = client.get("/api/v1/projects?page_size=5")
    assert cached["X-Page-Cache"] == "hit" and cached["ETag"] == first["ETag"]
    assert client.get("/api/v1/projects?page_size=5", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


# --- single flight: one renderer per missing page ---------------------------------------------------------------


def _anonymous_get(path: str):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return request


def test_concurrent_requests_for_a_missing_page_render_it_once(page_cache):
    import threading
    import time

    from django.http import HttpResponse

    rendered = []

    def slow_page(request):
        rendered.append(request.path)
        time.sleep(0.3)
        return HttpResponse(f"Seite {len(rendered)}")

    middleware = caching.PageCacheMiddleware(slow_page)
    responses = []
    threads = [
        threading.Thread(target=lambda: responses.append(middleware(_anonymous_get("/projekte/?q=hafen"))))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert rendered == ["/projekte/"]
    assert sorted(r["X-Page-Cache"] for r in responses) == ["hit", "hit", "hit", "miss"]
    assert {r.content for r in responses} == {b"Seite 1"}


def test_a_waiter_renders_itself_when_the_renderer_never_delivers(page_cache, settings):
    from django.http import HttpResponse

    settings.PAGE_CACHE_WAIT = 0.2
    request = _anonymous_get("/projekte/?q=wald")
    key = caching.page_key(request, caching.generation())
    page_cache.add(f"lease:{key}", 1, timeout=60)  # a renderer that crashed while holding its lease
    response = caching.PageCacheMiddleware(lambda r: HttpResponse("selbst gerechnet"))(request)
    assert response.content == b"selbst gerechnet" and response["X-Page-Cache"] == "miss"
    assert page_cache.get(f"lease:{key}") is None  # and the lease is given back for the next one


def test_an_uncacheable_answer_releases_the_waiters_at_once(page_cache, settings):
    import threading
    import time

    from django.http import HttpResponseNotFound

    settings.PAGE_CACHE_WAIT = 30
    calls = []

    def missing(request):
        calls.append(time.monotonic())
        time.sleep(0.2)
        return HttpResponseNotFound("fehlt")

    middleware = caching.PageCacheMiddleware(missing)
    started = time.monotonic()
    threads = [
        threading.Thread(target=middleware, args=(_anonymous_get("/projekte/gibt-es-nicht/"),)) for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # a 404 is not cached: the waiters render it themselves once the lease is gone, not after 30 s
    assert len(calls) >= 2 and time.monotonic() - started < 5


def test_anonymous_subscriptions_and_log_ins_keep_the_cache(client, page_cache, imported_committed):
    """One anonymous subscription POST or any log-in emptied the page cache for everyone."""
    from alerts.models import Subscription

    generation = caching.generation()
    response = client.post(
        "/daten/benachrichtigungen/", {"email": "leserin@example.org", "scope": "municipality", "target": "bochum"}
    )
    assert response.status_code == 200 and Subscription.objects.exists()
    assert caching.generation() == generation

    User.objects.create_user("leitstelle-cache", "l@example.org", "ein-langes-passwort-2026")
    generation = caching.generation()  # logging in changes nothing public
    client.force_login(User.objects.get(username="leitstelle-cache"))  # the log-in signal stamps last_login
    assert User.objects.get(username="leitstelle-cache").last_login is not None
    assert caching.generation() == generation


def test_a_cached_page_keeps_its_frame_policy(client, page_cache, project):
    client.get(f"/projekte/{project.slug}/")
    hit = client.get(f"/projekte/{project.slug}/")
    assert hit["X-Page-Cache"] == "hit"
    assert hit["X-Frame-Options"] == "DENY"


def test_a_repair_outside_the_application_is_announced_by_command(client, page_cache, project):
    url = f"/projekte/{project.slug}/"
    client.get(url)
    Project.objects.filter(pk=project.pk).update(title="Im Datenbank-Client berichtigt")
    out = io.StringIO()
    call_command("refresh_page_cache", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["refreshed"] is True
    assert "Im Datenbank-Client berichtigt" in client.get(url).content.decode()
