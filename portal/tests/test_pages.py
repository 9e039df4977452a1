"""Every public page on the real documents: status, content, sources one click away, query counts."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from operations.collation import sort_key
from places.models import LocalReference
from portal.models import ContentPage
from programmes.models import Project
from sources.models import DocumentKind, Provenance, SourceDocument

pytestmark = pytest.mark.django_db


def html_of(client, url, status=200, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == status, url
    return response.content.decode()


def text_of(html: str) -> str:
    """The visible words of a page, whitespace collapsed (for phrases split by markup)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- start page ------------------------------------------------------------------------------


def test_start_page_has_chart_table_text_total_map_and_search(client, imported):
    html = html_of(client, reverse("portal:start"))
    text = text_of(html)
    assert '<html lang="de"' in html and 'href="#inhalt"' in html
    # chart as SVG with a name, the same figures as a table, and a text alternative
    assert 'role="img" aria-label="Balkendiagramm' in html
    published = Project.objects.published()
    total = published.count()
    in_progress = published.filter(status="in_progress").count()
    assert f"Insgesamt {total} Projekte" in text
    assert f"{in_progress} in Umsetzung" in text
    assert re.search(rf'<td class="kern-table__cell kern-table__cell--numeric">{total}</td>\s*</tr></tfoot>', html)
    # what the report itself says, with its source lines
    assert "42 abgeschlossen, 16 in Umsetzung, 15 nicht weiterverfolgt, 73 insgesamt" in text
    report = SourceDocument.objects.get(kind=DocumentKind.PROGRESS_REPORT)
    assert f"/quellen/{report.pk}/?von=76&amp;bis=80#L76" in html
    # total funding stated: includes the Research Alliance's 75 million
    assert "genanntes Projektvolumen" in text and "Mio." in text
    # the map: 53 municipalities, each a link with an accessible name; the table beside it
    assert html.count('<a href="/kommunen/') >= 53 + 53
    # 03-01, 11-05 and 15-03 name Gelsenkirchen in their text (photo credits do not count)
    assert 'aria-label="Gelsenkirchen: 3 Projekte mit Ortsbezug"' in html
    assert "Tabelle: Projekte und Förderung je Kommune" in html
    # a search box that leads to the project list
    assert 'action="/projekte/"' in html and 'name="q"' in html
    assert "Zuletzt geändert" in text


def test_start_page_map_switches_to_funding(client, imported):
    html = html_of(client, reverse("portal:start") + "?karte=foerderung")
    assert '<span aria-current="true">zugeordnete Förderung</span>' in html
    # 65.000 € granted; the 521.864 € Bochum applied for in 14-02 are not funding attributed to the place
    assert 'aria-label="Bochum: rund 65.000\u00a0€ zugeordnete Förderung"' in html
    assert 'aria-label="Dortmund: keine Angabe zugeordnete Förderung"' in html


def test_start_page_without_data(client, db):
    html = html_of(client, reverse("portal:start"))
    assert "Insgesamt 0 Projekte" in text_of(html)


# --- project list -----------------------------------------------------------------------------


def test_project_list_shows_published_projects_with_counts_and_pagination(client, imported):
    total = Project.objects.published().count()
    html = html_of(client, reverse("portal:projects"))
    assert f"{total} Projekte" in text_of(html)
    assert html.count('<li>\n      <h3><a href="/projekte/') == min(total, 20)
    if total > 20:
        assert 'rel="next"' in html
        page2 = html_of(client, reverse("portal:projects") + "?seite=2")
        assert page2.count('<h3><a href="/projekte/') == total - 20
        assert 'aria-current="page">2<' in page2


FILTER_CASES = [
    ("handlungsfeld=mobilitaet", {"13-01", "13-03", "13-06"}, {"15-01"}),
    ("status=completed", {"01-01", "06-02"}, {"15-01"}),
    ("ressort=mkw", {"15-01", "15-03"}, {"13-03"}),
    ("kommune=gelsenkirchen", {"03-01", "11-05", "15-03"}, {"13-03"}),
    ("saeule=ressortprojekt&handlungsfeld=bildung", {"15-01"}, set()),
    ("saeule=partnerprojekt", set(), {"15-01"}),
    ("foerderung=ja", {"15-01", "13-03"}, set()),
    ("q=Brachfläche", {"11-04"}, {"13-03"}),
    ("q=Mobilität&status=in_progress", {"13-03", "13-01"}, {"01-01"}),
    ("status=gibt-es-nicht&handlungsfeld=bildung", {"15-01"}, set()),  # invalid values are ignored
]


