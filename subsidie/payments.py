"""Finance's work: due advances into payment batches, the bank file, and marking paid."""

import uuid

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


def due_advances(until):
    return (
        Advance.objects.filter(state=AdvanceState.DUE, due_date__lte=until)
        .select_related("award__application__organisation", "award__decision")
        .order_by("due_date", "pk")
    )


@transaction.atomic
def create_batch(actor, advance_ids, execution_date):
    require_role(actor, roles.FINANCE)
    advances = list(
        Advance.objects.select_for_update().filter(pk__in=advance_ids, state=AdvanceState.DUE)
    )
    if not advances:
        raise ValidationError("Kies minstens één voorschot dat nog betaald moet worden.")
    if execution_date < timezone.localdate():
        raise ValidationError("De uitvoeringsdatum kan niet in het verleden liggen.")
    # The reference carries the row number, so a unique placeholder comes first.
    batch = PaymentBatch.objects.create(
        reference=uuid.uuid4().hex[:20],
        execution_date=execution_date,
        created_by=actor,
    )
    batch.reference = f"BT-{timezone.localdate():%Y}-{batch.pk:05d}"
    batch.save(update_fields=["reference"])
    for advance in advances:
        advance.add_to_batch(batch)
        advance.save()
    return batch


def batch_advances(batch):
    return batch.advances.select_related("award__application__organisation", "award__decision")


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
    for advance in batch_advances(batch):
        transfer.add_payment(_payment(advance, batch))
    content = transfer.export(validate=True)
    batch.export()
    batch.save()
    return content


def _payment(advance, batch):
    organisation = advance.award.application.organisation
    decision = advance.award.decision
    return {
        "name": organisation.name[:70],
        "IBAN": organisation.iban,
        "amount": int(advance.amount * 100),
        "execution_date": batch.execution_date,
        "description": f"Voorschot {advance.number} subsidie {decision.reference}"[:140],
        "endtoend_id": f"{batch.reference}-{advance.pk}"[:35],
    }


BATCH_COLUMNS = [
    ("Besluit", None, 22),
    ("Voorschot", "0", 10),
    ("Ontvanger", None, 34),
    ("IBAN", None, 24),
    ("Te betalen op", exports.DATE, 14),
    ("Bedrag", exports.EURO, 14),
]


def batch_workbook(batch):
    rows = (
        [
            advance.award.decision.reference,
            advance.number,
            advance.award.application.organisation.name,
            advance.award.application.organisation.iban,
            advance.due_date,
            advance.amount,
        ]
        for advance in batch_advances(batch)
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
    for advance in batch_advances(batch).select_for_update(of=("self",)):
        advance.mark_paid()
        advance.save()
        award = advance.award
        if award.state == AwardState.GRANTED:
            award.activate()
            award.save()
        services.mail_on_commit(award.application, "advance_paid")
    return batch
