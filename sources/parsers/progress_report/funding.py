"""The funding statement ("Projektvolumen"): which paragraphs it is, and the role of each amount in it
(volume, state money, own share, annual amount, spent so far, shares in per cent), or why it is not stated.
"""

from __future__ import annotations

import re
from datetime import date

from ..numbers import find_amounts, find_dates, find_percentages
from ..results import Funding
from ..text import split_sentences
from .lines import _Draft, _is_title_like, _Line, _paragraphs, _plain, _Reading

_FUNDING_WORDS = re.compile(
    r"euro|€|\bmio\b|million|mittel|kosten|förder|finanz|haushalt|volumen|darstellbar|ausgewiesen|zuwendung"
    r"|verausgabt|ausgezahlt|aufgewandt|aufgewendet|eigenanteil|prozent|%",
    re.IGNORECASE,
)


_NOT_DETERMINABLE = re.compile(
    r"nicht\s+(?:gesondert\s+|separat\s+|eindeutig\s+)?(?:darstellbar|ausgewiesen|ausweisbar|bezifferbar|beziffert"
    r"|ermittelbar|zu\s+ermitteln|quantifizierbar|abgrenzbar)|keine\s+(?:\w+\s+){0,2}Angabe",
    re.IGNORECASE,
)
_STATE_WORDS = re.compile(
    r"Landesmitteln?|Mitteln?\s+des\s+Landes|Landesförderung|Förderung\s+(?:durch\s+das|des)\s+Land|\bZuwendung\b"
    r"|Land(?:es)?\s+(?:NRW|Nordrhein-Westfalen)|Ruhr-Konferenz",
    re.IGNORECASE,
)
_OWN_WORDS = re.compile(r"Eigenanteil|Eigenmittel|Eigenleistung", re.IGNORECASE)
_SPENT_WORDS = re.compile(
    r"verausgabt|ausgezahlt|ausgegeben|abgeflossen|aufgewandt|aufgewendet|abgerufen", re.IGNORECASE
)
_ANNUAL_WORDS = re.compile(r"jährlich|pro\s+Jahr|je\s+Jahr|p\.\s?a\.|per\s+annum", re.IGNORECASE)
_PART_WORDS = re.compile(r"\b(?:davon|darunter|hiervon)\b", re.IGNORECASE)


