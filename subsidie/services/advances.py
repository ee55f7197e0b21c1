"""Advances (voorschotten) as items of the municipality's payment batches."""

from betalingen.sources import PaymentItem, StateSource
from kern import transitions
from subsidie.choices import AdvanceState, AwardState
from subsidie.models import Advance
from subsidie.services.applications import mail_on_commit


class AdvanceSource(StateSource):
    prefix = "advance"
    model = Advance
    payable_state = AdvanceState.DUE
    related = ("award__application__organisation", "award__decision")
    ordering = ("due_date", "pk")

    def payable(self, until):
        return super().payable(until).filter(due_date__lte=until)

    def item(self, advance):
        organisation = advance.award.application.organisation
        reference = advance.award.decision.reference
        return PaymentItem(
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
