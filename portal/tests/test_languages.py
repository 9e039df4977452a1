"""English as the second language of the interface: addresses, switch, marked German data, sitemap, cache, catalogue."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from operations import caching
from programmes.models import Project

pytestmark = pytest.mark.django_db

PROJECT = "/projekte/15-01-research-alliance-ruhr/"
OWN_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def html_of(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def switch_links(html: str) -> list[str]:
    block = re.search(r'<ul class="rm-language-switch">(.*?)</ul>', html, re.S)
    assert block, "no language switch on the page"
    return re.findall(r"<a [^>]*>[^<]*</a>", block.group(1))


# --- addresses ---------------------------------------------------------------------------------


def test_german_keeps_its_addresses_and_english_lives_under_en():
    assert reverse("portal:project", args=["x"]) == "/projekte/x/"
    with translation.override("en"):
        assert reverse("portal:project", args=["x"]) == "/en/projekte/x/"
        assert reverse("portal:start") == "/en/"
        assert reverse("opendata:data") == "/en/daten/"
        assert reverse("organisations:list") == "/en/akteure/"
        assert reverse("answers:list") == "/en/anfragen/kleine-anfragen/"
        # what machines read keeps one address in every language
        assert reverse("alerts:feed_programme") == "/daten/feeds/aenderungen.atom"
        assert reverse("portal:sitemap") == "/sitemap.xml"
        assert reverse("portal:source_download", args=[1]) == "/quellen/1/datei/"


def test_machine_addresses_have_no_english_double(client, imported):
    assert client.get("/en/api/v1/projects").status_code == 404
    # a file name under /en/ leads to the one address (portal.middleware.FilesWithoutLanguageMiddleware)
    for path in ("/sitemap.xml", "/daten/feeds/aenderungen.atom"):
        response = client.get("/en" + path)
        assert response.status_code == 302 and response["Location"] == path


def test_unprefixed_pages_stay_german_whatever_the_browser_asks_for(client, imported):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="de"' in html and "Zum Inhalt springen" in html


# --- the pages in English ----------------------------------------------------------------------


def test_english_start_page(client, imported):
    html = html_of(client, "/en/")
    assert '<html lang="en"' in html
    assert "Skip to content" in html and "Zum Inhalt springen" not in html
    assert "What has become of the projects of the Ruhr-Konferenz" in html
    assert "Main navigation" in html and ">Action fields<" in html and ">Municipalities<" in html
    # the menu's links stay in English
    assert 'href="/en/projekte/"' in html and 'href="/en/kommunen/"' in html
    # project titles in the list of changes are German text, marked as such
    assert "Last changed" in html
    assert re.search(r'<h3><a href="/en/projekte/[^"]+" lang="de">', html)


def test_english_project_page_marks_the_document_text_german(client, imported):
    project = Project.objects.get(code="15-01")
    html = html_of(client, "/en" + PROJECT)
    assert '<html lang="en"' in html
    for phrase in ("Responsible ministry", "Project volume", "Milestones", "Status history", "From the report"):
        assert phrase in html, phrase
    assert "Verantwortliches Ressort" not in html
    assert f'<h1 id="projekt-titel" lang="de">{project.title}</h1>' in html
    assert re.search(r'<blockquote class="rm-quote" lang="de">', html)
    assert '<div class="rm-prose" lang="de">' in html
    # the German page needs no marks: its language is the page's
    german = html_of(client, PROJECT)
    assert '<html lang="de"' in german and f'<h1 id="projekt-titel">{project.title}</h1>' in german
    assert 'class="rm-prose" lang="de"' not in german


def test_english_list_and_municipality_mark_titles(client, imported):
    html = html_of(client, "/en/projekte/?q=Bochum")
    assert "Search and filter projects" in html
    assert re.search(r'<h3><a href="/en/projekte/[^"]+" lang="de">', html)
    html = html_of(client, "/en/kommunen/bochum/")
    assert "Ruhr-Konferenz in Bochum" in html and "Projects with a local reference" in html
    # dates in the British order on English pages, German ones unchanged
    assert ", 30 September 2020, Lines " in html
    assert ", 30. September 2020, Zeilen " in html_of(client, "/kommunen/bochum/")
    assert re.search(r'<h3><a href="/en/projekte/[^"]+" lang="de">', html)


# --- the switch and the alternates -------------------------------------------------------------


def test_switch_leads_to_the_same_page_in_the_other_language(client, imported):
    german = html_of(client, PROJECT + "?x=1")
    (link,) = switch_links(german)
    assert f'href="/en{PROJECT}?x=1"' in link and 'hreflang="en"' in link and 'lang="en"' in link
    assert ">English<" in link
    english = html_of(client, "/en" + PROJECT)
    (link,) = switch_links(english)
    assert f'href="{PROJECT}"' in link and 'hreflang="de"' in link and 'lang="de"' in link and ">Deutsch<" in link


def test_head_names_both_languages_and_german_as_default(client, imported):
    html = html_of(client, "/en/kommunen/")
    assert '<link rel="alternate" hreflang="de" href="http://testserver/kommunen/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/kommunen/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/kommunen/">' in html


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/kommunen/bochum/",
        "/handlungsfelder/",
        "/kennzahlen/",
        "/quellen/",
        "/leichte-sprache/",
        "/akteure/",
        "/anfragen/",
        "/anfragen/kommune/bochum/",
        "/ideen/",
        "/berichte/",
        "/daten/",
        "/konto/login/",
    ],
)
def test_every_page_switches_both_ways(client, imported, url):
    (link,) = switch_links(html_of(client, url))
    assert f'href="/en{url}"' in link
    (link,) = switch_links(html_of(client, "/en" + url))
    assert f'href="{url}"' in link


def test_menu_marks_the_current_section_in_english_too(client, imported):
    html = html_of(client, "/en" + PROJECT)
    assert '<a href="/en/projekte/" aria-current="true">Projects</a>' in html
    assert '<a href="/en/projekte/" aria-current="page">' in html_of(client, "/en/projekte/")


def test_easy_read_link_says_its_text_is_german(client, imported):
    html = html_of(client, "/en/")
    assert '<a href="/en/leichte-sprache/" hreflang="de">Easy Read</a>' in html
    assert '<a href="/leichte-sprache/" lang="de">Leichte Sprache</a>' in html_of(client, "/")


def test_english_404_page(client, imported):
    html = html_of(client, "/en/projekte/gibt-es-nicht/", status=404)
    assert '<html lang="en"' in html and "This page does not exist" in html


# --- sitemap -------------------------------------------------------------------------------------


def test_sitemap_lists_every_page_in_both_languages(client, imported):
    xml = html_of(client, "/sitemap.xml")
    assert f"<loc>http://testserver{PROJECT}</loc>" in xml
    assert f"<loc>http://testserver/en{PROJECT}</loc>" in xml
    for hreflang, prefix in (("de", ""), ("en", "/en"), ("x-default", "")):
        assert f'<xhtml:link rel="alternate" hreflang="{hreflang}" href="http://testserver{prefix}{PROJECT}"/>' in xml
    assert "<loc>http://testserver/en/kommunen/bochum/</loc>" in xml and "<loc>http://testserver/en/</loc>" in xml
    locs = re.findall(r"<loc>([^<]+)</loc>", xml)
    english = {loc.replace("http://testserver/en/", "http://testserver/") for loc in locs if "/en/" in loc}
    german = {loc for loc in locs if "/en/" not in loc}
    assert english == german, "every page is listed once per language"


def test_robots_keep_the_english_office_pages_out_too(client, imported):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /en/berichte/arbeit/" in text and "Disallow: /en/konto/" in text
    assert "Disallow: /en/admin/" not in text


# --- page cache ----------------------------------------------------------------------------------


def test_english_page_never_comes_from_the_german_cache_entry(client, imported, page_cache):
    german = client.get(PROJECT)
    assert german["X-Page-Cache"] == "miss"
    english = client.get("/en" + PROJECT)
    assert english["X-Page-Cache"] == "miss" and '<html lang="en"' in english.content.decode()
    again = client.get("/en" + PROJECT)
    assert again["X-Page-Cache"] == "hit" and again.content == english.content
    assert again["Content-Language"] == "en"
    assert client.get(PROJECT).content == german.content and '<html lang="de"' in german.content.decode()


def test_cache_key_holds_the_language_for_the_same_address():
    # Even an address served in both languages (none is today) gets one entry per language.
    request = RequestFactory().get("/sitemap.xml")
    request.LANGUAGE_CODE = "de"
    german = caching.page_key(request, "g")
    request.LANGUAGE_CODE = "en"
    assert caching.page_key(request, "g") != german


# --- the catalogue -------------------------------------------------------------------------------


def test_english_catalogue_is_complete_and_keeps_every_placeholder():
    """msgfmt --check compares the placeholders of every python-format entry; no entry may be fuzzy or empty."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.fail("msgfmt fehlt: das Debian-Paket gettext installieren (make install)")
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(OWN_CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr
    catalogue = OWN_CATALOGUE.read_text()
    assert "#, fuzzy" not in catalogue
    # brace placeholders are not checked by msgfmt: compare them too
    entries = re.findall(r'\nmsgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', catalogue)
    assert len(entries) > 400
    for msgid, msgstr in entries:
        assert sorted(re.findall(r"\{\w*\}|%\(\w+\)s", msgid)) == sorted(re.findall(r"\{\w*\}|%\(\w+\)s", msgstr)), (
            msgid
        )


@pytest.mark.parametrize(
    ("url", "marked"),
    [
        ("/en/handlungsfelder/", r'<a href="/en/handlungsfelder/[\w-]+/" lang="de">'),
        ("/en/handlungsfelder/bildung/", r'<h1 lang="de">'),
        ("/en/ressorts/", r'<a href="/en/ressorts/[\w-]+/" lang="de">'),
        ("/en/akteure/ruhr-universitaet-bochum/", r'<a href="/en/projekte/[^"]+" lang="de">'),
    ],
)
def test_names_and_titles_from_the_documents_are_marked_on_other_english_pages(client, imported, url, marked):
    assert re.search(marked, html_of(client, url))


def test_office_pages_in_english_say_their_text_is_german(client, imported):
    html = html_of(client, "/en/leichte-sprache/")
    assert '<h1 lang="de">Leichte Sprache</h1>' in html
    assert '<div lang="de" class="rm-prose rm-easy-language">' in html
    assert "The explanations are also available as videos in sign language" in html
    html = html_of(client, "/en/gebaerdensprache/")
    assert "Ruhr-Monitor in German Sign Language" in html
    assert '<a href="/en/leichte-sprache/" hreflang="de">Easy Read</a></p>' in html


OWNED_SOURCES = ("templates", "config", "portal", "places", "organisations")


def _msgids(catalogue: str) -> set[str]:
    return {"".join(re.findall(r'"(.*)"', m)) for m in re.findall(r'\nmsgid ((?:".*"\n)+)', catalogue)} - {""}


def test_every_interface_text_of_the_root_catalogue_is_in_it(tmp_path, monkeypatch, settings):
    """`make translations` run on a copy of the sources adds nothing: no German text was added without English."""
    for folder in OWNED_SOURCES:
        shutil.copytree(
            Path(settings.BASE_DIR) / folder,
            tmp_path / folder,
            ignore=shutil.ignore_patterns("tests", "static", "migrations", "__pycache__", "locale"),
        )
    (tmp_path / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(OWN_CATALOGUE, tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    collected = _msgids((tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text())
    committed = _msgids(OWN_CATALOGUE.read_text())
    assert collected - committed == set(), "neue Texte ohne Übersetzung: `make translations` und übersetzen"
    assert committed - collected == set(), "Einträge, die der Code nicht mehr nutzt: `make translations`"


MACHINE_PATHS = re.compile(
    r"^/(static/|api/|daten/download/|daten/feeds/|catalog\.|sitemap\.xml|robots\.txt|fotos/|quellen/\d+/datei/|"
    r"gebaerdensprache/[a-z-]+/(video|untertitel)|admin/)"
)


@pytest.mark.parametrize(
    "url", ["/en/", "/en" + PROJECT, "/en/projekte/", "/en/kommunen/bochum/", "/en/quellen/", "/en/daten/"]
)
def test_english_pages_link_english_pages(client, imported, url):
    """Every link to a page stays in English; only the switch, the alternates and what machines read do not."""
    html = html_of(client, url)
    html = re.sub(r'<ul class="rm-language-switch">.*?</ul>', "", html, flags=re.S)
    html = re.sub(r'<link rel="alternate" hreflang=[^>]+>', "", html)
    german = [
        href
        for href in re.findall(r'(?:href|action|src)="(/[^"]*)"', html)
        if not href.startswith("/en/") and not MACHINE_PATHS.match(href)
    ]
    assert german == []


@pytest.mark.parametrize(
    "path",
    [
        "/anfragen/kleine-anfragen/wp18/4711/antwort.docx",
        "/berichte/fortschrittsbericht-2024/bericht.pdf",
        "/berichte/arbeit/fortschrittsbericht-2024/uebersicht.xlsx",
    ],
)
def test_files_are_german_at_one_address(client, path):
    """A document linked from an English page is the German one: rendered under /en/, interface labels would turn
    up in English inside an official document."""
    response = client.get("/en" + path + "?fassung=1")
    assert response.status_code == 302 and response["Location"] == path + "?fassung=1"
