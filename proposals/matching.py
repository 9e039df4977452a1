"""Which projects took up which idea: German text similarity, in plain Python (no Django).

The office has 40 chamber proposals and a few dozen projects whose texts are
long report pages or a single sentence from a parliamentary answer. The
matcher ranks the projects for each proposal by TF-IDF cosine similarity of
their words, after three German-specific steps that plain word matching
misses:

* **Stemming** (Snowball, German): "Binnenschiffe" and "Binnenschiff" meet.
* **Compound splitting** (after Koehn & Knight 2003): a long word is split
  into parts that occur on their own in the texts or in a small lexicon of
  common heads, choosing the split whose parts are most frequent. So
  "Baustellenmanagement" (proposal) and "Baustellenkoordinierung" (project)
  share "baustell". The whole word is kept too, so exact compounds still count.
* **Synonyms**: a short, hand-written list of groups (LKW/Laster, ÖPNV/
  Nahverkehr, KMU/Mittelstand, English words the reports use next to German
  ones) mapped to one term before stemming.

Each suggestion carries its cosine score (0…1, comparable across proposals)
and the words that contributed most, in the proposal's own spelling, so the
office sees why a project was proposed.

Feedback: a project's `feedback` texts (the proposals the office confirmed
for it) are added to its profile, so a later proposal that resembles a
confirmed one finds the project more easily (Rocchio-style relevance
feedback). A proposal's own confirmed text is left out when that proposal is
ranked, and rejected pairs are passed in `exclude` and never come back.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import snowballstemmer

# Field weights: a word in a title says more about the subject than a word in
# the fifth paragraph of a report section.
PROJECT_FIELD_WEIGHTS: dict[str, float] = {
    "title": 3.0,
    "subprojects": 2.0,
    "summary": 1.5,
    "sections": 1.0,
    "local": 1.0,
    "feedback": 1.0,
}
QUERY_FIELD_WEIGHTS: dict[str, float] = {"title": 2.0, "goal": 1.5, "background": 1.0}

MIN_PART = 4  # shorter compound parts ("bau", "rad") split too eagerly
MIN_COMPOUND = 9  # words shorter than this are rarely compounds worth splitting
# Bounds that keep the analysis linear in the length of the text, whatever a proposal contains: the splitter's work
# grows with the square of a word's length (every cut, every prefix), so a 4,800-character "word" took the
# moderation page past the worker timeout. German compounds of these texts stay under 30 characters
# ("Schienenpersonennahverkehr"); longer ones are kept whole, and a token is cut at MAX_WORD characters.
MAX_COMPOUND = 32
MAX_WORD = 64
LINKING = ("", "s", "es", "n", "en", "e", "er")  # Fugenelemente between compound parts

# German function words and words every text of this programme uses; they carry no topic.
STOPWORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anders auch auf
    aus bei beim bereits besonders bis bisher bzw bspw ca da dabei dadurch dafür dagegen daher damit dann dar
    darauf darin darüber das dass dazu dem den denen der deren des dessen die dies diese diesem diesen dieser dieses
    doch dort durch ebenso ein eine einem einen einer eines einige einigen einzelnen er es etwa etwas für gegen
    gemeinsam gemeinsamen gibt gilt hat hatte haben hier hin hinaus hinweg ihr ihre ihrem ihren ihrer im in indem
    insbesondere ins ist jedoch jeweils kann können könnte könnten man mehr mit mittels muss müssen nach neben neue
    neuen neuer nicht noch nur ob oder ohne sehr sein seine seinem seinen seiner seit sich sie sind so sodass soll
    sollen sollte sollten sowie sowohl über um und uns unter viele vielen vom von vor während war waren was weitere
    weiteren weiterer weiteres wenn werden wird wie wieder wir wo worden wurde wurden zu zum zur zwar zwischen
    ggf inkl usw vgl sog z b u a d h
    ruhr ruhrgebiet ruhrgebiets ruhrgebietes metropole metropolregion region regionen nrw nordrhein westfalen
    land landes ihks hwks ihk hwk projekt projekte projekten projektes ziel ziele hintergrund stärkung
    """.split()
)

