"""The project pages: every line classified (heading, caption, action-field heading, printed title, text,
or noise: page numbers and running heads), the text cut into pages at captions, action-field headings, repeated
sections and printed titles, and each page's structure (sections, unheaded paragraphs, the responsible ministry).
"""

from __future__ import annotations

import re

from ..vocabulary import action_field_by_name, fold
from .funding import _FUNDING_WORDS
from .lines import (
    _CAPTION,
    _GLUED_HEADING,
    _Draft,
    _heading_key,
    _is_prose,
    _is_title_like,
    _Line,
    _Loose,
    _match_heading,
    _paragraphs,
    _plain,
    _Reading,
    _split_bullet,
    _title_head,
)
from .toc import _Titles

# Sections a page usually ends with: a printed title after them starts the next page.
_PAGE_END_KEYS = frozenset({"funding", "links"})
# Sections printed once per page: a second one means a new page began. ("Ausblick 2025" and
# "Ausblick 2026" may well stand on one page.)
_ONCE_PER_PAGE_KEYS = frozenset({"responsible", "milestones", "value_added", "approach", "target_groups"})
# Page numbers the extraction leaves between paragraphs ("13", "- 13 -", "Seite 13 von 56").
_PAGE_NUMBER = re.compile(r"^(?:[-–]\s*)?\d{1,3}(?:\s*[-–])?$|^Seite\s+\d{1,3}(?:\s+von\s+\d{1,3})?$", re.IGNORECASE)
_ORGANISATION = re.compile(r"Ministeri|Staatskanzlei|Minister|Landesregierung|Ressort|Projektgruppe|Landesamt")


