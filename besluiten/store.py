"""A decision letter is stored once with its SHA-256 and never changed; every download checks
it first."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile


def store(record, content, field="document"):
    """A letter is stored once with its checksum; downloads check it (`unchanged`)."""
    record.sha256 = hashlib.sha256(content).hexdigest()
    getattr(record, field).save(f"{record.reference}.pdf", ContentFile(content), save=False)


def content_of(record, field="document"):
    """The stored letter, refused when it was changed or cannot be read."""
    if not unchanged(record, field):
        raise ValidationError("Dit document is beschadigd. Neem contact op met de gemeente.")
    with getattr(record, field).open("rb") as handle:
        return handle.read()


def unchanged(record, field="document"):
    """False if the stored letter was changed, or can no longer be read at all."""
    try:
        with getattr(record, field).open("rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest() == record.sha256
    except OSError:
        return False
