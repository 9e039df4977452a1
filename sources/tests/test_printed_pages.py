"""The printed page of a project, read from a progress report's table of contents."""

from __future__ import annotations

from sources.printed_pages import _toc_pages


def test_the_table_of_contents_gives_each_code_its_first_printed_page():
    text = "\n".join(
        [
            "Inhalt",
            "Research Alliance Ruhr (15-01) ........................ 41",
            "Wasserstoff-Kompetenz (05-02a) …… 17",
            "Ein Satz über (15-01), der auf Seite 99 verweist, aber keine Zeile des Inhalts ist",
            "Research Alliance Ruhr (15-01) 120",
        ]
    )
    assert _toc_pages(text) == {"15-01": 41, "05-02a": 17}


def test_only_the_front_of_a_report_is_read_as_its_table_of_contents():
    text = "\n" * 400 + "Späte Nennung (01-01) ..... 12"
    assert _toc_pages(text) == {}