# Groups of words meaning the same thing here; the first spelling stands for the group.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("lkw", "laster", "lastwagen", "lastkraftwagen"),
    ("öpnv", "nahverkehr", "personennahverkehr"),
    ("spnv", "schienenpersonennahverkehr"),
    ("kmu", "mittelstand", "mittelständisch", "mittelständische", "mittelständischen"),
    ("startup", "startups", "gründerszene"),
    ("azubi", "azubis", "auszubildende", "auszubildenden", "lehrling", "lehrlinge"),
    ("ki", "künstliche", "intelligenz"),
    ("glasfaser", "breitband", "gigabit"),
    ("olympia", "olympische", "olympischen", "olympiade"),
    ("digital", "digitale", "digitalen", "digitaler", "digitalisierung", "digitalisiert"),
    ("innovation", "innovationen", "innovativ", "innovative", "innovativen"),
    ("schiene", "schienen", "bahn", "eisenbahn"),
    ("brache", "brachen", "brachfläche", "brachflächen", "industriebrache"),
    ("hochschule", "hochschulen", "universität", "universitäten", "uni"),
    ("wohnraum", "wohnung", "wohnungen", "wohnen"),
    ("fachkräfte", "fachkraft", "fachkräftesicherung", "nachwuchskräfte"),
    # English words the reports use beside the German ones ("Trustworthy Data Science and Security").
    ("sicherheit", "security"),
    ("daten", "data"),
    ("energie", "energy"),
    ("forschung", "research"),
    ("gesundheit", "health"),
    ("mobilität", "mobility"),
)
# Phrases folded into one word before tokenising.
PHRASES: tuple[tuple[str, str], ...] = (
    (r"start-?ups?\b", "startup"),
    (r"kleine(?:n)? und mittlere(?:n)? unternehmen", "kmu"),
    (r"künstliche(?:n)? intelligenz", "ki"),
    (r"on-?demand", "ondemand"),
    (r"smart[- ]city", "smartcity"),
    (r"3d-druck", "3ddruck"),
)

# Common heads and modifiers of compounds in planning German: lets the splitter
# cut "Baustellenmanagement" even when "Management" never stands alone in the texts.
LEXICON = frozenset(
    """
    management koordinierung koordination zentrum zentrale zentren system systeme netz netze netzwerk programm
    projekt region standort standorte förderung entwicklung konzept konzepte strategie institut portal plattform
    infrastruktur kompetenz kompetenzen verkehr verkehre mobilität schiff schiffe fahrt bahn stelle stellen fläche
    flächen energie speicher quartier quartiere schule schulen bildung gründung gründer kammer markt modell
    labor labore feld felder technologie technik logistik terminal hafen häfen straße straßen bau baustelle
    baustellen planung planungen beschleunigung gesellschaft wirtschaft unternehmen betrieb betriebe wasser
    wärme strom sanierung park parken raum räume initiative zukunft campus forschung wissen transfer daten
    sicherheit versorgung anlage anlagen cluster kultur kunst künste sport tourismus gesundheit arbeit ausbildung
    weiterbildung beruf berufe jugend jugendliche schüler lehrer stadt städte gewerbe industrie handwerk
    """.split()
)


# --- plain data in and out ----------------------------------------------------------------


@dataclass
class Candidate:
    """A project as the matcher sees it: its code and named texts (see PROJECT_FIELD_WEIGHTS)."""

    code: str
    texts: dict[str, str]
    # Texts of proposals the office confirmed for this project, keyed by the proposal's key.
    feedback: dict[str, str] = field(default_factory=dict)


@dataclass
class Query:
    """A proposal: a stable key (its number) and its texts (see QUERY_FIELD_WEIGHTS)."""

    key: str
    texts: dict[str, str]


@dataclass
class Suggestion:
    code: str
    score: float
    matched_terms: list[str]

    def to_dict(self) -> dict:
        return {"code": self.code, "score": self.score, "matched_terms": self.matched_terms}


# --- analysis --------------------------------------------------------------------------

_WORD = re.compile(r"[0-9A-Za-zÄÖÜäöüß]+(?:-[0-9A-Za-zÄÖÜäöüß]+)*")
_SOFT_BREAK = re.compile(r"(\w)-\s*\n\s*(?=[a-zäöüß])")


def _fold(word: str) -> str:
    return word.lower().replace("ß", "ss")


_UMLAUTS = str.maketrans("äöü", "aou")
STEM_CUT = 12  # the stemmer removes at most 10 letters from a word of the documents; a margin on top


def _plain_letters(word: str) -> str:
    return word.translate(_UMLAUTS).replace("ae", "a").replace("oe", "o").replace("ue", "u")


