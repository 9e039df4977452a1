"""German full-text search over published projects, identical on SQLite and PostgreSQL.

Design: a term table (`portal.SearchTerm`) holds, per project, the German
Snowball stem of every word of what the project page shows (code, title,
summary, the newest report's sections, milestones, sub-projects, ministry,
action field, municipalities), folded to ASCII, with the weight of the field it
came from. A query is tokenised and stemmed the same way; a query stem matches
a term that equals it, begins with it (compounds: "Mobilität" → mobilitat →
"mobilitatszentral") or, from five letters on, contains it ("Fläche" → flach →
"brachflach"). The database only answers equality and LIKE on lower-case ASCII,
so both engines return the same rows.

At scale (100,000 projects, millions of postings) the LIKE runs over the small
table of distinct stems (`portal.SearchWord`) only – on PostgreSQL through a
trigram index for the infix match (migration 0004, same rows as the scan); the postings of the matching
stems come through their index, and the ranking – per query stem the best
weight × match quality, summed, every query stem required – is one GROUP BY/
HAVING/ORDER BY in the database (`ranked`), so a page of results never loads
all hits into Python. `rank` is the same rule in Python, the reference the
tests compare against. The matching stems are read first and named as a list
(`expansions`), so the planner knows their postings; each posting carries its
project's code, so the ranking never joins a posting to its project.

Bounded work per request (`TopCut`, issue 18): a search is counted apart from its ranking, and the count
stops at `COUNT_CAP` (10,000; the list then says "mehr als 10.000 Treffer" and pages that deep): it reads the
first `COUNT_SCAN` matching postings as the index yields them and settles from those where it can
(`capped_count`), so a word in 90,000 projects is not counted to the end. A search with more than `FEW_HITS` hits is not ranked
whole: its page is ranked among the projects with a posting of some query stem above a score floor, and
that page is taken only when its last score proves that no project outside could come before it (exact:
the same page as the whole ranking, tested page by page on SQLite and PostgreSQL); otherwise a lower
floor, finally the whole ranking. The floors also work for a word inside thousands of compounds, whose
stems are then selected by LIKE instead of listed. Remaining cost at 100,000 projects: a floor's candidates
are all ranked (ties go by code, so every project with the top score is read: thousands for a word in many
titles), the other words' postings are read whole for the semi-join of a several-word search, and a page
whose floors prove nothing (several frequent words, none in a title) is ranked whole.

Why not PostgreSQL full-text search: its German dictionary does not split
compounds, prefix queries behave differently from SQLite's FTS5, and a fallback
with different results would make tests and citations engine-dependent.
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


def candidate_filter(query_stems: list[str]):
    """A Q object selecting the index rows any query stem could match (same on every database)."""
    from django.db.models import Q

    condition = Q()
    for q in query_stems:
        condition |= Q(term__contains=q) if len(q) >= MIN_INFIX else Q(term__startswith=q)
    return condition


MAX_LISTED_WORDS = 2000  # beyond this many matching stems the ranking selects them by LIKE in SQL


def expansions(query_stems: list[str]) -> dict[str, dict[str, int]] | None:
    """Per query stem, the indexed stems it matches and the quality of each match (`match_quality`).

    Read from the distinct-word table (small; prefix by B-tree, infix by trigram index on PostgreSQL).
    None when the query matches more than `MAX_LISTED_WORDS` stems (a two-letter prefix): then the
    ranking selects them in SQL instead of listing them.
    """
    from .models import SearchWord

    words = list(
        SearchWord.objects.filter(candidate_filter(query_stems)).values_list("term", flat=True)[: MAX_LISTED_WORDS + 1]
    )
    if len(words) > MAX_LISTED_WORDS:
        return None
    found: dict[str, dict[str, int]] = {q: {} for q in query_stems}
    for term in words:
        for q in query_stems:
            quality = match_quality(q, term)
            if quality:
                found[q][term] = quality
    return found


def _score(query_stem: str, matched: dict[str, int] | None):
    """Best weight × match quality of one query stem among a project's postings (NULL: no match).

    With the matching stems listed, a posting's quality is a lookup in a list (hashed by PostgreSQL);
    otherwise it is the LIKE comparison that defines it.
    """
    from django.db.models import Case, F, IntegerField, Max, Q, When

    weight = F("weight")
    if matched is not None:
        by_quality: dict[int, list[str]] = defaultdict(list)
        for term, quality in matched.items():
            by_quality[quality].append(term)
        whens = [
            When(Q(term__in=sorted(by_quality[quality])), then=weight * quality)
            for quality in (QUALITY_EXACT, QUALITY_PREFIX, QUALITY_INFIX)
            if by_quality[quality]
        ]
    else:
        whens = [
            When(Q(term=query_stem), then=weight * QUALITY_EXACT),
            When(Q(term__startswith=query_stem), then=weight * QUALITY_PREFIX),
        ]
        if len(query_stem) >= MIN_INFIX:
            whens.append(When(Q(term__contains=query_stem), then=weight * QUALITY_INFIX))
    return Max(Case(*whens, default=None, output_field=IntegerField()))


def ranked(query_stems: list[str], projects=None, top: OneWordTop | None = None):
    """The hits (among `projects`, if given), best first: rows of `project_id` and `relevance` (as in `rank`).

    Two steps. First the matching stems are read from the distinct-word table (`expansions`), so
    the second, the grouped query over the postings alone (narrow rows, read from their covering
    index), names them as a list: the planner then knows how many postings each has (from its
    statistics of the column) instead of guessing the rows of a LIKE, which at 100,000 projects made it
    check every posting against the filters one by one; and a posting's quality is a lookup rather
    than three LIKE comparisons. `projects` (the filters; the index holds published projects only)
    restricts the project ids. Ties are broken by project code, the same on every database.
    `top` (of the same stems and projects) brings the stems it has already read.
    """
    return _ranked(query_stems, top.matched if top is not None else expansions(query_stems), projects)


def _ranked(query_stems: list[str], matched: dict[str, dict[str, int]] | None, projects=None, at_least: int = 0):
    from django.db.models import F, Q

    from .models import SearchTerm, SearchWord

    if matched is None:
        postings = SearchTerm.objects.filter(
            term__in=SearchWord.objects.filter(candidate_filter(query_stems)).values("term")
        )
    elif not all(matched.values()):  # a query stem that no indexed stem matches: nothing is found
        postings = SearchTerm.objects.none()
    else:
        postings = SearchTerm.objects.filter(term__in=sorted({t for terms in matched.values() for t in terms}))
    if at_least:
        reaching = Q(pk__in=[])
        for q in query_stems:
            reaching |= _reaching(q, matched[q] if matched else None, at_least)
        if len(query_stems) == 1:  # a project's score is its best posting: only the postings reaching it count
            # Alone, not beside the list of every matching stem: the planner then reads (term, weight) ranges
            # from the index instead of every posting of the word (measured: 200 ms → see bench/search_speed.py).
            postings = SearchTerm.objects.filter(reaching)
        else:  # several stems: the candidates are projects with some stem's posting reaching the floor
            postings = postings.filter(project_id__in=SearchTerm.objects.filter(reaching).values("project_id"))
    scores = {f"score_{i}": _score(q, matched[q] if matched else None) for i, q in enumerate(query_stems)}
    relevance = None
    for name in scores:
        relevance = F(name) if relevance is None else relevance + F(name)
    if projects is not None:
        postings = postings.filter(project__in=projects.values("pk"))
    # Grouped by the code the posting carries, not the project's: no posting is joined to its project.
    return (
        postings.values("project_id", "project_code")
        .annotate(**scores)
        .filter(Q(**{f"{name}__isnull": False for name in scores}))
        .annotate(relevance=relevance)
        .order_by("-relevance", "project_code")
    )


def _reaching(query_stem: str, matched: dict[str, int] | None, score: int):
    """The postings of one query stem worth at least `score` (weight × quality), read by (term, weight) from the index.

    Without the list of its stems (too many to name), each quality's stems are selected from the word table by
    the LIKE that defines it; the postings of each are then still read from (term, weight) onwards.
    """
    from django.db.models import Q

    from .models import SearchWord

    def weight(quality: int) -> int:
        return -(-score // quality)

    def reachable(quality: int) -> bool:  # no field weighs enough for this quality to reach the score
        return weight(quality) <= WEIGHT_CODE

    if matched is None:
        condition = Q(pk__in=[])
        if reachable(QUALITY_EXACT):
            condition |= Q(term=query_stem, weight__gte=weight(QUALITY_EXACT))
        if reachable(QUALITY_PREFIX):
            prefixed = SearchWord.objects.filter(term__startswith=query_stem).exclude(term=query_stem)
            condition |= Q(term__in=prefixed.values("term"), weight__gte=weight(QUALITY_PREFIX))
        if len(query_stem) >= MIN_INFIX and reachable(QUALITY_INFIX):
            inside = SearchWord.objects.filter(term__contains=query_stem).exclude(term__startswith=query_stem)
            condition |= Q(term__in=inside.values("term"), weight__gte=weight(QUALITY_INFIX))
        return condition
    by_quality: dict[int, list[str]] = defaultdict(list)
    for term, quality in matched.items():
        by_quality[quality].append(term)
    condition = Q(pk__in=[])
    for quality, terms in by_quality.items():
        if reachable(quality):
            condition |= Q(term__in=sorted(terms), weight__gte=weight(quality))
    return condition


FEW_HITS = 1000  # up to this many hits a search is ranked whole, in one query
SCORE_FLOORS = (32, 16, 8, 3)  # the word in a code or title, a compound there, a summary: where the best hits are
COUNT_CAP = 10_000  # beyond this many hits a search says "mehr als 10.000 Treffer" and pages no deeper
COUNT_SCAN = 10 * COUNT_CAP  # postings read before the count is settled (a project has few of one word)


def _postings(query_stem: str, matched: dict[str, dict[str, int]] | None):
    """The postings of one query stem: its listed stems, or (too many to list) those its LIKE selects."""
    from .models import SearchTerm, SearchWord

    if matched is None:
        words = SearchWord.objects.filter(candidate_filter([query_stem])).values("term")
        return SearchTerm.objects.filter(term__in=words)
    return SearchTerm.objects.filter(term__in=sorted(matched[query_stem]))


def hit_ids(query_stems: list[str], matched: dict[str, dict[str, int]] | None, projects=None):
    """The ids of the projects matching every query stem: no grouping, no scoring, a semi-join per further stem.

    The stem with the fewest listed stems drives; the others only have to exist for its projects.
    """
    ordered = query_stems if matched is None else sorted(query_stems, key=lambda q: len(matched[q]))
    ids = _postings(ordered[0], matched)
    for q in ordered[1:]:
        ids = ids.filter(project_id__in=_postings(q, matched).values("project_id"))
    if projects is not None:
        ids = ids.filter(project__in=projects.values("pk"))
    return ids.values("project_id")


def capped_count(query_stems: list[str], matched: dict[str, dict[str, int]] | None, projects=None) -> int:
    """The number of projects matching every query stem, but at most `COUNT_CAP` + 1.

    A DISTINCT over every posting of a frequent word reads all of them before the LIMIT applies. So the
    first `COUNT_SCAN` matching postings are read as they come from the index (a LIMIT that stops the
    scan) and their projects counted: more than the cap proves "mehr als", fewer postings than the scan
    are all of them. Only in between (many postings per project) are the projects counted exactly.
    """
    from django.db.models import Count

    postings = hit_ids(query_stems, matched, projects)
    if len(query_stems) > 1:
        # With a LIMIT the planner walks every posting in project order to merge the words' semi-joins (seen:
        # 7.9 s at 100,000 projects); unlimited, it hashes them (as the whole ranking does) and counts once.
        return min(postings.distinct().count(), COUNT_CAP + 1)
    # Aggregating a sliced query counts over it as a subquery: the scan stops at the LIMIT inside.
    seen = postings[:COUNT_SCAN].aggregate(projects=Count("project_id", distinct=True), postings=Count("*"))
    projects_seen, postings_seen = seen["projects"], seen["postings"]
    if postings_seen < COUNT_SCAN or projects_seen > COUNT_CAP:
        return min(projects_seen, COUNT_CAP + 1)
    return postings.distinct()[: COUNT_CAP + 1].count()


@dataclass
class TopCut:
    """The count and the best hits of a search, without ranking every hit.

    Count: the matching projects, read up to `COUNT_CAP` + 1 only (`hit_ids` with a LIMIT), so a word in
    90,000 projects costs as much as one in 10,001; beyond the cap the list says "mehr als 10.000 Treffer".

    Page: a project's score is the sum over the query stems of its best posting (weight × quality). The
    projects with a posting worth at least f for some query stem are the candidates of floor f; every other
    project scores below n × f (n stems, each below f). So when the last row wanted of the candidates'
    ranking scores at least n × f, no other project can come before it, and the page equals the same slice
    of the whole ranking. Otherwise the next lower floor is tried, finally the whole ranking. At 100,000
    projects a frequent word is thus ranked over its few thousand title and name hits, not over 90,000
    postings. For one stem the rule is the earlier one-word cut (the candidates' rows reach n × f by
    construction).
    """

    stems: list[str]
    matched: dict[str, dict[str, int]] | None
    projects: object = None

    @property
    def stem(self) -> str:
        return self.stems[0]

    def count(self) -> int:
        """The number of hits, but at most `COUNT_CAP` + 1 (more: the list says "mehr als")."""
        return capped_count(self.stems, self.matched, self.projects)

    def rows(self, offset: int, limit: int) -> list[dict]:
        wanted = offset + limit
        # Several words whose stems are too many to list: each floor would read their postings by LIKE as the
        # whole ranking does (measured at 100,000 projects: 3-5 s per floor), so the whole ranking is cheaper.
        floors = SCORE_FLOORS if self.matched is not None or len(self.stems) == 1 else ()
        for floor in floors:
            rows = list(_ranked(self.stems, self.matched, self.projects, at_least=floor)[:wanted])
            if len(rows) >= wanted and rows[wanted - 1]["relevance"] >= len(self.stems) * floor:
                return rows[offset:]
        return list(_ranked(self.stems, self.matched, self.projects)[offset:wanted])


OneWordTop = TopCut  # the name the callers (portal list, API) know it by


def one_word_top(query_stems: list[str], projects=None) -> TopCut | None:
    """The capped count and cut ranking of a search (see `TopCut`), or None where nothing can match.

    Named after its first use, the one-word search; it now serves every search of the list and the API.
    """
    if not query_stems:
        return None
    matched = expansions(query_stems)
    if matched is not None and not all(matched.values()):  # a query stem no indexed stem matches: no hits
        return None
    return TopCut(list(query_stems), matched, projects)


def matching(projects, query: str):
    """The one project search of portal, API, downloads and feeds: those of `projects` that match `query`.

    Same stems, same candidate rule as the portal's list (`ranked`), so a query finds the same projects
    everywhere; `ranked(query_terms(query), projects)` gives them best first. A query of stop words only
    searches nothing and returns `projects` unchanged, as the portal does.
    """
    stems = query_terms(query or "")
    if not stems:
        return projects
    # One grouped query as a semi-join; scoring per row (a correlated subquery) costs seconds at 10,000 hits.
    return projects.filter(pk__in=ranked(stems).values("project_id"))
