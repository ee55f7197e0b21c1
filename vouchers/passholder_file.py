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
# A formula cell (or text a spreadsheet would run as one) is refused, never evaluated; a
# leading minus too, unless a plain number follows it.
FORMULA_START = ("=", "+", "@", "-", "\t", "\r")
_PLAIN_NEGATIVE = re.compile(r"-\d+([.,]\d+)?")

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
    "straat": ("street", "straat"),
    "woonplaats": ("city", "woonplaats"),
}
# Columns a file may lack: the address for the household letters.
OPTIONAL = ("straat", "woonplaats")
# Headings as pass offices export them, matched to the columns above.
_ALIASES = {
    "geldigtotenmet": "geldigtot",
    "geldigtm": "geldigtot",
    "geldigvan": "geldigvanaf",
    "ingangsdatum": "geldigvanaf",
    "einddatum": "geldigtot",
    "pasnr": "pasnummer",
    "ooievaarspasnummer": "pasnummer",
    "huishouden": "huishoudnummer",
    "huishoudnr": "huishoudnummer",
    "gebdatum": "geboortedatum",
    "geboortedat": "geboortedatum",
    "huisnr": "huisnummer",
    "straatnaam": "straat",
    "adres": "straat",
    "plaats": "woonplaats",
    "gemeente": "woonplaats",
}
# A file with first and last name in two columns gets them joined into the name.
_NAME_PARTS = ("voornaam", "achternaam")
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
    street: str = ""
    city: str = ""

    FIELDS = (
        "pass_number",
        "household_number",
        "name",
        "date_of_birth",
        "postcode",
        "house_number",
        "valid_from",
        "valid_until",
        "street",
        "city",
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

    try:
        # Not data_only: a formula must show up as a formula, so it can be refused.
        workbook = load_workbook(handle, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
    except Exception as error:  # a damaged file raises whatever its damage causes
        raise ValidationError(_DAMAGED) from error
    try:
        for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
            yield number, list(row)
    except Exception as error:
        raise ValidationError(_DAMAGED) from error
    finally:
        workbook.close()


_DAMAGED = (
    "Dit Excel-bestand is beschadigd of niet te lezen. Open het in Excel, sla het opnieuw op "
    "als .xlsx en probeer het nog eens."
)


def _csv_cells(handle):
    raw = handle.read()
    text = _decode(raw)
    if not text.strip():
        return
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise ValidationError(
            "In dit CSV-bestand zijn de kolommen niet te vinden. Gebruik een puntkomma (;), "
            "komma of tab tussen de kolommen, zoals Excel doet bij ‘Opslaan als CSV’."
        ) from error
    yield from enumerate(rows, 1)


def _decode(raw):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return codecs.decode(raw, encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("De tekens in dit bestand zijn niet te lezen. Sla het op als UTF-8.")


class MissingColumns(ValidationError):
    """The header lacks columns; carries the file's headings so the administrator can say
    which heading holds which column (remembered for the next file)."""

    def __init__(self, missing, headings):
        super().__init__(
            "De eerste regel moet de kolomnamen hebben. Deze kolommen ontbreken: "
            + ", ".join(COLUMNS[key][1] for key in missing)
            + "."
        )
        self.missing, self.headings = missing, headings


def heading_key(heading):
    """A heading as matched: lower case, letters only."""
    return re.sub(r"[^a-z]", "", str(heading or "").lower())


def header_map(header, mapped=None):
    """Column positions by field (the name as one column, or first and last name as two);
    `mapped` adds the administrator's own headings ({heading key: column key})."""
    keys = [heading_key(cell) for cell in header]
    keys = [(mapped or {}).get(key) or _ALIASES.get(key, key) for key in keys]
    split_name = "naam" not in keys and all(part in keys for part in _NAME_PARTS)
    wanted = [key for key in COLUMNS if not (split_name and key == "naam")]
    missing = [key for key in wanted if key not in keys and key not in OPTIONAL]
    if missing:
        raise MissingColumns(missing, [str(cell) for cell in header if cell not in (None, "")])
    columns = {COLUMNS[key][0]: keys.index(key) for key in wanted if key in keys}
    if split_name:
        columns["name"] = tuple(keys.index(part) for part in _NAME_PARTS)
    return columns


def parse(cells, pattern, mapped=None):
    """Splits the rows into valid Rows and problems [(line, reason)]; rows never mix."""
    rows, problems, seen = [], [], {}
    numbers = iter(cells)
    try:
        _, header = next(numbers)
    except StopIteration:
        raise ValidationError("Het bestand is leeg.") from None
    columns = header_map(header, mapped)
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
    values = {
        field: _cell(cells, position, field, required=field not in _OPTIONAL_FIELDS)
        for field, position in columns.items()
    }
    pass_number = _pass_number(values["pass_number"], rule)
    dates = {
        field: _date(values[field], field)
        for field in ("date_of_birth", "valid_from", "valid_until")
    }
    _check_plausible(dates)
    return Row(
        line=line,
        pass_number=pass_number,
        household_number=_text(values["household_number"]),
        name=_text(values["name"])[:200],
        postcode=_postcode(values["postcode"]),
        house_number=_text(values["house_number"])[:10],
        street=_text(values.get("street", ""))[:100],
        city=_text(values.get("city", ""))[:60],
        **dates,
    )


_OPTIONAL_FIELDS = {COLUMNS[key][0] for key in OPTIONAL}


def _cell(cells, position, field, required=True):
    """One field's value; a name in two columns is joined (first name, then last name)."""
    if isinstance(position, tuple):
        parts = [_cell(cells, part, field) for part in position]
        return " ".join(_text(part) for part in parts)
    value = cells[position] if position < len(cells) else None
    if isinstance(value, str):
        value = value.strip()
        if value.startswith(FORMULA_START) and not _PLAIN_NEGATIVE.fullmatch(value):
            raise ValueError(f"formule in kolom {field_label(field)}")
    if value in (None, "") and required:
        raise ValueError(f"{field_label(field)} is leeg")
    return "" if value is None else value


def _pass_number(value, rule):
    """The pass number as text. A spreadsheet that stored it as a number dropped its leading
    zeros: with a fixed length they are put back, otherwise the row is refused."""
    number = _text(value)
    length = _fixed_length(rule.pattern)
    if number.isdigit() and length and len(number) < length:
        number = number.zfill(length)
    if not rule.match(number):
        if isinstance(value, int | float):
            raise ValueError(
                f"pasnummer {number} staat als getal in het bestand en is zijn voorloopnullen "
                "kwijt; zet de kolom in Excel op tekst"
            )
        raise ValueError(f"pasnummer {number} heeft niet de juiste vorm")
    return number


def _fixed_length(pattern):
    match = re.fullmatch(r"\^(?:\[0-9\]|\\d)\{(\d+)\}\$", pattern)
    return int(match.group(1)) if match else None


def _check_plausible(dates):
    """Dates a person cannot have or a pass cannot carry are refused, with the reason."""
    born = dates["date_of_birth"]
    if born > date.today() or born.year < 1900:
        raise ValueError(f"geboortedatum {born:%d-%m-%Y} kan niet kloppen")
    for field in ("valid_from", "valid_until"):
        if not 2000 <= dates[field].year <= 2100:
            raise ValueError(f"{field_label(field)} {dates[field]:%d-%m-%Y} kan niet kloppen")
    if dates["valid_until"] < dates["valid_from"]:
        raise ValueError("geldig tot ligt vóór geldig vanaf")


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
    parts = re.split(r"[-/.]", text)
    if len(parts) == 3 and 4 not in (len(parts[0]), len(parts[2])):
        raise ValueError(f"{field_label(field)} ‘{text}’ heeft geen jaar van vier cijfers")
    try:
        if len(parts[0]) == 4:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        day, month, year = parts
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
