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


def test_the_purged_kern_css_keeps_every_class_the_templates_use(settings):
    """PurgeCSS (`npm run build:css`) may drop only what no template names."""
    import re
    from pathlib import Path

    purged = settings.CSS_BUILD_DIR / "kern.min.css"
    if not purged.is_file():
        pytest.skip("var/build/css/kern.min.css fehlt: `npm run build:css` (make install) baut es")
    full = Path(finders.find("vendor/kern/kern.min.css")).read_text(encoding="utf-8")
    kept = purged.read_text(encoding="utf-8")
    assert len(kept) < len(full) / 2
    used = set()
    for template in Path(settings.BASE_DIR).glob("**/templates/**/*.html"):
        if "node_modules" not in template.parts:
            used |= set(re.findall(r"\bkern-[a-z0-9_-]+", template.read_text(encoding="utf-8")))
    missing = sorted(name for name in used if f".{name}" in full and f".{name}" not in kept)
    assert missing == []


def test_production_pages_link_the_purged_stylesheet(client, settings):
    settings.KERN_CSS = "build/css/kern.min.css"
    settings.FONTS_CSS = "build/fonts/fonts.css"
    settings.FONT_PRELOAD = "build/fonts/FiraSans-Regular.woff2"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    page = client.get("/").content.decode()
    assert "/static/build/css/kern.min.css" in page and "vendor/kern/kern.min.css" not in page
    assert "/static/build/fonts/fonts.css" in page and "/static/build/fonts/FiraSans-Regular.woff2" in page


def test_machine_time_is_valid_for_the_datetime_attribute(settings):
    import datetime as dt

    from portal.templatetags.portal_tags import machine_time

    settings.TIME_ZONE = "Europe/Berlin"
    moment = dt.datetime(2025, 6, 30, 10, 15, 42, 123456, tzinfo=dt.UTC)
    assert machine_time(moment) == "2025-06-30T12:15:42+02:00"  # no microseconds, local time with offset
    assert machine_time(dt.date(2025, 6, 30)) == "2025-06-30"
    assert machine_time(None) == ""


def test_the_subset_fonts_are_small_and_cover_german_text(tmp_path):
    """scripts/subset_fonts.py: both weights, a fraction of KERN's size, with umlauts, ß, quotes, dash and euro."""
    import importlib.util

    from fontTools.ttLib import TTFont

    spec = importlib.util.spec_from_file_location("subset_fonts", settings_root() / "scripts" / "subset_fonts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.build(tmp_path)
    assert {p.name for p in written} == {"FiraSans-Regular.woff2", "FiraSans-SemiBold.woff2", "fonts.css"}
    for name in ("FiraSans-Regular.woff2", "FiraSans-SemiBold.woff2"):
        whole = (module.SOURCE / name).stat().st_size
        assert (tmp_path / name).stat().st_size < whole / 4
        cmap = TTFont(tmp_path / name).getBestCmap()
        assert all(ord(ch) in cmap for ch in "äöüÄÖÜß„“–€→")
    css = (tmp_path / "fonts.css").read_text()
    assert css.count("font-display: swap") == 2 and "unicode-range" in css


def settings_root():
    from django.conf import settings

    return settings.BASE_DIR
