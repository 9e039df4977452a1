"""The search index moves from postings to one document per project (migration portal 0008, issue 18): an existing
index is carried over without a rebuild, every stem in the column of its weight, and the move can be undone."""

from __future__ import annotations

from portal import search
from portal.models import SearchDocument
from programmes.services import ensure_reference_data
from tests.migrating import migrate

BEFORE = [("portal", "0007_search_term_project_code")]
AFTER = [("portal", "0008_search_documents")]


def test_postings_become_documents_and_back(back_to_newest):
    old = migrate(BEFORE)
    # The model as of then: the real one would index the project into a table that does not exist yet.
    project = old.get_model("programmes", "Project").objects.create(
        programme_id=ensure_reference_data().pk, code="98-01", title="Quartiersarbeit", slug="98-01-quartiersarbeit"
    )
    postings = [
        ("98-01", search.WEIGHT_CODE),
        ("quartiersarbeit", search.WEIGHT_TITLE),
        ("bochum", search.WEIGHT_PLACE),
        ("nachbarschaft", search.WEIGHT_TEXT),
    ]
    SearchTerm = old.get_model("portal", "SearchTerm")
    for term, weight in postings:
        SearchTerm.objects.create(project_id=project.pk, project_code="98-01", term=term, weight=weight)
        old.get_model("portal", "SearchWord").objects.create(term=term)

    migrate(AFTER)
    document = SearchDocument.objects.get(project_id=project.pk)
    assert (document.project_code, document.codes, document.titles, document.places, document.texts) == (
        "98-01",
        " 98-01 ",
        " quartiersarbeit ",
        " bochum ",
        " nachbarschaft ",
    )
    assert document.stems == " 98-01 bochum nachbarschaft quartiersarbeit "
    assert sorted(SearchDocument.objects.postings()) == sorted((project.pk, t, w) for t, w in postings)
    assert [row["project_code"] for row in search.Search(["quartier"]).ranking()] == ["98-01"]

    back = migrate(BEFORE)
    restored = back.get_model("portal", "SearchTerm").objects.filter(project_id=project.pk)
    assert sorted(restored.values_list("term", "weight")) == sorted(postings)
    assert set(back.get_model("portal", "SearchWord").objects.values_list("term", flat=True)) == {
        t for t, _w in postings
    }
