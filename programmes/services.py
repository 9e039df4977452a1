"""State changes of the registry, shared by importers, admin actions and commands."""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from accounts.actors import is_system, person, require
from operations.caching import changes_public_data
from operations.errors import ServiceError
from sources.models import Correction, DocumentKind, SourceDocument
from sources.parsers.vocabulary import ACTION_FIELDS, fold

from . import funding
from .models import (
    ActionField,
    FundingStatement,
    Indicator,
    IndicatorDirection,
    IndicatorSuggestion,
    IndicatorValue,
    Ministry,
    MinistryName,
    Programme,
    ProgrammeIndicator,
    Project,
    ProjectStatus,
    RollupAggregation,
    StatusRecord,
    SuggestionKind,
)
from .models import SuggestionState as State

PROGRAMME_NAME = "Ruhr-Konferenz"
_REFERENCE = Path(__file__).resolve().parent / "reference"

# "… des Landes Nordrhein-Westfalen", "… NRW": the state suffix carries no information for matching.
_STATE_SUFFIX = re.compile(r"\s*(des\s+Landes\s+Nordrhein[-\s]?Westfalen|NRW|Nordrhein-Westfalen)\s*$", re.IGNORECASE)


@changes_public_data
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


class MinistryError(ServiceError):
    """A ministry's new name or abbreviation that cannot be taken; the message is German and says why."""


@changes_public_data
@transaction.atomic
def change_ministry(ministry: Ministry, *, name: str, abbreviation: str, acting_user, renamed_on: date | None = None):
    """Rename a ministry (after an election): the row stays, so projects and editors stay attached; the old
    name is kept in MinistryName, valid until the day before the rename. The office alone renames."""
    require(acting_user, "programmes.rename_ministry", message=gettext("Dafür fehlt Ihnen die Berechtigung."))
    ministry = Ministry.objects.select_for_update().get(pk=ministry.pk)
    name, abbreviation = " ".join(name.split()), abbreviation.strip()
    if not name or not abbreviation:
        raise MinistryError(gettext("Bitte Name und Kürzel angeben."))
    if Ministry.objects.exclude(pk=ministry.pk).filter(abbreviation__iexact=abbreviation).exists():
        raise MinistryError(gettext("Kürzel: „%(abbr)s“ hat schon ein anderes Ressort.") % {"abbr": abbreviation})
    if (name, abbreviation) == (ministry.name, ministry.abbreviation):
        return ministry
    if name != ministry.name:
        MinistryName.objects.get_or_create(
            ministry=ministry,
            name=ministry.name,
            defaults={"abbreviation": ministry.abbreviation, "valid_until": renamed_on},
        )
    ministry.name, ministry.abbreviation = name, abbreviation
    ministry._history_user = acting_user
    ministry._change_reason = gettext("im Arbeitsbereich geändert")
    ministry.save(update_fields=["name", "abbreviation"])
    return ministry


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


# Indicators -------------------------------------------------------------------------------------


class IndicatorDecisionError(ServiceError):
    """A decision on a suggestion that cannot be taken; the message is German."""


def _as_of(suggestion) -> date | None:
    """The date a suggestion's value refers to: its month and year, its year, else the document's date."""
    if suggestion.year:
        month = suggestion.month or 12
        return date(suggestion.year, month, calendar.monthrange(suggestion.year, month)[1])
    return suggestion.document.as_of or suggestion.document.date