class FundingReading(_Reading):
    """Reads the funding statement of a page."""

    def _funding_lines(self, draft: _Draft, content: list[_Line]) -> list[_Line]:
        """The funding statement is the section's first paragraph and any further one about money."""
        paragraphs = _paragraphs(content)
        rest: list[_Line] = []
        for position, para in enumerate(paragraphs):
            text = self._para_text(para)
            if position == 0 or (_FUNDING_WORDS.search(text) and not rest):
                draft.funding_lines.extend(para)
            elif _is_title_like(para, text) and para[0].toc is None:
                continue  # a label of the photo or graphic that follows
            else:
                rest.extend(para)
                rest.append(_Line(para[-1].no, "", "", "blank"))
        return rest

    def _funding(self, draft: _Draft, label: str) -> Funding | None:
        lines = [ln for ln in draft.funding_lines if ln.kind == "text"]
        if not lines:
            return None
        text = self._join(_plain(ln.text) for ln in lines)
        funding = Funding(text=text, start_line=lines[0].no, end_line=lines[-1].no)
        for d in find_dates(text):
            if d.value is None:
                line = next((ln.no for ln in lines if d.raw in ln.text), lines[0].no)
                self.warn(
                    line,
                    f"Ungültiges Datum „{d.raw}“ im Projektvolumen von {label} (Zeile {line}); "
                    "der Stichtag wurde nicht übernommen.",
                )
        amounts_found = bool(find_amounts(text))
        if not amounts_found and _NOT_DETERMINABLE.search(text):
            funding.determinable = False
            funding.reason = " ".join(s for s in split_sentences(text) if _NOT_DETERMINABLE.search(s)) or text
            return funding
        for sentence in split_sentences(text):
            self._funding_sentence(funding, sentence)
        return funding

    def _funding_sentence(self, funding: Funding, sentence: str) -> None:
        """Assign each amount of a sentence a role from the words around it.

        Rules (only what is stated; derived figures are the registry's job):
        - an amount spent, paid out or used ("verausgabt", "ausgezahlt", "aufgewandt") is spent_eur;
          with a cut-off date that is all we know, so the volume stays empty; without one it states
          the project's total expenditure ("insgesamt ca. 3 Millionen Euro aufgewandt") and is the
          volume too;
        - "jährlich"/"pro Jahr" before an amount makes it the annual amount;
        - a part after "davon" is the state's (Landesmittel, Förderung, Zuwendung, Ruhr-Konferenz)
          or the own share (Eigenanteil), else it is left in the text;
        - the first other amount is the volume; "aus Landesmitteln" right after it makes the whole
          volume state money; "bis (zum) 30.06.2025" after it is the volume's cut-off date.
        """
        amounts = find_amounts(sentence)
        for index, amount in enumerate(amounts):
            previous_end = amounts[index - 1].end if index else 0
            next_start = amounts[index + 1].start if index + 1 < len(amounts) else len(sentence)
            head = sentence[previous_end : amount.start]
            tail = sentence[amount.end : next_start]
            own_tail = re.split(r"\(?\s*\b(?:davon|darunter|hiervon)\b|;", tail, maxsplit=1)[0]
            part = next(reversed(list(_PART_WORDS.finditer(head))), None)
            is_part = part is not None
            if part is not None:
                # "davon Landesmittel: 2 Mio. Euro" names the part before it, "davon 2 Mio. Euro Landesmittel" after.
                own_tail = head[part.end() :] + " " + tail.split(")", 1)[0]
            when = self._date_in(own_tail) or self._date_in(head)
            if _SPENT_WORDS.search(own_tail) or (not is_part and _SPENT_WORDS.search(head + own_tail)):
                if funding.spent_eur is None:
                    funding.spent_eur = amount.value
                    funding.spent_as_of = when[0] if when else None
                    if when is None and not is_part and funding.volume_eur is None:
                        funding.volume_eur, funding.volume_qualifier = amount.value, amount.qualifier
                continue
            if _ANNUAL_WORDS.search(head[-40:]) or _ANNUAL_WORDS.match(own_tail.strip()):
                if funding.annual_eur is None:
                    funding.annual_eur, funding.annual_qualifier = amount.value, amount.qualifier
                continue
            if is_part:
                if _OWN_WORDS.search(own_tail):
                    funding.own_eur = funding.own_eur if funding.own_eur is not None else amount.value
                elif _STATE_WORDS.search(own_tail) and funding.state_eur is None:
                    funding.state_eur, funding.state_qualifier = amount.value, amount.qualifier
                continue
            if funding.volume_eur is None:
                funding.volume_eur, funding.volume_qualifier = amount.value, amount.qualifier
                if when and re.search(r"\b(?:bis|Stand)\b", own_tail + head, re.IGNORECASE):
                    funding.volume_as_of = when[0]
                if _STATE_WORDS.search(own_tail) and funding.state_eur is None:
                    funding.state_eur, funding.state_qualifier = amount.value, amount.qualifier
        self._shares(funding, sentence)

    @staticmethod
    def _shares(funding: Funding, sentence: str) -> None:
        percentages = find_percentages(sentence)
        for index, share in enumerate(percentages):
            start = percentages[index - 1].end if index else 0
            stop = percentages[index + 1].start if index + 1 < len(percentages) else len(sentence)
            tail = re.split(r"\)|;|,", sentence[share.end : stop], maxsplit=1)[0]
            head = sentence[start : share.start][-30:]
            # The words after a share name it ("90% Förderung durch das Land"); "Förderquote 90 %" before it.
            for context in (tail, head):
                if _OWN_WORDS.search(context):
                    if funding.own_share_percent is None:
                        funding.own_share_percent = share.value
                    break
                if re.search(r"Land|Förder|Zuwendung", context):
                    if funding.state_share_percent is None:
                        funding.state_share_percent = share.value
                    break

    @staticmethod
    def _date_in(text: str) -> tuple[date | None] | None:
        """(date,) for the first date in text; (None,) when it is misprinted; None when there is none."""
        found = find_dates(text)
        return (found[0].value,) if found else None
