"""Production settings and security headers: `check --deploy` is clean, every page type sends the headers,
and no template holds an inline script, inline event handler or style attribute (the CSP forbids them)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from programmes.models import Project

ROOT = Path(settings.BASE_DIR)
APP_TEMPLATE_DIRS = [
    "templates",
    *(f"{app}/templates" for app in ("portal", "reporting", "proposals", "api", "accounts", "answers")),
]


def test_check_deploy_is_clean_with_production_environment(tmp_path):
    env = {
        # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests in the same worker; production never has it
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")},
        "DEBUG": "False",
        "SECRET_KEY": "x7#Kq2!vR9zL@p4Wm8^sT1&yN6cF0bH3jD5gA-uE_oQ+iZ(wX)rV*eY%lM$nB!kJ",
        "ALLOWED_HOSTS": "ruhr-monitor.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def page_types() -> list[str]:
    project = Project.objects.published().get(code="15-01")
    document = project.current_funding().document
    return [
        "/",
        "/projekte/",
        "/projekte/?q=Mobilit%C3%A4t",
        project.get_absolute_url(),
        "/kommunen/",
        "/kommunen/bochum/",
        "/handlungsfelder/",
        "/ressorts/",
        "/quellen/",
        f"/quellen/{document.pk}/",
        f"/quellen/{document.pk}/datei/",
        "/impressum/",
        "/gibt-es-nicht/",
        "/anfragen/",
        "/berichte/",
        "/ideen/",
        "/ideen/einreichen/",
        "/daten/",
        "/daten/download/projekte.csv",
        "/daten/feeds/aenderungen.atom",
        "/catalog.ttl",
        "/api/v1/projects",
        "/api/v1/openapi.json",
        "/api/v1/gibt-es-nicht",
        "/konto/login/",
        "/admin/login/",
        "/sitemap.xml",
    ]


@pytest.mark.django_db
def test_every_page_type_sends_the_security_headers(imported, client):
    for url in page_types():
        response = client.get(url)
        assert response.status_code < 500, url
        csp = response["Content-Security-Policy"]
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, url
        assert "frame-ancestors 'none'" in csp, url
        if "/datei/" in url:  # a file download: nothing may run at all
            assert csp.startswith("default-src 'none'; sandbox"), url
        else:
            assert "script-src 'self'" in csp and "style-src 'self'" in csp and "object-src 'none'" in csp, url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert "camera=()" in response["Permissions-Policy"], url


@pytest.mark.django_db
def test_swagger_ui_gets_the_same_policy(client):
    """ninja's Swagger page loads its code from files and its settings from a JSON data block: no exception needed."""
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    html = response.content.decode()
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in script or 'type="application/json"' in script, script


@pytest.mark.django_db
def test_production_sends_hsts_and_secure_cookies():
    with override_settings(
        DEBUG=False,
        SECURE_HSTS_SECONDS=31536000,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
        SECURE_HSTS_PRELOAD=True,
        SESSION_COOKIE_SECURE=True,
        CSRF_COOKIE_SECURE=True,
    ):
        client = Client(enforce_csrf_checks=True)
        response = client.get("/ideen/einreichen/", secure=True)
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        cookie = response.cookies[settings.CSRF_COOKIE_NAME]
        assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_settings_harden_cookies_in_production_mode():
    """The DEBUG=False branch of config/settings.py, read in a subprocess so this process keeps its settings."""
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY)"
    )
    env = {**os.environ, "DEBUG": "False", "SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "x.example"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    out = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split()
    assert out == ["True", "True", "True", "31536000", "True", "True"]


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "inline event handler"),
    (re.compile(r"\sstyle\s*=\s*[\"']", re.I), "style attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_has_inline_script_handler_or_style():
    problems = []
    for folder in APP_TEMPLATE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.html")):
            if path.name.endswith("_pdf.html"):
                continue  # rendered by WeasyPrint into a PDF, never served to a browser as HTML
            text = path.read_text(encoding="utf-8")
            for pattern, what in INLINE:
                for match in pattern.finditer(text):
                    line = text.count("\n", 0, match.start()) + 1
                    problems.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert not problems, "\n".join(problems)


def test_csp_override_widens_only_the_named_directive(rf):
    from django.http import HttpResponse

    from operations.middleware import CSP_HEADER, SecurityHeadersMiddleware, csp_override

    view = csp_override(img_src=["https://tiles.example"])(lambda request: HttpResponse("ok"))
    response = SecurityHeadersMiddleware(view)(rf.get("/"))
    csp = response[CSP_HEADER]
    assert "img-src 'self' data: https://tiles.example" in csp
    assert "script-src 'self';" in csp and "'unsafe-inline'" not in csp
