"""Monthly declarations of booked hours: provider drafts and submits, finance decides, and
approved ones become payment items."""

from calendar import monthrange

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from besluiten import store
from besluiten.choices import DecisionKind
from besluiten.services import decisions as taking
from betalingen.sources import PaymentItem, StateSource
from kern import transitions
from kern.audit import save_as
from kern.money import euro
from kern.pdf import day
from kern.permissions import require
from vouchers import letters
from vouchers.models import (
    Declaration,
    DeclarationState,
    Session,
)


def _undeclared_sessions(admission, month):
    """The month's sessions in no declaration, or in a rejected one: they go into the
    corrected declaration, and stay with the rejected one until then, so that a founded
    objection against the rejection can still pay them."""
    rejected = Declaration.objects.filter(admission=admission, state=DeclarationState.REJECTED)
    return Session.objects.filter(
        Q(declaration__isnull=True) | Q(declaration__in=rejected.values("pk")),
        admission=admission,
        day__year=month.year,
        day__month=month.month,
        reversed_at__isnull=True,
    )


def declaration_sessions(declaration):
    if declaration.state == DeclarationState.DRAFT:
        return _undeclared_sessions(declaration.admission, declaration.month)
    return declaration.sessions.all()


@transaction.atomic
def start_declaration(actor, admission, month):
    require(actor, "kern.act_for_organisation", admission.provider)
    month = month.replace(day=1)
    if month >= timezone.localdate().replace(day=1):
        raise ValidationError("U kunt een maand declareren als die voorbij is.")
    made = admission.declarations.filter(month=month).exclude(state=DeclarationState.REJECTED)
    if made.exists():
        raise ValidationError("Voor deze maand is al een declaratie.")
    return save_as(actor, Declaration(admission=admission, month=month, created_by=actor))


@transaction.atomic
def submit_declaration(actor, declaration):
    require(actor, "vouchers.act_for_declaration", declaration)
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    sessions = list(
        _undeclared_sessions(declaration.admission, declaration.month).select_for_update()
    )
    if not sessions:
        raise ValidationError("In deze maand zijn geen uren geboekt.")
    Session.objects.filter(pk__in=[session.pk for session in sessions]).update(
        declaration=declaration
    )
    transitions.run(
        actor, declaration, "submit", timezone.now(), sum(session.amount for session in sessions)
    )
    return declaration


@transaction.atomic
def decide_declaration(actor, declaration, approve, reason):
    require(actor, "vouchers.approve_declaration")
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if approve:
        transitions.run(actor, declaration, "approve", actor, reason, reason=reason)
        return declaration
    if not reason.strip():
        raise ValidationError("Schrijf waarom u de declaratie afwijst.")
    transitions.run(actor, declaration, "reject", actor, reason, reason=reason)
    _record_rejection(actor, declaration, reason)
    return declaration


def corrected(declaration):
    """The declaration made for the same month after this one was rejected, or None."""
    return (
        Declaration.objects.filter(admission=declaration.admission, month=declaration.month)
        .exclude(state=DeclarationState.REJECTED)
        .first()
    )


def _still_claimed(declaration):
    """The sessions of a rejected declaration not declared again or reversed since."""
    return declaration.sessions.filter(reversed_at__isnull=True)


def revisable(declaration):
    return (
        declaration.state == DeclarationState.REJECTED
        and corrected(declaration) is None
        and _still_claimed(declaration).exists()
    )


@transaction.atomic
def approve_on_objection(actor, declaration, objection):
    """Awb 7:11: a founded objection against a rejected declaration. It is approved for the
    hours still in it and paid in the next batch, under a decision that replaces the
    rejection; hours reversed since leave it. Where a corrected declaration for the month
    was made since, that one holds the hours and nothing is approved twice."""
    require(actor, "besluiten.decide_objection")
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    rejection = taking.latest(declaration, [DecisionKind.REJECT_DECLARATION])
    newer = corrected(declaration)
    if newer is not None:
        raise ValidationError(
            f"Voor deze maand is al een nieuwe declaratie ({newer.reference}). De uren staan "
            "daarin: beoordeel die declaratie."
        )
    if declaration.state != DeclarationState.REJECTED or rejection is None:
        raise ValidationError("Deze declaratie is niet afgekeurd.")
    sessions = list(_still_claimed(declaration).select_for_update())
    if not sessions:
        raise ValidationError("In deze declaratie staan geen uren meer om te betalen.")
    declaration.sessions.exclude(pk__in=[session.pk for session in sessions]).update(
        declaration=None
    )
    total = sum(session.amount for session in sessions)
    reason = f"Na bezwaar {objection.reference}: {objection.reasoning}"
    transitions.run(actor, declaration, "approve_on_objection", actor, total, reason, reason=reason)
    return taking.record(
        actor,
        declaration,
        DecisionKind.APPROVE_DECLARATION,
        declaration.reference,
        reason,
        lambda decision: _approval(declaration, decision),
        amount=total,
        replaces=rejection,
        objection_reference=objection.reference,
    )


