"""Validators for Dutch identifiers and the low-threshold fee, with messages in plain Dutch."""

import zipfile
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from stdnum import iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import brin, postcode

# "Laagdrempelig" means free or at most EUR 10 per pupil per hour (seed 000, note 1).
MAX_LOW_THRESHOLD_FEE = Decimal("10.00")


def validate_postcode(value):
    try:
        postcode.validate(value)
    except StdnumError as error:
        raise ValidationError(
            "Vul een geldige Nederlandse postcode in, bijvoorbeeld 2511 AB.", code="postcode"
        ) from error


def validate_iban(value):
    try:
        iban.validate(value)
    except StdnumError as error:
        raise ValidationError(
            "Dit IBAN klopt niet. Controleer het nummer, bijvoorbeeld NL91 ABNA 0417 1643 00.",
            code="iban",
        ) from error


def validate_brin(value):
    try:
        compact = brin.validate(value)
    except StdnumError as error:
        raise ValidationError(
            "Een BRIN-nummer heeft 2 cijfers en 2 letters, bijvoorbeeld 05KD.", code="brin"
        ) from error
    if len(compact) != 4:
        raise ValidationError(
            "Vul hier alleen het BRIN-nummer in (4 tekens); het vestigingsnummer heeft een "
            "eigen veld.",
            code="brin",
        )


def validate_branch_number(value):
    if not (len(value) == 2 and value.isdigit()):
        raise ValidationError(
            "Het vestigingsnummer bestaat uit 2 cijfers, bijvoorbeeld 00.", code="branch"
        )


def validate_kvk(value):
    if not (len(value) == 8 and value.isdigit()):
        raise ValidationError(
            "Een KvK-nummer bestaat uit precies 8 cijfers, zonder spaties.", code="kvk"
        )


def validate_low_threshold_fee(value):
    if value is None:
        return
    if value < 0:
        raise ValidationError("Het bedrag kan niet lager zijn dan € 0.", code="fee_negative")
    if value > MAX_LOW_THRESHOLD_FEE:
        raise ValidationError(
            "Meer dan € 10 per leerling per uur is niet laagdrempelig. Vraag € 10 of minder, "
            "of bied de begeleiding kosteloos aan.",
            code="fee_too_high",
        )


def normalise_postcode(value):
    """Writes a valid postcode as 2511 AB; leaves anything else for the validator to report."""
    try:
        return postcode.validate(value)
    except StdnumError:
        return value


def normalise_iban(value):
    return iban.compact(value) if value else value


MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# Each allowed type: its content type and how to recognise the file by its content, so a
# renamed executable or macro file is refused whatever its name says.
_UPLOAD_TYPES = {
    ".pdf": ("application/pdf", None),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xl/workbook.xml",
    ),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "word/document.xml",
    ),
}


def validate_upload(uploaded):
    """Checks size and real file type of an uploaded attachment; returns its content type."""
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "Dit bestand is te groot. Een bijlage mag hooguit 10 MB zijn.", code="too_big"
        )
    extension = Path(uploaded.name).suffix.lower()
    if extension not in _UPLOAD_TYPES:
        raise ValidationError(
            "Dit soort bestand kunt u niet meesturen. Gebruik PDF, Excel (.xlsx) of Word (.docx).",
            code="file_type",
        )
    content_type, marker = _UPLOAD_TYPES[extension]
    if not _content_matches(uploaded, marker):
        raise ValidationError(
            "Dit bestand is geen echt PDF-, Excel- of Word-bestand. Sla het opnieuw op en "
            "probeer het nog eens.",
            code="file_content",
        )
    return content_type


def _content_matches(uploaded, marker):
    uploaded.seek(0)
    try:
        if marker is None:
            return uploaded.read(5) == b"%PDF-"
        if not zipfile.is_zipfile(uploaded):
            return False
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
        return marker in names and not any(name.endswith("vbaProject.bin") for name in names)
    finally:
        uploaded.seek(0)