@changes_public_data
@transaction.atomic
def confirm_indicator_suggestion(
    suggestion,
    *,
    acting_user,
    indicator_name: str | None = None,
    unit: str | None = None,
    value: Decimal | None = None,
    qualifier: str | None = None,
    as_of: date | None = None,
    kind: str | None = None,
    target_date: date | None = None,
    direction: str | None = None,
    baseline: Decimal | None = None,
    baseline_date: date | None = None,
    reason: str = "",
):
    """Turn a suggestion into an indicator value (or an indicator's target), with the suggestion's lines as source.

    acting_user SYSTEM means the reviewed reference set: the suggestion is marked as decided by the system,
    and a decision a person has taken is never changed by it. Returns the indicator.
    """
    from sources.models import Provenance

    require(
        acting_user,
        "programmes.decide_indicator_suggestion",
        message=gettext("Nur die Leitstelle entscheidet über Vorschläge für Kennzahlen."),
    )
    suggestion = (
        IndicatorSuggestion.objects.select_for_update().select_related("document", "project").get(pk=suggestion.pk)
    )
    if is_system(acting_user) and suggestion.state != State.SUGGESTED:
        # Already decided: a re-run of the reference set changes nothing and never overrules a person.
        return suggestion.indicator
    kind = kind or suggestion.kind
    name = (indicator_name or suggestion.unit or suggestion.raw).strip()[:300]
    if not name:
        raise IndicatorDecisionError(gettext("Die Kennzahl braucht einen Namen."))
    value = suggestion.value if value is None else value
    qualifier = suggestion.qualifier if qualifier is None else qualifier
    indicator, _created = Indicator.objects.get_or_create(
        project=suggestion.project,
        name=name,
        defaults={
            "unit": (unit if unit is not None else suggestion.unit)[:50],
            "direction": direction or IndicatorDirection.INCREASE,
        },
    )
    if baseline is not None and (indicator.baseline, indicator.baseline_date) != (baseline, baseline_date):
        indicator.baseline, indicator.baseline_date = baseline, baseline_date
        indicator._change_reason = f"Ausgangswert laut {suggestion.document}, Zeile {suggestion.start_line}"
        indicator.save()
    indicator_value = None
    if kind == SuggestionKind.TARGET:
        if target_date is None and suggestion.horizon:
            target_date = date(suggestion.horizon, 12, 31)
        changed = (indicator.target, indicator.target_qualifier, indicator.target_date) != (
            value,
            qualifier,
            target_date,
        )
        if changed:
            indicator.target, indicator.target_qualifier, indicator.target_date = value, qualifier[:16], target_date
            indicator._change_reason = f"Ziel aus {suggestion.document}, Zeile {suggestion.start_line}"
            indicator.save()
        Provenance.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(indicator),
            object_id=indicator.pk,
            field="target",
            document=suggestion.document,
            defaults={
                "start_line": suggestion.start_line,
                "end_line": max(suggestion.start_line, suggestion.end_line),
                "value": suggestion.sentence,
            },
        )
    else:
        as_of = as_of or _as_of(suggestion)
        if as_of is None:
            raise IndicatorDecisionError(gettext("Für den Wert ist kein Stichtag bekannt; bitte einen angeben."))
        indicator_value, _created = IndicatorValue.objects.update_or_create(
            indicator=indicator,
            document=suggestion.document,
            start_line=suggestion.start_line,
            defaults={
                "end_line": max(suggestion.start_line, suggestion.end_line),
                "value": value,
                "qualifier": qualifier[:16],
                "as_of": as_of,
                "sentence": suggestion.sentence,
            },
        )
    suggestion.state = State.CONFIRMED
    suggestion.kind = kind
    suggestion.decided_by = person(acting_user)
    suggestion.decided_by_system = is_system(acting_user)
    suggestion.decided_at = timezone.now()
    suggestion.indicator = indicator
    suggestion.indicator_value = indicator_value
    suggestion.reason = reason
    suggestion._change_reason = "bestätigt (Referenzsatz)" if is_system(acting_user) else "bestätigt"
    suggestion.save()
    return indicator


def suggestion_at(
    project: Project, document, *, line: int, value: Decimal, kind: str, sentence: str, unit: str, qualifier: str = ""
) -> IndicatorSuggestion:
    """The suggestion the importer made for this figure at this line, or a new one when the finder missed it.

    Used by the reviewed reference set, so that every confirmed value goes through a suggestion
    and keeps its lines; a new one is recognisable by its wording "(Referenzsatz)".
    """
    found = IndicatorSuggestion.objects.filter(
        project=project, document=document, start_line__lte=line, end_line__gte=line, value=value
    )
    suggestion = found.filter(kind=kind).first() or found.first()
    if suggestion is not None:
        return suggestion
    suggestion, _created = IndicatorSuggestion.objects.get_or_create(
        project=project,
        document=document,
        start_line=line,
        raw=f"{value.normalize():f} {unit} (Referenzsatz)"[:300],
        defaults={
            "end_line": line,
            "sentence": sentence,
            "value": value,
            "qualifier": qualifier,
            "unit": unit[:200],
            "kind": kind,
        },
    )
    return suggestion


