"""Pages ↔ table of contents: the evidence of a page (codes, title-like paragraphs, words) and the monotone
alignment of pages to entries (dynamic programming on a similarity score), so a page without a printed title
still gets its entry and a missing or extra page costs one warning instead of shifting every page after it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from ..results import TocEntry
from ..vocabulary import fold
from .lines import _Draft, _plain, _Reading
from .toc import _CODE_LEAD, _CODE_PAREN, _normalise_code

_STOPWORDS = frozenset(
    "der die das und fur von im in zu zur zum mit den dem des ein eine einer eines auf an am aus bei nach uber vor "
    "als oder sowie".split()
)


def _tokens(text: str) -> set[str]:
    return {t for t in fold(text).split() if len(t) >= 2 and t not in _STOPWORDS}


class AlignmentReading(_Reading):
    """Assigns each page draft its entry of the table of contents."""

    def _evidence(self, draft: _Draft) -> None:
        text_lines = [ln for ln in draft.lines if ln.kind in {"text", "heading"}]
        draft.folded_text = fold(" ".join(_plain(ln.text) for ln in text_lines))
        draft.tokens = set(draft.folded_text.split())
        for ln in text_lines:
            for m in _CODE_PAREN.finditer(ln.text):
                code = _normalise_code(m["a"], m["b"], m["c"])
                if code:
                    draft.codes.add(code)
            if not ln.bullet and (m := _CODE_LEAD.match(ln.text)) and (code := _normalise_code(m["a"], m["b"], m["c"])):
                draft.codes.add(code)
        run: list[str] = []
        for loose in draft.loose:
            if loose.title_like:
                draft.candidates.append(loose.text)
                run.append(loose.text)
                for size in (2, 3):
                    if len(run) >= size:
                        draft.candidates.append(" ".join(run[-size:]))
            else:
                run = []

    def _align(self, drafts: list[_Draft], entries: list[TocEntry]) -> list[int | None]:
        """Monotone alignment of pages to TOC entries maximising similarity; each match also earns a base point."""
        n, m = len(drafts), len(entries)
        if not n or not m:
            return [None] * n
        df = Counter(t for e in entries for t in _tokens(e.title))
        weights = {t: 1.0 + math.log(m / c) for t, c in df.items()}
        default_weight = 1.0 + math.log(m)
        title_ev = [[self._title_evidence(d, e, weights, default_weight) for e in entries] for d in drafts]
        scores: list[list[float | None]] = []
        for i, draft in enumerate(drafts):
            best_title = max(title_ev[i])
            row: list[float | None] = []
            for j, entry in enumerate(entries):
                if draft.codes and entry.code not in draft.codes:
                    row.append(None)
                    continue
                if best_title >= 0.9 and title_ev[i][j] < 0.5:
                    row.append(None)  # the page prints another project's title
                    continue
                score = 1.0 + 6 * title_ev[i][j] + 2 * self._text_evidence(draft, entry, weights, default_weight)
                if entry.code in draft.codes:
                    score += 20
                if draft.field_name and entry.action_field and draft.field_name != entry.action_field:
                    score -= 2
                row.append(max(score, 0.1))
            scores.append(row)

        best = [[0.0] * (m + 1) for _ in range(n + 1)]
        move = [[0] * (m + 1) for _ in range(n + 1)]  # 0 match, 1 skip page, 2 skip entry
        for i in range(1, n + 1):
            move[i][0] = 1
        for j in range(1, m + 1):
            move[0][j] = 2
        for i in range(1, n + 1):
            for j in range(1, m + 1):
                options = [(best[i - 1][j], 1), (best[i][j - 1], 2)]
                score = scores[i - 1][j - 1]
                if score is not None:
                    options.append((best[i - 1][j - 1] + score, 0))
                best[i][j], move[i][j] = max(options, key=lambda o: (o[0], o[1] == 0))
        assignment: list[int | None] = [None] * n
        i, j = n, m
        while i > 0 and j > 0:
            step = move[i][j]
            if step == 0:
                assignment[i - 1] = j - 1
                i, j = i - 1, j - 1
            elif step == 1:
                i -= 1
            else:
                j -= 1

        # A page out of order still gets its entry when its printed title or code says which one.
        taken = {a for a in assignment if a is not None}
        for i, draft in enumerate(drafts):
            if assignment[i] is not None:
                continue
            options = [
                (title_ev[i][j] + (2 if entries[j].code in draft.codes else 0), j)
                for j in range(m)
                if j not in taken and (title_ev[i][j] >= 0.9 or entries[j].code in draft.codes)
            ]
            if options:
                _score, j = max(options)
                assignment[i] = j
                taken.add(j)
                self.warn(
                    draft.start,
                    f"Die Projektseite {entries[j].code} „{entries[j].title}“ (Zeile {draft.start}) steht nicht an "
                    "der Stelle, die das Inhaltsverzeichnis erwarten lässt.",
                )
        return assignment

    @staticmethod
    def _weighted(tokens: Iterable[str], weights: dict[str, float], default: float) -> float:
        return sum(weights.get(t, default) for t in tokens)

    def _title_evidence(self, draft: _Draft, entry: TocEntry, weights: dict[str, float], default: float) -> float:
        title = fold(entry.title)
        if not title:
            return 0.0
        title_tokens = _tokens(entry.title)
        best = 0.0
        for candidate in draft.candidates:
            folded = fold(candidate)
            if not folded:
                continue
            if folded.replace(" ", "") == title.replace(" ", ""):
                return 1.0
            tokens = _tokens(candidate)
            union = self._weighted(tokens | title_tokens, weights, default)
            score = self._weighted(tokens & title_tokens, weights, default) / union if union else 0.0
            if len(folded) >= 8 and title.startswith(folded + " "):
                score = max(score, 0.8)
            best = max(best, score)
        return best

    def _text_evidence(self, draft: _Draft, entry: TocEntry, weights: dict[str, float], default: float) -> float:
        title = fold(entry.title)
        if title and f" {title} " in f" {draft.folded_text} ":
            return 1.0
        tokens = _tokens(entry.title)
        total = self._weighted(tokens, weights, default)
        return self._weighted(tokens & draft.tokens, weights, default) / total if total else 0.0
