"""German search: stems, compounds, ranking; the same on SQLite and PostgreSQL (runs on both in `make test`)."""

from __future__ import annotations

import pytest

from portal import indexing, search
from portal.filters import ProjectFilterForm, RankedProjects, apply
from portal.models import SearchDocument
from programmes.models import Project
from tests.factories import state


def codes(query: str, **filters) -> list[str]:
    return [p.code for p in apply(ProjectFilterForm({"q": query, **filters})).projects]


# --- pure functions ----------------------------------------------------------------------------


def test_stems_fold_umlauts_and_inflection():
    assert search.stem("Brachflächen") == search.stem("Brachfläche") == "brachflach"
    assert search.stem("Mobilität") == search.stem("Mobilitat") == "mobilitat"
    assert search.stem("Straße") == search.stem("Strasse")
    assert search.stem("15-01") == "15-01"


def test_words_keep_codes_and_split_hyphenated_compounds():
    assert search.words("Projekt 05-02a der Ruhr-Konferenz") == [
        "05-02a",
        "Projekt",
        "der",
        "Ruhr",
        "Konferenz",
        "RuhrKonferenz",
    ]
    assert "ruhrkonferenz" in search.terms("Ruhr-Konferenz")
    assert search.query_terms("und der die") == []


def test_rank_requires_every_word_and_prefers_exact_title_hits():
    rows = [
        (1, "mobilitatszentral", search.WEIGHT_TITLE),
        (2, "mobilitat", search.WEIGHT_TITLE),
        (3, "mobilitat", search.WEIGHT_TEXT),
        (3, "region", search.WEIGHT_TEXT),
    ]
    assert [h.project_id for h in search.rank(["mobilitat"], rows)] == [2, 1, 3]
    assert [h.project_id for h in search.rank(["mobilitat", "region"], rows)] == [3]


def test_infix_only_from_five_letters():
    rows = [(1, "brachflach", 1), (2, "flachendeck", 1), (3, "ort", 1), (4, "bahnhof", 1)]
    assert {h.project_id for h in search.rank(["flach"], rows)} == {1, 2}
    assert {h.project_id for h in search.rank(["hof"], rows)} == set()


# --- on the real report ------------------------------------------------------------------------


@pytest.mark.django_db
def test_inflected_forms_find_the_brownfield_project(imported):
    assert "11-04" in codes("Brachfläche")  # the title says "Brachflächen"
    assert "11-04" in codes("Brachflächen")
    assert "11-04" in codes("brachflaechen") or "11-04" in codes("brachflachen")


@pytest.mark.django_db
def test_compound_forms_are_found(imported):
    found = codes("Mobilität")
    assert "13-03" in found  # "Mobilitätszentrale"
    assert "13-02" in found  # "Mobilitätsregion"
    assert "13-04" in found  # "Vernetzte Mobilität"
    assert "11-04" in codes("Fläche")  # inside "Brachflächen"
    assert "13-03" in codes("Zentrale")  # tail of "Mobilitätszentrale"


@pytest.mark.django_db
def test_codes_names_and_places_are_searchable(imported):
    assert codes("15-01")[0] == "15-01"
    assert codes("Research Alliance")[0] == "15-01"
    assert "15-01" in codes("Forschungsprofessuren")  # from the report's sections
    assert set(codes("Gelsenkirchen")) >= {"11-05", "15-03"}  # from its local references
    assert codes("Zeppelinhafenquatsch") == []


@pytest.mark.django_db
def test_search_combines_with_filters(imported):
    assert codes("Mobilität", handlungsfeld="bildung") == ["15-03"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "portal_filter", "api_filter"),
    [
        ("status", "completed", {"status": "completed"}, {"status": "completed"}),
        ("pillar", "partnerprojekt", {"saeule": "partnerprojekt"}, {"pillar": "partnerprojekt"}),
    ],
)
def test_a_filtered_search_follows_the_projects_own_columns(
    client, imported, django_capture_on_commit_callbacks, field, value, portal_filter, api_filter
):
    """The search reads a project's own filter columns from its search document: a change to the project re-indexes
    them, and the portal's list, the API and the unsearched filter agree."""
    project = Project.objects.get(code="13-03")
    assert getattr(project, field) != value
    assert "13-03" not in codes("Mobilität", **portal_filter)
    with django_capture_on_commit_callbacks(execute=True):
        setattr(project, field, value)
        project.save()
    assert getattr(SearchDocument.objects.get(project=project), field) == value
    found = codes("Mobilität", **portal_filter)
    assert "13-03" in found
    assert set(found) == set(codes("Mobilität")) & set(
        Project.objects.published().filter(**{field: value}).values_list("code", flat=True)
    )
    api = client.get("/api/v1/projects", {"q": "Mobilität", "page_size": 200, **api_filter}).json()
    assert [item["code"] for item in api["items"]] == found


