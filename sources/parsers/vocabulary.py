"""Domain vocabulary the parsers recognise: action fields, section headings, statuses.

Plain Python on purpose: the parsers must run without Django so they can be
tested, fuzzed and reused on their own. The database holds the same action
fields; `programmes` seeds them from ACTION_FIELDS so both stay in step.
"""

from __future__ import annotations

import re
import unicodedata

# (slug, full name, short name used by the reports, other spellings seen in documents)
ACTION_FIELDS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("mobilitaet", "Vernetzte Mobilität – kurze Wege", "Mobilität", ("Vernetzte Mobilität",)),
    ("wirtschaft", "Erfolgreiche Wirtschaft – gute Arbeit", "Wirtschaft", ("Erfolgreiche Wirtschaft",)),
    ("vielfalt", "Gelebte Vielfalt – starker Zusammenhalt", "Vielfalt", ("Gelebte Vielfalt",)),
    ("energie", "Sichere Energie – gesunde Umwelt", "Energie", ("Sichere Energie",)),
    ("bildung", "Beste Bildung – exzellente Forschung", "Bildung", ("Beste Bildung",)),
]

# Canonical section keys of a project page and the headings that introduce them.
# The reports vary the wording between editions; keys stay stable.
SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    "responsible": (
        "Verantwortlich",
        "Verantwortliches Ressort",
        "Verantwortliche Ressorts",
        "Verantwortliches Ministerium",
        "Federführendes Ressort",
        "Zuständiges Ressort",
        "Federführung",
        "Zuständig",
    ),
    "milestones": (
        "Meilensteine seit Projektstart",
        "Meilensteine seit Projektbeginn",
        "Meilensteine des Projekts",
        "Meilensteine",
        "Bisherige Meilensteine",
    ),
    "value_added": ("Mehrwert",),
    "approach": ("Vorgehen", "Vorgehensweise"),
    "target_groups": ("Zielgruppe", "Zielgruppen"),
    "recent_development": (
        "Jüngste Entwicklung",
        "Jüngste Entwicklungen",
        "Aktuelle Entwicklung",
        "Aktuelle Entwicklungen",
    ),
    "current_status": (
        "Aktueller Stand",
        "Aktueller Sachstand",
        "Stand der Umsetzung",
        "Umsetzungsstand",
        "Sachstand",
        "Stand",
    ),
    "outlook": ("Ausblick", "Nächste Schritte"),
    "result": ("Projektergebnis", "Ergebnis", "Projektergebnisse", "Ergebnisse"),
    "funding": ("Projektvolumen", "Finanzvolumen", "Fördervolumen", "Gesamtvolumen", "Projektkosten", "Finanzierung"),
    "links": (
        "Weiterführende Informationen",
        "Weitere Informationen",
        "Weiterführende Links",
        "Mehr Informationen",
        "Links",
    ),
}

# Status codes of the registry (programmes.models.ProjectStatus) and the wording
# each report edition used for them. Order matters: the first match wins.
STATUS_WORDINGS: list[tuple[str, tuple[str, ...]]] = [
    ("not_pursued", ("nicht weiterverfolgt", "nicht weiter verfolgt", "nicht umgesetzt", "eingestellt")),
    ("continued", ("verstetigt",)),
    ("completed", ("abgeschlossen", "beendet", "fertiggestellt")),
    ("under_review", ("umsetzbarkeit/finanzierbarkeit geprüft", "in prüfung", "in vorbereitung", "geprüft")),
    ("in_progress", ("in umsetzung", "in der umsetzung", "umsetzung", "laufend")),
]


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation noise, collapse spaces: for comparisons only."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("ß", "ss").lower()
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def action_field_by_name(name: str) -> tuple[str, str, str] | None:
    """Return (slug, full name, short name) for any spelling of an action field, else None."""
    wanted = fold(name.removeprefix("Handlungsfeld").strip())
    if not wanted:
        return None
    for slug, full, short, others in ACTION_FIELDS:
        if wanted in {fold(full), fold(short), *(fold(o) for o in others)}:
            return slug, full, short
    return None


def status_from_wording(wording: str) -> str | None:
    """Map a status wording of any edition ("in Umsetzung", "Umsetzbarkeit/Finanzierbarkeit geprüft") to a code."""
    low = wording.lower()
    for code, phrases in STATUS_WORDINGS:
        if any(p in low for p in phrases):
            return code
    return None