class GermanAnalyzer:
    """Text → weighted terms: stems of words, of their compound parts, with synonyms folded."""

    def __init__(self, corpus: Iterable[str] = ()) -> None:
        self._stemmer = snowballstemmer.stemmer("german")
        self._stem_cache: dict[str, str] = {}
        self._synonym = {_fold(w): group[0] for group in SYNONYMS for w in group}
        self._stop = frozenset(_fold(w) for w in STOPWORDS)
        self._split_cache: dict[str, list[str]] = {}
        self._prefix_cache: dict[tuple[str, int], tuple[float, list[str]]] = {}
        self.split_steps = 0  # inner steps of the splitter, for the bound tests and bench/text_matching.py
        # Frequencies of stems in the whole corpus drive the compound splitter.
        self.frequency: Counter[str] = Counter()
        for text in corpus:
            for word in self.words(text):
                for piece in word.split("-"):
                    if piece not in self._stop:
                        self.frequency[self.stem(piece)] += 1
        for word in LEXICON:
            self.frequency[self.stem(_fold(word))] += 1
        self._known = frozenset(_plain_letters(stem) for stem in self.frequency)

    def _may_be_known(self, word: str) -> bool:
        """Cheap test before the (slow) stemmer: the German Snowball stem of a word is, after folding umlauts
        and ae/oe/ue, a prefix of the word at most STEM_CUT letters shorter (checked on every word of the
        source documents). A word none of whose prefixes is a known stem cannot have a known stem."""
        plain = _plain_letters(word)
        return any(plain[:length] in self._known for length in range(max(1, len(plain) - STEM_CUT), len(plain) + 1))

    def stem(self, word: str) -> str:
        cached = self._stem_cache.get(word)
        if cached is None:
            base = self._synonym.get(word, word)
            cached = self._stemmer.stemWord(base)
            self._stem_cache[word] = cached
        return cached

    def words(self, text: str) -> list[str]:
        text = _SOFT_BREAK.sub(r"\1", text).lower()
        for pattern, replacement in PHRASES:
            text = re.sub(pattern, replacement, text)
        return [_fold(w[:MAX_WORD]) for w in _WORD.findall(text)]

    def split(self, word: str) -> list[str]:
        """Compound parts of a (lower-case) word, or [word] when no split is better than the whole."""
        if word in self._split_cache:
            return self._split_cache[word]
        parts = self._best_split(word, depth=0)[1] if len(word) <= MAX_COMPOUND else [word]
        self._split_cache[word] = parts
        self._prefix_cache.clear()  # prefixes of one word rarely serve another; keep memory flat
        return parts

    def _best_split(self, word: str, depth: int) -> tuple[float, list[str]]:
        # Memoised per word: the same modifier prefix is reached from many cuts and link letters.
        key = (word, depth)
        found = self._prefix_cache.get(key)
        if found is None:
            found = self._prefix_cache[key] = self._best_split_uncached(word, depth)
        return found

    def _best_split_uncached(self, word: str, depth: int) -> tuple[float, list[str]]:
        # The whole word is only an option for a modifier inside a compound: at the top
        # the whole word is kept as a term anyway, and its parts are what other texts share.
        whole = float(self.frequency.get(self.stem(word), 0)) if depth else 0.0
        best = (whole, [word])
        if len(word) < (MIN_COMPOUND if depth == 0 else 2 * MIN_PART) or depth > 2:
            return best
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            self.split_steps += 1
            head = word[cut:]
            if not self._may_be_known(head):
                continue
            head_stem = self.stem(head)
            # A short stem ("end" of "…ender") matches too much to count as a word of its own.
            head_freq = self.frequency.get(head_stem, 0) if len(head_stem) >= MIN_PART else 0
            if not head_freq:
                continue
            for link in LINKING:
                modifier = word[:cut]
                if link:
                    if not modifier.endswith(link):
                        continue
                    modifier = modifier[: -len(link)]
                if len(modifier) < MIN_PART or len(self.stem(modifier)) < MIN_PART:
                    continue
                mod_score, mod_parts = self._best_split(modifier, depth + 1)
                if not mod_score:
                    continue
                # Geometric mean of the part frequencies (Koehn & Knight): favours splits into common words.
                n = len(mod_parts) + 1
                score = (mod_score ** len(mod_parts) * head_freq) ** (1 / n)
                if score > best[0]:
                    best = (score, [*mod_parts, head])
        return best

    def terms(self, text: str) -> list[tuple[str, str]]:
        """(term, surface) pairs: every word and hyphen part, and the parts of compounds."""
        out: list[tuple[str, str]] = []
        for word in self.words(text):
            for piece in word.split("-"):
                if len(piece) < 2 or piece in self._stop or piece.isdigit():
                    continue
                out.append((self.stem(piece), piece))
                parts = self.split(piece)
                if len(parts) > 1:
                    out.extend((self.stem(p), p) for p in parts if p not in self._stop)
        return out


# --- ranking -------------------------------------------------------------------------------


