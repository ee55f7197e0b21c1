"""What the core's objection handling needs of the voucher scheme's decisions (see
besluiten.decision_kinds): a refused or suspended admission, a rejected declaration and a revoked
voucher. References are those their letters carry."""

import re
from operator import attrgetter

from django.urls import reverse
from django.utils import timezone

from besluiten import decision_kinds
from besluiten.decision_kinds import Described, ObjectionHandling, Revised
from kern import transitions
from vouchers.choices import AdmissionState, DeclarationState, VoucherState
from vouchers.models import Admission, Declaration, Voucher
from vouchers.services import admissions


def _logged(record, transition):
    return transitions.last_line(record, transition)


def _found(pattern, reference, queryset):
    match = re.fullmatch(pattern, reference)
    return queryset.filter(pk=int(match.group(1))).first() if match else None


# --- admissions ----------------------------------------------------------------------------

# The admission decisions an objection can be against.
_OBJECTED = (AdmissionState.REFUSED, AdmissionState.SUSPENDED)


def _describe_admission(admission):
    """The latest refusal or suspension: the decision an objection is against, also once a
    founded objection has admitted the provider since."""
    lines = [_logged(admission, name) for name in ("refuse", "suspend")]
    logged = max((line for line in lines if line), key=attrgetter("at"))
    scheme = admission.terms.scheme
    refused = logged.transition == "refuse"
    return Described(
        reference=admissions.reference(admission, logged.transition),
        sent_on=timezone.localdate(logged.at),
        title=f"{'weigering' if refused else 'schorsing'} van de toelating van "
        f"{admission.provider.name} tot ‘{scheme.name}’",
        objector=admission.provider.name,
        organisation=admission.provider,
        decided_by=logged.actor,
        objection_body=scheme.objection_body,
        staff_url=reverse("admission_list"),
    )


def _find_admission(reference):
    match = re.fullmatch(r"TL-(\d+)-([WS])", reference)
    state = {"W": AdmissionState.REFUSED, "S": AdmissionState.SUSPENDED}
    if not match:
        return None
    return Admission.objects.filter(pk=int(match.group(1)), state=state[match.group(2)]).first()


def _revise_admission(actor, admission, objection, data):
    return Revised(admissions.revise_on_objection(actor, admission, objection))


ADMISSION_DECISION = ObjectionHandling(
    describe=_describe_admission,
    find=_find_admission,
    revise=_revise_admission,
    revisable=lambda admission: admission.state in _OBJECTED,
)


# --- declarations --------------------------------------------------------------------------


def _describe_declaration(declaration):
    logged = _logged(declaration, "reject")
    provider = declaration.admission.provider
    return Described(
        reference=declaration.reference,
        sent_on=timezone.localdate(logged.at),
        title=f"afgekeurde declaratie van {provider.name}",
        objector=provider.name,
        organisation=provider,
        decided_by=logged.actor,
        objection_body=declaration.admission.terms.scheme.objection_body,
        staff_url=reverse("declaration_review", args=[declaration.pk]),
    )


DECLARATION_DECISION = ObjectionHandling(
    describe=_describe_declaration,
    # A founded objection is met by a corrected declaration, as the letter says.
    find=lambda reference: _found(
        r"DC-\d{6}-(\d+)",
        reference,
        Declaration.objects.filter(state=DeclarationState.REJECTED),
    ),
)


# --- vouchers ------------------------------------------------------------------------------


def _describe_voucher(voucher):
    logged = _logged(voucher, "revoke")
    holder = voucher.pass_holder
    return Described(
        reference=f"V{voucher.terms_id}-I{voucher.pk}",
        sent_on=timezone.localdate(logged.at),
        title=f"ingetrokken voucher {voucher.code}",
        objector=f"De ouders of verzorgers van {holder.name}",
        organisation=None,
        decided_by=logged.actor,
        objection_body=voucher.terms.scheme.objection_body,
        staff_url=reverse("voucher_list", args=[voucher.terms_id]),
        address=(
            f"{holder.street} {holder.house_number}".strip(),
            f"{holder.postcode}  {holder.city.upper()}".strip(),
        ),
    )


VOUCHER_DECISION = ObjectionHandling(
    describe=_describe_voucher,
    find=lambda reference: _found(
        r"V\d+-I(\d+)", reference, Voucher.objects.filter(state=VoucherState.REVOKED)
    ),
)


def register():
    decision_kinds.register(Admission, ADMISSION_DECISION)
    decision_kinds.register(Declaration, DECLARATION_DECISION)
    decision_kinds.register(Voucher, VOUCHER_DECISION)