@pytest.mark.django_db
def test_index_follows_changes_and_can_be_rebuilt(imported, django_capture_on_commit_callbacks):
    project = Project.objects.get(code="15-01")
    with django_capture_on_commit_callbacks(execute=True):
        project.title = "Research Alliance Ruhr Quantenkryptografie"
        project.save()
    assert codes("Quantenkryptografie") == ["15-01"]
    SearchDocument.objects.all().delete()
    assert codes("Quantenkryptografie") == []
    assert indexing.index_projects() > 1000
    assert codes("Quantenkryptografie") == ["15-01"]


@pytest.mark.django_db
def test_a_changed_code_moves_the_project_in_the_ranking(imported, django_capture_on_commit_callbacks):
    """The documents carry the project's code for the tie-break; a new code re-indexes the project."""
    ranking = search.Search(search.query_terms("Ruhr")).ranking
    before = [row["project_code"] for row in ranking()]
    project = Project.objects.get(code=before[-1])
    tied = [row for row in ranking() if row["relevance"] == ranking().last()["relevance"]]
    assert len(tied) > 1, "the test needs a tie to break"
    with django_capture_on_commit_callbacks(execute=True):
        project.code = "00-00"
        project.save()
    after = [row["project_code"] for row in ranking()]
    assert after.index("00-00") == before.index(tied[0]["project_code"])
    assert SearchDocument.objects.get(project=project).project_code == "00-00"


@pytest.mark.django_db
def test_rebuild_command(imported):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Suchindex" in out.getvalue()
    assert " brachflach " in SearchDocument.objects.get(project__code="11-04").stems


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["Mobilität", "Fläche", "Ruhr", "Forschung Campus", "Gelsenkirchen Mobilität", "15-01"]
)
def test_database_ranking_equals_the_python_rule(imported, query):
    """The ranking in SQL (LIKE on the document's columns) gives the scores and order of `search.rank` (ties by
    code) over the same stems."""
    stems = search.query_terms(query)
    code = dict(Project.objects.values_list("pk", "code"))
    rows = SearchDocument.objects.postings()
    expected = sorted(((h.project_id, h.score) for h in search.rank(stems, rows)), key=lambda h: (-h[1], code[h[0]]))
    assert expected, query
    assert [(row["project_id"], row["relevance"]) for row in search.Search(stems).ranking()] == expected
    assert [p.code for p in apply(ProjectFilterForm({"q": query})).projects] == [code[pk] for pk, _s in expected]


def test_a_document_holds_each_stem_once_in_its_weightiest_field():
    columns = search.document({"mobilitat": search.WEIGHT_TITLE, "ruhr": search.WEIGHT_TEXT, "15-01": 10})
    assert columns == {
        "codes": " 15-01 ",
        "titles": " mobilitat ",
        "names": " ",
        "summaries": " ",
        "places": " ",
        "texts": " ruhr ",
        "stems": " 15-01 mobilitat ruhr ",
    }
    assert set(columns) == {name for name, _weight in search.FIELDS} | {"stems"}


def test_score_levels_of_a_word_best_first():
    assert search.levels("ruhr") == [40, 32, 20, 16, 12, 8, 6, 4, 2]  # four letters: no match inside a compound
    assert search.levels("mobilitat") == [40, 32, 20, 16, 12, 10, 8, 6, 4, 3, 2, 1]


@pytest.mark.django_db
def test_every_indexed_stem_stands_in_one_column_and_in_the_stems(imported):
    for document in SearchDocument.objects.all():
        per_column = [getattr(document, name).split() for name, _weight in search.FIELDS]
        every = [term for terms in per_column for term in terms]
        assert len(every) == len(set(every)), document
        assert sorted(every) == document.stems.split(), document


