"""Finance's work: what is due goes into a payment batch, the bank file, marking paid.

A batch pays items from every registered source (see `betalingen.sources`); the batch, the
SEPA file and the Excel list treat them alike.
"""

import uuid
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from sepaxml import SepaTransfer

from betalingen import bankdays
from betalingen.choices import BatchState
from betalingen.models import PaymentBatch
from betalingen.sources import registered
from kern import exports, transitions
from kern.permissions import require

SEPA_SCHEMA = "pain.001.001.09"


def due_items(until):
    """What can be paid in a batch executed on `until`: payable and due by then."""
    return [item for source in registered().values() for item in source.due(until)]


def at_risk(until):
    """Unpaid items whose payment term (Awb 4:87) ends by `until`, the earliest first."""
    items = [item for source in registered().values() for item in source.at_risk(until)]
    return sorted(items, key=lambda item: (item.pay_by, item.key))


def batch_items(batch):
    return [item for source in registered().values() for item in source.in_batch(batch)]


@transaction.atomic
def batch_preview(item_keys, execution_date):
    """The chosen items as the confirmation page shows them, with their count and total."""
    chosen = set(item_keys)
    items = [item for item in due_items(execution_date) if item.key in chosen]
    return items, sum((item.amount for item in items), Decimal(0))


@transaction.atomic
def create_batch(actor, item_keys, execution_date):
    """A batch of the chosen items; every one must be payable and due by the execution
    date, which is a bank day today or later, or nothing is made."""
    require(actor, "betalingen.manage_payments")
    if execution_date < timezone.localdate():
        raise ValidationError("De uitvoeringsdatum kan niet in het verleden liggen.")
    if not bankdays.is_bank_day(execution_date):
        raise ValidationError("Kies een werkdag waarop banken betalingen uitvoeren.")
    sources = registered()
    by_source = defaultdict(list)
    for key in item_keys:
        prefix, _, pk = key.partition(":")
        if prefix in sources and pk.isdigit():
            by_source[prefix].append(int(pk))
    if not by_source:
        raise ValidationError("Kies minstens één betaling die nog moet gebeuren.")
    # The reference carries the row number, so a unique placeholder comes first.
    batch = PaymentBatch.objects.create(
        reference=uuid.uuid4().hex[:20], execution_date=execution_date, created_by=actor
    )
    added = sum(sources[prefix].add(actor, batch, ids) for prefix, ids in by_source.items())
    if added != sum(len(ids) for ids in by_source.values()):
        # Rolls the whole batch back: the page was older than the data, or an item falls
        # due after the execution date.
        raise ValidationError(
            "Niet alle gekozen betalingen kunnen op deze datum: een betaling is pas later te "
            "betalen, of is intussen al in een batch gezet. Bekijk de lijst opnieuw."
        )
    batch.reference = f"BT-{timezone.localdate():%Y}-{batch.pk:05d}"
    batch.save(update_fields=["reference"])
    return batch


@transaction.atomic
def export_sepa(actor, batch):
    """The credit-transfer file for the bank; exporting again gives the same payments."""
    require(actor, "betalingen.manage_payments")
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if not settings.PAYER_IBAN:
        raise ValidationError(
            "De rekening van de gemeente is niet ingesteld (PAYER_IBAN). Vraag de beheerder "
            "van het systeem dit in te stellen."
        )
    transfer = SepaTransfer(
        {
            "name": settings.PAYER_NAME,
            "IBAN": settings.PAYER_IBAN,
            "BIC": settings.PAYER_BIC,
            "batch": True,
            "currency": "EUR",
        },
        schema=SEPA_SCHEMA,
    )
    for item in batch_items(batch):
        transfer.add_payment(
            {
                "name": item.recipient[:70],
                "IBAN": item.iban,
                "amount": int(item.amount * 100),
                "execution_date": batch.execution_date,
                "description": item.description[:140],
                "endtoend_id": f"{batch.reference}-{item.key.replace(':', '')}"[:35],
            }
        )
    content = transfer.export(validate=True)
    transitions.run(actor, batch, "export")
    return content


BATCH_COLUMNS = [
    ("Soort", None, 12),
    ("Kenmerk", None, 24),
    ("Ontvanger", None, 34),
    ("IBAN", None, 24),
    ("Te betalen op", exports.DATE, 14),
    ("Bedrag", exports.EURO, 14),
]


def batch_workbook(batch):
    rows = (
        [item.kind, item.reference, item.recipient, item.iban, item.due, item.amount]
        for item in batch_items(batch)
    )
    return exports.workbook_bytes(batch.reference, BATCH_COLUMNS, rows)


@transaction.atomic
def mark_paid(actor, batch):
    require(actor, "betalingen.manage_payments")
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != BatchState.EXPORTED:
        raise ValidationError("Download eerst het bankbestand en stuur het naar de bank.")
    transitions.run(actor, batch, "mark_paid", timezone.now())
    for source in registered().values():
        source.mark_paid(actor, batch)
    return batch
