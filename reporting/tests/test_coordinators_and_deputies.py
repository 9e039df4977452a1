"""Ressortkoordination and Vertretung: who submits what another editor drafted, and who acts for a ministry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts import services as accounts
from accounts.models import Deputy, Role, User
from reporting import services
from reporting.models import ProjectReport, ReportState

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(cycle_projects):
    return User.objects.create_user(
        username="koordination",
        password="x",
        email="koordination@example.org",
        role=Role.MINISTRY_COORDINATOR,
        ministry=cycle_projects.munv,
        first_name="Kim",
        last_name="Koordination",
    )


def _drafted_by(period, editor) -> ProjectReport:
    report = period.reports.get(project__code="13-03")
    return services.save_report(
        report, acting_user=editor, data={"outlook": "Entwurf der Redaktion"}, expected_version=report.version
    )


def _fresh(user) -> User:
    return User.objects.get(pk=user.pk)  # as a request would load her: nothing cached from before


def test_only_the_drafting_editor_her_coordinator_and_the_office_submit_a_draft(people, open_period, coordinator):
    report = _drafted_by(open_period, people.editor)
    can = {
        name: _fresh(user).has_perm("reporting.submit_report", report)
        for name, user in {
            "drafting editor": people.editor,
            "other editor of the ministry": people.editor_b,
            "coordinator": coordinator,
            "office": people.office,
            "editor of another ministry": people.editor_other,
            "reviewer": people.reviewer,
        }.items()
    }
    assert can == {
        "drafting editor": True,
        "other editor of the ministry": False,
        "coordinator": True,
        "office": True,
        "editor of another ministry": False,
        "reviewer": False,
    }
    # A coordinator does everything an editor of the ministry does.
    assert coordinator.has_perm("reporting.change_report", report)
    assert coordinator.has_perm("reporting.view_report", report)
    # A draft nobody of the ministry has touched yet (prefilled by the system) any editor may submit.
    untouched = open_period.reports.get(project__code="13-01")
    assert _fresh(people.editor_b).has_perm("reporting.submit_report", untouched)


def test_the_coordinator_submits_a_colleague_s_draft_from_the_report_page(client, people, open_period, coordinator):
    report = _drafted_by(open_period, people.editor)
    client.force_login(people.editor_b)
    page = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "Zur Prüfung einreichen" not in page
    assert "Diesen Entwurf hat zuletzt Max Verkehr gespeichert. Einreichen kann ihn Max Verkehr oder die" in page
    assert client.post(reverse("reporting:submit", args=[report.pk])).status_code == 403
    # what the page says holds: saving makes the draft hers
    taken_over = services.save_report(
        report, acting_user=people.editor_b, data={"outlook": "übernommen"}, expected_version=report.version
    )
    assert _fresh(people.editor_b).has_perm("reporting.submit_report", taken_over)
    assert not _fresh(people.editor).has_perm("reporting.submit_report", taken_over)
    report = services.save_report(
        taken_over, acting_user=people.editor, data={"outlook": "zurück"}, expected_version=taken_over.version
    )
    client.force_login(coordinator)
    page = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "Ressortkoordination" in page and "Zur Prüfung einreichen" in page
    assert client.post(reverse("reporting:submit", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert (report.state, report.submitted_by) == (ReportState.SUBMITTED, coordinator)


def test_a_deputy_acts_for_the_ministry_only_while_the_deputyship_lasts(client, people, open_period):
    today = timezone.localdate()
    deputy = people.editor_other  # an editor of MKW stands in for MUNV
    report = open_period.reports.get(project__code="13-03")
    assert not _fresh(deputy).has_perm("reporting.change_report", report)
    accounts.appoint_deputy(
        ministry=report.project.ministry,
        user=deputy,
        valid_from=today,
        valid_until=today + timedelta(days=13),
        acting_user=people.editor,  # the editor herself names her deputy
    )
    acting = _fresh(deputy)
    assert acting.has_perm("reporting.view_report", report) and acting.has_perm("reporting.change_report", report)
    assert acting.has_perm("programmes.change_project_content", report.project)
    assert set(ProjectReport.objects.visible_to(acting).values_list("project__code", flat=True)) == {
        "13-01",
        "13-02",
        "13-03",
        "15-01",
    }
    # her own ministry stays hers; the deputyship gives no coordinator's rights
    assert acting.has_perm("reporting.change_report", open_period.reports.get(project__code="15-01"))
    client.force_login(deputy)
    page = client.get(reverse("reporting:tasks")).content.decode()
    assert "Vertretung für" in page and "MUNV" in page and f"bis {today + timedelta(days=13):%d.%m.%Y}" in page
    assert client.get(reverse("reporting:report", args=[report.pk])).status_code == 200

    # before and after its dates she is an editor of MKW only
    for day in (today - timedelta(days=1), today + timedelta(days=14)):
        assert report.project.ministry_id not in _fresh(deputy).acting_ministry_ids(day)
    assert report.project.ministry_id in _fresh(deputy).acting_ministry_ids(today + timedelta(days=13))


def test_who_may_name_a_deputy_and_what_is_refused_in_german(people, cycle_projects):
    today = timezone.localdate()
    munv, mkw = cycle_projects.munv, cycle_projects.mkw
    with pytest.raises(PermissionDenied):  # an editor names deputies for her own ministry only
        accounts.appoint_deputy(
            ministry=mkw, user=people.editor_b, valid_from=today, valid_until=today, acting_user=people.editor
        )
    with pytest.raises(PermissionDenied):
        accounts.appoint_deputy(
            ministry=munv,
            user=people.editor_other,
            valid_from=today,
            valid_until=today,
            acting_user=people.reviewer,
        )
    refusals = {
        "same ministry": dict(user=people.editor_b, valid_from=today, valid_until=today),
        "no editor": dict(user=people.reviewer, valid_from=today, valid_until=today),
        "ends first": dict(user=people.editor_other, valid_from=today, valid_until=today - timedelta(days=1)),
    }
    messages = {}
    for name, kwargs in refusals.items():
        with pytest.raises(accounts.AccountError) as exc:
            accounts.appoint_deputy(ministry=munv, acting_user=people.office, **kwargs)
        messages[name] = str(exc.value)
    assert messages["same ministry"].startswith("Vertretung: munv2 gehört schon zum Ministerium")
    assert messages["no editor"] == "Vertretung: pruefung ist keine aktive Redaktion eines Ressorts."
    assert messages["ends first"] == "Bis einschließlich: Das Ende der Vertretung liegt vor ihrem Beginn."
    accounts.appoint_deputy(
        ministry=munv, user=people.editor_other, valid_from=today, valid_until=today, acting_user=people.office
    )
    with pytest.raises(accounts.AccountError, match="vertritt das Ressort schon vom"):
        accounts.appoint_deputy(
            ministry=munv,
            user=people.editor_other,
            valid_from=today - timedelta(days=3),
            valid_until=today + timedelta(days=3),
            acting_user=people.office,
        )
    assert Deputy.objects.count() == 1


def test_the_office_sets_and_ends_deputies_on_the_people_pages(client, people, cycle_projects):
    today = timezone.localdate()
    deputy = people.editor_other
    client.force_login(people.office)
    url = reverse("accounts:person", args=[deputy.pk])
    response = client.post(
        url,
        {
            "aktion": "vertretung",
            "vertretung-ministry": cycle_projects.munv.pk,
            "vertretung-valid_from": f"{today - timedelta(days=2):%d.%m.%Y}",
            "vertretung-valid_until": "31.12.2099",
        },
    )
    assert response.status_code == 302
    record = Deputy.objects.get()
    assert (record.ministry, record.user, record.appointed_by) == (cycle_projects.munv, deputy, people.office)
    assert "Vertretung für MUNV" in client.get(reverse("accounts:people")).content.decode()
    # a German error naming the field, nothing saved
    response = client.post(
        url,
        {
            "aktion": "vertretung",
            "vertretung-ministry": cycle_projects.munv.pk,
            "vertretung-valid_from": "31.12.2099",
            "vertretung-valid_until": "1.1.2099",
        },
    )
    assert "bis einschließlich: Das Ende der Vertretung liegt vor ihrem Beginn." in response.content.decode()
    assert Deputy.objects.count() == 1
    # ended while running: it ends yesterday, so what she did meanwhile stays covered by it
    assert client.post(url, {"aktion": "vertretung_beenden", "vertretung": record.pk}).status_code == 302
    record.refresh_from_db()
    assert record.valid_until == today - timedelta(days=1)
    assert cycle_projects.munv.pk not in _fresh(deputy).acting_ministry_ids()


def test_an_editor_names_her_deputy_on_her_own_page(client, people, cycle_projects):
    client.force_login(people.editor)
    url = reverse("accounts:deputies")
    page = client.get(url).content.decode()
    assert 'name="vertretung-ministry"' not in page  # her own ministry, not to choose
    assert f'<option value="{people.editor_b.pk}"' not in page  # a colleague of the same ministry needs none
    response = client.post(
        url,
        {
            "vertretung-user": people.editor_other.pk,
            "vertretung-valid_from": "01.08.2099",
            "vertretung-valid_until": "15.08.2099",
        },
    )
    assert response.status_code == 302
    record = Deputy.objects.get()
    assert (record.ministry, record.user) == (cycle_projects.munv, people.editor_other)
    page = client.get(url).content.decode()
    assert "01.08.2099" in page and "15.08.2099" in page
    # not begun yet: ending it withdraws it
    assert client.post(url, {"aktion": "vertretung_beenden", "vertretung": record.pk}).status_code == 302
    assert not Deputy.objects.exists()
    client.force_login(people.reviewer)
    assert client.get(url).status_code == 403
