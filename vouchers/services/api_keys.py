"""Providers' API keys (only a hash is kept) and what a key may learn of a voucher code."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from kern.permissions import require
from vouchers import codes
from vouchers.models import (
    OPEN_ENROLMENT,
    ApiToken,
    Enrolment,
    Voucher,
    VoucherState,
)


def _hash(key):
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_token(actor, provider):
    """Returns the new key; it is shown once and only its hash is kept."""
    require(actor, "kern.manage_organisation", provider)
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        provider=provider, prefix=key[:8], key_hash=_hash(key), created_by=actor
    )
    return key


@transaction.atomic
def revoke_api_token(actor, token):
    require(actor, "kern.manage_organisation", token.provider)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def token_for(key):
    """The active token for a presented key, whose creator still belongs to the provider."""
    token = (
        ApiToken.objects.select_related("provider", "created_by")
        .filter(key_hash=_hash(key), revoked_at__isnull=True)
        .first()
    )
    if token and token.created_by.has_perm("kern.act_for_organisation", token.provider):
        return token
    return None


def voucher_check(provider, code):
    """What a provider may know of a code: whether it can be used, and, for a child
    enrolled with this provider, the name and balance."""
    normalised = codes.normalise(code)
    voucher = (
        Voucher.objects.filter(code=normalised).select_related("pass_holder").first()
        if normalised
        else None
    )
    if voucher is None:
        return {"code": code, "usable": False}
    enrolment = Enrolment.objects.filter(
        voucher=voucher, admission__provider=provider, state__in=OPEN_ENROLMENT
    ).first()
    answer = {
        "code": voucher.code,
        "usable": voucher.state == VoucherState.ACTIVE and voucher.pass_holder.active,
        "enrolled_here": enrolment is not None,
    }
    if enrolment:
        answer |= {
            "child": voucher.pass_holder.name,
            "balance": str(voucher.balance),
            "enrolment": enrolment.pk,
        }
    return answer
