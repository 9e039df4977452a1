"""Spreadsheet cells that cannot be weaponised, and text input without invisible tricks.

Formula injection: a cell that begins with `=`, `+`, `-` or `@` (also after leading spaces, a tab or a carriage
return), or with a tab or carriage return itself, is run as a formula by Excel and LibreOffice when a CSV is
opened, and an XLSX string cell becomes one as soon as somebody edits it. Text from proposals, uploads and
imported documents reaches every download, so every CSV and XLSX writer passes its cells through here:

- CSV: such a cell gets a leading apostrophe (OWASP's advice); the round trip takes it off again
  (`parse_spreadsheet_text`), so an unchanged re-upload changes nothing.
- XLSX: cells are written as strings (never formulas) with Excel's "quote prefix" style, which keeps them text
  when edited; the value itself stays unchanged.
- Numbers ("-1.234,50", "+49") are left alone: they are figures, not formulas.

Control characters (ESC, BEL, …) cannot be stored in XLSX at all (openpyxl refuses them, the download answered
500); bidirectional overrides make "gpj.exe" read as "exe.jpg". Both are removed from cells, and from text input by
`clean_text` (idea form, round trip, staff forms).
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext

FORMULA_TRIGGERS = "=+-@＝＋－＠"
_LEADING = " \t\r\n\u00a0"
_NUMBER = re.compile(r"[-+−]?\d[\d.,'\u00a0 ]*(?:[eE][+-]?\d+)?\s*%?")
# C0 controls except tab, line feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates (the zero-width marks LRM/RLM are harmless and kept).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would run the text as a formula (and it is not a plain number)."""
    if not text:
        return False
    if text[0] in "\t\r":
        return True
    stripped = text.lstrip(_LEADING)
    return bool(stripped) and stripped[0] in FORMULA_TRIGGERS and not _NUMBER.fullmatch(stripped)


def is_formula_input(text: str) -> bool:
    """The stricter test for input (idea form, round trip): what `looks_like_formula` finds, except a dash
    before a space or a digit ("- erster Punkt", "-5 Grad"), which people type and no formula starts with."""
    if not looks_like_formula(text):
        return False
    stripped = text.lstrip(_LEADING)
    return not (stripped[:1] in "-－" and stripped[1:2] in {"", " ", *"0123456789"})


def strip_invisible(text: str) -> str:
    """Without control characters (tab and line breaks stay) and bidirectional overrides."""
    return _BIDI.sub("", _CONTROL.sub("", text))


def clean_text(text: str) -> str:
    """Text input as stored: line breaks normalised, control characters and bidi overrides removed."""
    return strip_invisible(text.replace("\r\n", "\n").replace("\r", "\n"))


def csv_cell(value: Any) -> str:
    """One CSV field, neutralised."""
    text = "" if value is None else strip_invisible(str(value))
    return "'" + text if looks_like_formula(text) else text


def csv_row(values) -> list[str]:
    return [csv_cell(v) for v in values]


def xlsx_value(value: Any) -> Any:
    """A value openpyxl can store: strings without control characters; other types unchanged."""
    return strip_invisible(value) if isinstance(value, str) else value


def protect_cell(cell) -> None:
    """After openpyxl assigned the value: a string stays a string, and one that looks like a formula is
    marked with the quote prefix so that editing it in Excel keeps it text."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if looks_like_formula(cell.value):
            cell.quotePrefix = True


def append_row(sheet, values) -> None:
    """`sheet.append(values)`, neutralised."""
    sheet.append([xlsx_value(v) for v in values])
    for cell in sheet[sheet.max_row]:
        protect_cell(cell)


def parse_spreadsheet_text(raw: str) -> str:
    """A text cell of an uploaded spreadsheet: our own CSV escape (leading apostrophe) taken off; a formula
    refused with ValueError (German); control characters and bidi overrides removed."""
    text = raw
    if text.startswith("'") and looks_like_formula(text[1:]):
        return clean_text(text[1:])
    if is_formula_input(text):
        raise ValueError(formula_refused())
    return clean_text(text)


def formula_refused() -> str:
    return gettext("beginnt wie eine Tabellenformel (=, +, -, @ oder Tabulator); Formeln werden nicht übernommen")
