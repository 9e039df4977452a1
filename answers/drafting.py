"""The drafted answer to a Kleine Anfrage: the registry's figures arranged the way a Landtag answer states them.

Each project appears once, with the places of the district it concerns (places with the same local
relation share one line). Money is kept in two visibly separate parts: what is attributable to the place
(exactly stated, or estimated by a documented split, rounded and labelled) and the whole project volume,
which is never the place's money and must not be added up. Whatever cannot be determined is said, with
the reason. The figures come from `answers.place_answers.build_answer`, the one read every answer uses.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone, translation
from django.utils.formats import date_format

from operations.german_numbers import format_euro
from places.models import District, Municipality
from programmes.models import FundingStatement, Project
from sources.models import DocumentKind, SourceDocument
from sources.printed_pages import printed_page

from .models import ParliamentaryQuestion, Question
from .place_answers import REGION_WIDE, Answer, AnswerRow, Filters, build_answer

PLACEHOLDER_PAPER = "…"
BASIS_WORDS = {
    "exact": "genau angegeben",
    "estimated": "geschätzt",
    "unknown": "nicht bezifferbar",
    REGION_WIDE: "regionsweit, nicht aufgeteilt",
}
# Why no amount can be attributed, in the wording of an answer ("…, weil …"), keyed by build_answer's explanation.
REASONS = {
    "keine Aufteilung festgelegt": "das Projektvolumen nicht nach Orten aufgeteilt ausgewiesen wird",
    "Projektvolumen nicht beziffert": "das Projektvolumen nicht beziffert ist",
    "für Orte angegebene Beträge übersteigen das Projektvolumen": "die für einzelne Orte genannten Beträge das Projektvolumen übersteigen",
    "Einwohnerzahlen fehlen": "die Einwohnerzahlen für die vereinbarte Aufteilung fehlen",
    "kein Anteil im Schlüssel festgelegt": "der Aufteilungsschlüssel für diesen Ort keinen Anteil nennt",
}
REGION_WIDE_REASON = "das Projekt im gesamten Ruhrgebiet wirkt und nicht nach Orten abgerechnet wird"
_PROJECT_QUESTION = re.compile(r"\bProjekt\w*\b", re.IGNORECASE)
_MONEY_OR_LIST = re.compile(
    r"\b(?:welche|Förder\w*|Volumen|Volumina|Mittel|Finanz\w*|Summe|Betr[äa]g\w*)\b", re.IGNORECASE
)


def asks_for_projects(question_text: str) -> bool:
    """A question a person would answer with the project table ("Welche Projekte …, mit welchem Fördervolumen?")."""
    return bool(_PROJECT_QUESTION.search(question_text) and _MONEY_OR_LIST.search(question_text))


def round_estimate(amount: Decimal) -> Decimal:
    """Estimates are stated to the thousand (to the hundred below 1.000 €): the digits beyond are not known."""
    step = Decimal(1000) if abs(amount) >= 1000 else Decimal(100)
    return (amount / step).quantize(Decimal(1), ROUND_HALF_UP) * step


def euro(amount: Decimal | None, *, estimated: bool = False) -> str:
    if amount is None:
        return "–"
    if estimated:
        return f"rund {format_euro(round_estimate(amount))}"
    return format_euro(amount)


def german_date(value: date | None) -> str:
    return date_format(value, "j. F Y") if value else ""


# --- sources ---------------------------------------------------------------------------------------------------

_PAGE_HEADER = re.compile(r"^\s*LANDTAG\s+NORDRHEIN-WESTFALEN\b", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\s*-?\s*(\d{1,3})\s*-?\s*$")


def page_starts(text: str) -> list[tuple[int, int]]:
    """(first line, printed page) of each page of a Landtag paper, read from its running heads and page numbers."""
    lines = text.splitlines()
    starts: list[tuple[int, int]] = []
    for index, line in enumerate(lines):
        if not _PAGE_HEADER.match(line):
            continue
        for follower in lines[index + 1 : index + 6]:
            if m := _PAGE_NUMBER.match(follower):
                starts.append((index + 1, int(m[1])))
                break
    return starts


class SourceCiter:
    """Sources as a Landtag answer cites them: "Fortschrittsbericht 2024, S. 41, Z. 1176"."""

    def __init__(self):
        self._documents: dict[int, SourceDocument] = {}
        self._pages: dict[int, list[tuple[int, int]]] = {}

    def load(self, document_ids) -> None:
        missing = set(document_ids) - set(self._documents)
        for document in SourceDocument.objects.filter(pk__in=missing):
            self._documents[document.pk] = document

    def cite(self, document_id: int, start_line: int, end_line: int, code: str | None = None) -> str:
        document = self._documents.get(document_id)
        if document is None:
            self.load([document_id])
            document = self._documents[document_id]
        parts = [document.reference or document.title]
        page = self._page(document, start_line, code)
        # No-break spaces keep "S. 41" and "Z. 1176" together on a line.
        if page:
            parts.append(f"S.\u00a0{page}")
        parts.append(f"Z.\u00a0{start_line}" if end_line <= start_line else f"Z.\u00a0{start_line}–{end_line}")
        return ", ".join(parts)

    def _page(self, document: SourceDocument, line: int, code: str | None) -> int | None:
        if document.kind == DocumentKind.PROGRESS_REPORT:
            return printed_page(document, code)
        if document.kind == DocumentKind.PARLIAMENTARY_ANSWER:
            if document.pk not in self._pages:
                self._pages[document.pk] = page_starts(document.text)
            page = 1
            for first_line, number in self._pages[document.pk]:
                if first_line <= line:
                    page = number
            return page
        return None


# --- the draft -------------------------------------------------------------------------------------------------


@dataclass
class PlaceLine:
    places: list[str]
    relation: str


@dataclass
class PlaceMoney:
    place: str
    amount: Decimal | None
    basis: str
    text: str  # as printed: "521.864 €", "rund 65.000 €", "nicht bezifferbar"
    explanation: str
    approx: bool = False  # the document itself says "rund"


@dataclass
class ProjectEntry:
    project: Project
    included: bool
    places: list[PlaceLine]
    money: list[PlaceMoney]
    volume: Decimal | None
    volume_source: str
    sources: list[str]
    status_label: str
    statement: FundingStatement | None = None

    @property
    def volume_text(self) -> str:
        st = self.statement
        if st is None or not st.determinable or st.volume_eur is None:
            return "nicht beziffert"
        return ("rund " if st.volume_qualifier == "approx" else "") + euro(st.volume_eur)

    @property
    def state_text(self) -> str:
        st = self.statement
        return euro(st.state_eur) if st is not None and st.state_eur is not None else "–"

    @property
    def spent_text(self) -> str:
        st = self.statement
        if st is None or st.spent_eur is None:
            return "–"
        return euro(st.spent_eur) + (f"\n(Stand {st.spent_as_of:%d.%m.%Y})" if st.spent_as_of else "")

    @property
    def label(self) -> str:
        return f"{self.project.title} [{self.project.code}]"

    @property
    def action_field(self) -> str:
        af = self.project.action_field
        return af.name if af else "Ohne Handlungsfeld"

    @property
    def bases(self) -> set[str]:
        return {m.basis for m in self.money}

    @property
    def attributable(self) -> list[PlaceMoney]:
        return [m for m in self.money if m.amount is not None]

    @property
    def money_text(self) -> str:
        """One line per place with an amount; one statement when no place has one."""
        with_amount = self.attributable
        if not with_amount:
            return BASIS_WORDS[REGION_WIDE] if self.bases == {REGION_WIDE} else BASIS_WORDS["unknown"]
        if len(self.money) == 1:
            return with_amount[0].text
        return "\n".join(f"{m.place}: {m.text}" for m in with_amount)

    @property
    def basis_text(self) -> str:
        return ", ".join(BASIS_WORDS[b] for b in ("exact", "estimated", "unknown", REGION_WIDE) if b in self.bases)

    @property
    def reason(self) -> str:
        """Why (part of) the money cannot be attributed, in answer wording; "" when every place has an amount."""
        missing = [m for m in self.money if m.amount is None]
        if not missing:
            return ""
        if all(m.basis == REGION_WIDE for m in missing):
            return REGION_WIDE_REASON
        return REASONS.get(missing[0].explanation.split(" – ")[0], missing[0].explanation)


@dataclass
class QuestionDraft:
    number: int
    text: str
    answer: str
    lists_projects: bool

    @property
    def answer_paragraphs(self) -> list[str]:
        return [p.strip() for p in re.split(r"\n\s*\n", self.answer) if p.strip()]


@dataclass
class Draft:
    question: ParliamentaryQuestion
    answer: Answer
    entries: list[ProjectEntry]
    questions: list[QuestionDraft]
    ministry_name: str
    generated_at: object = field(default_factory=timezone.now)

    # --- what the document states ---------------------------------------------------------------------------
    @property
    def subject(self) -> str:
        return self.answer.subject

    def place(self, case: str = "nom") -> str:
        """The place in a sentence: "Bochum" in every case, a district with its article ("dem Kreis Unna")."""
        return place_phrase(self.question.district or self.question.municipality, case) or self.subject

    @property
    def included(self) -> list[ProjectEntry]:
        return [e for e in self.entries if e.included]

    def groups(self) -> list[tuple[str, list[ProjectEntry]]]:
        by_field: dict[str, list[ProjectEntry]] = defaultdict(list)
        order: dict[str, int] = {}
        for entry in self.included:
            by_field[entry.action_field].append(entry)
            af = entry.project.action_field
            order[entry.action_field] = af.position if af else 999
        return [(name, by_field[name]) for name in sorted(by_field, key=order.__getitem__)]

    @property
    def money_entries(self) -> list[ProjectEntry]:
        return [e for e in self.included if e.attributable]

    @property
    def volume_entries(self) -> list[ProjectEntry]:
        return [e for e in self.included if e.statement is not None]

    def totals(self) -> dict:
        exact = [m for e in self.included for m in e.money if m.basis == "exact" and m.amount is not None]
        approx = [m for m in exact if m.approx]
        exact = [m for m in exact if not m.approx]
        estimated = [m for e in self.included for m in e.money if m.basis == "estimated" and m.amount is not None]
        return {
            "projects": len(self.included),
            "exact_eur": sum((m.amount for m in exact), Decimal(0)),
            "approx_eur": sum((m.amount for m in approx), Decimal(0)),
            "exact_projects": len({e.project.pk for e in self.included if "exact" in e.bases}),
            "estimated_eur": sum((m.amount for m in estimated), Decimal(0)),
            "estimated_projects": len(
                {e.project.pk for e in self.included if any(m.basis == "estimated" and m.amount for m in e.money)}
            ),
        }

    def money_sentences(self) -> list[str]:
        """The honest totals and what cannot be determined, as sentences of the answer."""
        acc, dat = self.place("acc"), self.place("dat")
        nom = self.place("nom")
        nom = nom[0].upper() + nom[1:]
        totals = self.totals()
        out = []
        n = totals["projects"]
        out.append(
            f"{nom} ist von {n} {'Projekt' if n == 1 else 'Projekten'} der Ruhr-Konferenz berührt."
            if n
            else f"Kein Projekt der Ruhr-Konferenz hat nach den vorliegenden Berichten einen Ortsbezug zu {dat}."
        )
        if totals["exact_projects"]:
            k = totals["exact_projects"]
            stated = euro(totals["exact_eur"]) if totals["exact_eur"] else ""
            approx = f"rund {euro(totals['approx_eur'])}" if totals["approx_eur"] else ""
            amount = " und ".join(a for a in (stated, approx) if a)
            out.append(
                f"Für {k} {'Projekt' if k == 1 else 'Projekte'} ist der auf {acc} entfallende Betrag im Dokument "
                f"für diesen Ort angegeben: zusammen {amount}."
            )
        if totals["estimated_projects"]:
            k = totals["estimated_projects"]
            out.append(
                f"Für {k} {'Projekt' if k == 1 else 'Projekte'} ergibt die dokumentierte Aufteilung des Projektvolumens "
                f"auf die beteiligten Orte geschätzt {euro(totals['estimated_eur'], estimated=True)} für {acc}. "
                "Geschätzte und genau angegebene Beträge sind nicht zusammengezählt."
            )
        reasons: dict[str, list[str]] = defaultdict(list)
        for entry in self.included:
            if entry.reason and not entry.attributable:
                reasons[entry.reason].append(entry.project.code)
        if len(reasons) == 1:
            ((reason, codes),) = reasons.items()
            k = len(codes)
            out.append(
                f"Für {k} {'Projekt' if k == 1 else 'Projekte'} ({', '.join(codes)}) lässt sich ein auf {acc} "
                f"entfallender Betrag nicht bestimmen, weil {reason}."
            )
        elif reasons:
            k = sum(len(codes) for codes in reasons.values())
            parts = [
                f"bei {len(codes)} {'Projekt' if len(codes) == 1 else 'Projekten'} ({', '.join(codes)}), weil {reason}"
                for reason, codes in sorted(reasons.items(), key=lambda item: -len(item[1]))
            ]
            out.append(
                f"Für {k} Projekte lässt sich ein auf {acc} entfallender Betrag nicht bestimmen: {'; '.join(parts)}."
            )
        if self.volume_entries:
            out.append(
                "Die Projektvolumina in der letzten Tabelle gelten jeweils für das ganze Projekt. Sie sind nicht "
                f"{dat} zuzurechnen und ergeben zusammengezählt keine Förderung für {acc}."
            )
        return out

    # --- the document's head ----------------------------------------------------------------------------------
    @property
    def answer_paper(self) -> str:
        q = self.question
        return f"Drucksache {q.answer_printed_paper or f'{q.electoral_term}/{PLACEHOLDER_PAPER}'}"

    @property
    def document_date(self) -> str:
        return date_format(self.question.answered_on or timezone.localdate(), "d.m.Y")

    @property
    def opening_line(self) -> str:
        q = self.question
        asked = f" vom {german_date(q.asked_on)}" if q.asked_on else ""
        askers = _names(q.asker_list)
        party = f" ({q.parties})" if q.parties else ""
        return f"Antwort der Landesregierung auf die Kleine Anfrage {q.number or '…'}{asked} der Abgeordneten {askers}{party}"

    @property
    def question_paper(self) -> str:
        q = self.question
        return f"Drucksache {q.printed_paper}" if q.printed_paper else ""

    @property
    def letter_line(self) -> str:
        q = self.question
        sent = f" mit Schreiben vom {german_date(q.answered_on)}" if q.answered_on else ""
        return (
            f"{self.ministry_name} hat die Kleine Anfrage {q.number or '…'}{sent} namens der Landesregierung im "
            "Einvernehmen mit dem Ministerpräsidenten und allen anderen Mitgliedern der Landesregierung beantwortet."
        )

    @property
    def document_title(self) -> str:
        q = self.question
        return f"Antwort der Landesregierung auf die Kleine Anfrage {q.number or '…'}: {q.title}"


def _names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names) or "…"
    return ", ".join(names[:-1]) + " und " + names[-1]


@translation.override("de")  # a Landtag answer is German, even when the office browses the English interface
def build_draft(question: ParliamentaryQuestion, *, questions: list[Question] | None = None) -> Draft:
    """The draft of `question`'s answer from the registry as it is now (published projects only)."""
    filters = Filters(municipality=question.municipality, district=question.district)
    answer = build_answer(filters)
    excluded = set(question.excluded_projects.values_list("pk", flat=True)) if question.pk else set()
    citer = SourceCiter()
    citer.load({s.document_id for r in answer.rows for s in r.sources})
    grouped = _by_project(answer)
    statements = FundingStatement.objects.current_by_project([rows[0].project.pk for rows in grouped])
    entries = [
        _entry(rows, citer, excluded, statements.get(rows[0].project.pk), district=question.district is not None)
        for rows in grouped
    ]
    if questions is None:
        questions = list(question.questions.all()) if question.pk else []
    ministry = question.ministry
    return Draft(
        question=question,
        answer=answer,
        entries=entries,
        questions=[QuestionDraft(q.number, q.text, q.answer, q.lists_projects) for q in questions],
        ministry_name=ministry_title(ministry.name) if ministry else "Die Landesregierung",
    )