def test_project_list_filters(client, imported):
    for query, expected, excluded in FILTER_CASES:
        html = html_of(client, reverse("portal:projects") + "?" + query)
        codes = set(re.findall(r'<span class="rm-code">([0-9a-z-]+)</span>', html))
        assert expected <= codes, query
        assert not (excluded & codes), query


def test_project_list_without_funding_figure(client, imported):
    html = html_of(client, reverse("portal:projects") + "?foerderung=nein")
    codes = set(re.findall(r'<span class="rm-code">([0-9a-z-]+)</span>', html))
    assert "15-01" not in codes and codes


def _code_titled(start: str) -> str:
    return Project.objects.get(title__startswith=start).code


def test_project_list_sorting(client, imported):
    def codes(query):
        html = html_of(client, reverse("portal:projects") + "?" + query)
        return re.findall(r'<span class="rm-code">([0-9a-z-]+)</span>', html)

    by_code = codes("sortierung=nummer")
    assert by_code == sorted(by_code)
    by_volume = codes("sortierung=volumen&foerderung=ja")
    volumes = dict(Project.objects.filter(code__in=by_volume).values_list("code", "funding_statements__volume_eur"))
    numbers = [volumes[c] for c in by_volume if volumes[c] is not None]
    assert numbers == sorted(numbers, reverse=True)
    by_title = codes("sortierung=titel")
    titles = dict(Project.objects.values_list("code", "title"))
    # A–Z as a German reader reads it, across pages: "chemstars.nrw" among the C, "ÖPNV-Initiative" among the O.
    # Compared on the initial letter only: beyond it, ICU (PostgreSQL) and DIN 5007 (SQLite) may differ on
    # punctuation, which no reader would call wrong.
    listed = by_title + codes("sortierung=titel&seite=2")
    assert sorted(listed) == sorted(titles)
    initials = [sort_key(titles[c])[0][:1] for c in listed]
    assert initials == sorted(initials)
    assert listed.index(_code_titled("chemstars")) < listed.index(_code_titled("Entwicklung"))
    # relevance puts the title match first
    assert codes("q=Mobilitätszentrale")[0] == "13-03"


