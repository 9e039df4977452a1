"""No page repeats an `id`: a label, an error summary link or a skip link pointing at a duplicated id reaches the
wrong element (the approve note and the comment once shared `id="id_comment"`). Walks every URL of the
authorization table as every kind of person, public and staff pages alike."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest

from .authz_table import TABLE
from .test_authorization_matrix import _client, _url, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.ids += [value for name, value in attrs if name == "id" and value]


def duplicate_ids(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return sorted(i for i, n in Counter(parser.ids).items() if n > 1)


def test_the_checker_finds_duplicates():
    assert duplicate_ids('<label for="x"></label><input id="x"><textarea id="x"></textarea>') == ["x"]
    assert duplicate_ids('<p id="a"></p><p id="b"></p>') == []


@pytest.mark.parametrize("role", ["anonymous", "editor_a", "reviewer", "office"])
def test_no_page_repeats_an_id(world, role):  # noqa: F811
    client = _client(world, role)
    failures, pages = [], 0
    for key, row in TABLE.items():
        for case in row.cases:
            url = _url(key, case.kwargs(world), case.query)
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            if dupes := duplicate_ids(response.content.decode()):
                failures.append(f"{url}: {', '.join(dupes)}")
    assert pages > 20, pages  # the walk really reached pages
    assert not failures, "\n".join(failures)