class PageReading(_Reading):
    """Classifies the lines of the project area and cuts them into page drafts."""

    def _classify(self, start: int, end: int, titles: _Titles) -> list[_Line]:
        out: list[_Line] = []
        for index in range(start, end):
            raw, text = self.raw_lines[index], self.cleaned[index]
            no = index + 1
            if text and self._is_noise(text):
                out.append(_Line(no, raw, "", "blank", noise=True))
                continue
            if not text:
                out.append(_Line(no, raw, "", "blank"))
                continue
            if _CAPTION.match(text):
                out.append(_Line(no, raw, text, "caption"))
                continue
            if heading := _match_heading(text):
                key, label, inline = heading
                out.append(_Line(no, raw, text, "heading", key=key, heading=label, inline=inline))
                continue
            if (glued := _GLUED_HEADING.match(text)) and (found := _heading_key(glued["label"])):
                _body, bullet = _split_bullet(glued["body"])
                out.append(_Line(no, raw, glued["body"], "text", bullet=bullet))
                out.append(_Line(no, raw, glued["label"], "heading", key=found[0], heading=glued["label"].strip()))
                continue
            _core, bullet = _split_bullet(text)
            line = _Line(no, raw, text, "text", bullet=bullet)
            if not bullet:
                line.toc = titles.exact(text)
                if line.toc is None and len(text) <= 60 and (af := action_field_by_name(_plain(text))):
                    line.kind, line.field_name = "field", af[1]
                elif line.toc is None:
                    line.toc = titles.prefix(text)
            out.append(line)
        previous: _Line | None = None
        for line in out:
            if line.kind == "field" and previous is not None and previous.kind == "heading":
                line.kind = "text"  # the content of a section ("Zielgruppe" / "Wirtschaft"), not a group heading
            if line.kind != "blank":
                previous = line
        self._mark_captions(out)
        return out

    def _is_noise(self, text: str) -> bool:
        """A page number or a running header repeating the report's title ("Fortschrittsbericht 2024 | 13")."""
        if _PAGE_NUMBER.match(text):
            return True
        title = fold(self.document_title)
        folded = re.sub(r"^(?:seite )?\d{1,3} | (?:seite )?\d{1,3}$", "", fold(text))
        return bool(title) and folded == title

    def _mark_captions(self, lines: list[_Line]) -> None:
        """A photo caption takes the lines of its block: back to the page break before it, on to a blank line."""
        for k in [i for i, ln in enumerate(lines) if ln.kind == "caption"]:
            for j in range(self._caption_start(lines, k), k):
                if lines[j].kind == "text":
                    lines[j].kind = "caption"
            taken, j = 0, k + 1
            while j < len(lines) and taken < 2:
                nxt = lines[j]
                if nxt.kind != "text" or nxt.bullet or nxt.toc is not None or len(nxt.text) > 80:
                    break
                if nxt.text.endswith((".", ":")):
                    break
                nxt.kind = "caption"
                taken, j = taken + 1, j + 1

    @staticmethod
    def _caption_start(lines: list[_Line], k: int) -> int:
        j, blank_run, taken = k - 1, 0, 0
        while j >= 0:
            ln = lines[j]
            if ln.kind == "blank":
                blank_run += 1
                if blank_run >= 2:
                    start = j + blank_run
                    before = next((x for x in reversed(lines[:j]) if x.kind != "blank"), None)
                    # The first paragraph of a section is content even after a page break.
                    if taken and (before is None or before.kind != "heading"):
                        return start
                    break
            else:
                blank_run = 0
                if ln.kind not in {"text", "caption"} or ln.bullet or ln.toc is not None or len(ln.text) > 200:
                    break
                taken += 1
                if taken > 6:
                    break
            j -= 1
        start = k
        while start - 1 >= 0 and k - start < 2:
            prev = lines[start - 1]
            if prev.kind != "text" or prev.bullet or prev.toc is not None or len(prev.text) > 120:
                break
            if prev.text.endswith((".", ":", ";")):
                break
            before = next((x for x in reversed(lines[: start - 1]) if x.kind != "blank"), None)
            if before is not None and before.kind == "heading":
                break  # the first line of a section is its content, not a caption
            start -= 1
        return start

    def _drafts(self, lines: list[_Line]) -> list[_Draft]:
        drafts: list[_Draft] = []
        for chunk_id, (chunk, captions, field_name, after_field) in enumerate(self._chunks(lines)):
            pages = self._split_pages(chunk)
            for position, page in enumerate(pages):
                drafts.append(
                    _Draft(
                        lines=page,
                        captions=captions if position == len(pages) - 1 else [],
                        field_name=field_name,
                        chunk=chunk_id,
                        after_field=after_field and position == 0,
                    )
                )
        drafts = self._merge_fragments(drafts)
        kept = []
        for draft in drafts:
            keys = set(draft.keys)
            has_title = any(ln.toc is not None for ln in draft.lines)
            if len(keys) >= 2 or (keys and has_title):
                kept.append(draft)
            elif keys:
                names = ", ".join(sorted(keys))
                self.warn(
                    draft.start,
                    f"Textblock in Zeilen {draft.start}–{draft.end} (Abschnitt {names}) ließ sich keiner Projektseite "
                    "zuordnen und wurde übersprungen.",
                )
        return kept

    @staticmethod
    def _chunks(lines: list[_Line]) -> list[tuple[list[_Line], list[_Line], str | None, bool]]:
        """Cut at photo captions and action-field headings: (lines, captions, action field, begins at a field)."""
        chunks: list[tuple[list[_Line], list[_Line], str | None, bool]] = []
        current: list[_Line] = []
        captions: list[_Line] = []
        field_name: str | None = None
        after_field = False
        in_caption = False

        def close(next_after_field: bool) -> None:
            nonlocal current, captions, after_field
            if any(ln.kind != "blank" for ln in current):
                chunks.append((current, captions, field_name, after_field))
            elif captions and chunks:
                chunks[-1][1].extend(captions)
            current, captions, after_field = [], [], next_after_field

        for line in lines:
            if line.kind == "caption":
                captions.append(line)
                in_caption = True
                continue
            if line.kind == "blank":
                if not in_caption:
                    current.append(line)
                continue
            if line.kind == "field":
                close(True)
                field_name = line.field_name
                in_caption = False
                continue
            if in_caption:
                close(False)
                in_caption = False
            current.append(line)
        close(False)
        return chunks

    def _split_pages(self, chunk: list[_Line]) -> list[list[_Line]]:
        pages: list[list[_Line]] = []
        current: list[_Line] = []
        keys: set[str] = set()
        for line in chunk:
            if line.kind == "text" and line.toc is not None and not line.bullet and keys & _PAGE_END_KEYS:
                pages.append(current)
                current, keys = [], set()
            elif line.kind == "heading" and line.key in keys and line.key in _ONCE_PER_PAGE_KEYS:
                cut = self._new_page_cut(current, line.key)
                pages.append(current[:cut])
                current = current[cut:]
                keys = {ln.key for ln in current if ln.kind == "heading"}
            if line.kind == "heading":
                keys.add(line.key)
            current.append(line)
        pages.append(current)
        return [p for p in pages if any(ln.kind != "blank" for ln in p)]

    def _new_page_cut(self, current: list[_Line], repeated: str) -> int:
        """Where the page ended, given that section `repeated` starts again.

        A page normally closes with its funding statement (or links): if one follows the first
        "repeated" section, the next page begins with the heading after it ("Projektvolumen …
        Verantwortlich: … Meilensteine" — the new page began at "Verantwortlich"). Title-like
        lines at the end of the closing section belong to the new page too.
        """
        headings = [i for i, ln in enumerate(current) if ln.kind == "heading"]
        if not headings:
            return len(current)
        first = next(i for i in headings if current[i].key == repeated)
        closing = [i for i in headings if i > first and current[i].key in _PAGE_END_KEYS]
        last = closing[-1] if closing else headings[-1]
        after = [i for i in headings if i > last]
        limit = after[0] if after else len(current)
        spans: list[tuple[int, int]] = []
        start = None
        for i in range(last + 1, limit):
            if current[i].kind in {"blank", "caption"}:
                if start is not None:
                    spans.append((start, i))
                start = None
            elif start is None:
                start = i
        if start is not None:
            spans.append((start, limit))
        cut = limit
        for span_start, span_end in reversed(spans[1:]):
            para = current[span_start:span_end]
            text = self._join([_plain(ln.text) for ln in para])
            funding_tail = current[last].key == "funding" and not _FUNDING_WORDS.search(text)
            if _is_title_like(para, text) or funding_tail:
                cut = span_start
            else:
                break
        return cut

    @staticmethod
    def _merge_fragments(drafts: list[_Draft]) -> list[_Draft]:
        """A page cut in two by a photo in its middle: the second part has only sections the first lacks."""
        merged: list[_Draft] = []
        for draft in drafts:
            previous = merged[-1] if merged else None
            if (
                previous is not None
                and draft.chunk != previous.chunk
                and not draft.after_field
                and not set(draft.keys) & set(previous.keys)
                and not any(ln.toc is not None for ln in draft.lines)
                and draft.keys
            ):
                previous.lines = previous.lines + previous.captions + draft.lines
                previous.captions = draft.captions
                continue
            merged.append(draft)
        return merged

    def _loose(self, para: list[_Line]) -> list[_Loose]:
        """An unheaded paragraph; short lines above an intro without a blank line between are a title of their own."""
        head = _title_head(para)
        parts = [para[:head], para[head:]] if head else [para]
        out = []
        for part in parts:
            text = self._para_text(part)
            toc = next((ln.toc for ln in part if ln.toc is not None), None)
            out.append(_Loose(part, text, _is_title_like(part, text), toc))
        return out

    def _analyse(self, draft: _Draft) -> None:
        segments: list[tuple[_Line | None, list[_Line]]] = [(None, [])]
        for line in draft.lines:
            if line.kind == "heading":
                segments.append((line, []))
            else:
                segments[-1][1].append(line)
        for heading, content in segments:
            if heading is None:
                draft.loose.extend(part for p in _paragraphs(content) for part in self._loose(p))
                continue
            rest: list[_Line] = content
            if heading.key == "responsible":
                rest = self._ministry(draft, heading, content)
            elif heading.key == "milestones":
                rest = self._milestones(draft, content)
            elif heading.key == "funding":
                rest = self._funding_lines(draft, content)
            else:
                titled = [p for p in _paragraphs(content) if p[0].toc is not None and not p[0].bullet]
                draft.loose.extend(part for p in titled for part in self._loose(p))
                rest = []
                taken = {id(ln) for p in titled for ln in p}
                keep = [ln for ln in content if id(ln) not in taken]
                draft.sections.append((heading, keep))
                continue
            draft.sections.append((heading, []))
            draft.loose.extend(part for p in _paragraphs(rest) for part in self._loose(p))
        self._evidence(draft)

    def _ministry(self, draft: _Draft, heading: _Line, content: list[_Line]) -> list[_Line]:
        """The ministry after "Verantwortlich:", joined over its broken lines; what follows is intro or title."""
        names: list[str] = []
        used: list[_Line] = []
        current = heading.inline
        index = 0
        lines = list(content)
        if not current:
            while index < len(lines) and lines[index].kind in {"blank", "caption"}:
                index += 1
        while index < len(lines):
            line = lines[index]
            if line.kind in {"blank", "caption"} or line.toc is not None or line.bullet:
                break
            text = _plain(line.text)
            starts_new = bool(re.match(r"^(?:Ministerium|Staatskanzlei|Ministerin|Minister)\b", text))
            if not current and (len(text) > 150 or (_is_prose(text) and not _ORGANISATION.search(text))):
                break  # the page's intro, not a ministry: the page names none
            if current and self._ministry_complete(current):
                if not starts_new:
                    break
                names.append(current)
                current = ""
            elif current and (len(text) > 80 or (_is_prose(text) and not starts_new)):
                break
            current = self._join([current, text]) if current else text
            used.append(line)
            index += 1
            if len(used) >= 6:
                break
        if current:
            names.append(current)
        names = [re.sub(r"\s+", " ", n).strip(" ,;") for n in names if n.strip(" ,;")]
        draft.ministry = "; ".join(names) or None
        draft.ministry_lines = used
        return lines[index:]

    @staticmethod
    def _ministry_complete(text: str) -> bool:
        return bool(re.search(r"(?:Nordrhein-Westfalen|NRW)\.?$", text)) or text.endswith(".")
