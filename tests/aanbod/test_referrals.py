"""Referrals between organisations, for every scheme: one provider refers a pupil to another's
location, the other answers, the first sees the outcome; a third organisation sees nothing;
six months after closing the referral is gone from the database, its count stays."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aanbod import tasks
from aanbod.choices import ReferralState
from aanbod.models import Referral, ReferralCount
from aanbod.services import referrals
from kern import roles
from kern.models import TransitionLog
from tests.conftest import verify_second_factor
from tests.factories import LocationFactory, MembershipFactory, ProviderFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _member_client(organisation):
    client = Client()
    client.force_login(MembershipFactory(organisation=organisation).user)
    return client


@pytest.fixture
def three():
    """The referrer, the receiver (a full location in the public offer), a bystander."""
    referrer = ProviderFactory(name="Huiswerkhuis Laak", in_public_offer=True)
    receiver = ProviderFactory(name="Studieplek Transvaal", in_public_offer=True)
    location = LocationFactory(organisation=receiver, name="Studieplek aan de Hoefkade")
    LocationFactory(organisation=referrer, name="Eigen plek")
    return referrer, location, ProviderFactory(name="Buurtschool Noord")


def _refer(client, location, **overrides):
    data = {
        "location": location.pk,
        "first_name": "Samira",
        "school_year": "2",
        "help_needed": "Wiskunde, en een rustige plek om te leren.",
        "parent_consent": "on",
    } | overrides
    return client.post(reverse("referral_create"), data, follow=True)


def test_a_referral_goes_from_one_provider_to_another_and_back(
    three, django_capture_on_commit_callbacks
):
    referrer, location, bystander = three
    sender, receiver, outsider = (
        _member_client(referrer),
        _member_client(location.organisation),
        _member_client(bystander),
    )
    form = sender.get(reverse("referral_create") + f"?locatie={location.pk}").content.decode()
    assert f'<option value="{location.pk}" selected>' in form
    assert "Eigen plek" not in form  # not to one's own organisation
    assert f'<a href="{reverse("offer_list")}">Zoek in het aanbod</a>' in form

    refused = _refer(sender, location, parent_consent="").content.decode()
    assert "Verwijs alleen door als de ouder of verzorger dat goedvindt." in refused
    assert not Referral.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = _refer(sender, location)
    referral = Referral.objects.get()
    assert response.redirect_chain[-1][0] == reverse("referral_detail", args=[referral.pk])
    (notice,) = mail.outbox
    assert notice.subject == "Een leerling is naar u doorverwezen"
    assert (
        "Samira" not in notice.body
        and reverse("referral_detail", args=[referral.pk]) in notice.body
    )

    listed = receiver.get(reverse("referral_list")).content.decode()
    assert "Samira, leerjaar 2" in listed and "Huiswerkhuis Laak" in listed
    detail = reverse("referral_detail", args=[referral.pk])
    assert "Wiskunde" in receiver.get(detail).content.decode()

    # Nobody else sees it: not in their list, not by its address, not to answer it.
    assert "Samira" not in outsider.get(reverse("referral_list")).content.decode()
    assert outsider.get(detail).status_code == 404
    assert outsider.post(detail, {"accepted": "ja"}).status_code == 404
    staff = verify_second_factor(Client(), StaffFactory(role=roles.ADMINISTRATOR))
    assert staff.get(detail).status_code == 404

    # The referrer may not answer its own referral; the receiver must give a reason to decline.
    assert "Uw antwoord" not in sender.get(detail).content.decode()
    page = receiver.post(detail, {"accepted": "nee", "answer": " "}, follow=True).content.decode()
    assert "Schrijf op waarom de leerling niet bij u kan komen." in page
    with django_capture_on_commit_callbacks(execute=True):
        receiver.post(detail, {"accepted": "nee", "answer": "Wij zitten vol tot de kerst."})
    referral.refresh_from_db()
    assert referral.state == ReferralState.DECLINED and referral.closed_at

    outcome = sender.get(detail).content.decode()
    assert "afgewezen" in outcome and "Wij zitten vol tot de kerst." in outcome
    assert mail.outbox[-1].subject == "Uw doorverwijzing is afgewezen"
    assert referrer.contact_email in mail.outbox[-1].to
    assert receiver.post(detail, {"accepted": "ja"}).status_code == 200  # nothing left to do
    referral.refresh_from_db()
    assert referral.state == ReferralState.DECLINED


def test_the_referrer_may_withdraw_and_the_receiver_may_accept(three):
    referrer, location, _ = three
    sender, receiver = _member_client(referrer), _member_client(location.organisation)
    _refer(sender, location)
    _refer(sender, location, first_name="Daan")
    first, second = Referral.objects.order_by("pk")
    sender.post(reverse("referral_detail", args=[first.pk]), {"withdraw": "1"})
    receiver.post(reverse("referral_detail", args=[second.pk]), {"accepted": "ja", "answer": ""})
    assert [r.state for r in Referral.objects.order_by("pk")] == [
        ReferralState.WITHDRAWN,
        ReferralState.ACCEPTED,
    ]
    log = TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(Referral))
    assert sorted(log.values_list("transition", flat=True)) == [
        "accept",
        "send",
        "send",
        "withdraw",
    ]


def test_a_closed_referral_is_deleted_after_six_months_and_only_its_count_stays(
    three, staff_client
):
    referrer, location, _ = three
    sender, receiver = _member_client(referrer), _member_client(location.organisation)
    _refer(sender, location)
    _refer(sender, location, first_name="Noor")
    closed, still_open = Referral.objects.order_by("pk")
    receiver.post(reverse("referral_detail", args=[closed.pk]), {"accepted": "ja", "answer": ""})
    closed.refresh_from_db()
    district = location.district.name

    with time_machine.travel(closed.closed_at + timedelta(days=182)):
        tasks.delete_closed_referrals.delay()
    assert Referral.objects.filter(pk=closed.pk).exists()

    with time_machine.travel(closed.closed_at + timedelta(days=184)):
        tasks.delete_closed_referrals.delay()
    assert list(Referral.objects.values_list("pk", flat=True)) == [still_open.pk]
    log = TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(Referral))
    assert set(log.values_list("object_id", flat=True)) == {still_open.pk}
    assert ReferralCount.objects.get(district=district, outcome=ReferralState.ACCEPTED).count == 1

    year = timezone.localdate().year
    assert referrals.counts(year) == [(district, [1, 1, 0, 0])]
    page = staff_client(roles.REVIEWER)[0].get(reverse("monitoring") + f"?jaar={year}")
    text = re.sub(r"\s+", " ", page.content.decode())
    assert "Doorverwijzingen tussen aanbieders" in text
    assert (
        f'<th scope="row">{district}</th><td class="number">1</td><td class="number">1</td>' in text
    )
    assert "Noor" not in text and "Samira" not in text


def test_a_referral_needs_another_active_location_and_a_member_of_the_referrer(three):
    referrer, location, bystander = three
    member = MembershipFactory(organisation=referrer).user
    facts = {
        "first_name": "Samira",
        "school_year": 2,
        "help_needed": "Plannen.",
        "parent_consent": True,
    }
    own = referrer.locations.get()
    with pytest.raises(Exception, match="andere organisatie"):
        referrals.send(member, referrer, own, **facts)
    with pytest.raises(Exception, match="hoort niet bij deze organisatie"):
        referrals.send(member, bystander, location, **facts)
    location.active = False
    location.save()
    with pytest.raises(Exception, match="niet meer in gebruik"):
        referrals.send(member, referrer, location, **facts)


def test_a_referral_closed_just_after_midnight_on_new_year_counts_in_the_new_year(three):
    referrer, location, _ = three
    # 23:30 UTC on 31 December is 00:30 on 1 January in Den Haag.
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)):
        sender, receiver = _member_client(referrer), _member_client(location.organisation)
        _refer(sender, location)
        referral = Referral.objects.get()
        receiver.post(reverse("referral_detail", args=[referral.pk]), {"accepted": "ja"})
    assert ReferralCount.objects.get().year == 2027
