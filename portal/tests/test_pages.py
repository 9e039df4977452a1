from __future__ import annotations

import pytest
from django.urls import reverse

from programmes.models import Project
from sources.importers import ParliamentaryAnswerImporter, ProgressReportImporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(report_path, answer_path):
    ProgressReportImporter().run(report_path)
    ParliamentaryAnswerImporter().run(answer_path)


def test_start_page_lists_projects_by_action_field(client, imported):
    response = client.get(reverse("portal:start"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Research Alliance Ruhr" in html and "Vernetzte Mobilität – kurze Wege" in html
    assert "42 abgeschlossen, 16 in Umsetzung, 15 nicht weiterverfolgt, 73 insgesamt" in html


def test_project_page_shows_funding_with_its_source(client, imported):
    project = Project.objects.get(code="05-02a")
    html = client.get(project.get_absolute_url()).content.decode()
    assert "3.304.000 €" in html
    funding = project.current_funding()
    assert f"?von={funding.start_line}&amp;bis={funding.end_line}#L{funding.start_line}" in html


def test_source_page_highlights_the_cited_lines(client, imported):
    funding = Project.objects.get(code="05-02a").current_funding()
    url = reverse("portal:source", args=[funding.document.pk]) + f"?von={funding.start_line}&bis={funding.end_line}"
    html = client.get(url).content.decode()
    assert f'<span id="L{funding.start_line}" class="hl">' in html
    assert "3.304.000 Euro" in html


def test_municipality_page_shows_exact_bochum_figure(client, imported):
    html = client.get(reverse("portal:municipality", args=["bochum"])).content.decode()
    assert "521.864 €" in html and "Klimaresiliente Region" in html


def test_unknown_pages_are_404(client, imported):
    assert client.get("/projekte/gibt-es-nicht/").status_code == 404
    assert client.get("/kommunen/leverkusen/").status_code == 404
