"""Downloads in every format, the dated dumps and the DCAT-AP.de catalogue."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from openpyxl import load_workbook
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from opendata.registry import DATASETS, open_datasets


def _csv(content: bytes, delimiter: str) -> list[list[str]]:
    if delimiter == ";":
        assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so that Excel reads umlauts"
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))
    # The machine CSV has none: a plain utf-8 reader must see "code", not "\ufeffcode".
    return list(csv.reader(io.StringIO(content.decode("utf-8")), delimiter=delimiter))


@pytest.mark.parametrize("slug", list(DATASETS))
@pytest.mark.parametrize("fmt", ["csv", "excel.csv", "xlsx", "json"])
def test_every_dataset_in_every_format(client, public_and_secret, slug, fmt):
    response = client.get(f"/daten/download/{slug}.{fmt}")
    assert response.status_code == 200, response.content[:300]
    assert response.has_header("ETag") and response["Access-Control-Allow-Origin"] == "*"
    assert slug in response["Content-Disposition"]


def test_csv_for_programs_and_for_german_excel(client, public_and_secret):
    rows = _csv(client.get("/daten/download/projects.csv").content, ",")
    header, first = rows[0], dict(zip(rows[0], rows[2], strict=True))
    assert header[:3] == ["code", "title", "slug"]
    assert first["code"] == "13-03" and first["volume_eur"] == "1500000.00"
    assert "Straßen für Bürger" in first["title"]

    rows = _csv(client.get("/daten/download/projects.excel.csv").content, ";")
    first = dict(zip(rows[0], rows[2], strict=True))
    assert rows[0][0] == "Projektnummer"
    assert first["Projektvolumen (Euro)"] == "1500000,00"
    assert first["regionsweit"] == "nein"


def test_filtered_download_matches_the_api(client, public_and_secret):
    rows = _csv(client.get("/daten/download/projects.csv?status=completed").content, ",")
    assert [r[0] for r in rows[1:]] == ["09-02"]
    refs = _csv(client.get("/daten/download/local-references.csv?municipality=bochum").content, ",")
    assert [(r[0], r[1]) for r in refs[1:]] == [("13-03", "05911000")]
    assert client.get("/daten/download/projects.csv?status=unbekannt").status_code == 400
    assert client.get("/daten/download/ministries.csv?status=completed").status_code == 400
    assert client.get("/daten/download/gibtsnicht.csv").status_code == 404


def test_xlsx_has_typed_cells_and_notes(client, public_and_secret):
    workbook = load_workbook(io.BytesIO(client.get("/daten/download/funding-statements.xlsx").content))
    assert workbook.sheetnames == ["Projektvolumen", "Hinweise"]
    sheet = workbook["Projektvolumen"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Volumen (Euro)"] == 1500000
    assert row["verausgabt, Stand"].year == 2024


def test_json_carries_licence_and_iati(client, public_and_secret):
    data = client.get("/daten/download/projects.json").json()
    assert data["license"] and data["count"] == 2
    project = next(p for p in data["items"] if p["code"] == "13-03")
    assert project["iati"]["activity_status"]["code"] == "2"
    assert project["iati"]["funding"]["transactions"][0]["transaction_type"] == "2"
    funding = client.get("/daten/download/funding-statements.json").json()["items"][0]
    assert {t["transaction_type"] for t in funding["iati"]["transactions"]} == {"2", "4"}


def test_geojson_municipalities_with_funding_per_basis(client, public_and_secret):
    response = client.get("/daten/download/municipalities.geojson")
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 53
    bochum = next(f for f in data["features"] if f["id"] == "05911000")
    assert bochum["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert bochum["properties"]["funding_exact_eur"] == 250000.0
    assert bochum["properties"]["funding_estimated_eur"] == 0.0
    assert bochum["properties"]["project_count"] == 1
    essen = next(f for f in data["features"] if f["id"] == "05113000")
    assert essen["properties"]["funding_unknown_count"] == 1
    assert data["metadata"]["region_wide_project_count"] == 1
    filtered = json.loads(client.get("/daten/download/municipalities.geojson?status=completed").content)
    assert all(f["properties"]["project_count"] == 0 for f in filtered["features"])


def test_full_dump_and_report_dump(client, public_and_secret):
    response = client.get("/daten/download/ruhr-monitor.zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    for dataset in open_datasets():
        assert {f"{dataset.slug}.csv", f"{dataset.slug}.excel.csv", f"{dataset.slug}.json"} <= names
    assert {"ruhr-monitor.xlsx", "municipalities.geojson", "LIESMICH.txt", "metadata.json"} <= names
    metadata = json.loads(archive.read("metadata.json"))
    assert metadata["files"]["projects.csv"]["sha256"]

    response = client.get(f"/daten/download/berichte/{public_and_secret.report.pk}.zip")
    assert "2024-12-31" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    projects = json.loads(archive.read("projects.json"))
    assert projects["document"]["id"] == public_and_secret.report.pk
    assert {p["code"] for p in projects["items"]} == {"13-03", "09-02"}
    assert client.get(f"/daten/download/berichte/{public_and_secret.answer.pk}.zip").status_code == 404


def test_catalogue_turtle_parses_and_describes_every_dataset(client, public_and_secret, settings):
    response = client.get("/catalog.ttl")
    assert response["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=response.content, format="turtle")
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == len(open_datasets())
    licence = URIRef(settings.OPEN_DATA_LICENSE)
    for dataset in datasets:
        assert graph.value(dataset, DCTERMS.title) is not None
        assert graph.value(dataset, DCTERMS.accrualPeriodicity) is not None
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert distributions
        assert all((d, DCTERMS.license, licence) in graph for d in distributions)
    # DCAT-AP.de 3.0: the political geocoding is dct:spatial; dcatde:politicalGeocodingURI is deprecated.
    assert URIRef("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05911000") in set(
        graph.objects(None, DCTERMS.spatial)
    )
    assert not set(graph.objects(None, URIRef("http://dcat-ap.de/def/dcatde/politicalGeocodingURI")))
    assert not set(graph.objects(None, URIRef("http://dcat-ap.de/def/dcatde/maintainer")))


def test_catalogue_licence_is_configurable_and_jsonld_parses(client, public_and_secret, settings):
    settings.OPEN_DATA_LICENSE = "http://dcat-ap.de/def/licenses/cc-by/4.0"
    graph = Graph().parse(data=client.get("/catalog.jsonld").content, format="json-ld")
    assert (None, DCTERMS.license, URIRef("http://dcat-ap.de/def/licenses/cc-by/4.0")) in graph
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == len(open_datasets())


def test_data_page_lists_downloads_and_examples(client, public_and_secret):
    html = client.get("/daten/").content.decode()
    assert "Daten &amp; API" in html or "Daten & API" in html
    for dataset in open_datasets():
        assert f"/daten/download/{dataset.slug}.xlsx" in html
    assert "library(httr2)" in html and "import requests" in html and "curl" in html
