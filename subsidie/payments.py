"""Finance's work: what is due goes into a payment batch, the bank file, marking paid.

A batch pays items from several sources: grant advances (here) and, registered by the
vouchers app, providers' monthly declarations. Each source knows its own items; the batch,
the SEPA file and the Excel list treat them alike, so this app never imports another.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from sepaxml import SepaTransfer

from subsidie import exports, roles, services
from subsidie.choices import AdvanceState, AwardState
from subsidie.models import Advance, PaymentBatch
from subsidie.roles import require_role

SEPA_SCHEMA = "pain.001.001.09"


@dataclass(frozen=True)
class PaymentItem:
    key: str  # "<source prefix>:<id>", unique over all sources
    kind: str
    reference: str
    recipient: str
    iban: str
    due: date
    amount: Decimal
    description: str


_SOURCES = {}


def register(source):
    """A source has a `prefix` and the methods due, add, in_batch and mark_paid."""
    _SOURCES[source.prefix] = source


class AdvanceSource:
    prefix = "advance"

    def _item(self, advance):
        organisation = advance.award.application.organisation
        reference = f"{advance.award.decision.reference} ({advance.number})"
        return PaymentItem(
            key=f"{self.prefix}:{advance.pk}",
            kind="voorschot",
            reference=reference,
            recipient=organisation.name,
            iban=organisation.iban,
            due=advance.due_date,
            amount=advance.amount,
            description=f"Voorschot {advance.number} subsidie {advance.award.decision.reference}",
        )

    def _related(self, queryset):
        return queryset.select_related(
            "award__application__organisation", "award__decision"
        ).order_by("due_date", "pk")

    def due(self, until):
        advances = Advance.objects.filter(state=AdvanceState.DUE, due_date__lte=until)
        return [self._item(advance) for advance in self._related(advances)]

    def add(self, batch, ids):
        advances = list(
            Advance.objects.select_for_update().filter(pk__in=ids, state=AdvanceState.DUE)
        )
        for advance in advances:
            advance.add_to_batch(batch)
            advance.save()
        return len(advances)

    def in_batch(self, batch):
        return [self._item(advance) for advance in self._related(batch.advances.all())]

    def mark_paid(self, batch):
        for advance in batch.advances.select_related("award__application"):
            advance.mark_paid()
            advance.save()
            award = advance.award
            if award.state == AwardState.GRANTED:
                award.activate()
                award.save()
            services.mail_on_commit(award.application, "advance_paid")


register(AdvanceSource())


def due_items(until):
    return [item for source in _SOURCES.values() for item in source.due(until)]


def batch_items(batch):
    return [item for source in _SOURCES.values() for item in source.in_batch(batch)]


@transaction.atomic
def create_batch(actor, item_keys, execution_date):
    require_role(actor, roles.FINANCE)
    if execution_date < timezone.localdate():
        raise ValidationError("De uitvoeringsdatum kan niet in het verleden liggen.")
    by_source = defaultdict(list)
    for key in item_keys:
        prefix, _, pk = key.partition(":")
        if prefix in _SOURCES and pk.isdigit():
            by_source[prefix].append(int(pk))
    # The reference carries the row number, so a unique placeholder comes first.
    batch = PaymentBatch.objects.create(
        reference=uuid.uuid4().hex[:20], execution_date=execution_date, created_by=actor
    )
    added = sum(_SOURCES[prefix].add(batch, ids) for prefix, ids in by_source.items())
    if not added:
        raise ValidationError("Kies minstens één betaling die nog moet gebeuren.")
    batch.reference = f"BT-{timezone.localdate():%Y}-{batch.pk:05d}"
    batch.save(update_fields=["reference"])
    return batch


@transaction.atomic
def export_sepa(actor, batch):
    """The credit-transfer file for the bank; exporting again gives the same payments."""
    require_role(actor, roles.FINANCE)
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
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
    batch.export()
    batch.save()
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
    require_role(actor, roles.FINANCE)
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != "exported":
        raise ValidationError("Download eerst het bankbestand en stuur het naar de bank.")
    batch.mark_paid(timezone.now())
    batch.save()
    for source in _SOURCES.values():
        source.mark_paid(batch)
    return batch