def test_project_list_htmx_returns_the_result_region_only(client, imported):
    response = client.get(reverse("portal:projects") + "?status=completed", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="ergebnisse"' in html
    assert 'id="trefferzahl" data-hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in response["Vary"]
    # the same URL without htmx is the whole page (shareable, works without JavaScript)
    assert "<html" in html_of(client, reverse("portal:projects") + "?status=completed")


def test_project_list_filter_state_is_in_the_links(client, imported):
    html = html_of(client, reverse("portal:projects") + "?handlungsfeld=mobilitaet&q=Mobilit%C3%A4t")
    assert '<option value="mobilitaet" selected>' in html
    assert 'value="Mobilität"' in html
    assert "Filter entfernen" in html
    assert "?q=Mobilit%C3%A4t&amp;sortierung=" in html or "q=Mobilit%C3%A4t" in html


def test_project_list_query_count_does_not_grow_with_results(client, imported, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get(reverse("portal:projects"))
    with django_assert_max_num_queries(12):
        client.get(reverse("portal:projects") + "?q=Mobilität&kommune=bochum&foerderung=ja&sortierung=volumen")


# --- project page ----------------------------------------------------------------------------


def test_project_page_shows_research_alliance_funding_with_page_and_lines(client, imported):
    project = Project.objects.get(code="15-01")
    html = html_of(client, project.get_absolute_url())
    text = text_of(html)
    funding = project.current_funding()
    assert "75 Millionen Euro für die Aufbauphase, ab 2025 jährlich 48 Millionen Euro." in text
    assert "75.000.000\u00a0€" in html and "48.000.000\u00a0€" in html
    assert f"?von={funding.start_line}&amp;bis={funding.end_line}#L{funding.start_line}" in html
    assert f"Fortschrittsbericht 2024 (Stand 31.12.2024), Seite 41, Zeile {funding.start_line}" in text
    # sections of the report, milestones, status history, places, papers, provenance
    for heading in ("Mehrwert", "Vorgehen", "Zielgruppe", "Aktueller Stand", "Meilensteine", "Statusverlauf"):
        assert f">{heading}</h" in html, heading
    assert "27 neue Forschungsprofessuren besetzt" in text
    assert 'class="rm-timeline"' in html
    assert "Parlamentarische Anfragen zu diesem Projekt" in html  # the Bochum answer names 15-01
    assert 'href="/kommunen/bochum/"' in html
    assert "Quellen der Angaben" in html


def test_project_page_funding_source_shows_the_cited_line(client, imported):
    funding = Project.objects.get(code="15-01").current_funding()
    url = reverse("portal:source", args=[funding.document.pk]) + f"?von={funding.start_line}&bis={funding.end_line}"
    html = html_of(client, url)
    assert f'<span id="L{funding.start_line}" class="hl">' in html
    assert "Zitierte Stelle: Zeile 1176" in text_of(html)
    assert "Gedruckte Seite 41, Projektseite Research Alliance Ruhr (15-01)" in text_of(html)
    assert "75 Millionen Euro für die Aufbauphase" in html


def test_project_page_links_leave_the_portal_even_when_the_report_prints_them_without_scheme(client, imported):
    # The report prints "www.spin.ruhr"; as href it was a path below the project page and answered 404.
    project = next(p for p in Project.objects.exclude(links=[]) if any(not link.startswith("http") for link in p.links))
    page = client.get(project.get_absolute_url()).content.decode()
    hrefs = re.findall(r'<a href="([^"]+)" rel="external noopener">', page)
    assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs)
    shown = next(link for link in project.links if not link.startswith("http"))
    assert f'href="https://{shown}"' in page and f">{shown}</a>" in page


def test_project_page_query_count(client, imported, django_assert_max_num_queries):
    project = Project.objects.get(code="13-03")
    with django_assert_max_num_queries(30):
        client.get(project.get_absolute_url())


def test_project_page_of_the_answer_shows_exact_local_funding(client, imported):
    project = Project.objects.get(code="14-02")
    html = html_of(client, project.get_absolute_url())
    assert "521.864\u00a0€" in html and "genau (für diesen Ort angegeben)" in html


# --- municipality, district, ministry, action field --------------------------------------------


def test_municipality_page_bochum(client, imported):
    html = html_of(client, reverse("portal:municipality", args=["bochum"]))
    text = text_of(html)
    assert "521.864 € (beantragt, nicht mitgezählt)" in text and "Klimaresiliente Region" in text
    assert "rund 65.000 € (bewilligt/zugesagt)" in text
    assert "Grundlage: genau (für diesen Ort angegeben)" in text
    assert "Zugeordnete Förderung genau angegeben: rund 65.000 €" in text
    assert "Beantragt (nicht bewilligt, nicht mitgezählt) 521.864 €" in text
    assert "586.864" not in text  # applied and granted money are never added
    assert "kreisfrei" in text
    assert 'href="/anfragen/kommune/bochum/"' in html


def test_municipality_page_gelsenkirchen_lists_its_projects(client, imported):
    html = html_of(client, reverse("portal:municipality", args=["gelsenkirchen"]))
    for code in ("03-01", "11-05", "15-03"):
        assert f'<span class="rm-code">{code}</span>' in html


def test_municipality_of_a_district_names_it(client, imported):
    html = html_of(client, reverse("portal:municipality", args=["marl"]))
    assert "Recklinghausen" in html and "Weitere Kommunen im Kreis" in html


def test_municipality_list_has_map_and_all_53(client, imported, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        html = html_of(client, reverse("portal:municipalities"))
    assert html.count('<th scope="row" class="kern-table__header"><a href="/kommunen/') == 53


def test_action_field_pages(client, imported, django_assert_max_num_queries):
    html = html_of(client, reverse("portal:action_fields"))
    assert "Vernetzte Mobilität – kurze Wege" in html
    with django_assert_max_num_queries(10):
        html = html_of(client, reverse("portal:action_field", args=["mobilitaet"]))
    assert "13-03" in html and "15-01" not in html
    html_of(client, reverse("portal:action_field", args=["gibt-es-nicht"]), status=404)


def test_ministry_pages(client, imported, django_assert_max_num_queries):
    html = html_of(client, reverse("portal:ministries"))
    assert "Ministerium für Kultur und Wissenschaft" in html
    with django_assert_max_num_queries(12):
        html = html_of(client, reverse("portal:ministry", args=["mkw"]))
    assert "Research Alliance Ruhr" in html and 'role="img"' in html


# --- documents, content pages, sitemap, errors ---------------------------------------------------


def test_reports_page_lists_documents_for_download(client, imported):
    html = html_of(client, reverse("portal:reports"))
    report = SourceDocument.objects.get(kind=DocumentKind.PROGRESS_REPORT)
    assert "Fortschrittsbericht 2024" in html and f"/quellen/{report.pk}/datei/" in html
    response = client.get(reverse("portal:source_download", args=[report.pk]))
    assert response.status_code == 200
    assert 'filename="fortschrittsbericht-2024.txt"' in response["Content-Disposition"]
    assert b"Research Alliance Ruhr" in b"".join(response.streaming_content)


def test_content_pages_show_defaults_and_office_text(client, db):
    for slug, title in (
        ("impressum", "Impressum"),
        ("datenschutz", "Datenschutzerklärung"),
        ("barrierefreiheit", "Erklärung zur Barrierefreiheit"),
    ):
        assert f"<h1>{title}</h1>" in html_of(client, reverse("portal:page", args=[slug]))
    ContentPage.objects.update_or_create(
        slug="impressum",
        defaults={"title": "Impressum", "body": "## Anschrift\n\nLeitstelle, <b>Essen</b>\n\n- info@example.org"},
    )
    html = html_of(client, reverse("portal:page", args=["impressum"]))
    assert "<h2>Anschrift</h2>" in html and "&lt;b&gt;Essen&lt;/b&gt;" in html
    assert '<a href="mailto:info@example.org">' in html


def test_sitemap_lists_public_pages(client, imported):
    xml = html_of(client, reverse("portal:sitemap"))
    assert "/projekte/15-01-research-alliance-ruhr/" in xml
    assert "/kommunen/gelsenkirchen/" in xml and "/barrierefreiheit/" in xml


def test_german_404(client, imported):
    html = html_of(client, "/projekte/gibt-es-nicht/", status=404)
    assert "Diese Seite gibt es nicht" in html
    html_of(client, "/kommunen/leverkusen/", status=404)
    html_of(client, "/quellen/999999/", status=404)


def test_500_template_renders_without_context():
    from django.template.loader import get_template

    html = get_template("500.html").render()
    assert "Ein technischer Fehler ist aufgetreten" in html and 'lang="de"' in html


# --- nothing unpublished, anywhere -------------------------------------------------------------


def test_unpublished_project_appears_nowhere(client, unpublished):
    assert not Provenance.objects.filter(
        content_type=ContentType.objects.get_for_model(Project), object_id=unpublished.pk
    ).exists()
    published_total = Project.objects.published().count()
    pages = [
        reverse("portal:start"),
        reverse("portal:start") + "?karte=foerderung",
        reverse("portal:projects"),
        reverse("portal:projects") + "?seite=2",
        reverse("portal:projects") + "?q=Zeppelinhafen",
        reverse("portal:projects") + "?q=Geheimprojekt",
        reverse("portal:projects") + "?q=Brachfläche",
        reverse("portal:projects") + "?kommune=gelsenkirchen",
        reverse("portal:projects") + "?status=in_progress",
        reverse("portal:municipalities"),
        reverse("portal:municipality", args=["gelsenkirchen"]),
        reverse("portal:action_fields"),
        reverse("portal:ministries"),
        reverse("portal:sitemap"),
    ]
    for url in pages:
        html = html_of(client, url)
        assert "99-99" not in html and "Geheimprojekt Zeppelinhafen" not in html, url
        assert "999.999.999" not in html, url
    html_of(client, unpublished.get_absolute_url(), status=404)
    # counts: the search finds nothing, totals and the map count only published projects
    assert "0 von" in text_of(html_of(client, reverse("portal:projects") + "?q=Zeppelinhafen"))
    start = text_of(html_of(client, reverse("portal:start")))
    assert f"Insgesamt {published_total} Projekte" in start
    gelsenkirchen = LocalReference.objects.filter(
        municipality__slug="gelsenkirchen", project__in=Project.objects.published()
    )
    assert f'aria-label="Gelsenkirchen: {gelsenkirchen.count()} Projekte mit Ortsbezug"' in html_of(
        client, reverse("portal:start")
    )


def test_collectstatic_fingerprints_the_npm_assets(tmp_path, settings):
    """Production (DEBUG=False) serves hashed, compressed files; the manifest step must resolve every CSS url()."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    staticfiles_storage._setup()
    for name in (
        "vendor/kern/kern.min.css",
        "vendor/kern/fonts/fira-sans.css",
        "portal/fonts.css",  # its url()s point into vendor/kern/fonts/
        "vendor/htmx/htmx.min.js",
        "portal/portal.css",
    ):
        assert re.search(r"\.[0-9a-f]{12}\.", staticfiles_storage.stored_name(name)), name