@pytest.mark.django_db
def test_only_published_projects_are_indexed(unpublished, django_capture_on_commit_callbacks):
    from sources.models import SourceDocument

    assert not SearchDocument.objects.filter(project=unpublished).exists()
    assert "99-99" not in codes("Zeppelinhafen")
    with django_capture_on_commit_callbacks(execute=True):
        state(unpublished, "title", SourceDocument.objects.first(), unpublished.title, line=1)
    assert codes("Zeppelinhafen") == ["99-99"]


@pytest.mark.postgres
def test_a_full_rebuild_gives_the_planner_fresh_statistics(imported):
    """After rewriting the index the planner must know its size, or it may plan a nested loop over every posting."""
    from django.db import connection

    def planner_rows() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [SearchDocument._meta.db_table])
            return cursor.fetchone()[0]

    indexing.index_projects()
    # ANALYZE reads every row of a table this small, and counts the rows of its own open transaction.
    assert planner_rows() == SearchDocument.objects.count() > 0


@pytest.mark.django_db
@pytest.mark.parametrize("cut", [False, True], ids=["whole", "cut"])
def test_result_pages_follow_the_ranking_and_rank_once_per_page(client, imported, monkeypatch, cut):
    """Page by page the list shows the ranking in order, whether a one-word search is ranked whole or read level
    by level (`search.Search.page`, forced here by counting every search as large); the count and one ranking
    query per page, or one query per score level the page reaches."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import views

    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    if cut:
        monkeypatch.setattr(search, "FEW_HITS", 0)
    stems = search.query_terms("Ruhr")
    code = dict(Project.objects.values_list("pk", "code"))
    rows = SearchDocument.objects.postings()
    expected = [
        code[h.project_id] for h in sorted(search.rank(stems, rows), key=lambda h: (-h.score, code[h.project_id]))
    ]
    assert len(expected) > 9, "the test needs several pages"
    last = (len(expected) + 3) // 4

    def shown(page) -> tuple[list[str], int]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/projekte/", {"q": "Ruhr", "seite": page}).content.decode()
        ranking = [q for q in queries if "portal_searchdocument" in q["sql"]]
        assert re.search(rf"{len(expected)} von \d+ Projekten gefunden", html), page
        return re.findall(r'<span class="rm-code">([^<]+)</span>', html), len(ranking)

    seen = []
    for page in range(1, last + 1):
        page_codes, rankings = shown(page)
        # the count, and one ranking; cut, lower floors may be tried for the later pages
        assert rankings == 2 if not cut else 2 <= rankings <= 1 + len(search.levels(stems[0])), page
        seen += page_codes
    assert seen == expected
    # a page past the end shows the last page, a page that is no number the first
    assert shown(last + 5)[0] == expected[(last - 1) * 4 :]
    assert shown("zwei")[0] == expected[:4]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Mobilität", "Ruhr", "Fläche", "Projekt", "15-01"])
@pytest.mark.parametrize("filters", [{}, {"status": "completed"}], ids=["all", "completed"])
def test_a_one_word_search_cut_to_its_best_postings_ranks_as_the_whole(imported, monkeypatch, query, filters):
    """Every page read level by level (`search.Search.page`) equals the same slice of the whole ranking, count
    included."""
    whole = [p.code for p in apply(ProjectFilterForm({"q": query, **filters})).projects]
    assert whole or filters, query
    monkeypatch.setattr(search, "FEW_HITS", 0)
    for size in (1, 2, 3, 5):
        for offset in range(0, len(whole) + size, size):
            projects = apply(ProjectFilterForm({"q": query, **filters})).projects
            assert isinstance(projects, RankedProjects)
            projects.expect(offset, size)
            assert projects.count() == len(whole)
            assert [p.code for p in projects[offset : offset + size]] == whole[offset : offset + size], (size, offset)


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("column", ["stems", "titles"])
def test_a_words_match_can_read_the_trigram_index_on_postgresql(imported, column):
    """Migration 0008: LIKE '%flach%' over a document column is answered by pg_trgm's index (the scan is the
    fallback), the same rows either way."""
    from django.db import connection

    documents = SearchDocument.objects.filter(**{f"{column}__contains": " brachflach"})
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # where the index can answer, the planner must now take it
        try:
            plan = documents.explain()
        finally:
            cursor.execute("RESET enable_seqscan")
    assert f"search_document_{column}_trigram_idx" in plan
    assert "11-04" in set(documents.values_list("project_code", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("cut", [False, True], ids=["whole", "cut"])
def test_the_api_pages_the_portals_ranking_with_one_ranking(client, imported, monkeypatch, cut):
    """Portal and API use the one search: same order, same count, and the API ranks once per page too."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    expected = [p.code for p in apply(ProjectFilterForm({"q": "Ruhr"})).projects]
    assert len(expected) > 8, "the test needs a second page"
    if cut:  # a large result read level by level (`search.Search.page`), forced for the shipped data
        monkeypatch.setattr(search, "FEW_HITS", 0)
    with CaptureQueriesContext(connection) as queries:
        data = client.get("/api/v1/projects", {"q": "Ruhr", "page_size": 4, "page": 2}).json()
    assert [item["code"] for item in data["items"]] == expected[4:8]
    assert data["count"] == len(expected)
    # the count of the word's projects and one ranking, as in the portal (not a second ranking for the count);
    # cut, one query per score level until the page is full
    rankings = len([q for q in queries if "portal_searchdocument" in q["sql"]])
    assert rankings == 2 if not cut else 2 <= rankings <= 1 + len(search.levels("ruhr"))


