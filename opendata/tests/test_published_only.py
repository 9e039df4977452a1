"""Only published content, always: the unpublished project (stated by no document) and unreleased proposals
appear in no endpoint, download, feed, catalogue or GeoJSON — not even as a sum."""

from __future__ import annotations

import io
import zipfile

import pytest

from opendata.registry import DATASETS

from .conftest import SECRET

SECRET_NUMBERS = ("987654321", "987.654.321", "987654321,00")


def _public_urls(public_and_secret) -> list[str]:
    urls = [
        "/api/v1/projects?page_size=200",
        "/api/v1/projects?municipality=bochum",
        "/api/v1/projects?q=GEHEIMENTWURF",
        "/api/v1/municipalities?page_size=200",
        "/api/v1/municipalities/05911000",
        "/api/v1/ministries",
        "/api/v1/action-fields",
        "/api/v1/action-fields/mobilitaet",
        "/api/v1/proposals?page_size=200",
        "/api/v1/changes?page_size=200",
        "/api/v1/reports",
        "/api/v1/documents",
        "/catalog.ttl",
        "/catalog.jsonld",
        "/daten/",
        "/daten/feeds/aenderungen.atom",
        "/daten/feeds/kommunen/bochum.atom",
        "/daten/feeds/handlungsfelder/mobilitaet.atom",
        "/daten/feeds/suche.atom?action_field=mobilitaet",
        "/daten/download/municipalities.geojson",
    ]
    for slug in DATASETS:
        urls += [f"/daten/download/{slug}.csv", f"/daten/download/{slug}.excel.csv", f"/daten/download/{slug}.json"]
    return urls


def _assert_clean(content: bytes, url: str) -> None:
    text = content.decode("utf-8", errors="replace")
    assert SECRET not in text, url
    assert "99-99" not in text, url
    for number in SECRET_NUMBERS:
        assert number not in text, url


@pytest.mark.django_db
def test_unpublished_content_never_leaves(client, public_and_secret):
    for url in _public_urls(public_and_secret):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_clean(response.content, url)


def test_unpublished_project_is_not_found(client, public_and_secret):
    assert client.get("/api/v1/projects/99-99").status_code == 404
    assert client.get("/api/v1/projects/99-99/milestones").status_code == 404
    assert client.get("/daten/feeds/projekte/99-99.atom").status_code == 404


def test_counts_exclude_unpublished(client, public_and_secret):
    fields = {f["slug"]: f["project_count"] for f in client.get("/api/v1/action-fields").json()}
    assert fields["mobilitaet"] == 1  # 13-03 only; 99-99 is in the same field but unpublished
    bochum = client.get("/api/v1/municipalities/05911000").json()
    assert bochum["funding"]["funding_exact_eur"] == 250000.0


def test_zip_dumps_and_xlsx_are_clean(client, public_and_secret):
    for url in ("/daten/download/ruhr-monitor.zip", f"/daten/download/berichte/{public_and_secret.report.pk}.zip"):
        archive = zipfile.ZipFile(io.BytesIO(client.get(url).content))
        for name in archive.namelist():
            if name.endswith(".xlsx"):
                continue  # binary; its sheets are the same rows as the CSV files checked here
            _assert_clean(archive.read(name), f"{url}:{name}")
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(client.get("/daten/download/projects.xlsx").content))
    values = [str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert not any(SECRET in v or "99-99" in v or "987654321" in v for v in values)


def test_publishing_the_project_makes_it_appear(client, public_and_secret):
    """The guard is `published()`, not a hard-coded exclusion: once a document states it, it is public."""
    from tests.factories import state

    unpublished = public_and_secret.unpublished
    state(unpublished, "title", public_and_secret.report, unpublished.title, line=95, span=2)
    assert client.get("/api/v1/projects/99-99").status_code == 200


def test_reporting_drafts_are_never_read(client, public_and_secret):
    """Drafts of the reporting cycle live in `reporting`; the api app never imports its draft models."""
    import pathlib

    source = "\n".join(p.read_text() for p in pathlib.Path(__file__).resolve().parents[1].glob("*.py"))
    assert "ProjectReport" not in source
