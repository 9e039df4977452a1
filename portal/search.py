"""German full-text search over published projects, the same rows on SQLite and PostgreSQL.

The index (`portal.SearchDocument`, one row per published project) holds the German Snowball stem of every word
of what the project page shows (code, title, summary, the newest report's sections, milestones, sub-projects,
ministry, action field, municipalities), folded to ASCII, in the column of the weightiest field it comes from.
A query is tokenised and stemmed the same way; a query stem matches a stem that equals it, begins with it
(compounds: "Mobilität" → mobilitat → "mobilitatszentral") or, from five letters on, contains it ("Fläche" →
flach → "brachflach"). Each match is a LIKE on a column (`pattern`), which both engines answer alike on
lower-case ASCII; `rank` is the same rule in Python, the reference the tests compare the SQL against.

Ranking: per query stem a project scores the best weight × match quality among its stems; the scores add up,
every query stem is required, ties go by project code. `Search` bounds the work of a search at 100,000 projects
(issue 18): counted up to a cap (10,000: "mehr als 10.000 Treffer"), a small result ranked whole, a large one
read score level by score level in code order (one word) or among the candidates of a score floor (several),
so that a page of a frequent word reads about a page of documents.

Why one document per project, not postings (stem, project) or PostgreSQL's own full-text search: a frequent
word's postings are hundreds of thousands of rows to group and rank, where its documents are found through a
trigram index (pg_trgm, PostgreSQL only) and read in code order; PostgreSQL's German dictionary does not split
compounds, and a search whose results differ by engine would make tests and citations engine-dependent.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import snowballstemmer

_STEMMER = threading.local()

CODE_RE = re.compile(r"\b\d{1,3}-\d{2}[a-z]?\b", re.IGNORECASE)
WORD_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
MIN_INFIX = 5  # a query stem of this length also matches inside a term (compound tails)
MAX_TERM = 64

# Matches: exact stem, stem at the start of a compound, stem inside a compound.
QUALITY_EXACT, QUALITY_PREFIX, QUALITY_INFIX = 4, 2, 1

# Field weights: where a word appears says how much a hit there counts.
WEIGHT_CODE = 10
WEIGHT_TITLE = 8
WEIGHT_NAMES = 4  # sub-projects, ministry, action field
WEIGHT_SUMMARY = 3
WEIGHT_PLACE = 2
WEIGHT_TEXT = 1

# Frequent German function words: never worth a hit, never a required query word.
STOPWORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf aus bei
    bin bis bist da damit dann das dass dem den der des dessen die dies diese diesem diesen dieser dieses doch dort
    du durch ein eine einem einen einer eines er es etwa euch für gegen hat hatte hier ich ihr ihre im in ins ist
    jede jedem jeden jeder jedes kann kein keine mit nach nicht noch nun nur ob oder ohne sehr sein seine sich sie
    sind so soll sollen sowie über um und uns unter vom von vor war waren was weil wenn werden wie wir wird wo zu
    zum zur zwischen
    """.split()
)


def _stemmer():
    stemmer = getattr(_STEMMER, "german", None)
    if stemmer is None:
        stemmer = _STEMMER.german = snowballstemmer.stemmer("german")
    return stemmer


