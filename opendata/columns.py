"""One column definition for export and import, so the two formats can never drift apart.

A `Column` knows its stable key (header of the machine-readable files), its
German heading (XLSX and the Excel CSV), how to read the value from a row and,
when it is editable, how to parse a cell back (with a German message naming
what is wrong) and which model field it writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from operations.cells import parse_spreadsheet_text
from operations.german_numbers import InputError, parse_amount_input


class CellError(ValueError):
    """A cell that cannot be read; the message is German and says what was expected."""


TRUE_WORDS = {"ja", "true", "wahr", "1", "x", "yes"}
FALSE_WORDS = {"nein", "false", "falsch", "0", "no", ""}


@dataclass(frozen=True)
class Dialect:
    """How numbers and truth values are written: machine CSV/JSON or German Excel."""

    name: str
    delimiter: str
    decimal: str
    german_headers: bool
    true: str
    false: str
    # Excel needs the BOM to read UTF-8; Python's csv and most other readers would take it for part of the
    # first column name, so the machine CSV goes without and says its charset in the Content-Type instead.
    bom: bool = False


MACHINE = Dialect("csv", ",", ".", False, "true", "false")
EXCEL_DE = Dialect("excel", ";", ",", True, "ja", "nein", bom=True)


UNITS = {"(Euro)": "EUR", "(%)": "%", "(km²)": "km²"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    get: Callable[[Any], Any]
    kind: str = "text"  # text, int, decimal, date, bool, choice, ref
    field: str | None = None  # model field an import writes; None = read-only
    # (code, German label): kind "choice", and codes of a text column (qualifiers such as "more_than"). The
    # machine files carry the code, the German ones (Excel CSV, XLSX) the label; an import accepts either.
    choices: tuple[tuple[str, str], ...] = ()
    resolve: Callable[[str], Any] | None = None  # kind "ref": code or name → object, None when unknown
    ref_code: Callable[[Any], str] | None = None  # kind "ref": object → the code the files show
    nullable: bool = True
    places: int = 2  # decimal places of kind "decimal"
    trim: bool = False  # kind "decimal": only the decimals the value has (head counts as 1500, not 1500.0000)
    max_length: int | None = None
    office_only: bool = False  # only in the office's round-trip files (row version)
    description: str = ""

    @property
    def editable(self) -> bool:
        return self.field is not None

    @property
    def unit(self) -> str:
        """The unit the heading names, for the data package: "Volumen (Euro)" → EUR."""
        for suffix, unit in UNITS.items():
            if self.header.endswith(suffix):
                return unit
        return ""

    # export -----------------------------------------------------------------------------
    def value(self, row: Any) -> Any:
        return self.get(row)

    def text(self, row: Any, dialect: Dialect) -> str:
        return to_text(self.shown(row, dialect), dialect)

    def shown(self, row: Any, dialect: Dialect) -> Any:
        """The value as a file of this dialect shows it: German labels instead of codes, trimmed decimals."""
        value = self.value(row)
        if dialect.german_headers and self.choices and isinstance(value, str) and value:
            value = self.label(value)
        if self.trim and isinstance(value, Decimal):
            value = trimmed(value)
        return value

    def label(self, code: str) -> str:
        return next((str(label) for c, label in self.choices if c == code), code)

    # import -----------------------------------------------------------------------------
    def parse(self, raw: Any, dialect: Dialect) -> Any:
        """Cell content → value comparable with `value(row)`; raises CellError."""
        if raw is None or (isinstance(raw, str) and raw.strip() == ""):
            if self.kind == "bool":
                return False
            if self.kind == "text":
                return ""
            if not self.nullable:
                raise CellError("darf nicht leer sein")
            return None
        if self.choices and self.kind != "choice" and isinstance(raw, str):
            word = raw.strip().lower()
            raw = next((code for code, label in self.choices if word == str(label).lower()), raw)
        parser = getattr(self, f"_parse_{self.kind}")
        return parser(raw, dialect)

    def _parse_text(self, raw: Any, dialect: Dialect) -> str:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        try:
            # the formula refusal and our own CSV escape, control characters and bidi overrides removed
            text = parse_spreadsheet_text(str(raw))
        except ValueError as exc:
            raise CellError(str(exc)) from exc
        if self.max_length and len(text) > self.max_length:
            raise CellError(f"ist zu lang ({len(text)} Zeichen, höchstens {self.max_length})")
        return text

    def _parse_int(self, raw: Any, dialect: Dialect) -> int:
        if isinstance(raw, bool):
            raise CellError("ist keine ganze Zahl")
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        text = str(raw).strip()
        if re.fullmatch(r"-?\d+", text):
            return int(text)
        raise CellError(f"„{raw}“ ist keine ganze Zahl")

    def _parse_decimal(self, raw: Any, dialect: Dialect) -> Decimal:
        if isinstance(raw, bool):
            raise CellError("ist keine Zahl")
        if isinstance(raw, int | float | Decimal):
            number = Decimal(str(raw))
        else:
            number = parse_number(str(raw), dialect.decimal)
        return number.quantize(Decimal(1).scaleb(-self.places), ROUND_HALF_UP)

    def _parse_date(self, raw: Any, dialect: Dialect) -> date:
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        text = str(raw).strip()
        for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise CellError(f"„{raw}“ ist kein Datum (TT.MM.JJJJ oder JJJJ-MM-TT)")

    def _parse_bool(self, raw: Any, dialect: Dialect) -> bool:
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellError(f"„{raw}“ ist weder „ja“ noch „nein“")

    def _parse_choice(self, raw: Any, dialect: Dialect) -> str:
        word = str(raw).strip()
        for code, label in self.choices:
            if word.lower() in (code.lower(), str(label).lower()):
                return code
        allowed = ", ".join(code for code, _label in self.choices)
        raise CellError(f"„{raw}“ ist kein erlaubter Wert (erlaubt: {allowed})")

    def _parse_ref(self, raw: Any, dialect: Dialect) -> str:
        word = str(raw).strip()
        found = self.resolve(word) if self.resolve else None
        if found is None:
            raise CellError(f"„{raw}“ ist unbekannt")
        return self.ref_code(found)

    # model ------------------------------------------------------------------------------
    def assign(self, obj: Any, value: Any) -> None:
        if self.kind == "ref" and self.resolve is not None:
            value = self.resolve(value) if value is not None else None
        setattr(obj, self.field, value)


def parse_number(text: str, decimal: str) -> Decimal:
    """German or machine notation: "1.234.567,89", "1234567,89", "1234567.89", "12 %", "1.500 €"."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace("€", "").replace("%", "")
    if decimal == ",":
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?|-?\d+(,\d+)?", cleaned):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        elif not re.fullmatch(r"-?\d+\.\d+", cleaned):  # "1234.5" typed into a German sheet is still clear
            try:  # "1,9 Mio.", "2,1 Millionen": read as the staff forms read them (operations.formfields)
                return parse_amount_input(text)
            except InputError:
                raise CellError(f"„{text}“ ist keine Zahl") from None
    else:
        if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
            cleaned = cleaned.replace(",", "")
        elif not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
            raise CellError(f"„{text}“ ist keine Zahl")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise CellError(f"„{text}“ ist keine Zahl") from exc


def trimmed(value: Decimal) -> Decimal:
    """27.0000 → 27, 2.50 → 2.5 (never in exponent notation)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def to_text(value: Any, dialect: Dialect) -> str:
    """A value as the CSV cell of the given dialect."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return dialect.true if value else dialect.false
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.replace(".", ",") if dialect.decimal == "," else text
    if isinstance(value, float):
        text = repr(value)
        return text.replace(".", ",") if dialect.decimal == "," else text
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return str(value)


def to_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | tuple):
        return sorted(value) if isinstance(value, set) else list(value)
    return value
