"""Reading and checking a pass-holder file (XLSX or CSV) from the pass administration.

Everything here is pure Python over the file: it never writes to the database. The result
is a list of valid rows and a list of problems, each with its line number and a reason in
plain Dutch, so an officer can fix the file at the source.
"""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import ValidationError

MAX_BYTES = 10 * 1024 * 1024
# A formula cell (or text a spreadsheet would run as one) is refused, never evaluated.
FORMULA_START = ("=", "+", "@")

# Column: (field, label); headers are matched without case, spaces or punctuation.
COLUMNS = {
    "pasnummer": ("pass_number", "pasnummer"),
    "huishoudnummer": ("household_number", "huishoudnummer"),
    "naam": ("name", "naam"),
    "geboortedatum": ("date_of_birth", "geboortedatum"),
    "postcode": ("postcode", "postcode"),
    "huisnummer": ("house_number", "huisnummer"),
    "geldigvanaf": ("valid_from", "geldig vanaf"),
    "geldigtot": ("valid_until", "geldig tot"),
}
_ALIASES = {"geldigtotenmet": "geldigtot", "geldigtm": "geldigtot"}
_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Za-z]{2})$")


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    pass_number: str
    household_number: str
    name: str
    date_of_birth: date
    postcode: str
    house_number: str
    valid_from: date
    valid_until: date

    FIELDS = (
        "pass_number",
        "household_number",
        "name",
        "date_of_birth",
        "postcode",
        "house_number",
        "valid_from",
        "valid_until",
    )

    def values(self):
        return tuple(getattr(self, field) for field in self.FIELDS)


def check_upload(uploaded):
    """Refuses what is not a spreadsheet of a sensible size; returns the file's suffix."""
    if uploaded.size > MAX_BYTES:
        raise ValidationError(
            "Dit bestand is te groot (meer dan 10 MB). Een bestand met 100.000 pashouders is "
            "ongeveer 6 MB. Controleer of u het goede bestand kiest."
        )
    suffix = Path(uploaded.name).suffix.lower()
    head = uploaded.read(4)
    uploaded.seek(0)
    if suffix == ".xlsx" and head == b"PK\x03\x04" and _is_workbook(uploaded):
        return suffix
    if suffix == ".csv" and b"\x00" not in uploaded.read(4096):
        uploaded.seek(0)
        return suffix
    uploaded.seek(0)
    raise ValidationError(
        "Dit is geen Excel-bestand (.xlsx) of CSV-bestand. Sla de lijst op als .xlsx of .csv "
        "en probeer het opnieuw."
    )


def _is_workbook(uploaded):
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        uploaded.seek(0)


def read_cells(handle, suffix):
    """Yields (line number, list of cell values), header first."""
    if suffix == ".xlsx":
        yield from _xlsx_cells(handle)
    else:
        yield from _csv_cells(handle)


def _xlsx_cells(handle):
    from openpyxl import load_workbook

    # Not data_only: a formula must show up as a formula, so it can be refused.
    workbook = load_workbook(handle, read_only=True, data_only=False)
    try:
        for number, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True), 1):
            yield number, list(row)
    finally:
        workbook.close()


def _csv_cells(handle):
    raw = handle.read()
    text = _decode(raw)
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t") if text.strip() else csv.excel
    yield from enumerate(csv.reader(io.StringIO(text), dialect), 1)


def _decode(raw):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return codecs.decode(raw, encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("De tekens in dit bestand zijn niet te lezen. Sla het op als UTF-8.")


def header_map(header):
    """Column positions by field; refuses a file whose header misses a column."""
    keys = [re.sub(r"[^a-z]", "", str(cell or "").lower()) for cell in header]
    keys = [_ALIASES.get(key, key) for key in keys]
    missing = [label for key, (_, label) in COLUMNS.items() if key not in keys]
    if missing:
        raise ValidationError(
            "De eerste regel moet de kolomnamen hebben. Deze kolommen ontbreken: "
            + ", ".join(missing)
            + "."
        )
    return {COLUMNS[key][0]: keys.index(key) for key in COLUMNS}


def parse(cells, pattern):
    """Splits the rows into valid Rows and problems [(line, reason)]; rows never mix."""
    rows, problems, seen = [], [], {}
    numbers = iter(cells)
    try:
        _, header = next(numbers)
    except StopIteration:
        raise ValidationError("Het bestand is leeg.") from None
    columns = header_map(header)
    rule = re.compile(pattern)
    for line, cells_in_row in numbers:
        if not any(cell not in (None, "") for cell in cells_in_row):
            continue
        try:
            row = _row(line, cells_in_row, columns, rule)
        except ValueError as error:
            problems.append((line, str(error)))
            continue
        if row.pass_number in seen:
            problems.append(
                (line, f"pasnummer {row.pass_number} staat ook op regel {seen[row.pass_number]}")
            )
            continue
        seen[row.pass_number] = line
        rows.append(row)
    return rows, problems


def _row(line, cells, columns, rule):
    values = {}
    for field, position in columns.items():
        value = cells[position] if position < len(cells) else None
        if isinstance(value, str):
            value = value.strip()
            if value.startswith(FORMULA_START):
                raise ValueError(f"formule in kolom {field_label(field)}")
        if value in (None, ""):
            raise ValueError(f"{field_label(field)} is leeg")
        values[field] = value
    pass_number = _text(values["pass_number"])
    if not rule.match(pass_number):
        raise ValueError(f"pasnummer {pass_number} heeft niet de juiste vorm")
    dates = {
        field: _date(values[field], field)
        for field in ("date_of_birth", "valid_from", "valid_until")
    }
    if dates["valid_until"] < dates["valid_from"]:
        raise ValueError("geldig tot ligt vóór geldig vanaf")
    return Row(
        line=line,
        pass_number=pass_number,
        household_number=_text(values["household_number"]),
        name=_text(values["name"])[:200],
        postcode=_postcode(values["postcode"]),
        house_number=_text(values["house_number"])[:10],
        **dates,
    )


def field_label(field):
    return next(label for key, (name, label) in COLUMNS.items() if name == field)


def _text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value, field):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 10 and text[4] == "-":
            return date.fromisoformat(text)
        if len(text) == 10 and text[2] == text[5] == "-":  # the usual 31-12-2026, quickly
            return date(int(text[6:]), int(text[3:5]), int(text[:2]))
        day, month, year = re.split(r"[-/.]", text)
        return date(int(year), int(month), int(day))
    except (ValueError, IndexError):
        raise ValueError(
            f"{field_label(field)} ‘{text}’ is geen datum (gebruik 31-12-2026)"
        ) from None


def _postcode(value):
    match = _POSTCODE.match(_text(value))
    if not match:
        raise ValueError(f"postcode ‘{value}’ klopt niet")
    return f"{match.group(1)} {match.group(2).upper()}"
