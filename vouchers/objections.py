"""What the core's objection handling needs of the voucher scheme's decisions (see
besluiten.decision_kinds): a refused or suspended admission, a rejected declaration and a revoked
voucher. Each is read from its decision record; references are those their letters carry."""

from django.urls import reverse

from besluiten import decision_kinds
from besluiten.choices import DecisionKind
from besluiten.decision_kinds import Described, ObjectionHandling, without_form
from besluiten.models import Decision
from besluiten.services import decisions
from vouchers.choices import AdmissionState, VoucherState
from vouchers.models import Admission, CeilingRefusal, Declaration, Voucher
from vouchers.services import admissions, declarations, issuing


def _described(decision, **facts):
    """The facts every objection needs, from the decision objected to."""
    return Described(
        reference=decision.reference,
        sent_on=decision.sent_on,
        decided_by=decision.decided_by,
        **facts,
    )


def _taken(kinds):
    """Whether a decision of one of `kinds` was taken on the record (it has its letter)."""
    return lambda record: decisions.latest(record, kinds) is not None


def _finder(model, kinds):
    """The record a decision of one of `kinds` with this reference was taken on."""

    def find(reference):
        decision = Decision.objects.filter(reference__iexact=reference, kind__in=kinds).first()
        return model.objects.filter(pk=decision.object_id).first() if decision else None

    return find


# --- admissions ----------------------------------------------------------------------------


def _describe_admission(admission):
    """The latest refusal or suspension: the decision an objection is against, also once a
    founded objection has admitted the provider since."""
    decision = decisions.latest(admission, admissions.OBJECTED)
    scheme = admission.terms.scheme
    return _described(
        decision,
        title=f"{decision.get_kind_display()} van {admission.provider.name} tot ‘{scheme.name}’",
        objector=admission.provider.name,
        organisation=admission.provider,
        objection_body=scheme.objection_body,
        staff_url=reverse("admission_list"),
    )


ADMISSION_DECISION = ObjectionHandling(
    describe=_describe_admission,
    find=_finder(Admission, admissions.OBJECTED),
    revise=without_form(admissions.revise_on_objection),
    revisable=lambda admission: (
        admission.state in (AdmissionState.REFUSED, AdmissionState.SUSPENDED)
    ),
    covers=_taken(admissions.OBJECTED),
)


# --- declarations --------------------------------------------------------------------------

_REJECTED = [DecisionKind.REJECT_DECLARATION]


def _describe_declaration(declaration):
    provider = declaration.admission.provider
    return _described(
        decisions.latest(declaration, _REJECTED),
        title=f"afgekeurde declaratie van {provider.name}",
        objector=provider.name,
        organisation=provider,
        objection_body=declaration.admission.terms.scheme.objection_body,
        staff_url=reverse("declaration_review", args=[declaration.pk]),
    )


DECLARATION_DECISION = ObjectionHandling(
    describe=_describe_declaration,
    find=_finder(Declaration, _REJECTED),
    revise=without_form(declarations.approve_on_objection),
    revisable=declarations.revisable,
    covers=_taken(_REJECTED),
)


# --- vouchers ------------------------------------------------------------------------------

_REVOKED = [DecisionKind.REVOKE_VOUCHER]


def _to_the_parents(decision, record, title):
    """A decision about a child's voucher (or its refusal), objected to by the parents."""
    holder = record.pass_holder
    return _described(
        decision,
        title=title,
        objector=f"De ouders of verzorgers van {holder.name}",
        organisation=None,
        objection_body=record.terms.scheme.objection_body,
        staff_url=reverse("voucher_list", args=[record.terms_id]),
        address=(
            f"{holder.street} {holder.house_number}".strip(),
            f"{holder.postcode}  {holder.city.upper()}".strip(),
        ),
    )


def _describe_voucher(voucher):
    return _to_the_parents(
        decisions.latest(voucher, _REVOKED), voucher, f"ingetrokken voucher {voucher.code}"
    )


VOUCHER_DECISION = ObjectionHandling(
    describe=_describe_voucher,
    find=_finder(Voucher, _REVOKED),
    revise=without_form(issuing.reinstate_on_objection),
    revisable=lambda voucher: voucher.state == VoucherState.REVOKED,
    covers=_taken(_REVOKED),
)


# --- refusals at the ceiling ---------------------------------------------------------------

_REFUSED = [DecisionKind.REFUSE_VOUCHER]


def _describe_refusal(refusal):
    return _to_the_parents(
        decisions.latest(refusal, _REFUSED),
        refusal,
        f"geen voucher voor {refusal.pass_holder.name} (plafond bereikt)",
    )


REFUSAL_DECISION = ObjectionHandling(
    describe=_describe_refusal,
    find=_finder(CeilingRefusal, _REFUSED),
    revise=without_form(issuing.issue_on_objection),
    revisable=issuing.refusal_revisable,
    covers=_taken(_REFUSED),
)


def register():
    decision_kinds.register(Admission, ADMISSION_DECISION)
    decision_kinds.register(Declaration, DECLARATION_DECISION)
    decision_kinds.register(Voucher, VOUCHER_DECISION)
    decision_kinds.register(CeilingRefusal, REFUSAL_DECISION)