@transaction.atomic
def reject_indicator_suggestion(suggestion, *, acting_user, reason: str = "") -> None:
    """The figure is no indicator value (a date, a budget, a passing remark). Only pending suggestions."""
    require(
        acting_user,
        "programmes.decide_indicator_suggestion",
        message=gettext("Nur die Leitstelle entscheidet über Vorschläge für Kennzahlen."),
    )
    suggestion = IndicatorSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.state == State.REJECTED:
        return
    if suggestion.state == State.CONFIRMED:
        raise IndicatorDecisionError(
            gettext("Ein bestätigter Vorschlag ist schon ein Wert; diesen bitte in der Kennzahl ändern.")
        )
    suggestion.state = State.REJECTED
    suggestion.decided_by = person(acting_user)
    suggestion.decided_by_system = is_system(acting_user)
    suggestion.decided_at = timezone.now()
    suggestion.reason = reason
    suggestion._change_reason = "verworfen"
    suggestion.save()


# Programme indicators ---------------------------------------------------------------------------


class ProgrammeIndicatorError(ServiceError):
    """A change to a programme indicator that cannot be made; the message is German."""


class ProgrammeIndicatorConflict(ProgrammeIndicatorError):
    """Someone else saved the programme indicator since the form was loaded."""


PROGRAMME_INDICATOR_FIELDS = (
    "name",
    "unit",
    "direction",
    "aggregation",
    "match_unit",
    "target",
    "target_qualifier",
    "target_date",
    "baseline",
    "baseline_date",
    "method",
    "position",
)
_QUALIFIERS = {"", "approx", "more_than", "at_least", "up_to"}


def _require_office(acting_user) -> None:
    require(
        acting_user,
        "programmes.change_programme_indicator",
        message=gettext("Nur die Leitstelle legt Kennzahlen des Programms fest."),
    )