@pytest.mark.django_db
def test_the_page_links_of_a_long_result_list_are_elided(client, imported, monkeypatch):
    """Many hits link the first and last page and those around the current one, not every page."""
    import re

    from portal import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    hits = len(apply(ProjectFilterForm({"q": "Ruhr"})).projects)
    assert hits > 9, "the test needs many pages"
    html = client.get("/projekte/", {"q": "Ruhr", "seite": 6}).content.decode()
    navigation = html[html.index('class="rm-pagination"') :]
    linked = [int(n) for n in re.findall(r"seite=(\d+)\"><span", navigation)]
    assert linked[:5] == [1, 4, 5, 7, 8] and linked[-1] == hits
    assert len(linked) <= 6 and '<span aria-current="page">6</span>' in navigation
    assert "<span>…</span>" in navigation


# --- the same order on every engine, cut or whole, capped count (issue 18) ----------------------------------

# Umlauts and ß, compounds (head, tail, inside), project codes, municipality names, two and three words.
ENGINE_QUERIES = [
    "Mobilität",
    "Flächen",
    "Gründung",
    "Straße",
    "Vorhaben",
    "Ruhrgebiet",
    "15-01",
    "11-04",
    "Bochum",
    "Gelsenkirchen",
    "Duisburg Hafen",
    "Forschung Campus",
    "Gelsenkirchen Mobilität",
    "Klima Ruhr Projekt",
]


def reference_order(query: str) -> list[str]:
    """The ranking by the pure-Python rule (`search.rank`, ties by code): what every engine must show."""
    stems = search.query_terms(query)
    code = dict(Project.objects.values_list("pk", "code"))
    rows = SearchDocument.objects.postings()
    return [code[h.project_id] for h in sorted(search.rank(stems, rows), key=lambda h: (-h.score, code[h.project_id]))]


@pytest.mark.django_db
@pytest.mark.parametrize("cut", [False, True], ids=["whole", "cut"])
@pytest.mark.parametrize("query", ENGINE_QUERIES)
def test_the_list_shows_the_reference_order_on_every_engine(client, imported, monkeypatch, query, cut):
    """Runs on SQLite and on PostgreSQL (`make test`): the list of the portal and the API's `q` both show the
    pure-Python rule's order, whole or cut to the best postings of a large result (`search.TopCut`, forced)."""
    expected = reference_order(query)
    assert expected or query == "Klima Ruhr Projekt", query  # the shipped data must find something
    if cut:
        monkeypatch.setattr(search, "FEW_HITS", 0)
    listed = apply(ProjectFilterForm({"q": query})).projects
    listed.expect(0, 200)
    assert listed.count() == len(expected)
    assert [p.code for p in listed[0:200]] == expected
    api = client.get("/api/v1/projects", {"q": query, "page_size": 200}).json()
    assert [item["code"] for item in api["items"]] == expected
    assert api["count"] == len(expected)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Ruhr Projekt", "Mobilität Ruhr", "Forschung Campus", "Ruhr Stadt Region", "Fläche"])