def _weighted_counts(
    analyzer: GermanAnalyzer, texts: Mapping[str, str], weights: Mapping[str, float]
) -> tuple[Counter[str], dict[str, Counter[str]]]:
    counts: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    for name, text in texts.items():
        weight = weights.get(name, 1.0)
        for term, surface in analyzer.terms(text or ""):
            counts[term] += weight
            surfaces[term][surface] += 1
    return counts, surfaces


def _vector(counts: Mapping[str, float], idf: Mapping[str, float]) -> dict[str, float]:
    # Sublinear term frequency: the tenth "Mobilität" on a mobility page adds little.
    vec = {t: (1.0 + math.log(c)) * idf[t] for t, c in counts.items() if c > 0 and t in idf}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


class Matcher:
    """Ranks candidates for queries. Build once per set of projects; rank many proposals."""

    def __init__(
        self, candidates: Sequence[Candidate], *, queries: Sequence[Query] = (), analyzer: GermanAnalyzer | None = None
    ) -> None:
        self.candidates = list(candidates)
        if analyzer is None:
            corpus = [t for c in self.candidates for t in [*c.texts.values(), *c.feedback.values()]]
            corpus += [t for q in queries for t in q.texts.values()]
            analyzer = GermanAnalyzer(corpus)
        self.analyzer = analyzer
        self._base: dict[str, Counter[str]] = {}
        self._feedback: dict[str, dict[str, Counter[str]]] = {}
        document_frequency: Counter[str] = Counter()
        for c in self.candidates:
            base, _ = _weighted_counts(analyzer, c.texts, PROJECT_FIELD_WEIGHTS)
            self._base[c.code] = base
            self._feedback[c.code] = {
                key: _weighted_counts(analyzer, {"feedback": text}, PROJECT_FIELD_WEIGHTS)[0]
                for key, text in c.feedback.items()
            }
            seen = set(base)
            for fb in self._feedback[c.code].values():
                seen.update(fb)
            document_frequency.update(seen)
        n = max(len(self.candidates), 1)
        # Smoothed IDF; a term in every project still keeps a little weight.
        self.idf = {t: math.log((n + 1) / (df + 0.5)) for t, df in document_frequency.items()}
        self._plain_vectors = {
            c.code: _vector(self._base[c.code] + sum(self._feedback[c.code].values(), Counter()), self.idf)
            for c in self.candidates
        }

    def _document_vector(self, code: str, query_key: str) -> dict[str, float]:
        own = self._feedback[code].get(query_key)
        if own is None:
            return self._plain_vectors[code]
        # Leave the query's own confirmed text out, or a confirmed pair would only find itself.
        others = [fb for key, fb in self._feedback[code].items() if key != query_key]
        return _vector(self._base[code] + sum(others, Counter()), self.idf)

    def rank(self, query: Query, *, exclude: Collection[str] = (), terms: int = 6) -> list[Suggestion]:
        """All candidates not excluded, best first, each with score and the words that matched."""
        counts, surfaces = _weighted_counts(self.analyzer, query.texts, QUERY_FIELD_WEIGHTS)
        qvec = _vector(counts, self.idf)
        ranked = []
        for c in self.candidates:
            if c.code in exclude:
                continue
            dvec = self._document_vector(c.code, query.key)
            contributions = {t: w * dvec[t] for t, w in qvec.items() if t in dvec}
            score = sum(contributions.values())
            top_terms = sorted(contributions, key=lambda t: (-contributions[t], t))[:terms]
            words = []
            for t in top_terms:
                word = surfaces[t].most_common(1)[0][0]
                if word not in words:
                    words.append(word)
            ranked.append(Suggestion(c.code, round(score, 3), words))
        ranked.sort(key=lambda s: (-s.score, s.code))
        return ranked

    def suggest(
        self, query: Query, *, top: int = 3, exclude: Collection[str] = (), min_score: float = 0.0
    ) -> list[Suggestion]:
        return [s for s in self.rank(query, exclude=exclude) if s.score > min_score][:top]


def suggest_all(
    queries: Sequence[Query],
    candidates: Sequence[Candidate],
    *,
    top: int = 3,
    exclude: Mapping[str, Collection[str]] | None = None,
    min_score: float = 0.0,
) -> dict[str, list[Suggestion]]:
    """Top suggestions per query key; `exclude` maps a query key to project codes never to suggest for it."""
    matcher = Matcher(candidates, queries=queries)
    exclude = exclude or {}
    return {q.key: matcher.suggest(q, top=top, exclude=exclude.get(q.key, ()), min_score=min_score) for q in queries}