def ministry_title(name: str) -> str:
    """ "Ministerium für X" → "Das Ministerium für X", the subject of the answer's letter line."""
    return name if name.split(" ", 1)[0] in ("Der", "Die", "Das") else f"Das {name}"


def _by_project(answer: Answer) -> list[list[AnswerRow]]:
    grouped: dict[int, list[AnswerRow]] = {}
    for row in answer.rows:
        grouped.setdefault(row.project.pk, []).append(row)
    return list(grouped.values())


def _entry(rows: list[AnswerRow], citer: SourceCiter, excluded: set[int], statement, *, district: bool) -> ProjectEntry:
    project = rows[0].project
    lines: dict[str, list[str]] = {}
    for row in rows:
        lines.setdefault(row.local_relation.strip(), []).append(row.municipality.name)
    places = [PlaceLine(names if district else [], relation) for relation, names in lines.items()]
    money = [
        PlaceMoney(
            place=row.municipality.name,
            amount=row.funding_eur,
            basis=row.basis,
            text=_money_text(row),
            explanation=row.explanation,
            approx=row.basis == "exact" and row.qualifier == "approx",
        )
        for row in rows
    ]
    volume_source = (
        citer.cite(statement.document_id, statement.start_line, statement.end_line, project.code) if statement else ""
    )
    sources: list[str] = []
    for row in rows:
        for ref in row.sources:
            cited = citer.cite(ref.document_id, ref.start_line, ref.end_line, project.code)
            if ref.field != "Projektvolumen" and cited not in sources:
                sources.append(cited)
    return ProjectEntry(
        project=project,
        included=project.pk not in excluded,
        places=places,
        money=money,
        volume=rows[0].project_volume_eur,
        volume_source=volume_source,
        sources=sources,
        status_label=str(rows[0].status_label),
        statement=statement,
    )


