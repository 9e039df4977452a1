"""'Which projects involve the Ruhr-Universität Bochum?' answered on a page, in the API, as a file and a feed."""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree

import pytest

from organisations.models import ProjectRole

pytestmark = pytest.mark.django_db

RUB = "ruhr-universitaet-bochum"


def _codes():
    return sorted({r.project.code for r in ProjectRole.objects.published().filter(organisation__slug=RUB)})


def test_page_lists_every_project_with_role_and_source(client, imported):
    codes = _codes()
    html = client.get(f"/akteure/{RUB}/").content.decode()
    assert "Ruhr-Universität Bochum ist an" in html and "auch: RUB" in html
    for code in codes:
        assert f"({code})</h2>" in html
    assert "Geldgeber" in html and "/quellen/" in html and "#L" in html
    assert 'type="application/atom+xml" title="Änderungen an Projekten mit Ruhr-Universität Bochum (Atom)"' in html
    listing = client.get("/akteure/").content.decode()
    assert f'href="/akteure/{RUB}/"' in listing
    assert client.get("/akteure/?art=university").content.decode().count("<li><h2") >= 2
    assert client.get("/akteure/gibt-es-nicht/").status_code == 404


def test_api_filter_download_and_feed_agree(client, imported):
    codes = _codes()
    detail = client.get(f"/api/v1/organisations/{RUB}").json()
    assert sorted({r["project_code"] for r in detail["roles"]}) == codes
    assert detail["project_count"] == len(codes) and "RUB" in detail["other_names"]
    assert all(r["source"]["start_line"] > 0 for r in detail["roles"])
    assert any(o["slug"] == RUB for o in client.get("/api/v1/organisations").json())

    projects = client.get("/api/v1/projects", {"organisation": RUB, "page_size": 200}).json()
    assert sorted(p["code"] for p in projects["items"]) == codes
    rows = list(
        csv.DictReader(io.StringIO(client.get(f"/daten/download/projects.csv?organisation={RUB}").content.decode()))
    )
    assert sorted(r["code"] for r in rows) == codes
    feed = ElementTree.fromstring(client.get(f"/daten/feeds/suche.atom?organisation={RUB}").content)
    assert (
        feed.find("{http://www.w3.org/2005/Atom}title").text
        == "Ruhr-Monitor – Auswahl: Akteur: Ruhr-Universität Bochum"
    )
    assert client.get("/api/v1/projects?organisation=gibt-es-nicht").status_code == 400
    spec = client.get("/api/v1/openapi.json").json()
    parameter = next(p for p in spec["paths"]["/api/v1/projects"]["get"]["parameters"] if p["name"] == "organisation")
    assert RUB in parameter["schema"]["enum"]


def test_project_page_names_its_organisations_and_the_sitemap_lists_them(client, imported):
    role = ProjectRole.objects.published().filter(organisation__slug=RUB).select_related("project").first()
    html = client.get(role.project.get_absolute_url()).content.decode()
    section = html.split('id="beteiligte"')[1].split("</section>")[0]
    assert f'href="/akteure/{RUB}/">Ruhr-Universität Bochum</a>' in section
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/akteure/{RUB}/" in sitemap and "/akteure/</loc>" in sitemap
