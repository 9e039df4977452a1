"""State changes of the registry, shared by importers, admin actions and commands."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from sources.parsers.vocabulary import ACTION_FIELDS, fold

from .models import ActionField, Ministry, MinistryName, Programme, Project, ProjectStatus, StatusRecord

PROGRAMME_NAME = "Ruhr-Konferenz"
_REFERENCE = Path(__file__).resolve().parent / "reference"

# "… des Landes Nordrhein-Westfalen", "… NRW": the state suffix carries no information for matching.
_STATE_SUFFIX = re.compile(r"\s*(des\s+Landes\s+Nordrhein[-\s]?Westfalen|NRW|Nordrhein-Westfalen)\s*$", re.IGNORECASE)


@transaction.atomic
def ensure_reference_data() -> Programme:
    """Programme, its five action fields and the ministries with their former names. Idempotent."""
    programme, _ = Programme.objects.get_or_create(
        slug="ruhr-konferenz",
        defaults={
            "name": PROGRAMME_NAME,
            "started": 2018,
            "description": "Entwicklungsprogramm des Landes Nordrhein-Westfalen für die 53 Kommunen des Ruhrgebiets.",
        },
    )
    for position, (slug, full, short, _others) in enumerate(ACTION_FIELDS, start=1):
        ActionField.objects.update_or_create(
            programme=programme, slug=slug, defaults={"name": full, "short_name": short, "position": position}
        )
    data = json.loads((_REFERENCE / "ministries.json").read_text(encoding="utf-8"))
    for entry in data["ministries"]:
        ministry, _ = Ministry.objects.get_or_create(
            abbreviation=entry["abbreviation"],
            defaults={"name": entry["name"], "slug": slugify(entry["abbreviation"])},
        )
        MinistryName.objects.get_or_create(
            ministry=ministry, name=entry["name"], defaults={"abbreviation": entry["abbreviation"]}
        )
        for former in entry["former"]:
            MinistryName.objects.get_or_create(
                ministry=ministry,
                name=former["name"],
                defaults={
                    "abbreviation": former["abbreviation"],
                    "valid_until": date.fromisoformat(former["valid_until"]) if former.get("valid_until") else None,
                },
            )
    return programme


def ministry_key(stated: str) -> str:
    return fold(_STATE_SUFFIX.sub("", " ".join(stated.split())))


def find_ministry(stated: str) -> Ministry | None:
    """The ministry a document names, under its current or any former name or abbreviation."""
    key = ministry_key(stated)
    if not key:
        return None
    for name in MinistryName.objects.select_related("ministry"):
        if ministry_key(name.name) == key or fold(name.abbreviation) == key:
            return name.ministry
    for ministry in Ministry.objects.all():
        if ministry_key(ministry.name) == key or fold(ministry.abbreviation) == key:
            return ministry
    return None


def resolve_ministry(stated: str) -> tuple[Ministry, bool]:
    """Find the ministry a document names; an unknown one is registered under the stated name (returns created=True)."""
    ministry = find_ministry(stated)
    if ministry is not None:
        return ministry, False
    name = _STATE_SUFFIX.sub("", " ".join(stated.split())).strip()
    initials = "".join(w[0] for w in re.findall(r"[A-ZÄÖÜ][\wäöüß]*", name)).upper() or "RESSORT"
    abbreviation, n = initials[:16], 2
    while Ministry.objects.filter(abbreviation=abbreviation).exists():
        abbreviation, n = f"{initials[:14]}{n}", n + 1
    ministry = Ministry.objects.create(abbreviation=abbreviation, name=name, slug=slugify(abbreviation))
    MinistryName.objects.create(ministry=ministry, name=name, abbreviation=abbreviation)
    return ministry, True


def unique_project_slug(code: str, title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(f"{code} {title}")[:110].strip("-") or slugify(code)
    slug, n = base, 2
    while Project.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def refresh_status(project: Project) -> None:
    """Set the project's current status to what the newest document says about it."""
    newest = StatusRecord.objects.filter(project=project).newest_first().first()
    status = newest.status if newest else ""
    if project.status != status:
        project.status = status
        project.save(update_fields=["status"])


def link_code_families(programme: Programme) -> int:
    """05-02a and 05-02b are parts of 05-02 once both are registered: set their parent. Returns links made."""
    made = 0
    for child in Project.objects.filter(programme=programme, parent__isnull=True, code__regex=r"^\d{2}-\d{2}[a-z]$"):
        parent = Project.objects.filter(programme=programme, code=child.code[:-1]).first()
        if parent is not None:
            child.parent = parent
            child.save(update_fields=["parent"])
            made += 1
    return made


STATUS_LABELS = dict(ProjectStatus.choices)
