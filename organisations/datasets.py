"""The open dataset of organisations' roles in projects (Akteure), declared beside them.

Collected by the opendata registry (opendata/registry.py, `collect`); nothing in organisations imports this module.
"""

from __future__ import annotations

from opendata.columns import Column
from opendata.registry import Dataset, Scope
from organisations.models import OrganisationKind, ProjectRole, Role


def _role_rows(scope: Scope):
    qs = ProjectRole.objects.published().filter(project_id__in=scope.project_ids())
    if scope.document is not None:
        qs = qs.filter(document=scope.document)
    return qs.select_related("project", "organisation", "organisation__municipality").order_by(
        "project__code", "role", "organisation__name", "start_line"
    )


ROLE_COLUMNS = (
    Column("project", "Projektnummer", lambda r: r.project.code),
    Column("organisation", "Akteur (Kurzname)", lambda r: r.organisation.slug),
    Column("organisation_name", "Akteur", lambda r: r.organisation.name),
    Column(
        "organisation_kind", "Art des Akteurs", lambda r: r.organisation.kind, choices=tuple(OrganisationKind.choices)
    ),
    Column(
        "organisation_ags",
        "Sitz (Gemeindeschlüssel)",
        lambda r: r.organisation.municipality.ags if r.organisation.municipality else None,
    ),
    Column("role", "Rolle", lambda r: r.role, choices=tuple(Role.choices)),
    Column("wording", "genannt als", lambda r: r.wording),
    Column("sentence", "Satz im Dokument", lambda r: r.sentence),
    Column("document_id", "Dokument", lambda r: r.document_id, kind="int"),
    Column("start_line", "von Zeile", lambda r: r.start_line, kind="int"),
    Column("end_line", "bis Zeile", lambda r: r.end_line, kind="int"),
)


DATASETS = (
    Dataset(
        "project-roles",
        "Akteure in Projekten",
        "Welche Organisationen (Hochschulen, Behörden, Kammern, Unternehmen, Stiftungen) laut den Dokumenten an "
        "welchem Projekt beteiligt sind – federführend, als Partner, Geldgeber oder Begünstigte –, mit Satz und Zeile.",
        "Akteure",
        ROLE_COLUMNS,
        _role_rows,
        keywords=("Akteure", "Partner", "Ruhr-Konferenz"),
        api_path="/api/v1/organisations",
        per_document=True,
    ),
)
