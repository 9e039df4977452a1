"""Which kind of money a sentence states: applied for, planned, granted, paid out, or a project volume.

"Bis heute wurden sechs Anträge aus Bochum mit einem Fördervolumen von 521.864 Euro eingereicht" states
money *applied for*, not granted; "Die RUB erhält hier rund 65.000 Euro Förderung" money granted; "Von den
bewilligten 2 Mio. Euro wurden bisher 1,2 Mio. Euro ausgezahlt" two amounts of two kinds. A reader decides
per amount, as a careful person would: the wording that refers to the amount is the nearest cue in its
sentence, preferably in the same clause (a comma or semicolon between amount and cue counts as distance);
a negated cue ("noch nicht bewilligt") says what the money is not yet, so it is one stage earlier. Where the
sentence names no kind, the kind stays unstated ("") rather than guessed.

Plain Python (no Django): used by the parsers and testable on strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

APPLIED = "applied"  # beantragt, Antrag eingereicht
PLANNED = "planned"  # vorgesehen, geplant, veranschlagt
GRANTED = "granted"  # bewilligt, zugesagt, erhält, gefördert
PAID = "paid"  # ausgezahlt, verausgabt, abgeflossen
VOLUME = "volume"  # Projektvolumen, Gesamtkosten, Investitionsvolumen
KINDS = (APPLIED, PLANNED, GRANTED, PAID, VOLUME)

# Word beginnings (case-insensitive) that state a kind. Order within a kind does not matter.
_CUES: dict[str, tuple[str, ...]] = {
    APPLIED: (
        r"beantrag\w*",
        r"(?:förder|zuwendungs)?antr[aä]g\w*",
        r"eingereicht\w*",
        r"einreich\w*",
        r"angemeldet\w*",
        r"beworben",
        r"Projektskizzen?",
        r"Förderanfrage\w*",
    ),
    PLANNED: (
        r"vorgesehen\w*",
        r"eingeplant\w*",
        r"veranschlagt\w*",
        r"in\s+Aussicht\s+gestellt\w*",
        r"geplant\w*",
    ),
    GRANTED: (
        r"bewillig\w*",
        r"zugesagt\w*",
        r"Zusage\w*",
        r"zugesichert\w*",
        r"(?:Zuwendungs|Förder|Bewilligungs)bescheid\w*",
        r"erh[äa]lt",
        r"erhielt\w*",
        r"erhalten",
        r"bekommt|bekam\w*",
        r"gefördert\w*",
        r"fördert",
        r"zur\s+Verfügung\s+gestellt",
        r"bereitgestellt\w*",
        r"bereit(?:stehen|steht)?",  # "stehen 500.000 Euro bereit"
        r"zugewiesen\w*",
        r"zugeteilt\w*",
        r"Zuschl[aä]g\w*",
    ),
    PAID: (
        r"ausgezahlt\w*",
        r"Auszahlung\w*",
        r"verausgabt\w*",
        r"abgeflossen\w*",
        r"Mittelabfl[uü]ss\w*",
        r"ausgegeben\w*",
        r"abgerufen\w*",
    ),
    VOLUME: (
        r"Projektvolumen\w*",
        r"Gesamtvolumen\w*",
        r"Investitionsvolumen\w*",
        r"Investitionskosten\w*",
        r"Gesamtkosten\w*",
        r"Gesamtinvestition\w*",
        r"Projektkosten\w*",
        r"kostet\w*",
        r"Kosten\w*",
    ),
}
_CUE_RE = re.compile(
    "|".join(
        f"(?P<{kind}_{n}>\\b(?:{pattern})\\b)" for kind, patterns in _CUES.items() for n, pattern in enumerate(patterns)
    ),
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:nicht|noch\s+nicht|nie|kein\w*|weder)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_NEGATION_AFTER = re.compile(r"^\s*(?:\w+\s+){0,1}(?:nicht|noch\s+nicht)\b", re.IGNORECASE)
# What a negated cue leaves: money not yet granted was applied for; money not yet paid out was granted.
_ONE_STAGE_EARLIER = {GRANTED: APPLIED, PAID: GRANTED}
_CLAUSE_BREAK = re.compile(r"[,;:–]|\s-\s|\bund\s+(?=\w+\s+(?:wurden|werden|sind|wird|ist)\b)")
_CLAUSE_PENALTY = 40  # characters a clause break counts as: a cue in the amount's own clause wins
_LATER_STAGE = {APPLIED: 0, PLANNED: 1, GRANTED: 2, PAID: 3, VOLUME: 1}


@dataclass(frozen=True)
class KindCue:
    kind: str  # one of KINDS, or "" when the sentence states none
    wording: str  # the words as printed ("eingereicht", "noch nicht bewilligt"), "" without a cue


def _cues(sentence: str) -> list[tuple[str, int, int, str]]:
    found = []
    for m in _CUE_RE.finditer(sentence):
        kind = m.lastgroup.rsplit("_", 1)[0]
        before = sentence[: m.start()]
        negation = _NEGATION.search(before)
        after_negation = kind == PAID and _NEGATION_AFTER.match(sentence[m.end() :])
        wording = m.group(0)
        if negation or after_negation:
            if kind not in _ONE_STAGE_EARLIER:
                continue  # "keine Kosten", "nicht geplant": says nothing about the amount's kind
            wording = (negation.group(0) if negation else "") + wording
            kind = _ONE_STAGE_EARLIER[kind]
        found.append((kind, m.start(), m.end(), wording.strip()))
    return found


def _distance(sentence: str, start: int, end: int, cue_start: int, cue_end: int) -> int:
    left, right = (end, cue_start) if cue_start >= end else (cue_end, start)
    between = sentence[left:right] if right > left else ""
    return len(between) + _CLAUSE_PENALTY * len(_CLAUSE_BREAK.findall(between))


_COORDINATION = re.compile(r"^\s*(?:,|und|sowie|und\s+auch|bzw\.|beziehungsweise)?\s*$", re.IGNORECASE)


def _grouped(sentence: str, cues: list[tuple[str, int, int, str]]) -> list[tuple[str, int, int, str]]:
    """Cues joined by "und"/"sowie"/a comma alone describe one fact: "beantragt und bewilligt" is granted."""
    groups: list[tuple[str, int, int, str]] = []
    for cue in cues:
        if groups and _COORDINATION.match(sentence[groups[-1][2] : cue[1]]):
            kind, start, _end, _wording = groups[-1]
            later = cue[0] if _LATER_STAGE[cue[0]] >= _LATER_STAGE[kind] else kind
            groups[-1] = (later, start, cue[2], sentence[start : cue[2]])
        else:
            groups.append(cue)
    return groups


def kind_of_amount(sentence: str, start: int, end: int) -> KindCue:
    """The kind of the amount at sentence[start:end], from the nearest cue of the sentence.

    Ties (cues equally near before and after) go to the later stage.
    """
    cues = _grouped(sentence, _cues(sentence))
    if not cues:
        return KindCue("", "")
    best = min(
        cues,
        key=lambda c: (_distance(sentence, start, end, c[1], c[2]), -_LATER_STAGE[c[0]]),
    )
    return KindCue(best[0], best[3])


def kinds_of_amounts(sentence: str, spans: list[tuple[int, int]]) -> list[KindCue]:
    """`kind_of_amount` for each (start, end) of the sentence's amounts, in order."""
    return [kind_of_amount(sentence, start, end) for start, end in spans]
