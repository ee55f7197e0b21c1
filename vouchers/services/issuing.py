"""Issuing vouchers within the ceiling, revoking one, and letting them expire after the
school year."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery
from simple_history.utils import bulk_create_with_history

from besluiten.choices import DecisionKind
from besluiten.models import Decision
from besluiten.services import decisions as taking
from kern import transitions
from kern.permissions import require
from subsidie.services import budget
from vouchers import codes, letters, tasks
from vouchers.models import (
    CeilingRefusal,
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
    """Active pass holders of the right age, valid in the school year, without a voucher;
    children refused at the ceiling first, in the order they were refused."""
    oldest, youngest = terms.birth_dates()
    refused = terms.refusals.filter(pass_holder=OuterRef("pk")).values("pk")
    return (
        PassHolder.objects.filter(
            active=True,
            valid_from__lte=terms.school_year_end,
            valid_until__gte=terms.school_year_start,
            date_of_birth__range=(oldest, youngest),
        )
        .exclude(vouchers__terms=terms)
        .annotate(refused=Subquery(refused))
        .order_by(F("refused").asc(nulls_last=True), "pass_number")
    )


@transaction.atomic
def issue_vouchers(actor, terms):
    """One voucher per eligible child, never two, and never beyond the ceiling: children
    who do not fit are refused (Awb 4:25), each with a decision letter made after this
    transaction, and are issued a voucher when budget comes free."""
    require(actor, "vouchers.issue_vouchers")
    scheme, year, value = terms.scheme, terms.budget_year, terms.value_per_child
    # The year's ceiling stays locked until this transaction ends: two issuing runs queue.
    budgets = budget.lock(scheme, [(year, Decimal(0))])
    room = budget.available(budgets[year])
    children = list(eligible_children(terms))
    fitting = children[: int(room // value)]
    if fitting:
        _issue(actor, terms, fitting, budgets, f"{len(fitting)} vouchers uitgegeven")
    if _refuse(terms, children[len(fitting) :]):
        transaction.on_commit(lambda: tasks.decide_refusals.delay(actor.pk, terms.pk))
    return IssueResult(issued=len(fitting), over_ceiling=len(children) - len(fitting))


def _issue(actor, terms, children, budgets, description):
    """Vouchers for `children`, committed on the locked `budgets`; a child refused before
    is linked to its voucher."""
    value = terms.value_per_child
    vouchers = bulk_create_with_history(
        [
            Voucher(
                terms=terms, pass_holder=child, code=codes.generate(), value=value, balance=value
            )
            for child in children
        ],
        Voucher,
        default_user=actor,
    )
    VoucherEntry.objects.bulk_create(
        VoucherEntry(voucher=voucher, kind=EntryKind.ISSUE, amount=value) for voucher in vouchers
    )
    budget.commit(
        actor, budgets, [(terms.budget_year, value * len(vouchers))], description=description
    )
    by_child = {voucher.pass_holder_id: voucher for voucher in vouchers}
    for refusal in terms.refusals.filter(pass_holder__in=children, voucher__isnull=True):
        refusal.voucher = by_child[refusal.pass_holder_id]
        refusal.save(update_fields=["voucher"])
    return vouchers


def _refuse(terms, children):
    """A refusal for each child left out who was not refused in this round before; returns
    how many are new."""
    known = set(terms.refusals.values_list("pass_holder_id", flat=True))
    new = [
        CeilingRefusal(terms=terms, pass_holder=child)
        for child in children
        if child.pk not in known
    ]
    CeilingRefusal.objects.bulk_create(new)
    return len(new)


def decide_refusals(actor, terms):
    """The decision and letter of every refusal of the round that has none yet, each in a
    transaction of its own: a task killed halfway is run again for the rest. A child given
    a voucher in the meantime gets no refusal letter."""
    pending = (
        terms.refusals.filter(voucher__isnull=True)
        .exclude(Exists(Decision.objects.of_model(CeilingRefusal)))
        .select_related("pass_holder", "terms__scheme")
    )
    for refusal in pending:
        with transaction.atomic():
            locked = CeilingRefusal.objects.select_for_update().get(pk=refusal.pk)
            if locked.voucher_id is None and not Decision.objects.about(locked).exists():
                _record_refusal(actor, refusal)


def _record_refusal(actor, refusal):
    terms = refusal.terms
    return taking.record(
        actor,
        refusal,
        DecisionKind.REFUSE_VOUCHER,
        f"V{terms.pk}-W{refusal.pass_holder_id}",
        "Het geld voor de vouchers van dit schooljaar is op: het subsidieplafond is bereikt "
        "(artikel 4:25 Algemene wet bestuursrecht).",
        lambda decision: letters.refusal_letter(_letter(decision, refusal), decision),
        amount=terms.value_per_child,
    )


def _letter(decision, record):
    return letters.Letter(decision.reference, decision.sent_on, [record])


def refusal_revisable(refusal):
    return (
        refusal.voucher_id is None
        and not refusal.terms.vouchers.filter(pass_holder=refusal.pass_holder_id).exists()
    )


@transaction.atomic
def issue_on_objection(actor, refusal, objection):
    """Awb 7:11: a founded objection against a refusal at the ceiling. The child gets the
    voucher, committed under the ceiling lock (refused where the ceiling has no room); the
    letter with the code follows in the next print run."""
    require(actor, "besluiten.decide_objection")
    refusal = (
        CeilingRefusal.objects.select_for_update()
        .select_related("terms__scheme", "pass_holder")
        .get(pk=refusal.pk)
    )
    refused = taking.latest(refusal, [DecisionKind.REFUSE_VOUCHER])
    if refused is None or not refusal_revisable(refusal):
        raise ValidationError("Dit kind heeft al een voucher voor dit schooljaar.")
    terms = refusal.terms
    budgets = budget.lock(
        terms.scheme,
        [(terms.budget_year, terms.value_per_child)],
        advice=budget.OBJECTION_ADVICE,
    )
    reason = f"Na bezwaar {objection.reference}: {objection.reasoning}"
    _issue(
        actor, terms, [refusal.pass_holder], budgets, f"voucher na bezwaar {objection.reference}"
    )
    return taking.record(
        actor,
        refusal,
        DecisionKind.ISSUE_VOUCHER,
        f"V{terms.pk}-T{refusal.pass_holder_id}",
        reason,
        lambda decision: letters.granted_letter(_letter(decision, refusal), decision),
        amount=terms.value_per_child,
        replaces=refused,
        objection_reference=objection.reference,
    )


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
    return letters.revocation_letter(
        _letter(decision, voucher), decision.reasoning, decision.amount
    )


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
    budgets = budget.lock(
        terms.scheme, [(terms.budget_year, unspent)], advice=budget.OBJECTION_ADVICE
    )
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
    return letters.reinstatement_letter(_letter(decision, voucher), decision)


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