def fold(text: str) -> str:
    """ASCII lower case: 'Mobilität' -> 'mobilitat', 'Straße' -> 'strasse'."""
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ẞ", "ss"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """German Snowball stem of one word, folded to ASCII; codes like 15-01 stay as they are.

    Cached: the Snowball stemmer is pure Python, and a programme's vocabulary repeats
    (indexing 100,000 projects stems tens of millions of words, a few hundred thousand distinct).
    """
    # Only the first 2 × MAX_TERM letters can reach the stored term; stemming an endless "word" whole
    # would cost time in proportion to its length for nothing.
    word = word[: 2 * MAX_TERM].lower()
    if CODE_RE.fullmatch(word):
        return word
    stemmed = _stemmer().stemWord(word)
    return re.sub(r"[^a-z0-9]", "", fold(stemmed))[:MAX_TERM]


def words(text: str) -> list[str]:
    """Words of a text: project codes whole, hyphenated compounds split and joined ('Ruhr-Konferenz')."""
    found: list[str] = CODE_RE.findall(text)
    rest = CODE_RE.sub(" ", text)
    for token in WORD_RE.findall(rest):
        parts = token.split("-")
        found.extend(parts)
        if len(parts) > 1:
            found.append("".join(parts))
    return found


def terms(text: str) -> set[str]:
    """The index terms of a text: stems of its words without stop words and one-letter noise."""
    result = set()
    for word in words(text):
        if word.lower() in STOPWORDS:
            continue
        term = stem(word)
        if len(term) >= 2 or term.isdigit():
            result.add(term)
    return result


def query_terms(query: str) -> list[str]:
    """Stems of a search query, in order, without duplicates and stop words."""
    seen: list[str] = []
    for term in (stem(w) for w in words(query[:200]) if w.lower() not in STOPWORDS):
        if term and term not in seen:
            seen.append(term)
    return seen[:8]


def match_quality(query_stem: str, term: str) -> int:
    """How well an indexed stem matches a query stem: exact, at the start of a compound, inside one; 0: not."""
    if term == query_stem:
        return QUALITY_EXACT
    if term.startswith(query_stem):
        return QUALITY_PREFIX
    if len(query_stem) >= MIN_INFIX and query_stem in term:
        return QUALITY_INFIX
    return 0


@dataclass(frozen=True)
class Hit:
    project_id: int
    score: int


def rank(query_stems: list[str], rows: Iterable[tuple[int, str, int]]) -> list[Hit]:
    """Projects matching every query stem, best first.

    `rows` are (project_id, term, weight) candidates from the index; per query stem
    a project scores the best weight × match quality among its terms.
    """
    best: dict[int, dict[str, int]] = defaultdict(dict)
    for project_id, term, weight in rows:
        for q in query_stems:
            quality = match_quality(q, term)
            if not quality:
                continue
            score = weight * quality
            if score > best[project_id].get(q, 0):
                best[project_id][q] = score
    hits = [Hit(pid, sum(scores.values())) for pid, scores in best.items() if len(scores) == len(query_stems)]
    return sorted(hits, key=lambda h: -h.score)


# The columns of a search document (portal.models.SearchDocument): one per field weight, weightiest first.
FIELDS = (
    ("codes", WEIGHT_CODE),
    ("titles", WEIGHT_TITLE),
    ("names", WEIGHT_NAMES),
    ("summaries", WEIGHT_SUMMARY),
    ("places", WEIGHT_PLACE),
    ("texts", WEIGHT_TEXT),
)


def _spaced(terms: Iterable[str]) -> str:
    """' a b c ': a space before and after every stem, so that a LIKE finds a stem's start and end."""
    return " ".join(["", *terms, ""])


def document(weights: dict[str, int]) -> dict[str, str]:
    """The columns of a project's search document from its stems and the weight of their weightiest field."""
    column = {weight: name for name, weight in FIELDS}
    by_column: dict[str, list[str]] = {name: [] for name, _weight in FIELDS}
    for term, weight in sorted(weights.items()):
        by_column[column[weight]].append(term)
    return {**{name: _spaced(terms) for name, terms in by_column.items()}, "stems": _spaced(sorted(weights))}


def qualities(query_stem: str) -> tuple[int, ...]:
    """The match qualities a query stem can reach, best first (inside a compound only from five letters)."""
    if len(query_stem) >= MIN_INFIX:
        return (QUALITY_EXACT, QUALITY_PREFIX, QUALITY_INFIX)
    return (QUALITY_EXACT, QUALITY_PREFIX)