def _clean_programme_indicator(fields: dict) -> dict:
    unknown = set(fields) - set(PROGRAMME_INDICATOR_FIELDS)
    if unknown:
        raise ProgrammeIndicatorError(gettext("Unbekannte Angabe: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "name" in fields:
        fields["name"] = " ".join((fields["name"] or "").split())
        if not fields["name"]:
            raise ProgrammeIndicatorError(gettext("Die Kennzahl braucht einen Namen."))
    if "aggregation" in fields and fields["aggregation"] not in RollupAggregation.values:
        raise ProgrammeIndicatorError(gettext("Unbekannte Berechnung: %(a)s") % {"a": fields["aggregation"]})
    if fields.get("aggregation") in RollupAggregation.funding():
        fields["unit"] = "Euro"  # funding figures are euros by definition
    if "direction" in fields and fields["direction"] not in IndicatorDirection.values:
        raise ProgrammeIndicatorError(gettext("Unbekannte Richtung: %(d)s") % {"d": fields["direction"]})
    if fields.get("target_qualifier", "") not in _QUALIFIERS:
        raise ProgrammeIndicatorError(gettext("Unbekannte Angabe zum Ziel: %(q)s") % {"q": fields["target_qualifier"]})
    for key in ("unit", "match_unit", "method", "target_qualifier"):
        if key in fields:
            fields[key] = (fields[key] or "").strip()
    return fields


def _unique_indicator_slug(name: str) -> str:
    base = slugify(name)[:110].strip("-") or "kennzahl"
    slug, n = base, 2
    # "neu" is the editor's address for a new indicator (/kennzahlen/leitstelle/neu/)
    while slug == "neu" or ProgrammeIndicator.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@changes_public_data
@transaction.atomic
def define_programme_indicator(*, acting_user, contributions=(), slug: str = "", **fields) -> ProgrammeIndicator:
    """A new programme indicator. acting_user SYSTEM: defined by the system from the documents."""
    _require_office(acting_user)
    fields = _clean_programme_indicator(fields)
    if "name" not in fields:
        raise ProgrammeIndicatorError(gettext("Die Kennzahl braucht einen Namen."))
    if slug == "neu":
        raise ProgrammeIndicatorError(gettext("Der Kurzname „neu“ ist vergeben."))
    if slug and ProgrammeIndicator.objects.filter(slug=slug).exists():
        raise ProgrammeIndicatorError(gettext("Den Kurznamen „%(s)s“ gibt es schon.") % {"s": slug})
    indicator = ProgrammeIndicator(
        programme=ensure_reference_data(),
        slug=slug or _unique_indicator_slug(fields["name"]),
        defined_by=person(acting_user),
        defined_by_system=is_system(acting_user),
        **fields,
    )
    indicator._history_user = person(acting_user)
    indicator._change_reason = "angelegt (System)" if is_system(acting_user) else "angelegt"
    indicator.save()
    if contributions:
        indicator.contributions.set(contributions)
    return indicator


def _claim(indicator: ProgrammeIndicator, version: int | None) -> ProgrammeIndicator:
    """Lock the row and, when the caller names the version it loaded, let exactly one concurrent save win."""
    if version is not None:
        won = ProgrammeIndicator.objects.filter(pk=indicator.pk, version=version).update(version=F("version") + 1)
        if not won:
            raise ProgrammeIndicatorConflict(
                gettext("Die Kennzahl wurde inzwischen von jemand anderem geändert. Bitte neu laden.")
            )
        locked = ProgrammeIndicator.objects.select_for_update().get(pk=indicator.pk)
    else:
        locked = ProgrammeIndicator.objects.select_for_update().get(pk=indicator.pk)
        locked.version += 1
    return locked


@changes_public_data
@transaction.atomic
def update_programme_indicator(
    indicator: ProgrammeIndicator, *, acting_user, version: int | None = None, contributions=None, **fields
) -> ProgrammeIndicator:
    """Change a programme indicator's definition (and, given `contributions`, its choice of project indicators).

    The system never changes one a person has edited.
    """
    _require_office(acting_user)
    fields = _clean_programme_indicator(fields)
    if (
        is_system(acting_user)
        and not ProgrammeIndicator.objects.filter(pk=indicator.pk, defined_by_system=True).exists()
    ):
        return ProgrammeIndicator.objects.get(pk=indicator.pk)
    indicator = _claim(indicator, version)
    for key, value in fields.items():
        setattr(indicator, key, value)
    indicator.defined_by = person(acting_user)
    indicator.defined_by_system = is_system(acting_user)
    indicator._history_user = person(acting_user)
    indicator._change_reason = "geändert (System)" if is_system(acting_user) else "geändert"
    indicator.save()
    if contributions is not None:
        indicator.contributions.set(list(contributions))
    return indicator


@changes_public_data
@transaction.atomic
def set_programme_indicator_contributions(
    indicator: ProgrammeIndicator, indicators, *, acting_user, version: int | None = None
) -> ProgrammeIndicator:
    """Choose the project indicators that roll up into a programme indicator (replaces the former choice)."""
    _require_office(acting_user)
    if (
        is_system(acting_user)
        and not ProgrammeIndicator.objects.filter(pk=indicator.pk, defined_by_system=True).exists()
    ):
        return ProgrammeIndicator.objects.get(pk=indicator.pk)
    indicator = _claim(indicator, version)
    indicator.defined_by = person(acting_user)
    indicator.defined_by_system = is_system(acting_user)
    indicator._history_user = person(acting_user)
    indicator._change_reason = "Beiträge gewählt"
    indicator.save()
    indicator.contributions.set(list(indicators))
    return indicator


@changes_public_data
@transaction.atomic
def delete_programme_indicator(indicator: ProgrammeIndicator, *, acting_user) -> None:
    """Remove a programme indicator; its history stays (simple_history keeps the deletion)."""
    _require_office(acting_user)
    indicator = ProgrammeIndicator.objects.select_for_update().get(pk=indicator.pk)
    indicator._history_user = person(acting_user)
    indicator._change_reason = "gelöscht"
    indicator.delete()


# --- corrections of the office -----------------------------------------------------------------------------


class CorrectionError(ServiceError, ValueError):
    """Why a correction cannot be recorded; German message."""


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


@changes_public_data
@transaction.atomic
def correct_funding_statement(
    statement: FundingStatement, *, changes: dict, reason: str, acting_user, now=None
) -> FundingStatement:
    """Record a correction of the office to a published funding statement, as a statement of its own.

    The published statement stays as it is. The correction is a document of its own (kind "correction"):
    who, when, why, which statement it corrects, and every figure of the corrected statement one per line,
    which the new statement cites. It takes the corrected document's "Stand", so it replaces that statement
    wherever the current figures are read, and a later edition replaces it in turn.
    """
    if is_system(acting_user):  # a correction is a person's decision with a name and a reason
        raise PermissionDenied(gettext("Nur die Leitstelle kann veröffentlichte Angaben berichtigen."))
    require(
        acting_user,
        "programmes.correct_statement",
        statement.project,
        message=gettext("Nur die Leitstelle kann veröffentlichte Angaben berichtigen."),
    )
    reason = _one_line(reason)
    if not reason:
        raise CorrectionError(gettext("Bitte den Grund der Korrektur angeben."))
    unknown = set(changes) - set(funding.NAMES) | ({"text"} & set(changes))
    if unknown:
        raise CorrectionError(gettext("Diese Angaben lassen sich nicht berichtigen: %s") % ", ".join(sorted(unknown)))
    values = {name: getattr(statement, name) for name in funding.NAMES}
    changed = {name: value for name, value in changes.items() if value != values[name]}
    if not changed:
        raise CorrectionError(gettext("Die Korrektur ändert keine Angabe."))
    values.update(changed)

    previous = getattr(statement.document, "correction", None) if statement.document.kind == "correction" else None
    origin = previous.corrects if previous is not None else statement.document
    now = now or timezone.now()
    who = acting_user.get_full_name() or acting_user.get_username()
    figures = []
    for line, f in _figure_lines_with_fields(values):
        if f.name in changed or any(g.of == f.name and g.name in changed for g in funding.FUNDING_FIELDS):
            before = getattr(statement, f.name)
            shown = funding.format_figure(f, before) if before is not None else "keine Angabe"
            line = f"{line} – berichtigt, bisher {shown}"
        figures.append(line)
    for f in funding.FIGURES:
        if f.name in changed and changed[f.name] is None and getattr(statement, f.name) is not None:
            figures.append(
                f"{f.short_label}: keine Angabe – berichtigt, bisher {funding.format_figure(f, getattr(statement, f.name))}"
            )
    if not figures:
        figures = [_one_line(values["reason"]) or gettext("nicht bezifferbar")]
    header = [
        "Korrektur der Leitstelle",
        "",
        f"Projekt: {statement.project.title} ({statement.project.code})",
        f"Berichtigt wird die Angabe zum Projektvolumen in „{statement.document.title}“, "
        f"Zeile {statement.start_line}–{statement.end_line}.",
        f"Erfasst am {timezone.localtime(now):%d.%m.%Y um %H:%M:%S} von {who}.",
        f"Grund: {reason}",
        "",
        "Projektvolumen",
        "",
    ]
    text = "\n".join([*header, *figures]) + "\n"
    day = timezone.localdate(now)
    document = SourceDocument.objects.create(
        kind=DocumentKind.CORRECTION,
        title=f"Korrektur der Leitstelle vom {day:%d.%m.%Y} ({statement.project.code})",
        filename=f"korrektur-{statement.project.code}-{timezone.localtime(now):%Y%m%d-%H%M%S}.txt",
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        date=day,
        as_of=statement.document.as_of,
        year=statement.document.year,
        text=text,
        line_count=len(text.splitlines()),
    )
    Correction.objects.create(document=document, corrects=origin, reason=reason, acting_user=acting_user)
    corrected = FundingStatement(
        project=statement.project,
        document=document,
        start_line=len(header) + 1,
        end_line=len(header) + len(figures),
        **{**values, "text": "; ".join(figures)},
    )
    corrected._history_user = person(acting_user)
    corrected._change_reason = f"Korrektur der Leitstelle: {reason}"[:100]
    corrected.save()
    return corrected


def _figure_lines_with_fields(values: dict) -> list[tuple[str, funding.FundingField]]:
    lines = funding.figure_lines(values)
    shown = [f for f in funding.FIGURES if values.get(f.name) is not None]
    return list(zip(lines, shown, strict=True))
