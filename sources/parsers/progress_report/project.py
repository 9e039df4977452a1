"""One page's result: its title, sections, status (stated, or read from a result section, a closing
milestone or a closing sentence), municipalities (through the gazetteer), sub-projects and links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..results import LineSpan, MunicipalityMention, ProjectPage, Section, TocEntry
from ..text import default_gazetteer, split_sentences
from ..vocabulary import STATUS_WORDINGS, fold, status_from_wording
from .alignment import _tokens
from .lines import GazetteerLike, _Draft, _ends_sentence, _Line, _paragraphs, _plain, _Reading, _split_bullet
from .milestones import _NAME_PREFIX, _plausible_subproject

_CLOSING_MILESTONE = re.compile(
    r"projektabschluss|abschluss\s+des\s+projekte?s\b|ende\s+der\s+(?:projekt)?förderung|abschluss\s+als\s+projekt"
    r"|projektende|projekt\s+(?:wurde\s+|ist\s+)?(?:abgeschlossen|beendet)",
    re.IGNORECASE,
)
_CLOSED_SENTENCE = re.compile(
    r"\bDas\s+Projekt\s+(?:wurde|ist|war)\b(?:(?!\bnicht\b)[^.]){0,80}\b(?:abgeschlossen|beendet)\b"
    r"|\bDas\s+Projekt\s+endete\b"
)
_EXPLICIT_STATUS = re.compile(r"^(?:Projekt)?[Ss]tatus\s*[:–-]\s*(?P<wording>\S.*)$")
_STATUS_BASE = {fold(p) for _code, phrases in STATUS_WORDINGS for p in phrases if len(p.split()) >= 2} | {
    "abgeschlossen",
    "verstetigt",
    "beendet",
}
_STATUS_LINES = frozenset(_STATUS_BASE | {f"projekt {w}" for w in _STATUS_BASE})


class _NoGazetteer:
    def find(self, text: str, *, first_line: int = 1) -> list[MunicipalityMention]:
        return []


class ProjectReading(_Reading):
    """Turns a page draft into a ProjectPage."""

    def _project(self, draft: _Draft, entries: list[TocEntry], index: int | None) -> ProjectPage:
        entry = entries[index] if index is not None else None
        printed_title, title_ids = self._printed_title(draft, entry, index)
        title = entry.title if entry else printed_title
        code = entry.code if entry else (sorted(draft.codes)[0] if len(draft.codes) == 1 else None)
        if entry is None and entries:
            label = f"„{title}“" if title else "ohne erkennbaren Titel"
            self.warn(
                draft.start,
                f"Projektseite in Zeilen {draft.start}–{draft.end} ({label}) passt zu keinem Eintrag des "
                "Inhaltsverzeichnisses" + ("." if code else "; keine Projektnummer."),
            )
        sections = self._sections(draft, title_ids)
        if draft.ministry is None:
            self.warn(draft.start, f"Seite nennt kein verantwortliches Ressort: {code or '?'} „{title}“.")
        funding = self._funding(draft, code or title)
        status, basis = self._status(draft, sections)
        return ProjectPage(
            code=code,
            title=title,
            action_field=(entry.action_field if entry and entry.action_field else draft.field_name),
            ministry=draft.ministry,
            status=status,
            status_basis=basis,
            milestones=draft.milestones,
            funding=funding,
            sections=sections,
            municipalities=self._municipalities(draft),
            subprojects=self._subprojects(draft, sections, title),
            links=self._links(sections, draft),
            toc_page=entry.page if entry else None,
            source=LineSpan(draft.start, draft.end),
        )

    def _printed_title(self, draft: _Draft, entry: TocEntry | None, index: int | None) -> tuple[str, set[int]]:
        """The page's own title lines (removed from the intro text) and the title they print."""
        ids: set[int] = set()
        if entry is not None:
            title = fold(entry.title)
            for i, loose in enumerate(draft.loose):
                if not loose.title_like:
                    continue
                folded = fold(loose.text)
                part_of = len(folded) >= 3 and f" {folded} " in f" {title} "
                similar = (
                    bool(_tokens(loose.text))
                    and len(_tokens(loose.text) & _tokens(entry.title))
                    / len(_tokens(loose.text) | _tokens(entry.title))
                    >= 0.5
                )
                if loose.toc == index or part_of or similar:
                    ids.add(i)
            return " ".join(draft.loose[i].text for i in sorted(ids)), ids
        for i, loose in enumerate(draft.loose):
            if loose.title_like:
                ids.add(i)
            elif ids:
                break
        return " ".join(draft.loose[i].text for i in sorted(ids)), ids

    def _section_text(self, lines: Sequence[_Line]) -> str:
        blocks = []
        for para in _paragraphs(lines):
            rows: list[str] = []
            bullet_row = False
            for line in para:
                core, bullet = _split_bullet(line.text)
                core = _plain(core)
                if bullet:
                    rows.append(f"- {core}")
                    bullet_row = True
                elif rows and not (bullet_row and _ends_sentence(rows[-1])):
                    rows[-1] = self.joiner.join(rows[-1], core)
                else:
                    rows.append(core)
                    bullet_row = False
            if rows:
                blocks.append("\n".join(rows))
        return "\n\n".join(blocks)

    def _sections(self, draft: _Draft, title_ids: set[int]) -> dict[str, Section]:
        sections: dict[str, Section] = {}
        intro = [loose for i, loose in enumerate(draft.loose) if i not in title_ids]
        if intro:
            text = "\n\n".join(self._section_text(loose.lines) for loose in intro)
            numbers = [ln.no for loose in intro for ln in loose.lines]
            sections["summary"] = Section("summary", "", text, min(numbers), max(numbers))
        for heading, content in draft.sections:
            key = heading.key
            if key == "responsible":
                text = draft.ministry or ""
                numbers = [ln.no for ln in draft.ministry_lines]
            elif key == "milestones":
                text = self._milestones_text(draft.milestones)
                numbers = [draft.milestone_end] if draft.milestone_end else []
            elif key == "funding":
                text = self._join(_plain(ln.text) for ln in draft.funding_lines if ln.kind == "text")
                numbers = [ln.no for ln in draft.funding_lines]
            else:
                text = self._section_text(content)
                if heading.inline:
                    text = f"{heading.inline}\n\n{text}".strip()
                numbers = [ln.no for ln in content if ln.kind == "text"]
            end = max([heading.no, *numbers])
            if key in sections:  # a heading printed twice on one page: keep both texts
                old = sections[key]
                sections[key] = Section(key, old.heading, f"{old.text}\n\n{text}".strip(), old.start_line, end)
            else:
                sections[key] = Section(key, heading.heading, text, heading.no, end)
        return sections

    def _status(self, draft: _Draft, sections: dict[str, Section]) -> tuple[str, str]:
        # The page's own status statement: "Status: verstetigt" anywhere, or a bare wording as a line of its own.
        bare = {id(ln) for loose in draft.loose for ln in loose.lines}
        for line in draft.lines:
            if line.kind != "text" or line.bullet:
                continue
            text = _plain(line.text)
            m = _EXPLICIT_STATUS.match(text)
            wording = m["wording"] if m else (text if id(line) in bare and fold(text) in _STATUS_LINES else "")
            if wording and (code := status_from_wording(wording)):
                return code, f"Statusangabe „{text}“ (Zeile {line.no})"
        if "result" in sections:
            return "completed", f"Abschnitt „{sections['result'].heading}“ vorhanden"
        if draft.milestones:
            latest = max(m.year_end or m.year for m in draft.milestones)
            for milestone in draft.milestones:
                if (milestone.year_end or milestone.year) == latest and _CLOSING_MILESTONE.search(milestone.text):
                    return "completed", f"Meilenstein {latest}: „{milestone.text}“"
        for key in ("recent_development", "current_status", "summary"):
            if key in sections and (m := _CLOSED_SENTENCE.search(sections[key].text)):
                sentence = next((s for s in split_sentences(sections[key].text) if m.group(0) in s), m.group(0))
                return "completed", f"Abschnitt „{sections[key].heading or 'Einleitung'}“: „{sentence}“"
        return "in_progress", "Weder Projektergebnis noch Projektabschluss genannt: das Projekt wird noch umgesetzt."

    def _municipalities(self, draft: _Draft) -> list[MunicipalityMention]:
        gazetteer = self._gazetteer()
        if gazetteer is None:
            return []
        start, end = draft.start, draft.end
        if not start:
            return []
        caption_numbers = {ln.no for ln in draft.lines if ln.kind == "caption"} | {ln.no for ln in draft.captions}
        content = ["" if number in caption_numbers else self.raw_lines[number - 1] for number in range(start, end + 1)]
        mentions = self._find(gazetteer, "\n".join(content), start)
        for block in self._blocks(sorted(caption_numbers)):
            mentions += self._find(gazetteer, "\n".join(self.raw_lines[n - 1] for n in block), block[0])
        seen: set[str] = set()
        unique = []
        for mention in mentions:
            if mention.ags not in seen:
                seen.add(mention.ags)
                unique.append(mention)
        return unique

    @staticmethod
    def _blocks(numbers: list[int]) -> list[list[int]]:
        blocks: list[list[int]] = []
        for number in numbers:
            if blocks and number == blocks[-1][-1] + 1:
                blocks[-1].append(number)
            else:
                blocks.append([number])
        return blocks

    def _find(self, gazetteer: GazetteerLike, text: str, first_line: int) -> list[MunicipalityMention]:
        try:
            return list(gazetteer.find(text, first_line=first_line))
        except Exception as exc:  # a faulty place list must not stop reading the report
            self.warn(first_line, f"Ortssuche in Zeile {first_line} fehlgeschlagen: {exc}")
            return []

    def _gazetteer(self) -> GazetteerLike | None:
        if self.gazetteer is None:
            try:
                self.gazetteer = default_gazetteer()
            except ImportError as exc:
                self.warn(None, f"Ortsverzeichnis nicht verfügbar ({exc}); Ortsbezüge wurden nicht ermittelt.")
                self.gazetteer = _NoGazetteer()
        return None if isinstance(self.gazetteer, _NoGazetteer) else self.gazetteer

    def _subprojects(self, draft: _Draft, sections: dict[str, Section], title: str) -> list[str]:
        found: list[tuple[int, str]] = [(m.line, m.subproject) for m in draft.milestones if m.subproject]
        for heading, content in draft.sections:
            if heading.key != "current_status":
                continue
            for line in content:
                if line.kind != "text":
                    continue
                core = _plain(_split_bullet(line.text)[0])
                if (m := _NAME_PREFIX.match(core)) and _plausible_subproject(m["name"], m["rest"], bold=False):
                    found.append((line.no, m["name"].strip()))
        own = fold(title)
        names: list[str] = []
        seen: set[str] = set()
        for _line, name in sorted(found, key=lambda f: f[0]):
            key = fold(name)
            if not key or key in seen or key == own:
                continue
            seen.add(key)
            names.append(name)
        return names

    @staticmethod
    def _links(sections: dict[str, Section], draft: _Draft) -> list[str]:
        section = sections.get("links")
        if section is None:
            return []
        text = section.text
        found: list[str] = []
        for m in re.finditer(r"<(?P<a>https?://[^>\s]+)>|\((?P<b>https?://[^)\s]+)\)|(?P<c>https?://[^\s<>()]+)", text):
            found.append(m["a"] or m["b"] or m["c"])
        for m in re.finditer(r"(?<![/\w.])www\.[^\s<>()]+", text):
            found.append(m.group(0))
        links: list[str] = []
        for link in found:
            link = link.rstrip(".,;:)")
            if link not in links and not any(link in other for other in links):
                links.append(link)
        return links
