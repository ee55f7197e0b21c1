"""Advances (voorschotten) as items of the municipality's payment batches."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from besluiten.choices import DecisionKind
from betalingen.sources import PaymentItem, StateSource
from kern import transitions
from kern.audit import save_as
from kern.money import euro
from kern.permissions import require
from subsidie.choices import AdvanceState, AwardState
from subsidie.models import Advance, Award
from subsidie.services import budget
from subsidie.services.applications import mail_on_commit
from subsidie.services.decisions import record_decision

# Awb 4:87: a sum owed under a decision is paid within six weeks after it became payable.
PAYMENT_TERM = timedelta(weeks=6)


def pay_by(advance):
    """Six weeks after the advance fell due, and never before six weeks after the decision."""
    decided_on = timezone.localdate(advance.award.decision.decided_at)
    return max(advance.due_date, decided_on) + PAYMENT_TERM


@transaction.atomic
def lower_remaining(actor, award, amount, reason):
    """Lowers the unpaid advances by `amount`, the last ones first (an advance lowered to
    nothing lapses), and releases it under the ceiling; returns the decision and its letter."""
    require(actor, "subsidie.decide_application")
    if not reason.strip():
        raise ValidationError("Schrijf waarom de voorschotten lager worden.")
    award = Award.objects.select_for_update().get(pk=award.pk)
    due = list(
        award.advances.select_for_update().filter(state=AdvanceState.DUE).order_by("-due_date")
    )
    if not 0 < amount <= sum(advance.amount for advance in due):
        raise ValidationError(
            "Verlaag met een bedrag boven nul en hooguit de voorschotten die nog niet betaald zijn "
            f"({euro(sum((advance.amount for advance in due), Decimal(0)))})."
        )
    left = amount
    for advance in due:
        if left <= 0:
            break
        part = min(left, advance.amount)
        _lower(actor, advance, part, reason)
        left -= part
    release_unpaid(actor, award, amount, f"Voorschotten verlaagd: {award.decision.reference}")
    return record_decision(
        actor,
        award.application,
        reason,
        timezone.now(),
        None,
        kind=DecisionKind.LOWER_ADVANCES,
        amount=amount,
        proposed_by=actor,
    )


def _lower(actor, advance, part, reason):
    if part == advance.amount:
        transitions.run(actor, advance, "cancel", reason=reason)
        return
    advance.amount -= part
    save_as(actor, advance)
    transitions.record(
        actor, advance, "lower", advance.state, f"Verlaagd met {euro(part)}: {reason}"
    )


def release_unpaid(actor, award, amount, description):
    """An unpaid amount back under the ceilings (see `unpaid_parts`)."""
    scheme = award.application.scheme
    for year, part in unpaid_parts(award, amount):
        budget.release_to_budget(actor, scheme, year, part, description, award)


def unpaid_parts(award, amount):
    """[(year, part)] of an unpaid amount, from the last year's tranche backwards: advances
    are paid in order, so what is left unpaid belongs to the later years."""
    parts = []
    for tranche in award.tranches.order_by("-year"):
        part = min(amount, tranche.amount)
        if part > 0:
            parts.append((tranche.year, part))
        amount -= part
    return parts


class AdvanceSource(StateSource):
    prefix = "advance"
    model = Advance
    payable_state = AdvanceState.DUE
    related = ("award__application__organisation", "award__decision")
    due_on = "due_date"
    ordering = ("due_date", "pk")

    def at_risk(self, until):
        # pay_by <= until holds exactly when both the due date and the decision day lie at
        # least the payment term before `until` (see `pay_by`).
        latest = until - PAYMENT_TERM
        return self._items(
            Advance.objects.filter(
                state__in=(AdvanceState.DUE, AdvanceState.BATCHED),
                due_date__lte=latest,
                award__decision__decided_at__date__lte=latest,
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