def pattern(query_stem: str, quality: int) -> str:
    """What a document column contains where the stem matches with this quality or better (for LIKE '%…%')."""
    return {QUALITY_EXACT: f" {query_stem} ", QUALITY_PREFIX: f" {query_stem}", QUALITY_INFIX: query_stem}[quality]


def levels(query_stem: str) -> list[int]:
    """Every score one query stem can give a project (weight × quality), best first."""
    return sorted({weight * quality for _name, weight in FIELDS for quality in qualities(query_stem)}, reverse=True)


def _contains(column: str, text: str):
    from django.db.models import Q

    return Q(**{f"{column}__contains": text})


def _matches(query_stem: str):
    """The documents in which the stem matches at all: its weakest pattern over all stems."""
    return _contains("stems", pattern(query_stem, qualities(query_stem)[-1]))


def _reaches(query_stem: str, score: int):
    """The documents in which the stem scores at least `score`: per column, the weakest quality enough there.

    None where no column weighs enough (no project can reach the score).
    """
    condition = None
    for column, weight in FIELDS:
        enough = [quality for quality in qualities(query_stem) if weight * quality >= score]
        if enough:
            found = _contains(column, pattern(query_stem, enough[-1]))
            condition = found if condition is None else condition | found
    return condition


def _score(query_stem: str):
    """The stem's score in a document: the best weight × quality over the columns (0: no match)."""
    from django.db.models import Case, IntegerField, Value, When
    from django.db.models.functions import Greatest

    per_column = [
        Case(
            *[
                When(_contains(column, pattern(query_stem, quality)), then=Value(weight * quality))
                for quality in qualities(query_stem)
            ],
            default=Value(0),
            output_field=IntegerField(),
        )
        for column, weight in FIELDS
    ]
    return Greatest(*per_column)


FEW_HITS = 1000  # up to this many hits a search is ranked whole, in one query
SCORE_FLOORS = (32, 16, 8, 3)  # the word in a code or title, a compound there, a summary: where the best hits are
COUNT_CAP = 10_000  # beyond this many hits a search says "mehr als 10.000 Treffer" and pages no deeper


