"""Advances (voorschotten) as items of the municipality's payment batches."""

from datetime import timedelta

from django.utils import timezone

from betalingen.sources import PaymentItem, StateSource
from kern import transitions
from subsidie.choices import AdvanceState, AwardState
from subsidie.models import Advance
from subsidie.services.applications import mail_on_commit

# Awb 4:87: a sum owed under a decision is paid within six weeks after it became payable.
PAYMENT_TERM = timedelta(weeks=6)


def pay_by(advance):
    """Six weeks after the advance fell due, and never before six weeks after the decision."""
    decided_on = timezone.localdate(advance.award.decision.decided_at)
    return max(advance.due_date, decided_on) + PAYMENT_TERM


class AdvanceSource(StateSource):
    prefix = "advance"
    model = Advance
    payable_state = AdvanceState.DUE
    related = ("award__application__organisation", "award__decision")
    ordering = ("due_date", "pk")

    def payable(self, until):
        return super().payable(until).filter(due_date__lte=until)

    def at_risk(self, until):
        # pay_by <= until holds exactly when both the due date and the decision day lie at
        # least the payment term before `until` (see `pay_by`).
        latest = until - PAYMENT_TERM
        return self._items(
            Advance.objects.exclude(state=AdvanceState.PAID).filter(
                due_date__lte=latest, award__decision__decided_at__date__lte=latest
            )
        )

    def item(self, advance):
        organisation = advance.award.application.organisation
        reference = advance.award.decision.reference
        return PaymentItem(
            pay_by=pay_by(advance),
            key=f"{self.prefix}:{advance.pk}",
            kind="voorschot",
            reference=f"{reference} ({advance.number})",
            recipient=organisation.name,
            iban=organisation.iban,
            due=advance.due_date,
            amount=advance.amount,
            description=f"Voorschot {advance.number} subsidie {reference}",
        )

    def paid(self, actor, advance):
        award = advance.award
        if award.state == AwardState.GRANTED:
            transitions.run(actor, award, "activate")
        mail_on_commit(award.application, "advance_paid")
