"""Organisations found in the 2024 report: roles with their lines, credits skipped, re-import changes nothing."""

from __future__ import annotations

import pytest

from organisations.models import Organisation, ProjectRole, Role
from sources.parsers.organisations import FUNDER, PARTNER, find_organisations

pytestmark = pytest.mark.django_db


def test_finder_reads_the_role_from_the_sentence():
    names = [("rub", "Ruhr-Universität Bochum"), ("rub", "RUB"), ("ihk", "IHK"), ("brost", "Brost-Stiftung")]
    lines = [
        "3.304.000 Euro (davon 90% Förderung durch das Land NRW, 10% Eigenanteil der Ruhr-Universität Bochum).",
        "Fotos: Katja Marquard/Ruhr-Universität Bochum",
        "Die Befragung an der RUB ist abgeschlossen. Der Jahrgang wird von der Brost-Stiftung unterstützt.",
        "Zukunftsnetz Mobilität NRW wird durch IHKs gestärkt. Die RUBRIK bleibt.",
    ]
    found = {(m.key, m.role, m.start_line) for m in find_organisations(lines, first_line=10, names=names)}
    assert found == {("rub", FUNDER, 10), ("rub", PARTNER, 12), ("brost", FUNDER, 12), ("ihk", PARTNER, 13)}


def test_the_report_names_the_ruhr_university_in_several_projects(imported):
    rub = Organisation.objects.get(slug="ruhr-universitaet-bochum")
    roles = ProjectRole.objects.published().of(rub).select_related("project", "document")
    codes = {r.project.code for r in roles}
    assert len(codes) >= 2, codes
    for role in roles:
        line = role.document.text.splitlines()[role.start_line - 1]
        assert role.wording in line and not line.startswith("Foto")
    assert roles.filter(role=Role.FUNDER).exists()  # "Eigenanteil der Ruhr-Universität Bochum"
    # the security cooperation's partner list
    assert ProjectRole.objects.filter(organisation__slug="bundespolizei", role=Role.PARTNER).exists()


def test_finding_again_changes_nothing(imported):
    from importers import ProgressReportImporter
    from organisations.services import record_roles

    role = ProjectRole.objects.filter(organisation__slug="bundespolizei").select_related("project", "document").first()
    before = list(ProjectRole.objects.order_by("pk").values_list("pk", "role", "start_line", "sentence"))
    importer = ProgressReportImporter()
    lines = ProjectRole.objects.filter(project=role.project, document=role.document).values_list(
        "start_line", flat=True
    )
    found = record_roles(
        importer, project=role.project, document=role.document, start_line=min(lines), end_line=max(lines)
    )
    assert found and importer.counts["projectrole.created"] == 0 and importer.counts["projectrole.updated"] == 0
    assert list(ProjectRole.objects.order_by("pk").values_list("pk", "role", "start_line", "sentence")) == before