def _money_text(row: AnswerRow) -> str:
    if row.funding_eur is None:
        return BASIS_WORDS[row.basis]
    if row.basis == "estimated":
        return f"{euro(row.funding_eur, estimated=True)} (geschätzt)"
    return ("rund " if row.qualifier == "approx" else "") + euro(row.funding_eur)


def default_question(place: Municipality | District) -> ParliamentaryQuestion:
    """An unsaved Kleine Anfrage for a place, for the command line when no registered one is named."""
    municipality = place if isinstance(place, Municipality) else None
    district = place if isinstance(place, District) else None
    return ParliamentaryQuestion(
        number=0,
        title=f"Projekte der Ruhr-Konferenz mit Bezug zu {place_phrase(place, 'dat')}",
        askers="",
        municipality=municipality,
        district=district,
        status="drafting",
    )


def place_phrase(place: Municipality | District | None, case: str = "nom") -> str:
    """A place as a sentence names it: "Bochum" in every case, a district with its article ("dem Kreis Unna")."""
    if place is None:
        return ""
    if isinstance(place, District):
        return f"{ {'nom': 'der', 'acc': 'den', 'dat': 'dem'}[case] } {place.name}"
    return place.name


def default_questions(place: Municipality | District) -> list[Question]:
    return [
        Question(
            number=1,
            text=(
                f"Welche Projekte der Ruhr-Konferenz betreffen {place_phrase(place, 'acc')}? "
                "(Bitte lokalen Bezug im Einzelnen aufzeigen und jeweilige Fördervolumina angeben.)"
            ),
            answer=project_answer_intro(place),
            lists_projects=True,
        )
    ]


def project_answer_intro(place: Municipality | District) -> str:
    return (
        f"Die Projekte der Ruhr-Konferenz mit Bezug zu {place_phrase(place, 'dat')} und ihr lokaler Bezug sind in den folgenden "
        "Tabellen nach Handlungsfeldern aufgeführt. Die Angaben beruhen auf den Fortschrittsberichten der "
        "Ruhr-Konferenz und früheren Antworten der Landesregierung; die Fundstelle ist jeweils angegeben."
    )
