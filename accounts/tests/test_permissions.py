"""The one view guard: an object loader wrapped in `loaded_once` is read once for the guard and the view."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from accounts.permissions import loaded_once, permission_required


class Person:
    is_authenticated = True

    def __init__(self, allowed: bool):
        self.allowed = allowed
        self.asked: list = []

    def has_perm(self, perm, obj=None):
        self.asked.append((perm, obj))
        return self.allowed


def _guarded_view():
    reads: list[int] = []

    @loaded_once
    def thing_of(request, pk: int, **kwargs):
        reads.append(pk)
        return {"pk": pk}

    @permission_required("app.see_thing", obj=thing_of)
    def view(request, pk: int, part: str = ""):
        return thing_of(request, pk)

    return view, reads


def test_guard_and_view_read_the_object_once_and_decide_on_it():
    view, reads = _guarded_view()
    request = RequestFactory().get("/")
    request.user = Person(allowed=True)
    assert view(request, pk=7, part="a") == {"pk": 7}
    assert reads == [7]  # the guard's call (pk and part) and the view's (pk) found the same object
    assert request.user.asked == [("app.see_thing", {"pk": 7})]


def test_each_request_reads_its_own_object_and_a_refusal_reads_it_for_the_guard_only():
    view, reads = _guarded_view()
    for pk in (1, 2):
        request = RequestFactory().get("/")
        request.user = Person(allowed=True)
        view(request, pk=pk)
    assert reads == [1, 2]
    request = RequestFactory().get("/")
    request.user = Person(allowed=False)
    with pytest.raises(PermissionDenied):
        view(request, pk=3)
    assert reads == [1, 2, 3]


def test_anonymous_visitors_go_to_the_log_in_before_anything_is_read():
    view, reads = _guarded_view()
    request = RequestFactory().get("/berichte/arbeit/bericht/5/")
    request.user = AnonymousUser()
    response = view(request, pk=5)
    assert response.status_code == 302 and "next=/berichte/arbeit/bericht/5/" in response["Location"]
    assert reads == []
