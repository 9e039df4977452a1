"""Organisations named in a project's text, with the role the sentence gives them. Plain Python, no Django.

The names come from the registry (name, abbreviations, former names), so the finder only recognises what the
office has registered; a sentence tells the role: "Förderung durch …", "Eigenanteil der …", "von … unterstützt"
make a funder, "federführend", "Projektträger" a lead, "profitieren" a beneficiary, anything else a partner.
Photo credits ("Foto: Ruhr Tourismus GmbH") name no partner and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEAD, PARTNER, FUNDER, BENEFICIARY = "lead", "partner", "funder", "beneficiary"

_CREDIT = re.compile(r"^\s*(Fotos?|Bild(er)?|Quelle|Grafik)\s*:", re.IGNORECASE)
_FUNDER = re.compile(
    r"Förderung durch|gefördert (durch|von)|Fördermittel (durch|von|der|des)|Eigenanteil|finanziert|unterstützt\b",
    re.IGNORECASE,
)
_LEAD = re.compile(r"federführend|Projektträger|\bTräger(in)?\b|unter (der )?Leitung|koordiniert (von|durch)", re.I)
_BENEFICIARY = re.compile(r"profitier|zugute", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9„\"])")


@dataclass(frozen=True)
class OrganisationMention:
    key: str  # the registry's key for the organisation (its slug)
    name: str  # the wording found ("RUB")
    role: str
    sentence: str
    start_line: int
    end_line: int


def _role(sentence: str) -> str:
    if _FUNDER.search(sentence):
        return FUNDER
    if _LEAD.search(sentence):
        return LEAD
    if _BENEFICIARY.search(sentence):
        return BENEFICIARY
    return PARTNER


def _pattern(names: list[tuple[str, str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    keys = {}
    for key, name in names:
        keys.setdefault(name.casefold(), key)
    # longest first, so "Universität Duisburg-Essen" wins over "Duisburg"; a plural "IHKs" counts as "IHK".
    words = sorted(keys, key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![\w-])({alternatives})s?(?![\w-])", re.IGNORECASE), keys


def find_organisations(lines: list[str], *, first_line: int, names: list[tuple[str, str]]) -> list[OrganisationMention]:
    """Mentions in `lines` (line `first_line` is lines[0]) of the (key, name) pairs; one per key, role and sentence."""
    if not names:
        return []
    pattern, keys = _pattern(names)
    found: list[OrganisationMention] = []
    seen: set[tuple[str, str]] = set()
    for offset, line in enumerate(lines):
        if not line.strip() or _CREDIT.match(line):
            continue
        number = first_line + offset
        for sentence in _SENTENCE_END.split(line):
            for match in pattern.finditer(sentence):
                key = keys[match.group(1).casefold()]
                role = _role(sentence)
                if (key, role) in seen:
                    continue
                seen.add((key, role))
                found.append(OrganisationMention(key, match.group(0), role, sentence.strip()[:1000], number, number))
    return found
