"""BITV NRW: Leichte Sprache and Deutsche Gebärdensprache, linked from the start page header."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role, User
from portal.content import DEFAULT_PAGES
from portal.forms import SignLanguageVideoForm
from portal.models import SignLanguageTopic, SignLanguageVideo

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:04.000\nDie Ruhr-Konferenz hilft dem Ruhr-Gebiet.\n"


def test_start_page_header_links_easy_language_and_sign_language(client):
    html = client.get("/").content.decode()
    header = html.split("</header>")[0]
    assert 'href="/leichte-sprache/"' in header
    assert 'href="/gebaerdensprache/"' in header
    assert client.get("/leichte-sprache/").status_code == 200
    assert client.get("/gebaerdensprache/").status_code == 200
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/leichte-sprache/" in sitemap and "/gebaerdensprache/" in sitemap


def test_easy_language_page_covers_what_bitv_asks_in_short_sentences(client):
    html = client.get("/leichte-sprache/").content.decode()
    for heading in (
        "Was ist die Ruhr-Konferenz?",
        "Was finden Sie im Ruhr-Monitor?",
        "So finden Sie sich zurecht",
        "So erreichen Sie uns",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert 'href="/gebaerdensprache/"' in html
    _title, body = DEFAULT_PAGES["leichte-sprache"]
    text = re.sub(r"\*\*|^##.*$|^- ", "", body, flags=re.MULTILINE)
    sentences = [s for s in re.split(r"(?<=[.?!:])\s+", text) if s.strip()]
    long = [s for s in sentences if len(s.split()) > 12]
    assert not long, long
    # hard words are explained where they first appear
    for word, explanation in (
        ("Projekt", "Ein **Projekt** ist"),
        ("Ministerium", "Ein **Ministerium** ist"),
        ("Handlungs-Feld", "Ein Handlungs-Feld ist"),
        ("Fortschritts-Bericht", "Der Bericht heißt: **Fortschritts-Bericht**"),
        ("Impressum", "Das Impressum ist"),
    ):
        assert explanation in body, word
    # one statement per line in the running text (lists may hold a term and its explanation)
    for line in body.splitlines():
        if line and not line.startswith(("-", "##")):
            assert len(re.findall(r"[.?!](\s|$)", line)) <= 1, line


def test_sign_language_slots_wait_for_the_office(client):
    html = client.get("/gebaerdensprache/").content.decode()
    for _code, label in SignLanguageTopic.choices:
        assert str(label) in html
    assert "<video" not in html
    assert html.count("wird gerade erstellt") == len(SignLanguageTopic.choices)


def _form(data, files=None):
    return SignLanguageVideoForm(data={"topic": "ruhr-konferenz", "transcript": "Abschrift", **data}, files=files)


def test_upload_checks_read_the_bytes_and_publishing_needs_everything(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("video.mp4", b"%PDF-1.7 not a video", content_type="video/mp4")
    form = _form({}, {"video": fake})
    assert not form.is_valid() and "kein Video" in str(form.errors["video"])
    html_captions = SimpleUploadedFile("u.vtt", b"<html>WEBVTT</html>", content_type="text/vtt")
    form = _form({}, {"captions": html_captions})
    assert not form.is_valid() and "keine WebVTT-Datei" in str(form.errors["captions"])
    form = _form({"published": "on"}, {"video": SimpleUploadedFile("v.mp4", MP4)})
    assert not form.is_valid() and "Es fehlt: Untertitel" in str(form.errors)


def test_published_video_plays_with_captions_and_transcript(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    form = _form(
        {"published": "on", "transcript": "Die Ruhr-Konferenz hilft dem Ruhr-Gebiet."},
        {"video": SimpleUploadedFile("../../evil.exe", MP4), "captions": SimpleUploadedFile("x.txt", VTT)},
    )
    assert form.is_valid(), form.errors
    video = form.save()
    assert video.video.name == "gebaerdensprache/ruhr-konferenz.mp4"
    html = client.get("/gebaerdensprache/").content.decode()
    assert '<video class="rm-sign-video__player" controls' in html
    assert 'src="/gebaerdensprache/ruhr-konferenz/video" type="video/mp4"' in html
    assert '<track kind="captions" srclang="de"' in html
    assert "Die Ruhr-Konferenz hilft dem Ruhr-Gebiet." in html
    assert html.count("wird gerade erstellt") == len(SignLanguageTopic.choices) - 1

    response = client.get("/gebaerdensprache/ruhr-konferenz/video")
    assert response["Content-Type"] == "video/mp4" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == MP4
    captions = client.get("/gebaerdensprache/ruhr-konferenz/untertitel")
    assert captions["Content-Type"].startswith("text/vtt")

    SignLanguageVideo.objects.filter(pk=video.pk).update(published=False)
    assert client.get("/gebaerdensprache/ruhr-konferenz/video").status_code == 404
    assert client.get("/gebaerdensprache/kontakt/untertitel").status_code == 404


def test_office_fills_a_slot_in_the_admin(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    office = User.objects.create_user(
        "leitstelle", "l@example.org", "ein-langes-passwort", role=Role.PROGRAMME_OFFICE, is_staff=True
    )
    office.is_superuser = True
    office.save()
    client.force_login(office)
    response = client.post(
        "/admin/portal/signlanguagevideo/add/",
        {
            "topic": "kontakt",
            "transcript": "So erreichen Sie uns.",
            "published": "on",
            "video": SimpleUploadedFile("k.mp4", MP4),
            "captions": SimpleUploadedFile("k.vtt", VTT),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SignLanguageVideo.objects.get(topic="kontakt").shown
    assert SignLanguageVideo.history.filter(topic="kontakt").count() == 1
