"""A statement of a published edition is never rewritten: not by a service, the admin or the round trip.

A correction of the office is its own statement, with its own provenance (who, when, why), shown beside the
original quotation. (The round trip's side is in api/tests/test_round_trip.py.)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Role, User
from programmes.models import FundingStatement, Milestone, Project, StatusRecord
from programmes.services import CorrectionError, correct_funding_statement
from sources.models import DocumentKind, FrozenStatementError, SourceDocument
from sources.parsers.figures import AMOUNT, DATE, contains_figure


def _published_13_01() -> FundingStatement:
    return FundingStatement.objects.select_related("project", "document").get(
        project__code="13-01", document__kind=DocumentKind.PROGRESS_REPORT
    )


def test_a_published_statement_refuses_save_update_and_delete(imported):
    statement = _published_13_01()
    statement.spent_eur = Decimal("145000000")
    with pytest.raises(FrozenStatementError, match="veröffentlicht und wird nicht mehr geändert"):
        statement.save()
    with pytest.raises(FrozenStatementError):
        FundingStatement.objects.filter(pk=statement.pk).update(spent_eur=Decimal("145000000"))
    with pytest.raises(FrozenStatementError):
        Milestone.objects.filter(project__code="13-01").update(text="umgeschrieben")
    with pytest.raises(FrozenStatementError):
        StatusRecord.objects.filter(project__code="13-01").delete()
    with pytest.raises(FrozenStatementError):
        statement.delete()
    # Moving a statement to another document is a rewrite too.
    other = SourceDocument.objects.get(kind=DocumentKind.PARLIAMENTARY_ANSWER)
    statement.refresh_from_db()
    statement.document = other
    with pytest.raises(FrozenStatementError):
        statement.save()
    assert _published_13_01().spent_eur == Decimal("138000000")


def test_the_admin_shows_published_statements_read_only(imported, client):
    admin = User.objects.create_superuser("admin", "admin@example.org", "ein-langes-passwort-123")
    client.force_login(admin)
    statement = _published_13_01()
    url = f"/admin/programmes/fundingstatement/{statement.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="spent_eur"' not in html and 'name="document"' not in html and 'name="start_line"' not in html
    response = client.post(url, {"spent_eur": "145000000", "document": statement.document_id, "start_line": 1})
    assert response.status_code == 403
    project = Project.objects.get(code="13-01")
    project_page = client.get(f"/admin/programmes/project/{project.pk}/change/").content.decode()
    assert "funding_statements-0-spent_eur" not in project_page
    assert client.get("/admin/programmes/milestone/add/").status_code == 403
    document_page = client.get(f"/admin/sources/sourcedocument/{statement.document_id}/change/").content.decode()
    assert 'name="as_of"' not in document_page and 'name="title"' not in document_page
    assert 'name="reference"' in document_page
    assert _published_13_01().spent_eur == Decimal("138000000")


def test_a_correction_is_its_own_statement_beside_the_original(imported, people, client):
    original = _published_13_01()
    corrected = correct_funding_statement(
        original,
        changes={"spent_eur": Decimal("145000000")},
        reason="Nachmeldung des Ministeriums vom 14.10.2026",
        acting_user=people.office,
    )
    original.refresh_from_db()
    assert original.spent_eur == Decimal("138000000") and original.history.count() == 1
    assert corrected.spent_eur == Decimal("145000000")
    assert corrected.spent_as_of == original.spent_as_of == date(2025, 6, 30)
    assert corrected.document.kind == DocumentKind.CORRECTION
    assert corrected.document.as_of == original.document.as_of
    assert (corrected.correction.acting_user, corrected.correction.corrects) == (people.office, original.document)
    assert Project.objects.get(code="13-01").current_funding() == corrected
    # The correction's cited lines state its figures, and say who, when and why in its own document.
    cited = " ".join(text for _n, text in corrected.document.lines(corrected.start_line, corrected.end_line))
    assert contains_figure(cited, corrected.spent_eur, AMOUNT)
    assert contains_figure(cited, corrected.spent_as_of, DATE)
    assert "bisher 138.000.000 €" in cited
    assert "Lea Leitstelle" in corrected.document.text and "Nachmeldung des Ministeriums" in corrected.document.text

    html = client.get(Project.objects.get(code="13-01").get_absolute_url()).content.decode()
    assert "Korrektur der Leitstelle" in html and "Nachmeldung des Ministeriums vom 14.10.2026" in html
    assert "145.000.000" in html
    assert original.text in html  # the original quotation stays
    assert "Ursprüngliche Angabe im Fortschrittsbericht 2024" in html

    # The correction's own document is public like any source, so its lines can be read where they are cited.
    source = client.get(f"/quellen/{corrected.document_id}/")
    assert source.status_code == 200
    assert "Grund: Nachmeldung des Ministeriums vom 14.10.2026" in source.content.decode()

    api = client.get("/api/v1/projects/13-01").json()
    assert api["funding"]["spent_eur"] == 145000000.0
    assert api["funding"]["correction"]["reason"] == "Nachmeldung des Ministeriums vom 14.10.2026"
    assert api["funding"]["correction"]["corrects_document_id"] == original.document_id
    assert [f["spent_eur"] for f in api["funding_history"]] == [145000000.0, 138000000.0]


def test_only_the_office_corrects_and_only_with_a_reason_and_a_change(imported, people):
    original = _published_13_01()
    editor = User.objects.create_user(username="redaktion", role=Role.MINISTRY_EDITOR)
    with pytest.raises(PermissionDenied):
        correct_funding_statement(original, changes={"spent_eur": 1}, reason="weil", acting_user=editor)
    with pytest.raises(CorrectionError, match="Grund"):
        correct_funding_statement(original, changes={"spent_eur": 1}, reason="  ", acting_user=people.office)
    with pytest.raises(CorrectionError, match="ändert keine Angabe"):
        correct_funding_statement(
            original, changes={"spent_eur": original.spent_eur}, reason="weil", acting_user=people.office
        )
    with pytest.raises(CorrectionError, match="text"):
        correct_funding_statement(original, changes={"text": "anders"}, reason="weil", acting_user=people.office)
    assert FundingStatement.objects.filter(project__code="13-01").count() == 1
