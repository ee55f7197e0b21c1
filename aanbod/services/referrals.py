"""Referrals between providers and schools (scenario 4b): a member refers a pupil to another
organisation's location; that organisation accepts or declines with a reason; the referrer
sees the outcome. Only the two organisations see a referral (AVG art. 5(1)(c)), and six
months after it closed it is deleted with its log lines (AVG art. 5(1)(e)); the anonymous
count per district and outcome stays for the municipality's overview."""

from datetime import timedelta
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from aanbod import tasks
from aanbod.choices import ReferralState
from aanbod.models import Referral, ReferralCount
from kern import transitions
from kern.models import Organisation, TransitionLog
from kern.permissions import require

KEPT_AFTER_CLOSING = timedelta(days=183)


def visible_to(user):
    """Referrals sent or received by the user's organisations; nobody else's."""
    organisations = Organisation.objects.for_member(user)
    return Referral.objects.filter(
        Q(referrer__in=organisations) | Q(location__organisation__in=organisations)
    ).select_related("referrer", "location__organisation", "location__district")


@transaction.atomic
def send(actor, referrer, location, *, first_name, school_year, help_needed, parent_consent):
    require(actor, "kern.act_for_organisation", referrer)
    if not parent_consent:
        raise ValidationError("Verwijs alleen door als de ouder of verzorger toestemming gaf.")
    if location.organisation_id == referrer.pk:
        raise ValidationError("Verwijs door naar een andere organisatie dan uw eigen.")
    if not location.active:
        raise ValidationError("Deze locatie is niet meer in gebruik. Kies een andere locatie.")
    referral = Referral.objects.create(
        referrer=referrer,
        location=location,
        first_name=first_name.strip(),
        school_year=school_year,
        help_needed=help_needed.strip(),
        parent_consent=True,
        created_by=actor,
    )
    transitions.record(actor, referral, "send", "")
    _mail_on_commit(referral, "sent")
    return referral


@transaction.atomic
def answer(actor, referral, accepted, reason):
    """The receiving organisation's answer; a decline needs its reason."""
    reason = reason.strip()
    if not accepted and not reason:
        raise ValidationError("Schrijf op waarom de leerling niet bij u kan komen.")
    referral = _locked(referral)
    name = "accept" if accepted else "decline"
    transitions.run(actor, referral, name, reason, timezone.now())
    _count(referral)
    _mail_on_commit(referral, referral.state)
    return referral


@transaction.atomic
def withdraw(actor, referral):
    referral = _locked(referral)
    transitions.run(actor, referral, "withdraw", timezone.now())
    _count(referral)
    _mail_on_commit(referral, "withdrawn")
    return referral


def _locked(referral):
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("location__district")
        .get(pk=referral.pk)
    )


def _count(referral):
    district = referral.location.district.name if referral.location.district_id else ""
    year = timezone.localtime(referral.closed_at).year  # the year in Den Haag
    key = {"year": year, "district": district, "outcome": referral.state}
    ReferralCount.objects.get_or_create(**key)
    ReferralCount.objects.filter(**key).update(count=F("count") + 1)


def _mail_on_commit(referral, kind):
    transaction.on_commit(partial(tasks.send_referral_mail.delay, referral.pk, kind))


@transaction.atomic
def delete_closed(now=None):
    """Deletes referrals closed more than six months ago, and their log lines: the child's
    name and the reasons are gone, not hidden. Returns how many."""
    now = now or timezone.now()
    closed = Referral.objects.filter(closed_at__lt=now - KEPT_AFTER_CLOSING)
    ids = list(closed.values_list("pk", flat=True))
    TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Referral), object_id__in=ids
    ).delete()
    Referral.objects.filter(pk__in=ids).delete()
    return len(ids)


def counts(year):
    """[(district, [count per ReferralState, in its order])] of the year: closed ones from
    the kept counts, open ones from the referrals themselves. Blank district: online."""
    table = {}
    for row in ReferralCount.objects.filter(year=year).values("district", "outcome", "count"):
        table.setdefault(row["district"], {})[row["outcome"]] = row["count"]
    still_open = (
        Referral.objects.filter(state=ReferralState.SENT, created_at__year=year)
        .values("location__district__name")
        .annotate(total=Count("pk"))
    )
    for row in still_open:
        district = row["location__district__name"] or ""
        table.setdefault(district, {})[ReferralState.SENT] = row["total"]
    return [
        (district, [outcomes.get(state, 0) for state in ReferralState.values])
        for district, outcomes in sorted(table.items())
    ]
