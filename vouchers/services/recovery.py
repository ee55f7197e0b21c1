"""Getting a parent back into their account without e-mail: the service desk, having seen
the Ooievaarspas and an identity document, gives a one-time code; the parent chooses a new
password with it. Codes are kept only as keyed hashes, expire, and work once; tries are
throttled like activations."""

from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from kern.permissions import require
from vouchers import codes
from vouchers.models import AccountRecovery, ActivationAttempt, ParentAccount
from vouchers.services.parents import refuse_after_too_many_failures

VALID_FOR = timedelta(days=7)
_NO_MATCH = (
    "Deze gebruikersnaam en herstelcode horen niet bij elkaar, of de code is al gebruikt of "
    "verlopen. Vraag aan de balie een nieuwe code."
)


def accounts_of(household_number):
    return ParentAccount.objects.filter(household_number=household_number.strip()).select_related(
        "user"
    )


@transaction.atomic
def issue_code(actor, account, identity_checked):
    """Returns the code to read out or hand over; only its hash is stored. An earlier
    unused code of the account stops working."""
    require(actor, "vouchers.recover_parent_account")
    if not identity_checked:
        raise ValidationError(
            "Bekijk eerst de Ooievaarspas en een identiteitsbewijs van de ouder, en vink dat aan."
        )
    now = timezone.now()
    account.recoveries.filter(used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    code = codes.generate()
    AccountRecovery.objects.create(
        account=account,
        household_number=account.household_number,
        code_hash=_hash(code),
        issued_by=actor,
        expires_at=now + VALID_FOR,
    )
    return code


def recover(ip_address, username, code, new_password):
    """Sets the new password if the code is right; returns the parent's user. A wrong try
    is recorded outside any transaction, so the refusal cannot roll back its own trace."""
    subject = _hash(f"recovery:{username.strip().lower()}")
    refuse_after_too_many_failures(ip_address, subject)
    recovery = _open_recovery(username).first()
    if recovery is None or not constant_time_compare(
        recovery.code_hash, _hash(codes.normalise(code) or "")
    ):
        ActivationAttempt.objects.create(ip_address=ip_address, subject=subject)
        raise ValidationError(_NO_MATCH)
    validate_password(new_password, recovery.account.user)
    with transaction.atomic():
        # Locked and read again: a double click uses the code once.
        recovery = (
            _open_recovery(username).select_for_update(of=("self",)).filter(pk=recovery.pk).first()
        )
        if recovery is None:
            raise ValidationError(_NO_MATCH)
        user = recovery.account.user
        user.set_password(new_password)
        user.save(update_fields=["password"])
        recovery.used_at = timezone.now()
        recovery.save(update_fields=["used_at"])
    return user


def _open_recovery(username):
    return AccountRecovery.objects.filter(
        account__user__username__iexact=username.strip(),
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("account__user")


def _hash(value):
    return salted_hmac("parent-account-recovery", value).hexdigest()
