"""Text people type becomes HTML in few places; none of them lets markup, handlers, scripts or styles through.

The places: office-edited content pages (portal/content.py), word diffs of report versions
(reporting/comparison.py), report sections and proposal texts shown with |linebreaksbr, the PDF's HTML
(WeasyPrint). Each gets the same hostile payloads; the output must carry none of it as markup, and the normal
formatting must survive.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from operations.sanitize import ATTRIBUTES, TAGS, sanitize

PAYLOADS = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "<svg onload=alert(3)><circle r=1 /></svg>",
    '<a href="javascript:alert(4)">klick</a>',
    '<a href="JaVaScRiPt:alert(5)">klick</a>',
    '<p style="background:url(javascript:alert(6))">stil</p>',
    "<iframe src=//example.org></iframe>",
    '"><script>alert(7)</script>',
    "<style>body{display:none}</style>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(8)">',
    "[link](javascript:alert(9)) **fett** <b onmouseover=alert(10)>b</b>",
)
HOSTILE = "\n\n".join(PAYLOADS)
# Substrings that must never appear as markup (their escaped text may).
FORBIDDEN = ("<script", "<svg", "<iframe", "<style", "<img", "<math")


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _markup(html: str) -> list[tuple[str, dict]]:
    parser = _Markup()
    parser.feed(html)
    return parser.tags


def _assert_only_allowlisted(html: str) -> None:
    for tag, attrs in _markup(html):
        assert tag in TAGS, (tag, html)
        assert set(attrs) <= ATTRIBUTES.get(tag, set()), (tag, attrs)
        href = (attrs.get("href") or "").strip().lower()
        assert not href or href.startswith(("http://", "https://", "mailto:")), href
    for needle in FORBIDDEN:
        assert needle not in html.lower(), (needle, html)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitizer_strips_each_payload(payload):
    _assert_only_allowlisted(sanitize(payload))


def test_sanitizer_keeps_the_allowed_formatting():
    html = sanitize('<h2>Titel</h2><p>Ein <strong>fetter</strong> <a href="https://www.nrw.de">Link</a></p>')
    assert "<h2>Titel</h2>" in html and "<strong>fetter</strong>" in html
    assert '<a href="https://www.nrw.de">Link</a>' in html


def test_content_page_body_renders_no_markup_from_the_text():
    from portal.content import render_body

    body = "## Kontakt\n\nSchreiben Sie an **die Leitstelle**: https://www.nrw.de\n\n- eins\n- zwei\n\n" + HOSTILE
    html = render_body(body)
    _assert_only_allowlisted(html)
    assert "<h2>Kontakt</h2>" in html
    assert "<strong>die Leitstelle</strong>" in html
    assert '<a href="https://www.nrw.de"' in html
    assert "<ul><li>eins</li><li>zwei</li></ul>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, not dropped silently


@pytest.mark.django_db
def test_content_page_from_the_admin_is_safe_on_the_page(client):
    from portal.models import ContentPage

    ContentPage.objects.create(slug="impressum", title="Impressum", body="## Herausgeber\n\n" + HOSTILE)
    html = client.get("/impressum/").content.decode()
    prose = html.split('<div class="rm-prose">', 1)[1].split("</div>", 1)[0]
    _assert_only_allowlisted(prose)
    assert "<h2>Herausgeber</h2>" in prose


def test_word_diff_escapes_both_versions():
    from reporting.comparison import word_diff

    html = word_diff("Alter Stand " + PAYLOADS[0], "Neuer Stand " + HOSTILE)
    _assert_only_allowlisted(html)
    assert "<del>Alter</del>" in html and "<ins>Neuer</ins>" in html


@pytest.fixture
def hostile_world(db, settings, tmp_path):
    from .authz_world import build_world

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_RENDER_SYNC = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    report = world.draft_report
    report.recent_development = "Erste Zeile\nZweite Zeile " + HOSTILE
    report.outlook = HOSTILE
    report.save()
    proposal = world.published_proposal
    proposal.goal = "Ziel\nmit Umbruch " + HOSTILE
    proposal.background = HOSTILE
    proposal.outcome_reason = HOSTILE
    proposal.save()
    return world


def _assert_page_safe(html: str, *, own_elements: tuple[str, ...] = ()) -> None:
    """A whole page: the payloads appear only as text; no element of the page carries a handler, a style,
    a javascript: URL, an inline script or an element the payloads bring."""
    lowered = html.lower()
    for payload in PAYLOADS:
        assert payload.lower() not in lowered, payload
    for tag, attrs in _markup(html):
        assert tag in own_elements or tag not in ("iframe", "math", "style"), tag
        assert not [name for name in attrs if name.startswith("on") or name == "style"], (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (tag, attrs)
        if tag == "script":
            assert attrs.get("src") or attrs.get("type") == "application/json", attrs  # no inline code
        if tag == "img":
            assert attrs.get("src") != "x", attrs


def test_report_sections_and_diffs_on_the_workspace_pages(client, hostile_world):
    client.force_login(hostile_world.users["office"])
    pk = hostile_world.draft_report.pk
    for url in (f"/berichte/arbeit/bericht/{pk}/", f"/berichte/arbeit/bericht/{pk}/versionen/"):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_page_safe(response.content.decode())
    page = client.get(f"/berichte/arbeit/bericht/{pk}/").content.decode()
    assert "Erste Zeile<br>Zweite Zeile" in page  # line breaks survive
    comparison = client.get(f"/berichte/projekt/{hostile_world.project_a.code}/vergleich/").content.decode()
    _assert_page_safe(comparison)


def test_proposal_texts_on_public_and_office_pages(client, hostile_world):
    proposal = hostile_world.published_proposal
    public = client.get(f"/ideen/{proposal.source}/{proposal.number}/")
    assert public.status_code == 200
    _assert_page_safe(public.content.decode())
    assert "Ziel<br>mit Umbruch" in public.content.decode()
    client.force_login(hostile_world.users["office"])
    _assert_page_safe(client.get(f"/ideen/leitstelle/{proposal.pk}/").content.decode())


def test_the_pdf_sets_report_texts_as_text_never_as_markup(hostile_world):
    """Typst receives the texts as JSON data: markup or code in them (HTML, Typst's `#`) is printed, not run."""
    import io

    from pypdf import PdfReader

    from reporting.documents.content import build_content
    from reporting.documents.pdf import ProgressReportPdf

    period = hostile_world.open_period
    period.editorial = HOSTILE + '\n\n#read("/etc/passwd") #panic("x") $x^2$ _kursiv_'
    period.save()
    pdf = ProgressReportPdf(build_content(period, draft=True)).render()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "<script>alert(1)</script>" in text
    assert '#read("/etc/passwd") #panic("x") $x^2$ _kursiv_' in text
    assert "root:" not in text