@pytest.mark.parametrize("filters", [{}, {"status": "in_progress"}], ids=["all", "in-progress"])
def test_a_search_cut_to_its_best_hits_ranks_as_the_whole(imported, monkeypatch, query, filters):
    """Every page of the cut of a search equals the same slice of the whole ranking: a one-word search read
    level by level, several words at a floor only when the page's last score proves no other project can
    come before it."""
    whole = [p.code for p in apply(ProjectFilterForm({"q": query, **filters})).projects]
    monkeypatch.setattr(search, "FEW_HITS", 0)
    for size in (1, 2, 3, 5):
        for offset in range(0, len(whole) + size, size):
            projects = apply(ProjectFilterForm({"q": query, **filters})).projects
            assert isinstance(projects, RankedProjects)
            projects.expect(offset, size)
            assert projects.count() == len(whole)
            assert [p.code for p in projects[offset : offset + size]] == whole[offset : offset + size], (size, offset)


@pytest.mark.django_db
def test_the_candidates_of_a_floor_keep_their_whole_score_and_order(imported, monkeypatch):
    """The candidates of a floor (projects in which some word scores that much) are ranked with their whole
    score, so the proof of `Search.page` (last score ≥ words × floor) holds."""
    found = search.Search(search.query_terms("Ruhr Projekt"))
    whole = list(found.ranking())
    assert len(whole) > 3
    by_project = {row["project_id"]: row["relevance"] for row in whole}
    for floor in search.SCORE_FLOORS:
        candidates = list(found.candidates(floor))
        assert all(by_project[row["project_id"]] == row["relevance"] for row in candidates)
        assert [r["project_id"] for r in candidates] == [
            r["project_id"] for r in whole if r["project_id"] in {c["project_id"] for c in candidates}
        ]
    monkeypatch.setattr(search, "FEW_HITS", 0)
    assert found.page(0, len(whole)) == whole


@pytest.mark.django_db
def test_a_count_beyond_the_cap_says_more_than(client, imported, monkeypatch):
    """Counting stops at the cap: the list says "mehr als … Treffer" (English: "more than … hits"), pages as deep
    as the cap in the ranking's order, and the API counts and pages the same capped list."""
    expected = reference_order("Ruhr")
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    assert len(expected) > 5
    html = client.get("/projekte/", {"q": "Ruhr"}).content.decode()
    total = Project.objects.published().count()
    assert f"mehr als 5 Treffer unter {total} Projekten" in html
    assert "Projekten gefunden" not in html
    english = client.get("/en/projekte/", {"q": "Ruhr"}).content.decode()
    assert f"more than 5 hits among {total} projects" in english

    projects = apply(ProjectFilterForm({"q": "Ruhr"})).projects
    projects.expect(0, 50)
    assert projects.count() == 5 and projects.capped
    assert [p.code for p in projects[0:50]] == expected[:5]

    data = client.get("/api/v1/projects", {"q": "Ruhr", "page_size": 2, "page": 3}).json()
    assert data["count"] == 5 and data["count_capped"] is True and data["next"] is None
    assert [item["code"] for item in data["items"]] == expected[4:5]

    monkeypatch.setattr(search, "COUNT_CAP", len(expected))  # exactly at the cap: counted, not "mehr als"
    html = client.get("/projekte/", {"q": "Ruhr"}).content.decode()
    assert f"{len(expected)} von {total} Projekten gefunden" in html
    assert client.get("/api/v1/projects", {"q": "Ruhr"}).json()["count_capped"] is False


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Ruhr", "Ruhr Projekt", "Fläche", "Bochum"])
def test_the_capped_count_stops_at_the_cap(imported, monkeypatch, query):
    """The count is one query that reads at most cap + 1 hits (a LIMIT inside it) and is exact up to the cap; a small
    result is then ranked by the ids it read, without matching its words again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stems = search.query_terms(query)
    exact = len(reference_order(query))
    assert exact > 2, query
    for cap in (10_000, exact, exact - 1, 1):
        monkeypatch.setattr(search, "COUNT_CAP", cap)
        found = search.Search(stems)
        with CaptureQueriesContext(connection) as queries:
            counted = found.count()
        assert counted == min(exact, cap + 1), cap
        assert len(queries) == 1 and f"LIMIT {cap + 1}" in queries[0]["sql"]
        with CaptureQueriesContext(connection) as queries:
            page = found.page(0, 2)
        assert [row["project_code"] for row in page] == reference_order(query)[:2]
        if cap >= exact:  # every hit read: ranked by the ids the count read, not matched again
            assert "stems" not in queries[0]["sql"]
