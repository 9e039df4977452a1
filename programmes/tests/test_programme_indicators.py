"""Programme indicators: honest roll-up arithmetic, the services and their rules, the reference set."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from accounts.actors import SYSTEM
from accounts.models import Role, User
from programmes.models import (
    FundingStatement,
    Indicator,
    IndicatorValue,
    ProgrammeIndicator,
    Project,
    RollupAggregation,
)
from programmes.rollup import combine_qualifiers, rollup, rounded
from programmes.services import (
    ProgrammeIndicatorConflict,
    ProgrammeIndicatorError,
    define_programme_indicator,
    delete_programme_indicator,
    ensure_reference_data,
    set_programme_indicator_contributions,
    update_programme_indicator,
)
from tests.factories import ProjectFactory, SourceDocumentFactory, state

pytestmark = pytest.mark.django_db
TODAY = date(2025, 3, 1)


# pure arithmetic ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifiers", "incomplete", "expected"),
    [
        (["", ""], False, ""),
        (["", "approx"], False, "approx"),
        (["", "more_than"], False, "more_than"),
        (["at_least", ""], False, "at_least"),
        (["at_least", "more_than"], False, "more_than"),
        (["", ""], True, "at_least"),  # a missing value can only add
        (["more_than"], True, "more_than"),
        (["approx", "more_than"], False, "approx"),
        (["up_to", ""], False, "up_to"),
        (["up_to"], True, "approx"),  # an upper bound plus an unknown part bounds nothing
        (["up_to", "at_least"], False, "approx"),
    ],
)
def test_combine_qualifiers(qualifiers, incomplete, expected):
    assert combine_qualifiers(qualifiers, incomplete=incomplete) == expected


@pytest.mark.parametrize(
    ("value", "qualifier", "unit", "expected"),
    [
        ("122946015", "", "Euro", ("122900000", "approx")),
        ("151713639", "at_least", "Euro", ("151700000", "at_least")),
        ("151799999", "more_than", "Euro", ("151700000", "more_than")),  # a lower bound is never rounded up
        ("151700001", "up_to", "Euro", ("151800000", "up_to")),  # an upper bound is never rounded down
        ("2000000", "", "Euro", ("2000000", "")),  # nothing rounded, still exact
        ("861077", "", "Euro", ("861077", "")),
        ("1541", "", "Jugendliche", ("1541", "")),
    ],
)
def test_rounded_keeps_the_qualifier_true(value, qualifier, unit, expected):
    short, word = rounded(Decimal(value), qualifier, unit)
    assert (short, word) == (Decimal(expected[0]), expected[1])


# a small programme to roll up ---------------------------------------------------------------------------------------


@pytest.fixture
def rollup_projects(db):
    programme = ensure_reference_data()
    report = SourceDocumentFactory(filename="bericht.txt", sha256="c" * 64, date=date(2024, 12, 31), lines=100)

    def project(code: str, published: bool = True) -> Project:
        p = ProjectFactory(programme=programme, code=code, field_slug=None, status="")
        if published:
            state(p, "title", report, p.title, line=1)
        return p

    def indicator(p: Project, name: str, *values: tuple[str, str, date, int]) -> Indicator:
        ind = Indicator.objects.create(project=p, name=name, unit="Jugendliche")
        for value, qualifier, as_of, line in values:
            IndicatorValue.objects.create(
                indicator=ind,
                document=report,
                value=Decimal(value),
                qualifier=qualifier,
                as_of=as_of,
                start_line=line,
                end_line=line,
                sentence=f"Satz in Zeile {line}",
            )
        return ind

    a, b, c, secret = project("01-01"), project("02-01"), project("03-01"), project("99-99", published=False)
    talents = indicator(
        a, "Jugendliche erreicht", ("500", "", date(2023, 12, 31), 10), ("1500", "approx", date(2024, 12, 31), 11)
    )
    camps = indicator(b, "Teilnehmende", ("40", "more_than", date(2024, 10, 31), 20))
    empty = indicator(c, "Jugendliche beraten")
    hidden = indicator(secret, "Geheim", ("777777", "", date(2024, 12, 31), 30))
    return {
        "programme": programme,
        "report": report,
        "projects": (a, b, c, secret),
        "indicators": (talents, camps, empty, hidden),
    }


def define(**fields) -> ProgrammeIndicator:
    fields.setdefault("name", "Erreichte Jugendliche")
    fields.setdefault("aggregation", RollupAggregation.SUM)
    fields.setdefault("unit", "Jugendliche")
    return define_programme_indicator(acting_user=SYSTEM, **fields)


def test_sum_by_unit_is_approximate_lists_missing_and_keeps_each_date(rollup_projects):
    result = rollup(define(match_unit="jugendliche"), today=TODAY)
    assert result.total == Decimal("1540")
    assert result.qualifier == "approx"  # one "rund" makes the whole sum approximate
    assert result.figure == "rund 1.540"
    assert [(c.project.code, c.value, c.qualifier, c.as_of, c.start_line) for c in result.contributions] == [
        ("01-01", Decimal("1500"), "approx", date(2024, 12, 31), 11),
        ("02-01", Decimal("40"), "more_than", date(2024, 10, 31), 20),
    ]
    assert [(m.project.code, m.label) for m in result.missing] == [("03-01", "Jugendliche beraten")]
    assert result.stand == "Oktober 2024 bis Ende 2024"
    sentence = result.sentence
    assert sentence.startswith("Erreichte Jugendliche: rund 1.540 Jugendliche (Stand Oktober 2024 bis Ende 2024)")
    assert "aus 2 Projekten mit Werten verschiedener Stichtage" in sentence
    assert "Für 1 Projekt liegt kein Wert vor; es ist nicht mitgezählt." in sentence
    # the series: each contributor's latest value up to each date; earlier totals are lower bounds
    assert [(p.as_of, p.value, p.qualifier) for p in result.series] == [
        (date(2023, 12, 31), Decimal("500"), "at_least"),
        (date(2024, 10, 31), Decimal("540"), "more_than"),
        (date(2024, 12, 31), Decimal("1540"), "approx"),
    ]


def test_unpublished_projects_count_only_when_the_caller_asks_for_every_project(rollup_projects):
    indicator = define(match_unit="Jugendliche")
    public = rollup(indicator, today=TODAY)
    assert "99-99" not in {c.project.code for c in public.contributions} | {m.project.code for m in public.missing}
    office = rollup(indicator, projects=Project.objects.all(), today=TODAY)
    assert office.total == Decimal("1540") + Decimal("777777")


def test_explicit_contributions_and_lower_bound(rollup_projects):
    _talents, camps, _empty, _hidden = rollup_projects["indicators"]
    result = rollup(define(contributions=[camps]), today=TODAY)
    assert (result.total, result.qualifier, result.figure, result.missing) == (
        Decimal("40"),
        "more_than",
        "mehr als 40",
        [],
    )
    assert result.stand == "Oktober 2024"


def test_missing_value_makes_an_exact_sum_a_lower_bound(rollup_projects):
    talents, _camps, empty, _hidden = rollup_projects["indicators"]
    IndicatorValue.objects.filter(indicator=talents, qualifier="approx").update(qualifier="")
    result = rollup(define(contributions=[talents, empty]), today=TODAY)
    assert (result.total, result.figure) == (Decimal("1500"), "mindestens 1.500")
    without_gap = rollup(define(name="Nur TalentWerkstätten", contributions=[talents]), today=TODAY)
    assert (without_gap.figure, without_gap.missing) == ("1.500", [])


def test_project_count_is_exact_whatever_the_wording(rollup_projects):
    result = rollup(
        define(name="Projekte mit Jugendlichen", aggregation="project_count", unit="", match_unit="Jugendliche"),
        today=TODAY,
    )
    assert (result.total, result.qualifier, result.unit_label) == (Decimal(2), "", "Projekte")
    assert result.sentence.startswith("Projekte mit Jugendlichen: 2 Projekte (Stand")


def test_nothing_reported_yet(rollup_projects):
    _t, _c, empty, _h = rollup_projects["indicators"]
    result = rollup(
        define(name="Beratene", contributions=[empty], target=Decimal(100), target_date=date(2026, 12, 31)), today=TODAY
    )
    assert result.total is None and result.figure == "–"
    assert result.sentence.startswith("Beratene: noch kein Wert berichtet; Ziel: 100 Jugendliche bis Ende 2026.")
    assert result.progress.status == "not_assessable"


def test_target_assessment_uses_the_same_straight_line(rollup_projects):
    indicator = define(
        match_unit="Jugendliche",
        target=Decimal(3000),
        target_date=date(2026, 12, 31),
        baseline=Decimal(0),
        baseline_date=date(2022, 12, 31),
    )
    result = rollup(indicator, today=date(2024, 12, 31))
    # half the time has passed, 1.540 of 3.000 is more than the 1.500 the straight line asks for
    assert result.progress.status == "on_track"
    assert rollup(indicator, today=date(2025, 12, 31)).progress.status == "behind"


def test_funding_sums_current_statements_and_lists_the_rest(rollup_projects):
    a, b, _c, secret = rollup_projects["projects"]
    report = rollup_projects["report"]
    FundingStatement.objects.create(
        project=a,
        document=report,
        text="Projektvolumen: 1,5 Mio. Euro",
        volume_eur=Decimal("1500000"),
        start_line=40,
        end_line=41,
        spent_eur=Decimal("250000"),
        spent_as_of=date(2024, 6, 30),
    )
    FundingStatement.objects.create(
        project=b,
        document=report,
        text="nicht bezifferbar",
        determinable=False,
        reason="Teil eines Landesprogramms",
        start_line=50,
        end_line=50,
    )
    FundingStatement.objects.create(
        project=secret, document=report, text="geheim", volume_eur=Decimal("987654321"), start_line=60, end_line=60
    )
    volume = rollup(define(name="Projektvolumen", aggregation="funding_volume", unit="Stück"), today=TODAY)
    assert volume.indicator.unit == "Euro"  # funding is euros, whatever was typed
    assert (volume.total, volume.qualifier, volume.figure) == (
        Decimal("1500000"),
        "at_least",
        "mindestens 1,5\u00a0Mio. €",
    )
    assert [(x.project.code, x.start_line) for x in volume.contributions] == [("01-01", 40)]
    missing = {m.project.code: m for m in volume.missing}
    assert set(missing) == {"02-01", "03-01"}
    assert missing["02-01"].reason == "Teil eines Landesprogramms" and missing["02-01"].start_line == 50
    assert missing["03-01"].document is None
    spent = rollup(define(name="Verausgabt", aggregation="funding_spent"), today=TODAY)
    assert (spent.total, spent.contributions[0].as_of) == (Decimal("250000"), date(2024, 6, 30))
    assert {m.project.code for m in spent.missing} == {"02-01", "03-01"}


# services and rules ------------------------------------------------------------------------------------


ALLOWED = {"office": True, "superuser": True, "reviewer": False, "editor": False, "no_role": False}


@pytest.mark.parametrize("action", ["define", "update", "contributions", "delete"])
@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_only_the_office_changes_programme_indicators(rollup_projects, people, role, action):
    user = people[role]
    assert user.has_perm("programmes.change_programme_indicator") is ALLOWED[role]
    existing = define(name="Bestehend")
    calls = {
        "define": lambda: define_programme_indicator(acting_user=user, name="Neu", aggregation="sum"),
        "update": lambda: update_programme_indicator(existing, acting_user=user, name="Umbenannt"),
        "contributions": lambda: set_programme_indicator_contributions(
            existing, rollup_projects["indicators"][:1], acting_user=user
        ),
        "delete": lambda: delete_programme_indicator(existing, acting_user=user),
    }
    before = list(ProgrammeIndicator.objects.values_list("name", "version"))
    if ALLOWED[role]:
        calls[action]()
        assert list(ProgrammeIndicator.objects.values_list("name", "version")) != before
    else:
        with pytest.raises(PermissionDenied):
            calls[action]()
        assert list(ProgrammeIndicator.objects.values_list("name", "version")) == before


def test_changes_are_versioned_and_attributed(rollup_projects, people):
    office = people.office
    indicator = define(name="Start-ups")
    assert indicator.defined_by_system and indicator.defined_by is None
    updated = update_programme_indicator(indicator, acting_user=office, version=indicator.version, unit="Start-ups")
    assert (updated.defined_by, updated.defined_by_system, updated.version) == (office, False, 2)
    history = list(updated.history.order_by("history_date"))
    assert [h.history_user for h in history] == [None, office]
    assert [h.history_change_reason for h in history] == ["angelegt (System)", "geändert"]
    # the system never changes what a person defined
    again = update_programme_indicator(updated, acting_user=SYSTEM, unit="Firmen")
    assert again.unit == "Start-ups"
    assert (
        set_programme_indicator_contributions(
            updated, rollup_projects["indicators"][:1], acting_user=SYSTEM
        ).contributions.count()
        == 0
    )


def test_concurrent_edit_is_refused_not_overwritten(rollup_projects, people):
    indicator = define(name="Jugendliche")
    loaded = indicator.version
    update_programme_indicator(indicator, acting_user=people.office, version=loaded, name="Erste Änderung")
    with pytest.raises(ProgrammeIndicatorConflict):
        update_programme_indicator(indicator, acting_user=people.superuser, version=loaded, name="Zweite Änderung")
    assert ProgrammeIndicator.objects.get(pk=indicator.pk).name == "Erste Änderung"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "Namen"),
        ({"name": "X", "aggregation": "median"}, "Berechnung"),
        ({"name": "X", "aggregation": "sum", "target_qualifier": "ungefähr"}, "Angabe zum Ziel"),
        ({"name": "X", "aggregation": "sum", "colour": "rot"}, "Unbekannte Angabe"),
    ],
)
def test_bad_definitions_are_refused_in_german(rollup_projects, people, fields, message):
    with pytest.raises(ProgrammeIndicatorError, match=message):
        define_programme_indicator(acting_user=people.office, **fields)
    assert not ProgrammeIndicator.objects.exists()


def test_delete_keeps_history_and_project_indicators(rollup_projects, people):
    talents = rollup_projects["indicators"][0]
    indicator = define(contributions=[talents])
    delete_programme_indicator(indicator, acting_user=people.office)
    assert not ProgrammeIndicator.objects.exists()
    assert Indicator.objects.filter(pk=talents.pk).exists()
    assert ProgrammeIndicator.history.filter(history_type="-", history_user=people.office).count() == 1


# the reference set -------------------------------------------------------------------------------------


def _load(*args) -> dict:
    from io import StringIO

    out = StringIO()
    call_command("load_indicator_reference", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_reference_set_defines_programme_indicators_from_the_documents(imported):
    report = _load()
    assert report["programme_defined"] == [
        "erreichte-jugendliche",
        "unterstuetzte-start-ups",
        "zugesagte-foerdermittel",
        "verausgabte-mittel",
    ]
    assert report["programme_contribution_missing"] == []
    assert all(i.defined_by_system for i in ProgrammeIndicator.objects.all())
    youth = rollup(ProgrammeIndicator.objects.get(slug="erreichte-jugendliche"))
    assert youth.figure == "rund 1.500"
    (only,) = youth.contributions
    assert (only.project.code, only.start_line, only.document.filename) == (
        "01-01",
        1031,
        "fortschrittsbericht-2024.txt",
    )
    startups = rollup(ProgrammeIndicator.objects.get(slug="unterstuetzte-start-ups"))
    assert startups.figure == "mehr als 40"
    funding = rollup(ProgrammeIndicator.objects.get(slug="zugesagte-foerdermittel"))
    stated = sum(
        (
            s.volume_eur
            for s in FundingStatement.objects.filter(
                project__in=Project.objects.published(), volume_eur__isnull=False
            ).newest_first()
        ),
        Decimal(0),
    )
    # each project has one current statement here, so the roll-up is the sum of the stated volumes
    assert funding.total == stated and funding.missing
    assert "liegt kein Wert vor" in funding.sentence


def test_reference_set_is_idempotent_and_never_overrules_the_office(imported):
    _load()
    office = User.objects.create_user("l", "l@example.org", "pw-sehr-lang-123", role=Role.PROGRAMME_OFFICE)
    startups = ProgrammeIndicator.objects.get(slug="unterstuetzte-start-ups")
    update_programme_indicator(startups, acting_user=office, name="Begleitete Start-ups")
    second = _load()
    assert second["programme_defined"] == [] and second["programme_updated"] == []
    assert second["programme_decided_by_office"] == ["unterstuetzte-start-ups"]
    assert len(second["programme_unchanged"]) == 3
    assert ProgrammeIndicator.objects.get(slug="unterstuetzte-start-ups").name == "Begleitete Start-ups"


def test_bad_reference_file_names_file_entry_and_field_and_changes_nothing(imported, tmp_path):
    broken = tmp_path / "kaputt.json"
    broken.write_text(
        json.dumps(
            {"programme_indicators": [{"slug": "a", "name": "A", "aggregation": "sum"}, {"slug": "b", "name": "B"}]}
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"kaputt\.json: Eintrag 2: Feld „aggregation“ fehlt"):
        _load("--programme-indicators", str(broken))
    assert not ProgrammeIndicator.objects.exists()
    assert not IndicatorValue.objects.exists()  # the figures of the same run were rolled back too


def test_admin_goes_through_the_services(client, rollup_projects, people):
    client.force_login(people.superuser)
    assert client.get("/admin/programmes/programmeindicator/").status_code == 200
    talents = rollup_projects["indicators"][0]
    response = client.post(
        "/admin/programmes/programmeindicator/add/",
        {
            "slug": "jugendliche",
            "name": "Jugendliche",
            "unit": "Jugendliche",
            "direction": "increase",
            "aggregation": "sum",
            "match_unit": "",
            "contributions": [talents.pk],
            "target_qualifier": "",
            "method": "",
            "position": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = ProgrammeIndicator.objects.get(slug="jugendliche")
    assert (created.defined_by, created.defined_by_system) == (people.superuser, False)
    assert list(created.contributions.all()) == [talents]
    assert created.history.filter(history_user=people.superuser).exists()
    client.force_login(people.reviewer)
    assert client.get("/admin/programmes/programmeindicator/add/").status_code in (302, 403)


def test_slugs_are_unique_and_never_the_editors_new_address(rollup_projects):
    assert define(name="Neu").slug == "neu-2"
    assert define(name="Erreichte Jugendliche").slug == "erreichte-jugendliche"
    assert define(name="Erreichte Jugendliche").slug == "erreichte-jugendliche-2"
    with pytest.raises(ProgrammeIndicatorError, match="neu"):
        define(name="X", slug="neu")


def test_a_missing_acting_user_is_refused_not_taken_for_the_system(imported):
    # Passing no user once skipped the permission check: a view that forgot its user acted as the system.
    with pytest.raises(PermissionDenied):
        define_programme_indicator(acting_user=None, name="Ohne Handelnde", aggregation="sum")
    assert not ProgrammeIndicator.objects.filter(name="Ohne Handelnde").exists()
    assert define_programme_indicator(acting_user=SYSTEM, name="Vom System", aggregation="sum").defined_by_system
