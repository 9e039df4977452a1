"""Plausibility checks an editor sees before submitting a report: figures that contradict each other, dates
after the cut-off, sections copied unchanged from last year, a figure in the wording that differs from the field.

They warn, they do not forbid: an editor may confirm that a report is right as it is (a project with nothing
new to say, a figure deliberately rounded in the text). Each check names the field it concerns, so the page
can link to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from operations.german_numbers import format_date_de, format_euro
from sources.parsers.numbers import find_amounts

# Sections that describe this period; unchanged since last year they are most likely forgotten.
_PERIOD_SECTIONS = {
    "recent_development": gettext_lazy("Jüngste Entwicklung"),
    "current_status": gettext_lazy("Aktueller Stand"),
    "outlook": gettext_lazy("Ausblick"),
}


@dataclass(frozen=True)
class Check:
    field: str
    message: str


def previous_report(report):
    if not report.period.previous_id:
        return None
    return type(report).objects.filter(period_id=report.period.previous_id, project_id=report.project_id).first()


def check_report(report) -> list[Check]:
    checks: list[Check] = []
    cut_off = report.period.cut_off
    volume = report.volume_eur
    for name, label in (("spent_eur", _("verausgabt")), ("state_eur", _("Landesmittel"))):
        amount = getattr(report, name)
        if volume is not None and amount is not None and amount > volume:
            checks.append(
                Check(
                    name,
                    _("%(label)s (%(amount)s) ist größer als das Projektvolumen (%(volume)s).")
                    % {"label": label, "amount": format_euro(amount), "volume": format_euro(volume)},
                )
            )
    if report.spent_as_of and report.spent_as_of > cut_off:
        checks.append(
            Check(
                "spent_as_of",
                _("„verausgabt, Stand“ (%(date)s) liegt nach dem Stichtag %(cut_off)s.")
                % {"date": format_date_de(report.spent_as_of), "cut_off": format_date_de(cut_off)},
            )
        )
    late = [m for m in report.milestones or [] if _after(m, cut_off)]
    if late:
        checks.append(
            Check(
                "milestones",
                _(
                    "%(n)d Meilenstein(e) liegen nach dem Stichtag %(cut_off)s (z. B. „%(text)s“); gehört das in den Ausblick?"
                )
                % {"n": len(late), "cut_off": format_date_de(cut_off), "text": (late[0].get("text") or "")[:60]},
            )
        )
    previous = previous_report(report)
    if previous is not None:
        for name, label in _PERIOD_SECTIONS.items():
            text = (getattr(report, name) or "").strip()
            if text and text == (getattr(previous, name) or "").strip():
                checks.append(
                    Check(
                        name,
                        _("„%(label)s“ ist wörtlich wie in „%(period)s“. Ist der Stand wirklich unverändert?")
                        % {"label": label, "period": previous.period.title},
                    )
                )
    checks.extend(_wording_against_fields(report))
    checks.extend(_places_against_volume(report))
    return checks


def _places_against_volume(report) -> list[Check]:
    """More money for the places than the whole project has: a typo ("21 Mio." for "2,1 Mio.") or an outdated
    volume. Only money that counts as the places' own (not applied for, not planned) is added up."""
    from places.models import NOT_ATTRIBUTED_KINDS

    from .indicator_entries import as_decimal

    volume = report.volume_eur
    if volume is None:
        return []
    counted = [
        (i, as_decimal(r.get("funding_eur")))
        for i, r in enumerate(report.local_references or [])
        if as_decimal(r.get("funding_eur")) is not None and r.get("funding_kind") not in NOT_ATTRIBUTED_KINDS
    ]
    total = sum((amount for _i, amount in counted), Decimal(0))
    if not counted or total <= volume:
        return []
    return [
        Check(
            f"ort-{counted[0][0]}-amount",
            _("Die Beträge der Ortsbezüge (zusammen %(total)s) sind größer als das Projektvolumen (%(volume)s).")
            % {"total": format_euro(total), "volume": format_euro(volume)},
        )
    ]


def _after(milestone: dict, cut_off) -> bool:
    year = milestone.get("year_end") or milestone.get("year")
    if not year:
        return False
    if int(year) != cut_off.year:
        return int(year) > cut_off.year
    month = milestone.get("month")
    return bool(month and int(month) > cut_off.month)


def _wording_against_fields(report) -> list[Check]:
    """'1,9 Millionen Euro' in the wording but 2.100.000 in the field: one of the two is outdated."""
    stated = [a.value for a in find_amounts(report.funding_text or "")]
    if not stated or not report.funding_determinable:
        return []
    fields = {
        "volume_eur": report.volume_eur,
        "state_eur": report.state_eur,
        "spent_eur": report.spent_eur,
        "annual_eur": report.annual_eur,
    }
    known = {Decimal(v) for v in fields.values() if v is not None}
    if not known:
        return []
    unmatched = [value for value in stated if not any(abs(value - k) < Decimal(1) for k in known)]
    if not unmatched:
        return []
    return [
        Check(
            "funding_text",
            _(
                "Der Wortlaut des Projektvolumens nennt %(stated)s, die Felder nennen %(fields)s. Bitte angleichen "
                "oder bestätigen."
            )
            % {
                "stated": ", ".join(format_euro(v) for v in unmatched),
                "fields": ", ".join(format_euro(v) for v in sorted(known)),
            },
        )
    ]


_PERIOD_TEXTS = {
    "editorial": gettext_lazy("Editorial"),
    "overview": gettext_lazy("Überblick"),
    "outlook": gettext_lazy("Rückblick und Ausblick"),
}


def check_period_texts(period) -> list[Check]:
    """Paragraphs of the period's texts that still carry last year's figures: copied unchanged from the previous
    edition (a new period starts with its texts) and containing a number or date."""
    import re

    previous = period.previous
    if previous is None:
        return []
    checks = []
    for name, label in _PERIOD_TEXTS.items():
        before = {p.strip() for p in re.split(r"\n\s*\n", getattr(previous, name) or "") if p.strip()}
        for paragraph in re.split(r"\n\s*\n", getattr(period, name) or ""):
            paragraph = paragraph.strip()
            if paragraph in before and re.search(r"\d", paragraph):
                checks.append(
                    Check(
                        name,
                        _(
                            "%(label)s: „%(start)s …“ steht unverändert wie in „%(period)s“ und nennt Zahlen. Noch aktuell?"
                        )
                        % {"label": label, "start": paragraph[:80], "period": previous.title},
                    )
                )
    return checks
