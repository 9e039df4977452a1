"""What a document must look like before anything of it is written: its kind, and a structure that makes sense.

The parsers read generously (broken lines, sections out of order) and turn what they cannot resolve into
warnings. That generosity must not reach the registry when the input is not the document it claims to be:
the parliamentary answer given to the proposal importer, a report with shuffled lines (a URL becomes a title,
a sentence a ministry), the portal's own PDF whose table of contents leaks leader dots into a title. These
checks refuse such input with a German message naming the line. Plain Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .results import ProgressReport, ProposalList
from .vocabulary import fold

KIND_LABELS = {
    "progress_report": "ein Fortschrittsbericht",
    "proposal_list": "eine Liste von Projektideen",
    "parliamentary_answer": "die Antwort auf eine Kleine Anfrage",
    "press_release": "eine Pressemitteilung",
}
KIND_COMMANDS = {
    "progress_report": "import_progress_report",
    "proposal_list": "import_proposals",
    "parliamentary_answer": "import_parliamentary_answer",
    "press_release": "import_press_release",
}

# Marks of each kind; a kind's score is the number of different marks found (each counts once).
_SIGNATURES: dict[str, tuple[re.Pattern[str], ...]] = {
    "progress_report": tuple(
        re.compile(p, re.IGNORECASE | re.MULTILINE)
        for p in (
            r"^\W*(?:Ruhr-Konferenz\s*[–-]?\s*)?Fortschrittsbericht\b",
            r"^\W*Projektvolumen\b",
            r"^\W*Verantwortlich\b",
            r"^\W*Meilensteine\b",
            r"^\W*(?:Jüngste Entwicklung|Aktueller Stand|Ausblick)\b",
        )
    ),
    "proposal_list": tuple(
        re.compile(p, re.IGNORECASE | re.MULTILINE)
        for p in (
            r"^\s*Ziele?\s*:",
            r"^\s*Hintergr(?:u|ü)nde?\s*:",
            r"\b(?:IHKs?|HWKs?)\b",
            r"\bProjektideen\b",
        )
    ),
    "parliamentary_answer": tuple(
        re.compile(p, re.IGNORECASE | re.MULTILINE)
        for p in (
            r"\bKleinen?\s+Anfrage\b",
            r"\bDrucksache\s+\d+\s*/\s*\d+",
            r"\bAntwort\s+der\s+Landesregierung\b",
            r"\bAbgeordneten\b",
        )
    ),
    "press_release": tuple(
        re.compile(p, re.IGNORECASE | re.MULTILINE)
        for p in (
            r"\bPressemitteilung\b",
            r"\bteilt\s+mit\b",
            r"^\s*\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\s*$",  # the date line under the headline
            r"\b(?:Landeskabinett|Landesregierung|Kabinett)\s+hat\b[^.\n]*\b(?:beschlossen|verabschiedet|vorgelegt)\b",
        )
    ),
}
_SCAN_CHARS = 400_000  # marks sit near the top; a long document need not be scanned whole


@dataclass(frozen=True)
class Evidence:
    kind: str
    score: int
    line: int  # of the first mark found
    text: str


def recognise(text: str) -> dict[str, Evidence]:
    """Score every known kind on the text (first 400,000 characters)."""
    head = text[:_SCAN_CHARS]
    found: dict[str, Evidence] = {}
    for kind, patterns in _SIGNATURES.items():
        first: tuple[int, str] | None = None
        score = 0
        for pattern in patterns:
            if m := pattern.search(head):
                score += 1
                position = (head.count("\n", 0, m.start()) + 1, m.group(0).strip())
                if first is None or position[0] < first[0]:
                    first = position
        found[kind] = Evidence(kind, score, *(first or (0, "")))
    return found


def check_kind(text: str, expected: str, filename: str) -> None:
    """Refuse a document that is recognisably of another kind than `expected` (ValueError, German)."""
    if not text.strip():
        raise ValueError(f"{filename}: Die Datei ist leer; es gibt nichts zu importieren.")
    if expected not in _SIGNATURES:  # a kind without marks of its own (a correction, an indicator list)
        return
    scores = recognise(text)
    own = scores[expected].score
    other = max((e for k, e in scores.items() if k != expected), key=lambda e: e.score)
    if other.score >= 2 and other.score > own:
        raise ValueError(
            f"{filename}, Zeile {other.line}: Die Datei ist offenbar {KIND_LABELS[other.kind]} "
            f"(„{other.text[:60]}“), nicht {KIND_LABELS[expected]}; nichts wurde gespeichert. "
            f"Bitte mit manage.py {KIND_COMMANDS[other.kind]} importieren."
        )


# -- structure --------------------------------------------------------------------------

# "chemstars.nrw" is a project's name; a scheme, "www." or a path make an address
_URL = re.compile(r"(?:https?://|www\.|<https?:|\b[\w-]+\.[a-z]{2,6}/\S)", re.IGNORECASE)
_LEADERS = re.compile(r"(?:\.\s?){4,}|…{2,}|(?:_\s?){4,}")
_HEADING_START = re.compile(
    r"^(?:Verantwortlich|Meilensteine|Mehrwert|Vorgehen|Zielgruppen?|Jüngste Entwicklung|Aktueller Stand|Ausblick|"
    r"Projektergebnis|Projektvolumen|Weiterführende Informationen|Inhalt|Foto|Grafik|Quelle)\b",
    re.IGNORECASE,
)
_MINISTRY_START = re.compile(r"^(?:Ministerium|Staatskanzlei|Ministerin|Minister|[A-ZÄÖÜ]{2,10}\b)")
# A ministry name broken off by a shuffled or cut line ends in a word that cannot end it.
_DANGLING = re.compile(r"\b(?:und|für|des|der|die|das|von|im|in|sowie|Landes)$", re.IGNORECASE)
_MAX_TITLE = 250
_MAX_MINISTRY = 160


def _title_problem(title: str) -> str | None:
    if not title.strip():
        return "hat keinen Titel"
    if _URL.search(title):
        return f"hat eine Internetadresse als Titel („{title[:80]}“)"
    if _LEADERS.search(title):
        return f"hat Füllpunkte eines Inhaltsverzeichnisses im Titel („{title[:80]}“)"
    if _HEADING_START.match(title):
        return f"hat eine Abschnittsüberschrift als Titel („{title[:80]}“)"
    if re.fullmatch(r"[\d\s./–-]+", title):
        return f"hat eine Zahl als Titel („{title}“)"
    if len(title) > _MAX_TITLE:
        return f"hat einen Titel von {len(title)} Zeichen (ein Absatz, kein Titel)"
    return None


def _ministry_problem(name: str) -> str | None:
    text = " ".join(name.split())
    if not _MINISTRY_START.match(text):
        return f"nennt als Ressort „{text[:80]}“, das ist kein Ministerium"
    if re.search(r"[.!?]$", text) and not re.search(r"\b[A-Z]{1,4}\.$", text):
        return f"nennt als Ressort einen Satz („{text[:80]}“)"
    if re.search(r"\d", text) or len(text) > _MAX_MINISTRY:
        return f"nennt als Ressort „{text[:80]}“ (Anschrift oder Fließtext, kein Ressortname)"
    if _DANGLING.search(text):
        return f"nennt als Ressort einen abgebrochenen Namen („{text[:80]}“)"
    return None


def _tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"\w{3,}", fold(text))}


def check_progress_report(report: ProgressReport, filename: str) -> None:
    """Refuse a parsed report whose pages do not make sense (ValueError listing the first problems)."""
    problems: list[tuple[int, str]] = []
    if not report.projects:
        raise ValueError(f"{filename}: Keine Projektseiten gefunden; nichts wurde gespeichert.")
    toc = {entry.code: entry for entry in report.toc}
    seen: dict[str, int] = {}
    for page in report.projects:
        line = page.source.start_line
        name = page.code or "ohne Nummer"
        if page.code is None:
            problems.append((line, "Projektseite ohne Projektnummer, die zum Inhaltsverzeichnis passt"))
        elif page.code in seen:
            problems.append((line, f"Projekt {page.code} kommt doppelt vor (auch ab Zeile {seen[page.code]})"))
        else:
            seen[page.code] = line
        if problem := _title_problem(page.title):
            problems.append((line, f"Projekt {name} {problem}"))
        elif page.code in toc and toc[page.code].title:
            printed, listed = _tokens(page.title), _tokens(toc[page.code].title)
            if listed and len(printed & listed) < 0.5 * len(listed):
                problems.append(
                    (
                        line,
                        f"Projekt {name}: Titel „{page.title[:60]}“ passt nicht zum Inhaltsverzeichnis "
                        f"(Zeile {toc[page.code].line}: „{toc[page.code].title[:60]}“)",
                    )
                )
        if page.ministry and (problem := _ministry_problem(page.ministry)):
            problems.append((line, f"Projekt {name} {problem}"))
    for entry in report.toc:
        if problem := _title_problem(entry.title):
            problems.append((entry.line, f"Inhaltsverzeichnis: Projekt {entry.code} {problem}"))
    if report.toc and len(seen) < 0.8 * min(len(report.toc), len(report.projects)):
        problems.append((0, "Die Projektseiten lassen sich dem Inhaltsverzeichnis nicht zuordnen"))
    _refuse(problems, filename, "Der Aufbau passt nicht zu einem Fortschrittsbericht")


def check_proposal_list(parsed: ProposalList, filename: str) -> None:
    problems: list[tuple[int, str]] = []
    numbers = [p.number for p in parsed.proposals]
    for proposal in parsed.proposals:
        line = proposal.source.start_line
        if problem := _title_problem(proposal.title):
            problems.append((line, f"Idee {proposal.number} {problem}"))
        if not proposal.goal.strip() and not proposal.background.strip():
            problems.append((line, f"Idee {proposal.number} hat weder „Ziel:“ noch „Hintergrund:“"))
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        problems.append((0, "Nummern doppelt vergeben: " + ", ".join(map(str, duplicates))))
    _refuse(problems, filename, "Der Aufbau passt nicht zu einer Liste von Projektideen")


def _refuse(problems: list[tuple[int, str]], filename: str, headline: str) -> None:
    if not problems:
        return
    problems.sort(key=lambda p: p[0])
    first = problems[0][0]
    where = f"{filename}, Zeile {first}" if first else filename
    listed = "; ".join(f"Zeile {line}: {text}" if line else text for line, text in problems[:5])
    more = f" (und {len(problems) - 5} weitere)" if len(problems) > 5 else ""
    raise ValueError(f"{where}: {headline}; nichts wurde gespeichert. {listed}{more}.")
