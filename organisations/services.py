"""State changes of the organisation registry: loading the reference list and recording roles found by importers."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from operations.caching import changes_public_data
from operations.errors import ServiceError
from places.models import Municipality
from sources.parsers.organisations import find_organisations
from sources.parsers.text import split_lines

from .models import NameKind, Organisation, OrganisationName, ProjectRole

REFERENCE = Path(__file__).resolve().parent / "reference" / "organisations.json"


class ReferenceError(ServiceError, ValueError):
    """The reference list is broken; German message naming the entry and field."""


@changes_public_data
@transaction.atomic
def ensure_organisations(*, acting_user, path: Path = REFERENCE) -> int:
    """Create the organisations of the reference list that are missing; never change one that exists (the office
    may have edited it). Returns how many were created."""
    data = json.loads(path.read_text(encoding="utf-8"))
    created = 0
    for number, entry in enumerate(data.get("organisations", []), start=1):
        for field in ("slug", "name", "kind"):
            if not entry.get(field):
                raise ReferenceError(f"{path.name}, Eintrag {number}: Feld „{field}“ fehlt.")
        if Organisation.objects.filter(slug=entry["slug"]).exists():
            continue
        municipality = Municipality.objects.filter(ags=entry["ags"]).first() if entry.get("ags") else None
        organisation = Organisation.objects.create(
            slug=entry["slug"],
            name=entry["name"],
            kind=entry["kind"],
            municipality=municipality,
            website=entry.get("website", ""),
            defined_by_system=True,
        )
        for name in entry.get("aliases", []):
            OrganisationName.objects.create(organisation=organisation, name=name, kind=NameKind.ALIAS)
        for name in entry.get("former", []):
            OrganisationName.objects.create(organisation=organisation, name=name, kind=NameKind.FORMER)
        created += 1
    return created


def known_names() -> list[tuple[str, str]]:
    """(slug, name) for every name of every organisation: current name, abbreviations, former names."""
    pairs = list(Organisation.objects.values_list("slug", "name"))
    pairs += list(OrganisationName.objects.values_list("organisation__slug", "name"))
    return pairs


def record_roles(importer, *, project, document, start_line: int, end_line: int, names=None) -> list[ProjectRole]:
    """Importer hook: the organisations lines start_line..end_line of a document name, stored as roles of the
    project with their line (upserted, so a re-import changes nothing)."""
    if start_line <= 0 or end_line < start_line:
        return []
    names = known_names() if names is None else names
    lines = split_lines(document.text)[start_line - 1 : end_line]
    slugs = {o.slug: o for o in Organisation.objects.all()}
    roles = []
    for mention in find_organisations(lines, first_line=start_line, names=names):
        role, _state = importer.upsert(
            ProjectRole,
            {"project": project, "organisation": slugs[mention.key], "role": mention.role, "document": document},
            {
                "start_line": mention.start_line,
                "end_line": mention.end_line,
                "wording": mention.name[:300],
                "sentence": mention.sentence,
            },
        )
        roles.append(role)
    return roles
