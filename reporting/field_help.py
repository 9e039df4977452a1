"""What belongs in each section of a project page and how long it should be, shown under each field of the
editor's form. The lengths follow the printed Fortschrittsbericht: one page per project."""

from django.utils.translation import gettext_lazy as _

SECTION_HELP = {
    "summary": _("Zwei bis drei Sätze: Worum geht es, für wen? Etwa 400 Zeichen."),
    "value_added": _("Was hat das Ruhrgebiet davon, was ohne das Projekt fehlte? Etwa 600 Zeichen."),
    "approach": _("Wie wird das Projekt umgesetzt: Partner, Schritte, Förderung. Etwa 600 Zeichen."),
    "target_groups": _("Wer profitiert: Gruppen, Branchen, Kommunen. Stichworte genügen."),
    "recent_development": _("Was ist seit dem letzten Bericht geschehen? Nur Neues, mit Datum. Etwa 800 Zeichen."),
    "current_status": _("Der Stand zum Stichtag in wenigen Sätzen, mit Zahlen, wo es sie gibt. Etwa 600 Zeichen."),
    "outlook": _("Was ist bis Ende des genannten Jahres geplant? Etwa 600 Zeichen."),
    "funding_text": _(
        "Der Satz, wie er gedruckt wird, z. B. „1,9 Millionen Euro, davon 90 % Landesmittel; bis zum 31.12.2025 "
        "verausgabt: 1,2 Millionen Euro“. Die Beträge unten müssen dazu passen."
    ),
}


def add_section_help(form) -> None:
    for name, text in SECTION_HELP.items():
        if name in form.fields and not form.fields[name].help_text:
            form.fields[name].help_text = text
