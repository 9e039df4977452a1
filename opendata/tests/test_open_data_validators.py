"""The open data checked with tools nobody on the project wrote, on the imported 2024 report.

- the DCAT-AP.de catalogue against the official SHACL shapes (pyshacl; shapes from ../shared/validators/, which
  are not ours to commit: the German ones are AGPL),
- every download against its `datapackage.json` (frictionless),
- the CSV files as Python's csv module reads them without being told delimiter or encoding,
- the Atom feeds: one id each, titles, summaries, alternate links.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
import rdflib
from django.core.management import call_command
from openpyxl import load_workbook

from opendata.registry import open_datasets
from operations.site import site_url

ROOT = Path(__file__).resolve().parents[2]
ATOM = "{http://www.w3.org/2005/Atom}"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
# Profiles of validate_dcat.py whose violations must be zero: DCAT-AP 2.1.1 and 3.0.1 (mandatory and ranges) and
# DCAT-AP.de 3.0. Not checked: H (DCAT-AP.de 2.0, superseded), K (needs the EU authority tables online), L (the
# GovData dashboard's counting rules, which fire for every distribution by design).
PROFILES = ("A", "B", "D", "E", "J")

pytestmark = pytest.mark.django_db


def _validators() -> Path | None:
    candidates = [Path(os.environ["RUHR_MONITOR_VALIDATORS"])] if os.environ.get("RUHR_MONITOR_VALIDATORS") else []
    # ../shared beside the repository; a git worktree sits one level deeper
    candidates += [ROOT.parent / "shared" / "validators", ROOT.parent.parent / "shared" / "validators"]
    return next((c for c in candidates if (c / "validate_dcat.py").is_file()), None)


def _load_validator():
    directory = _validators()
    if directory is None:
        message = "die SHACL-Formen liegen nicht bei (../shared/validators/ oder RUHR_MONITOR_VALIDATORS)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI has shared/ beside the clone: a missing validator must not pass silently
        pytest.skip(message)
    spec = importlib.util.spec_from_file_location("validate_dcat", directory / "validate_dcat.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def reference(imported):
    call_command("load_indicator_reference", stdout=io.StringIO())


# catalogue ------------------------------------------------------------------------------------------------


def test_catalogue_has_no_violations_of_the_official_shapes(client, reference):
    import pyshacl

    validator = _load_validator()
    ours = rdflib.Graph().parse(data=client.get("/catalog.ttl").content, format="turtle")
    subjects = set(ours.subjects())
    data = rdflib.Graph()
    data += ours
    for name in validator.BACKGROUND:
        data.parse(validator.HERE / name)
    found = {}
    for profile, files in validator.PROFILES.items():
        if profile[0] not in PROFILES:
            continue
        shapes = rdflib.Graph()
        for name in files:
            shapes.parse(validator.HERE / name)
        _conforms, results, _text = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
        )
        problems = []
        for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
            focus = results.value(result, SH.focusNode)
            message = str(results.value(result, SH.resultMessage))
            severity = str(results.value(result, SH.resultSeverity))
            # The background vocabularies (contributors list) have gaps of their own; only our nodes count.
            if focus not in subjects:
                continue
            if severity.endswith("Violation") or "Deprecated" in message:
                problems.append(f"{focus} {results.value(result, SH.resultPath)}: {message[:160]}")
        found[profile] = problems
    assert found == {p: [] for p in found}, json.dumps(found, indent=1, ensure_ascii=False)[:4000]
    assert len(found) == len(PROFILES)


def test_catalogue_and_feeds_use_the_port_the_server_runs_on(client, public_and_secret, settings):
    settings.SITE_URL = ""
    graph = rdflib.Graph().parse(data=client.get("/catalog.ttl", HTTP_HOST="127.0.0.1:8123").content)
    urls = {str(o) for o in graph.objects(None, rdflib.URIRef("http://www.w3.org/ns/dcat#downloadURL"))}
    assert urls and all(u.startswith("http://127.0.0.1:8123/daten/download/") for u in urls)
    feed = client.get("/daten/feeds/aenderungen.atom", HTTP_HOST="127.0.0.1:8123").content.decode()
    assert "<id>http://127.0.0.1:8123/daten/feeds/aenderungen.atom</id>" in feed
    package = client.get("/daten/download/datapackage.json", HTTP_HOST="127.0.0.1:8123").json()
    assert package["resources"][0]["path"].startswith("http://127.0.0.1:8123/daten/download/")
    # without a request (mails sent by a command): the local server with its PORT
    settings.PORT = 8123
    assert site_url() == "http://127.0.0.1:8123"
    # a configured canonical address wins over whatever host a request used
    settings.SITE_URL = "https://ruhr-monitor.nrw.de/"
    graph = rdflib.Graph().parse(data=client.get("/catalog.ttl", HTTP_HOST="127.0.0.1:8123").content)
    urls = {str(o) for o in graph.objects(None, rdflib.URIRef("http://www.w3.org/ns/dcat#downloadURL"))}
    assert all(u.startswith("https://ruhr-monitor.nrw.de/daten/download/") for u in urls)


# downloads ------------------------------------------------------------------------------------------------


def test_every_download_of_the_dump_validates_against_its_datapackage(client, reference, tmp_path):
    from frictionless import Package, validate

    archive = zipfile.ZipFile(io.BytesIO(client.get("/daten/download/ruhr-monitor.zip").content))
    archive.extractall(tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"] for r in descriptor["resources"]}
    assert set(archive.namelist()) - described == {"LIESMICH.txt", "metadata.json", "datapackage.json"}
    report = validate(tmp_path / "datapackage.json")
    errors = report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, errors[:20]
    # every tabular file has its columns typed, and money says its unit
    package = Package(tmp_path / "datapackage.json")
    tabular = [r for r in package.resources if r.schema and r.schema.fields]
    assert len(tabular) == 3 * len(open_datasets())
    projects = package.get_resource("projects-csv")
    fields = {f.name: f for f in projects.schema.fields}
    assert fields["volume_eur"].type == "number" and fields["volume_eur"].to_dict()["unit"] == "EUR"
    assert fields["spent_as_of"].type == "date" and fields["region_wide"].type == "boolean"
    rows = projects.read_rows()
    assert any(r["volume_eur"] is not None for r in rows)


def test_the_served_datapackage_describes_every_download(client, public_and_secret):
    package = client.get("/daten/download/datapackage.json").json()
    paths = {r["path"] for r in package["resources"]}
    for dataset in open_datasets():
        for fmt in ("csv", "excel.csv", "xlsx", "json"):
            assert f"https://ruhr-monitor.example/daten/download/{dataset.slug}.{fmt}" in paths
    assert "https://ruhr-monitor.example/daten/download/municipalities.geojson" in paths
    excel = next(r for r in package["resources"] if r["name"] == "funding-statements-excel-csv")
    assert excel["dialect"]["delimiter"] == ";" and excel["encoding"] == "utf-8-sig"
    qualifier = next(f for f in excel["schema"]["fields"] if f["name"] == "Angabe zum Volumen")
    assert "mehr als" in qualifier["constraints"]["enum"]


def test_csv_files_read_without_telling_delimiter_or_encoding(client, reference):
    for dataset in open_datasets():
        content = client.get(f"/daten/download/{dataset.slug}.csv").content
        text = content.decode("utf-8")  # what Python, pandas and R assume
        header = next(csv.reader(io.StringIO(text)))
        assert header[0] == dataset.public_columns()[0].key, dataset.slug
        assert csv.Sniffer().sniff(text[:4096]).delimiter == ",", dataset.slug

        excel = client.get(f"/daten/download/{dataset.slug}.excel.csv").content
        assert excel.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
        excel_text = excel.decode("utf-8-sig")
        assert csv.Sniffer().sniff(excel_text[:4096]).delimiter == ";", dataset.slug
        header = next(csv.reader(io.StringIO(excel_text), delimiter=";"))
        assert header == [c.header for c in dataset.public_columns()]


def test_german_excel_csv_shows_labels_and_whole_head_counts(client, reference):
    text = client.get("/daten/download/programme-indicators.excel.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert rows
    for column in ("Berechnung", "Angabe zur Summe", "Angabe", "Angabe zum Ziel"):
        assert not {r[column] for r in rows} & {"sum", "approx", "more_than", "at_least", "up_to"}, column
    assert "Summe der Werte der Projekte" in {r["Berechnung"] for r in rows}
    assert {r["Angabe zur Summe"] for r in rows} & {"mehr als", "rund", "mindestens"}
    people = [r for r in rows if r["Einheit"] and r["Wert"] and "Mio" not in r["Einheit"]]
    assert people and not any(re.search(r",0+$", r["Wert"]) for r in people), [r["Wert"] for r in people][:5]
    # the machine CSV keeps the codes
    machine = list(csv.DictReader(io.StringIO(client.get("/daten/download/programme-indicators.csv").content.decode())))
    assert "sum" in {r["aggregation"] for r in machine}
    values = list(csv.DictReader(io.StringIO(client.get("/daten/download/indicators.csv").content.decode())))
    assert values and not any(v["value"].endswith(".0000") for v in values)


def test_workbooks_have_title_and_print_setup(client, public_and_secret):
    workbook = load_workbook(io.BytesIO(client.get("/daten/download/projects.xlsx").content))
    assert workbook.properties.title == "Projekte der Ruhr-Konferenz"
    assert workbook.properties.creator
    sheet = workbook["Projekte"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "Projekte" in sheet.oddHeader.center.text


# feeds ----------------------------------------------------------------------------------------------------

FEEDS = (
    "/daten/feeds/aenderungen.atom",
    "/daten/feeds/projekte/13-03.atom",
    "/daten/feeds/projekte/09-02.atom",
    "/daten/feeds/kommunen/bochum.atom",
    "/daten/feeds/kommunen/essen.atom",
    "/daten/feeds/handlungsfelder/bildung.atom",
    "/daten/feeds/suche.atom?q=Bochum",
    "/daten/feeds/suche.atom?status=completed",
)


def _feed(client, url) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    return ElementTree.fromstring(response.content)


def test_every_feed_has_its_own_id_and_says_what_it_is(client, public_and_secret):
    ids = {}
    for url in FEEDS:
        feed = _feed(client, url)
        feed_id = feed.find(f"{ATOM}id").text
        ids.setdefault(feed_id, []).append(url)
        self_link = next(link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self")
        assert feed_id == self_link.replace("&amp;", "&"), url
        for entry in feed.findall(f"{ATOM}entry"):
            assert (entry.find(f"{ATOM}summary").text or "").strip(), (url, entry.find(f"{ATOM}title").text)
    assert all(len(urls) == 1 for urls in ids.values()), ids
    search = _feed(client, "/daten/feeds/suche.atom?q=Bochum").find(f"{ATOM}title").text
    assert search == "Ruhr-Monitor – Auswahl: Suchbegriff „Bochum“"
    project = _feed(client, "/daten/feeds/projekte/13-03.atom")
    alternate = next(link.get("href") for link in project.findall(f"{ATOM}link") if link.get("rel") == "alternate")
    assert alternate == "https://ruhr-monitor.example/projekte/13-03-baustellenkoordinierung/"


def test_new_project_without_summary_still_has_a_summary(client, public_and_secret):
    entries = _feed(client, "/daten/feeds/projekte/09-02.atom").findall(f"{ATOM}entry")
    new = next(e for e in entries if e.find(f"{ATOM}title").text.startswith("Neues Projekt"))
    assert "Projekt 09-02 ist jetzt im Ruhr-Monitor veröffentlicht" in new.find(f"{ATOM}summary").text


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/", "/daten/feeds/aenderungen.atom"),
        ("/daten/", "/daten/feeds/aenderungen.atom"),
        ("/projekte/13-03-baustellenkoordinierung/", "/daten/feeds/projekte/13-03.atom"),
        ("/kommunen/bochum/", "/daten/feeds/kommunen/bochum.atom"),
        ("/handlungsfelder/bildung/", "/daten/feeds/handlungsfelder/bildung.atom"),
    ],
)
def test_pages_link_their_feed(client, public_and_secret, page, feed):
    html = client.get(page).content.decode()
    links = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', html)
    assert links == [feed]
    assert client.get(feed).status_code == 200


def test_ministry_page_links_a_working_feed(client, public_and_secret):
    ministry = public_and_secret.project.ministry
    html = client.get(f"/ressorts/{ministry.slug}/").content.decode()
    (href,) = re.findall(r'type="application/atom\+xml" title="[^"]+" href="([^"]+)"', html)
    assert client.get(href.replace("&amp;", "&")).status_code == 200
