"""The matcher in plain Python: German analysis and ranking on small texts, no database."""

from __future__ import annotations

from proposals.matching import Candidate, GermanAnalyzer, Matcher, Query, suggest_all


def test_compounds_are_split_into_words_the_texts_use():
    analyzer = GermanAnalyzer(["Baustellen werden koordiniert.", "Binnenschiffe fahren autonom."])
    assert analyzer.split("baustellenmanagement") == ["baustellen", "management"]
    assert analyzer.split("baustellenkoordinierung") == ["baustellen", "koordinierung"]
    assert analyzer.split("binnenschifffahrt") == ["binnenschiff", "fahrt"]
    # Not compounds of known words: left whole.
    assert analyzer.split("nachhaltigen") == ["nachhaltigen"]
    assert analyzer.split("unternehmen") == ["unternehmen"]


def test_terms_fold_stems_synonyms_hyphens_and_stopwords():
    analyzer = GermanAnalyzer()
    terms = {
        t for t, _surface in analyzer.terms("Ein LKW-Parkraumprogramm für Laster und Lastkraftwagen im Ruhrgebiet")
    }
    assert "lkw" in terms  # "Laster" and "Lastkraftwagen" fold into the same term
    assert {"park", "raum", "programm"} <= terms
    assert not terms & {"ein", "fur", "und", "ruhrgebiet"}
    startups = {t for t, _s in analyzer.terms("Start-up-Ökosystem")} & {t for t, _s in analyzer.terms("Startups")}
    assert startups == {"startup"}
    assert {t for t, _s in analyzer.terms("kleine und mittlere Unternehmen")} == {"kmu"}


def _projects() -> list[Candidate]:
    return [
        Candidate("13-03", {"title": "Mobilitätszentrale", "subprojects": "Baustellenkoordinierung\nLKW-Navigation"}),
        Candidate("13-05", {"title": "Mobilität für den Industriestandort", "sections": "Autonome Binnenschiffe"}),
        Candidate("11-04", {"title": "Revitalisierung von Brachflächen", "sections": "Flächen für Gewerbe"}),
    ]


def test_ranks_by_similarity_and_says_which_words_matched():
    query = Query("2", {"title": "Einführung eines Baustellenmanagements", "goal": "Baustellen abstimmen"})
    ranked = Matcher(_projects(), queries=[query]).rank(query)
    assert ranked[0].code == "13-03"
    assert 0 < ranked[0].score <= 1
    assert "baustellen" in ranked[0].matched_terms
    assert ranked[-1].score == 0


def test_excluded_pairs_never_come_back():
    query = Query("2", {"title": "Baustellenmanagement"})
    result = suggest_all([query], _projects(), top=3, exclude={"2": {"13-03"}})
    assert [s.code for s in result["2"]] == []  # nothing else shares a word, and 13-03 is excluded


def test_confirmed_proposals_enrich_the_project_but_not_their_own_ranking():
    projects = _projects()
    # The office confirmed that 11-04 took up an idea about "Gewerbebrachen im Emscherraum".
    projects[2].feedback["7"] = "Aktivierung von Gewerbebrachen im Emscherraum"
    similar = Query("8", {"title": "Emscherraum: Industrieflächen wiedernutzen"})
    own = Query("7", {"title": "Aktivierung von Gewerbebrachen im Emscherraum"})
    matcher = Matcher(projects, queries=[similar, own])
    assert matcher.rank(similar)[0].code == "11-04"
    assert "emscherraum" in matcher.rank(similar)[0].matched_terms
    # The idea's own confirmed text is left out when that idea is ranked.
    assert "emscherraum" not in matcher.rank(own)[0].matched_terms


def test_scores_are_rounded_and_serialisable():
    query = Query("4", {"title": "Kompetenzzentrum für autonome Binnenschiffe"})
    suggestion = Matcher(_projects(), queries=[query]).suggest(query, top=1)[0]
    assert suggestion.to_dict() == {
        "code": "13-05",
        "score": suggestion.score,
        "matched_terms": suggestion.matched_terms,
    }
    assert suggestion.score == round(suggestion.score, 3)


def _analyzer() -> GermanAnalyzer:
    return GermanAnalyzer(["Baustellenmanagement Baustellenkoordinierung Mobilitätszentrale Brachflächen Logistik"])


def test_a_word_of_thousands_of_letters_costs_the_splitter_nothing():
    """One public proposal with a 4,800-character word took the moderation page past the worker timeout."""
    from proposals.matching import MAX_WORD

    analyzer = _analyzer()
    terms = analyzer.terms("baustellenmanagement" * 240)
    assert analyzer.split_steps == 0
    assert all(len(surface) <= MAX_WORD for _term, surface in terms)


def test_splitter_work_is_bounded_per_word_and_linear_in_the_text():
    from proposals.matching import MAX_COMPOUND

    def steps(words: int) -> int:
        analyzer = _analyzer()
        # distinct compounds of the maximum length the splitter still takes apart
        analyzer.terms(" ".join(f"{'baustellenmanagement' * 2}"[: MAX_COMPOUND - 3] + f"{n:03d}" for n in range(words)))
        return analyzer.split_steps

    one, hundred = steps(1), steps(100)
    assert 0 < one <= 3 * MAX_COMPOUND**2
    assert hundred == 100 * one
