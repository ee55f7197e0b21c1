"""Monthly declarations of booked hours: provider drafts and submits, finance decides, and
approved ones become payment items."""

from calendar import monthrange

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from besluiten import store
from besluiten.choices import DecisionKind
from besluiten.services import decisions as taking
from betalingen.sources import PaymentItem, StateSource
from kern import transitions
from kern.audit import save_as
from kern.money import euro
from kern.permissions import require
from vouchers import letters
from vouchers.models import (
    Declaration,
    DeclarationState,
    Session,
)


def _undeclared_sessions(admission, month):
    return Session.objects.filter(
        admission=admission,
        day__year=month.year,
        day__month=month.month,
        reversed_at__isnull=True,
        declaration__isnull=True,
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
    # The sessions can go into a corrected declaration for the same month.
    declaration.sessions.update(declaration=None)
    return declaration


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


def rejection_letter(actor, declaration):
    """The stored letter of the declaration's rejection."""
    if not actor.has_perm("vouchers.approve_declaration"):
        require(actor, "vouchers.act_for_declaration", declaration)
    decision = taking.latest(declaration, [DecisionKind.REJECT_DECLARATION])
    if declaration.state != DeclarationState.REJECTED or decision is None:
        raise ValidationError("Deze declaratie is niet afgekeurd.")
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