class DeclarationSource(StateSource):
    """Approved declarations as items of the municipality's payment batches."""

    prefix = "declaration"
    model = Declaration
    payable_state = DeclarationState.APPROVED
    related = ("admission__provider",)
    ordering = ("month", "pk")

    def item(self, declaration):
        provider = declaration.admission.provider
        last_day = monthrange(declaration.month.year, declaration.month.month)[1]
        return PaymentItem(
            key=f"{self.prefix}:{declaration.pk}",
            kind="declaratie",
            reference=declaration.reference,
            recipient=provider.name,
            iban=provider.iban,
            due=declaration.month.replace(day=last_day),
            amount=declaration.total,
            description=(
                f"Vouchers huiswerkbegeleiding {declaration.month:%m-%Y} {declaration.reference}"
            ),
        )


def declaration_overview(declaration):
    """The declaration with its sessions (or, for a draft, the month's undeclared ones)."""
    sessions = declaration_sessions(declaration).select_related("voucher__pass_holder", "enrolment")
    return {
        "declaration": declaration,
        "sessions": sessions,
        "total": sum(session.amount for session in sessions),
    }


DECIDED = [DecisionKind.REJECT_DECLARATION, DecisionKind.APPROVE_DECLARATION]


def decision_letter(actor, declaration):
    """The stored letter of the latest decision on the declaration: its rejection, or the
    approval that replaced it after an objection."""
    if not actor.has_perm("vouchers.approve_declaration"):
        require(actor, "vouchers.act_for_declaration", declaration)
    decision = taking.latest(declaration, DECIDED)
    if decision is None:
        raise ValidationError("Over deze declaratie is geen besluit met een brief.")
    return store.content_of(decision)


def _record_rejection(actor, declaration, reason):
    return taking.record(
        actor,
        declaration,
        DecisionKind.REJECT_DECLARATION,
        declaration.reference,
        reason,
        lambda decision: _rejection(declaration, decision),
        amount=declaration.total or 0,
    )


def _approval(declaration, decision):
    admission = declaration.admission
    month = date_format(declaration.month, "F Y")
    replaced = decision.replaces
    return letters.provider_decision(
        admission.provider,
        decision.reference,
        decision.sent_on,
        f"uw declaratie over {month}",
        [
            f"Dit besluit vervangt ons besluit {replaced.reference} van {day(replaced.sent_on)}, "
            f"waarin wij uw declaratie afkeurden. Wij nemen het na uw bezwaar "
            f"({decision.objection_reference}).",
            f"Wij keuren uw declaratie {declaration.reference} over {month} goed: "
            f"{euro(decision.amount)}. Wij betalen dat bedrag in de eerstvolgende betaalronde.",
            f"Waarom: {decision.reasoning}",
        ],
        admission.terms.scheme.objection_body,
    )


def _rejection(declaration, decision):
    admission = declaration.admission
    month = date_format(declaration.month, "F Y")
    return letters.provider_decision(
        admission.provider,
        decision.reference,
        decision.sent_on,
        f"uw declaratie over {month}",
        [
            f"Wij keuren uw declaratie {declaration.reference} over {month} van "
            f"{euro(decision.amount)} af. Wij betalen deze declaratie dus niet.",
            f"Waarom: {decision.reasoning}",
            "De uren van deze declaratie kunt u opnieuw declareren in een verbeterde declaratie.",
        ],
        admission.terms.scheme.objection_body,
    )
