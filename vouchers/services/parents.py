"""Parents: turning a voucher on with the details from the letter, with throttling."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from besluiten.models import Decision
from kern import transitions
from vouchers import codes
from vouchers.models import (
    ActivationAttempt,
    CeilingRefusal,
    ParentAccount,
    Voucher,
    VoucherState,
)

# Failed tries an hour: per address and pass number (one person's typos), and per address
# over all pass numbers (someone trying many), so a shared address (a library, a school)
# never locks out every parent behind it.
MAX_FAILED_ACTIVATIONS = 10
MAX_FAILED_FROM_ONE_ADDRESS = 50
_NO_MATCH = (
    "Deze gegevens horen niet bij een voucher. Kijk of het pasnummer, de geboortedatum en de "
    "code precies zo zijn als in de brief."
)


def household_vouchers(terms, household_number):
    return list(
        terms.vouchers.filter(pass_holder__household_number=household_number)
        .select_related("pass_holder", "terms")
        .order_by("pass_holder__date_of_birth")
    )


def household_decisions(household_number):
    """The decisions about the household's vouchers and its children refused at the ceiling,
    the latest first: what the parents received by post, also in their portal."""
    vouchers = Voucher.objects.filter(pass_holder__household_number=household_number)
    refusals = CeilingRefusal.objects.filter(pass_holder__household_number=household_number)
    return Decision.objects.filter(
        Q(
            content_type=ContentType.objects.get_for_model(Voucher),
            object_id__in=vouchers.values("pk"),
        )
        | Q(
            content_type=ContentType.objects.get_for_model(CeilingRefusal),
            object_id__in=refusals.values("pk"),
        )
    ).order_by("-decided_at")


def activate(user, ip_address, pass_number, date_of_birth, code, new_account=None):
    """Turns a voucher on for the parent. new_account (a UserCreationForm) is saved for a
    parent without a login; a parent with one adds the voucher of another child."""
    subject = _subject(pass_number)
    refuse_after_too_many_failures(ip_address, subject)
    normalised = codes.normalise(code)
    voucher = (
        Voucher.objects.filter(
            code=normalised,
            pass_holder__pass_number=pass_number.strip(),
            pass_holder__date_of_birth=date_of_birth,
            pass_holder__active=True,
        ).first()
        if normalised
        else None
    )
    if voucher is not None and voucher.state in (VoucherState.ACTIVE, VoucherState.EXHAUSTED):
        # The details are right: someone in the household turned it on already.
        raise ValidationError(
            "Deze voucher staat al aan. Log in met het account waarmee hij is aangezet, of vraag "
            "de servicebalie om hulp als u dat account niet meer hebt."
        )
    if voucher is None or voucher.state != VoucherState.ISSUED:
        # Recorded outside any transaction: a refusal must not roll back its own trace.
        ActivationAttempt.objects.create(ip_address=ip_address, subject=subject)
        raise ValidationError(_NO_MATCH)
    return _activate(user, voucher, new_account)


@transaction.atomic
def _activate(user, voucher, new_account):
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    household = voucher.pass_holder.household_number
    if user.is_authenticated:
        account = getattr(user, "parent_account", None)
        if account is None or account.household_number != household:
            raise ValidationError(
                "Deze voucher hoort bij een ander huishouden. Log uit en activeer hem met een "
                "eigen account."
            )
    else:
        account = ParentAccount.objects.create(user=new_account.save(), household_number=household)
    transitions.run(account.user, voucher, "activate")
    return account


def _subject(pass_number):
    """The pass number tried, as a keyed hash: enough to count tries, nothing to read."""
    return salted_hmac("activation", pass_number.strip()).hexdigest()


def refuse_after_too_many_failures(ip_address, subject):
    recent = ActivationAttempt.objects.filter(
        ip_address=ip_address, at__gte=timezone.now() - timedelta(hours=1)
    )
    if (
        recent.filter(subject=subject).count() >= MAX_FAILED_ACTIVATIONS
        or recent.count() >= MAX_FAILED_FROM_ONE_ADDRESS
    ):
        raise ValidationError(
            "U hebt te vaak gegevens ingevuld die niet kloppen. Probeer het over een uur opnieuw."
        )
