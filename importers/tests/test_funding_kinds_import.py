"""The answer importer stores the kind of money the document states (applied, granted, paid) and never adds amounts
of different kinds for one place (the parser's side: sources/tests/test_funding_kinds.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from importers import ParliamentaryAnswerImporter
from places.models import LocalReference


def _edition(answer_path, tmp_path, replacements: dict[str, str]):
    text = answer_path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "kleine-anfrage-bochum-neu.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_the_importer_keeps_the_kind_the_document_states(answer_path):
    ParliamentaryAnswerImporter().run(answer_path)
    refs = {
        r.project.code: r for r in LocalReference.objects.filter(municipality__slug="bochum", funding_basis="exact")
    }
    assert (refs["14-02"].funding_eur, refs["14-02"].funding_kind) == (Decimal("521864"), "applied")
    assert refs["14-02"].funding_kind_wording == "eingereicht"
    assert (refs["14-01"].funding_eur, refs["14-01"].funding_kind) == (Decimal("65000"), "granted")


@pytest.mark.django_db
def test_amounts_of_different_kinds_for_one_place_are_never_added(answer_path, tmp_path):
    path = _edition(
        answer_path,
        tmp_path,
        {
            "Bis \nheute wurden sechs Anträge aus \nBochum mit einem Fördervolumen von \n521.864 Euro eingereicht.": (
                "Für sechs Vorhaben in \nBochum wurden inzwischen 480.000 Euro \nbewilligt, davon 120.000 Euro ausgezahlt."
            )
        },
    )
    result = ParliamentaryAnswerImporter().run(path)
    ref = LocalReference.objects.get(project__code="14-02", municipality__slug="bochum")
    assert (ref.funding_eur, ref.funding_kind) == (Decimal("480000"), "granted")  # not 600.000
    assert "120.000 Euro ausgezahlt" in ref.funding_text
    assert any("nicht addiert" in w.message and "120000" in w.message for w in result.warnings)
