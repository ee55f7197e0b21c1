"""Issuing vouchers within the ceiling, revoking one, and letting them expire after the
school year."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from besluiten.choices import DecisionKind
from besluiten.services import decisions as taking
from kern import transitions
from kern.permissions import require
from subsidie.services import budget
from vouchers import codes, letters
from vouchers.models import (
    EntryKind,
    PassHolder,
    Voucher,
    VoucherEntry,
    VoucherState,
    VoucherTerms,
)


@dataclass
class IssueResult:
    issued: int
    over_ceiling: int


def eligible_children(terms):
    """Active pass holders of the right age, valid in the school year, without a voucher."""
    oldest, youngest = terms.birth_dates()
    return (
        PassHolder.objects.filter(
            active=True,
            valid_from__lte=terms.school_year_end,
            valid_until__gte=terms.school_year_start,
            date_of_birth__range=(oldest, youngest),
        )
        .exclude(vouchers__terms=terms)
        .order_by("pass_number")
    )


@transaction.atomic
def issue_vouchers(actor, terms):
    """One voucher per eligible child, never two, and never beyond the ceiling: children
    who do not fit are left out (and counted), to be issued if budget comes free."""
    require(actor, "vouchers.issue_vouchers")
    scheme, year, value = terms.scheme, terms.budget_year, terms.value_per_child
    # The year's ceiling stays locked until this transaction ends: two issuing runs queue.
    budgets = budget.lock(scheme, [(year, Decimal(0))])
    room = budget.available(budgets[year])
    children = list(eligible_children(terms))
    fitting = children[: int(room // value)]
    if fitting:
        vouchers = bulk_create_with_history(
            [
                Voucher(
                    terms=terms,
                    pass_holder=child,
                    code=codes.generate(),
                    value=value,
                    balance=value,
                )
                for child in fitting
            ],
            Voucher,
            default_user=actor,
        )
        VoucherEntry.objects.bulk_create(
            VoucherEntry(voucher=voucher, kind=EntryKind.ISSUE, amount=value)
            for voucher in vouchers
        )
        budget.commit(
            actor,
            budgets,
            [(year, value * len(fitting))],
            description=f"{len(fitting)} vouchers uitgegeven",
        )
    return IssueResult(issued=len(fitting), over_ceiling=len(children) - len(fitting))


@transaction.atomic
def expire_vouchers(today):
    """After the school year, unspent balances return to the scheme's budget."""
    expired = 0
    for terms in VoucherTerms.objects.filter(school_year_end__lt=today):
        vouchers = terms.vouchers.select_for_update().filter(
            state__in=[VoucherState.ISSUED, VoucherState.ACTIVE]
        )
        unspent = sum(
            (_close(None, voucher, "expire", EntryKind.EXPIRY) for voucher in vouchers),
            Decimal(0),
        )
        expired += len(vouchers)
        if unspent:
            budget.release_to_budget(
                None, terms.scheme, terms.budget_year, unspent, "vouchers verlopen, niet besteed"
            )
    return expired


@transaction.atomic
def revoke_voucher(actor, voucher, reason):
    """Takes back a voucher that was issued wrongly or whose holder lost the right to it;
    its unspent balance returns to the scheme's budget (Awb 4:48: the reason is recorded in
    the decision, whose letter goes to the parents)."""
    require(actor, "vouchers.issue_vouchers")
    if not reason.strip():
        raise ValidationError("Schrijf waarom de voucher wordt ingetrokken.")
    voucher = (
        Voucher.objects.select_for_update()
        .select_related("terms__scheme", "pass_holder")
        .get(pk=voucher.pk)
    )
    unspent = _close(actor, voucher, "revoke", EntryKind.REVOCATION, reason)
    if unspent:
        terms = voucher.terms
        budget.release_to_budget(
            actor, terms.scheme, terms.budget_year, unspent, f"voucher {voucher.code} ingetrokken"
        )
    taking.record(
        actor,
        voucher,
        DecisionKind.REVOKE_VOUCHER,
        f"V{voucher.terms_id}-I{voucher.pk}",
        reason,
        lambda decision: revocation_letter(voucher, decision),
        amount=unspent,
    )
    return voucher


def revocation_letter(voucher, decision):
    letter = letters.Letter(decision.reference, decision.sent_on, [voucher])
    return letters.revocation_letter(letter, decision.reasoning, decision.amount)


@transaction.atomic
def reinstate_on_objection(actor, voucher, objection):
    """Awb 7:11: a founded objection undoes the revocation. The voucher comes back in the
    state it had, with the balance it lost, committed again under the ceiling: where the
    ceiling has no room left, nothing changes and the decision maker is told."""
    require(actor, "besluiten.decide_objection")
    voucher = (
        Voucher.objects.select_for_update()
        .select_related("terms__scheme", "pass_holder")
        .get(pk=voucher.pk)
    )
    revoked = revocation(voucher)
    if voucher.state != VoucherState.REVOKED or revoked is None:
        raise ValidationError("Deze voucher is niet ingetrokken.")
    terms, unspent = voucher.terms, revoked.amount or Decimal(0)
    budgets = budget.lock(terms.scheme, [(terms.budget_year, unspent)])
    before = voucher.history.exclude(state=VoucherState.REVOKED).order_by("-history_date")[0]
    reason = f"Na bezwaar {objection.reference}: {objection.reasoning}"
    transitions.run(actor, voucher, "reinstate", unspent, before.state, reason=reason)
    if unspent:
        VoucherEntry.objects.create(voucher=voucher, kind=EntryKind.CORRECTION, amount=unspent)
        budget.commit(
            actor,
            budgets,
            [(terms.budget_year, unspent)],
            description=f"voucher {voucher.code} hersteld na bezwaar",
        )
    return taking.record(
        actor,
        voucher,
        DecisionKind.REINSTATE_VOUCHER,
        f"V{voucher.terms_id}-H{voucher.pk}",
        reason,
        lambda decision: _reinstatement_letter(voucher, decision),
        amount=unspent,
        replaces=revoked,
        objection_reference=objection.reference,
    )


def _reinstatement_letter(voucher, decision):
    letter = letters.Letter(decision.reference, decision.sent_on, [voucher])
    return letters.reinstatement_letter(letter, decision)


def revocation(voucher):
    """The decision that revoked the voucher, or None."""
    return taking.latest(voucher, [DecisionKind.REVOKE_VOUCHER])


def _close(actor, voucher, transition, kind, reason=""):
    """Ends a locked voucher; returns the balance it had, written off in its ledger."""
    unspent = voucher.balance
    transitions.run(actor, voucher, transition, reason=reason)
    if unspent:
        VoucherEntry.objects.create(voucher=voucher, kind=kind, amount=-unspent)
    return unspent
