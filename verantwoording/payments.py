"""Final payments after a settlement as items of the municipality's payment batches."""

from betalingen.sources import PaymentItem, StateSource
from verantwoording.choices import FinalPaymentState
from verantwoording.models import FinalPayment
from verantwoording.services.settlements import PAYMENT_TERM


class FinalPaymentSource(StateSource):
    prefix = "final"
    model = FinalPayment
    payable_state = FinalPaymentState.DUE
    related = ("settlement__award__application__organisation", "decision")
    due_on = "due_date"
    ordering = ("due_date", "pk")

    def at_risk(self, until):
        return self._items(
            FinalPayment.objects.filter(
                state__in=(FinalPaymentState.DUE, FinalPaymentState.BATCHED),
                due_date__lte=until - PAYMENT_TERM,
            )
        )

    def item(self, payment):
        organisation = payment.settlement.award.application.organisation
        reference = payment.decision.reference
        return PaymentItem(
            # Awb 4:87: six weeks after the settlement made the sum payable.
            pay_by=payment.due_date + PAYMENT_TERM,
            key=f"{self.prefix}:{payment.pk}",
            kind="nabetaling",
            reference=reference,
            recipient=organisation.name,
            iban=organisation.iban,
            due=payment.due_date,
            amount=payment.amount,
            description=f"Nabetaling subsidie {reference}",
        )
