from __future__ import annotations

import shutil

import pytest
from django.conf import settings

from places.models import District, Municipality, MunicipalityKind
from places.services import ReferenceDataError, load_municipalities

pytestmark = pytest.mark.django_db


def test_loads_the_53_municipalities_and_4_districts():
    result = load_municipalities()
    assert result.created == 53
    assert Municipality.objects.count() == 53
    assert set(District.objects.values_list("name", flat=True)) == {
        "Ennepe-Ruhr-Kreis",
        "Kreis Recklinghausen",
        "Kreis Unna",
        "Kreis Wesel",
    }
    assert Municipality.objects.filter(kind=MunicipalityKind.INDEPENDENT_CITY, district__isnull=True).count() == 11
    unna = District.objects.get(name="Kreis Unna")
    assert unna.municipalities.count() == 10 and unna.ags == "05978"
    bochum = Municipality.objects.get(ags="05911000")
    assert bochum.name == "Bochum" and bochum.slug == "bochum" and bochum.population > 300_000
    assert bochum.geometry["type"] == "Polygon"


def test_loading_twice_changes_nothing():
    load_municipalities()
    again = load_municipalities()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 53)


def test_a_broken_key_is_reported_with_file_line_and_field(tmp_path):
    for name in ("gemeinden.csv", "gemeinden.geojson"):
        shutil.copy(settings.RUHR_DATA_DIR / name, tmp_path / name)
    lines = (tmp_path / "gemeinden.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = "5117," + lines[3].split(",", 1)[1]
    (tmp_path / "gemeinden.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(ReferenceDataError, match=r"gemeinden\.csv, Zeile 4, Feld „ags“"):
        load_municipalities(tmp_path)
    assert Municipality.objects.count() == 0  # all or nothing
