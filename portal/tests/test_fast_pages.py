"""What a phone needs to load the portal fast: robots.txt with the sitemap, a favicon, fonts that swap."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_robots_txt_points_at_the_sitemap(client, settings):
    settings.SITE_URL = "https://ruhr-monitor.nrw.de"
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://ruhr-monitor.nrw.de/sitemap.xml" in lines
    assert "Disallow: /berichte/arbeit/" in lines and "User-agent: *" in lines
    assert client.get("/sitemap.xml").status_code == 200


def test_favicon_answers_and_is_linked(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("portal/favicon.svg")
    assert finders.find("portal/favicon.svg")
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page


def test_only_the_used_font_weights_load_and_they_swap(client):
    page = client.get("/").content.decode()
    assert "fira-sans.css" not in page  # KERN's file declares every weight without font-display
    css = open(finders.find("portal/fonts.css"), encoding="utf-8").read()
    faces = css.count("@font-face")
    assert faces == 2 and css.count("font-display: swap") == faces
    for name in ("FiraSans-Regular.woff2", "FiraSans-SemiBold.woff2"):
        assert finders.find(f"vendor/kern/fonts/fira-sans/{name}"), name
