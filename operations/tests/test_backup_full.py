"""Backup and restore of a standard installation: the full `make data` dataset (reporting period, proposals with
their assessment, indicators and programme indicators with their m2m history) round-trips with every table's
row count and every public page byte for byte."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from rdflib import Graph
from rdflib.compare import isomorphic

from operations.backup import backed_up_models

# The whole of `make data`, backed up and restored: long, so left out of `make test-fast` (marker slow).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# What `make data` runs after migrate (Makefile, target `data`).
MAKE_DATA = (
    ("load_municipalities",),
    ("import_progress_report", "fortschrittsbericht-2024.txt"),
    ("create_period_from_document", "fortschrittsbericht-2024.txt"),
    ("import_proposals", "ihk-hwk-projektideen-ruhrkonferenz.txt"),
    ("import_parliamentary_answer", "kleine-anfrage-4284-bochum.txt"),
    ("load_proposal_assessment",),
    ("load_indicator_reference",),
)

# Downloads and API reads beside the pages of the sitemap: the figures a journalist would compare.
EXTRA_URLS = (
    "/sitemap.xml",
    "/daten/",
    "/daten/download/projects.csv",
    "/daten/download/programme-indicators.csv",
    "/daten/download/proposals.csv",
    "/api/v1/projects?page_size=200",
    "/api/v1/programme-indicators",
    "/catalog.ttl",
    "/ideen/",
)
RDF_URLS = {"/catalog.ttl"}


def make_data(sources) -> None:
    for command, *files in MAKE_DATA:
        call_command(command, *(str(sources / name) for name in files), verbosity=0)


def row_counts() -> dict[str, int]:
    models = list(backed_up_models()) + [m for m in apps.get_models(include_auto_created=True) if m._meta.auto_created]
    return {m._meta.label_lower: m._base_manager.count() for m in models}


def public_pages() -> dict[str, bytes]:
    for cache in caches.all():
        cache.clear()  # the page cache must not answer for the restored database
    client = Client()
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    locs = [urlsplit(loc.text).path for loc in ET.fromstring(sitemap.content).iter() if loc.tag.endswith("loc")]
    pages = {}
    for url in [*locs, *EXTRA_URLS]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        # CSRF tokens are random per rendering; nothing else may differ
        pages[url] = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)
    return pages


def test_restore_of_the_full_dataset_gives_the_same_tables_and_pages(settings, tmp_path):
    from conftest import SOURCES

    settings.MEDIA_ROOT = tmp_path / "media"
    make_data(SOURCES)
    counts = row_counts()
    # the data this test exists for: programme indicators with contributions and their m2m history
    assert counts["programmes.programmeindicator"] > 0
    assert counts["programmes.historicalprogrammeindicator_contributions"] > 0
    assert counts["reporting.reportingperiod"] > 0 and counts["proposals.proposal"] >= 40
    pages = public_pages()
    assert len(pages) > 100

    archive = tmp_path / "sicherung.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(settings.MEDIA_ROOT.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert row_counts()["programmes.project"] == 0

    call_command("restore", str(archive), verbosity=0)

    assert row_counts() == counts
    restored = public_pages()
    assert restored.keys() == pages.keys()
    differing = [url for url in pages if restored[url] != pages[url] and url not in RDF_URLS]
    assert differing == []
    for url in RDF_URLS:
        # rdflib names blank nodes at random on every rendering, so the catalogue is compared as a graph
        assert isomorphic(
            Graph().parse(data=pages[url], format="turtle"), Graph().parse(data=restored[url], format="turtle")
        )


def table_digests(dsn: str) -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row of every table of one PostgreSQL database."""
    import psycopg

    with psycopg.connect(dsn) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        digests = {}
        for table in tables:
            # the table name comes from pg_tables, not from input
            row = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: S608
            ).fetchone()
            digests[table] = (row[0], row[1])
    return digests


@pytest.mark.postgres
def test_pg_dump_and_pg_restore_give_the_same_database(settings, tmp_path):
    """The production path (docs/operations.md): pg_dump -Fc, pg_restore into a new database."""
    import shutil
    import subprocess

    import psycopg
    from django.db import connection

    from conftest import SOURCES

    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore nicht installiert (Debian-Paket postgresql-client)")
    settings.MEDIA_ROOT = tmp_path / "media"
    make_data(SOURCES)
    params = connection.get_connection_params()
    base = f"postgresql://{params.get('user', '')}@{params.get('host', '')}:{params.get('port', 5432)}"
    source = f"{base}/{connection.settings_dict['NAME']}"
    target_name = connection.settings_dict["NAME"] + "_pgrestore"
    dump = tmp_path / "ruhr.dump"
    subprocess.run(["pg_dump", "--format=custom", "--file", str(dump), source], check=True)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
        admin.execute(f'CREATE DATABASE "{target_name}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", f"{base}/{target_name}", str(dump)],
            check=True,
        )
        before, after = table_digests(source), table_digests(f"{base}/{target_name}")
        assert before["programmes_historicalprogrammeindicator_contributions"][0] > 0
        assert after == before
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')