class Search:
    """One search: the published projects (among `projects`, if given) matching every query stem, best first.

    Ranking (as `rank`): per query stem a project scores the best weight × match quality among its stems, the
    scores add up; ties go by project code. Each step is bounded at 100,000 projects:

    - `count`: the ids of the matching documents up to `COUNT_CAP` + 1 (a LIMIT; beyond the cap the list says
      "mehr als 10.000 Treffer" and pages no deeper). PostgreSQL finds them through the trigram index.
    - `page` of a search with up to `FEW_HITS` hits: every hit scored and sorted in one query (`ranking`).
    - `page` of a one-word search with more hits: score level by score level, best first (code exact, title
      exact, code prefix, …), the documents of exactly that level in code order with a LIMIT, until the page is
      full. The order is the ranking's by construction: a level holds the projects of one score, in code order.
      A frequent word thus reads one page of documents, not all of them.
    - `page` of several words with more hits: ranked among the candidates of a score floor (documents in which
      some word scores at least f; every other project scores below n × f), taken when the page's last score
      proves that no other project can come before it (≥ n × f); otherwise a lower floor, finally everything.

    The same SQL on both engines (LIKE on lower-case ASCII), so SQLite and PostgreSQL return the same rows.
    """

    def __init__(self, stems: list[str], projects=None, where=None) -> None:
        self.stems = list(stems)
        self.projects = projects  # the other filters, as a queryset of projects (a semi-join)
        # Filters on a project's own columns (Q on action_field, ministry, status, pillar), read from the document
        # itself: its indexes narrow the documents before their stems are read.
        self.where = where
        self._count: int | None = None
        self._few: list[int] | None = None  # the ids of every hit, where they are few

    def scope(self):
        """The documents of the projects the search is restricted to (all published ones without filters)."""
        from .models import SearchDocument

        documents = SearchDocument.objects.all()
        if self.where is not None:
            documents = documents.filter(self.where)
        if self.projects is not None:
            documents = documents.filter(project__in=self.projects.values("pk"))
        return documents

    def documents(self):
        """The matching documents (no scores): every query stem matches."""
        documents = self.scope()
        for query_stem in self.stems:
            documents = documents.filter(_matches(query_stem))
        return documents

    def project_ids(self):
        """The ids of the matching projects, for a semi-join (`pk__in`)."""
        return self.documents().values("project_id")

    def ranking(self):
        """Every hit, best first: rows of `project_id`, `project_code` and `relevance`."""
        return self._ranked(self.documents())

    def _ranked(self, documents):
        from django.db.models import F

        relevance = None
        for query_stem in self.stems:
            relevance = _score(query_stem) if relevance is None else relevance + _score(query_stem)
        return (
            documents.annotate(relevance=relevance)
            .values("project_id", "project_code", "relevance")
            .order_by(F("relevance").desc(), "project_code")
        )

    def count(self) -> int:
        """The number of hits, but at most `COUNT_CAP` + 1 (more: the list says "mehr als")."""
        if self._count is None:
            # The hits' ids up to the cap, in one pass over the matching documents (a LIMIT inside): a small
            # result is then ranked by primary key, without matching its words a second time.
            ids = list(self.documents().values_list("project_id", flat=True)[: COUNT_CAP + 1])
            self._count = len(ids)
            self._few = ids if len(ids) <= min(FEW_HITS, COUNT_CAP) else None  # all of them, and few
        return self._count

    def page(self, offset: int, limit: int) -> list[dict]:
        """The rows [offset, offset + limit) of `ranking`, read as described above."""
        from .models import SearchDocument

        wanted = offset + limit
        if self.count() <= FEW_HITS:
            hits = self.documents() if self._few is None else SearchDocument.objects.filter(pk__in=self._few)
            return list(self._ranked(hits)[offset:wanted])
        if len(self.stems) == 1:
            return self._by_levels(wanted)[offset:]
        for floor in SCORE_FLOORS:
            candidates = self.candidates(floor)
            if candidates is None:
                continue
            rows = list(candidates[:wanted])
            if len(rows) >= wanted and rows[wanted - 1]["relevance"] >= len(self.stems) * floor:
                return rows[offset:]
        return list(self.ranking()[offset:wanted])

    def candidates(self, floor: int):
        """The hits in which some query stem scores at least `floor`, ranked with their whole score (None: no
        column weighs enough for any stem to reach it)."""
        reaching = None
        for query_stem in self.stems:
            condition = _reaches(query_stem, floor)
            if condition is not None:
                reaching = condition if reaching is None else reaching | condition
        return None if reaching is None else self._ranked(self.documents().filter(reaching))

    def _by_levels(self, wanted: int) -> list[dict]:
        query_stem = self.stems[0]
        # Reaching a level implies the match: the level's LIKEs on the short columns alone, no LIKE on `stems`.
        documents = self.scope()
        rows: list[dict] = []
        above = None  # the documents of the levels already read (the stem scores more there)
        for level in levels(query_stem):
            reaching = _reaches(query_stem, level)
            exactly = reaching if above is None else reaching & ~above
            found = documents.filter(exactly).order_by("project_code").values("project_id", "project_code")
            rows += [{**row, "relevance": level} for row in found[: wanted - len(rows)]]
            if len(rows) >= wanted:
                break
            above = reaching
        return rows


def matching(projects, query: str):
    """The one project search of portal, API, downloads and feeds: those of `projects` that match `query`.

    Same stems, same match as the portal's list (`Search`), so a query finds the same projects everywhere;
    `Search(query_terms(query), projects).ranking()` gives them best first. A query of stop words only
    searches nothing and returns `projects` unchanged, as the portal does.
    """
    stems = query_terms(query or "")
    if not stems:
        return projects
    return projects.filter(pk__in=Search(stems).project_ids())
