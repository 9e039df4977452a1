from __future__ import annotations

import pytest

from programmes.models import ActionField, Ministry, Project
from programmes.services import ensure_reference_data, find_ministry, resolve_ministry

pytestmark = pytest.mark.django_db


def test_reference_data_is_idempotent():
    ensure_reference_data()
    ensure_reference_data()
    assert ActionField.objects.count() == 5
    assert list(ActionField.objects.values_list("short_name", flat=True)) == [
        "Mobilität",
        "Wirtschaft",
        "Vielfalt",
        "Energie",
        "Bildung",
    ]


@pytest.mark.parametrize(
    ("stated", "abbreviation"),
    [
        ("Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie des Landes Nordrhein-Westfalen", "MWIKE"),
        # the name before the 2022 election: the same ministry, so its projects keep their history
        ("Ministerium für Wirtschaft, Innovation, Digitalisierung und Energie des Landes Nordrhein-Westfalen", "MWIKE"),
        ("MWIDE", "MWIKE"),
        ("Staatskanzlei des Landes\nNordrhein-Westfalen", "STK"),
        ("Ministerium für Umwelt,\nNaturschutz und Verkehr des\nLandes Nordrhein-Westfalen", "MUNV"),
    ],
)
def test_ministries_are_found_under_current_and_former_names(stated, abbreviation):
    ensure_reference_data()
    assert find_ministry(stated).abbreviation == abbreviation


def test_an_unknown_ministry_is_registered_under_its_stated_name():
    ensure_reference_data()
    ministry, created = resolve_ministry("Ministerium für Zukunftsfragen des Landes Nordrhein-Westfalen")
    assert created and ministry.name == "Ministerium für Zukunftsfragen"
    again, created_again = resolve_ministry("Ministerium für Zukunftsfragen")
    assert again == ministry and not created_again
    assert Ministry.objects.filter(name="Ministerium für Zukunftsfragen").count() == 1


def test_renaming_a_ministry_keeps_its_projects():
    programme = ensure_reference_data()
    ministry = Ministry.objects.get(abbreviation="MWIKE")
    project = Project.objects.create(
        programme=programme, code="05-02a", title="Start4Chem-Labs", slug="x", ministry=ministry
    )
    ministry.name = "Ministerium für Wirtschaft und Energie"
    ministry.save()
    assert project in Ministry.objects.get(pk=ministry.pk).projects.all()
    assert ministry.history.count() == 2


def test_only_the_office_renames_a_ministry_and_an_abbreviation_stays_unique(people):
    from django.core.exceptions import PermissionDenied

    from programmes.services import MinistryError, change_ministry

    own, other = people.editor.ministry, people.editor_other.ministry
    for person in (people.editor, people.coordinator, people.reviewer, None):
        with pytest.raises(PermissionDenied):
            change_ministry(own, name="Umbenannt", abbreviation="UMB", acting_user=person)
    with pytest.raises(MinistryError, match="hat schon ein anderes Ressort"):
        change_ministry(own, name="Umbenannt", abbreviation=other.abbreviation.lower(), acting_user=people.office)
    former = own.name
    change_ministry(own, name="Umbenannt", abbreviation="UMB", acting_user=people.office)
    own.refresh_from_db()
    assert (own.name, own.abbreviation) == ("Umbenannt", "UMB")
    assert own.names.filter(name=former).exists()
