"""Dead ends parents and providers hit, each walked through HTTP as the role would: stopping
a place to go elsewhere, the waiting list's order, a suspended provider and a referral."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from kern import roles
from kern.choices import MemberRole
from tests.conftest import verify_second_factor
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    PassHolderFactory,
    ProviderFactory,
    StaffFactory,
    VoucherFactory,
)
from tests.vouchers.helpers import PASSWORD, born
from vouchers.models import Admission, AdmissionState, Enrolment, EnrolmentState, ParentAccount
from vouchers.services import admissions, enrolments

pytestmark = pytest.mark.django_db


def _parent(household, email=""):
    user = get_user_model().objects.create_user(
        f"ouder-{household}", email=email, password=PASSWORD
    )
    ParentAccount.objects.create(user=user, household_number=household)
    client = Client()
    client.force_login(user)
    return user, client


def _child(terms, household):
    holder = PassHolderFactory(household_number=household, date_of_birth=born(13))
    return VoucherFactory(terms=terms, pass_holder=holder, active=True)


def _provider(terms, name):
    provider = ProviderFactory(name=name)
    location = LocationFactory(organisation=provider, name=f"Locatie {name}")
    staff = MembershipFactory(organisation=provider, role=MemberRole.ADMIN).user
    admission = admissions.request_admission(staff, provider, terms, Decimal("8.00"), [location])
    admissions.decide_admission(StaffFactory(role=roles.ADMINISTRATOR), admission, "toelaten", "")
    client = Client()
    client.force_login(staff)
    return location, staff, client


def test_a_parent_stops_a_place_and_chooses_another(active_enrolment):
    enrolment, _, parent = active_enrolment
    client = Client()
    client.force_login(parent)
    home = client.get(reverse("parent_home")).content.decode()
    stop = reverse("enrolment_stop", args=[enrolment.pk])
    assert stop in home
    assert "Ja, stoppen" in client.get(stop).content.decode()

    response = client.post(stop, follow=True)

    assert "De plek is gestopt" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.ENDED
    other, _, _ = _provider(enrolment.voucher.terms, "Huiswerkhuis Oost")
    client.post(reverse("choose_location", args=[enrolment.voucher.pk]), {"location": other.pk})
    assert Enrolment.objects.get(location=other).state == EnrolmentState.REQUESTED


def test_another_household_cannot_stop_the_place(active_enrolment):
    enrolment, _, _ = active_enrolment
    _, stranger = _parent("H999")
    assert stranger.post(reverse("enrolment_stop", args=[enrolment.pk])).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.ACTIVE


def test_the_waiting_list_goes_first_requested_first_offered(household):
    terms, _ = household
    location, _, provider = _provider(terms, "Huiswerkclub Vol")
    waiting = []
    for household_number in ("W1", "W2", "W3"):
        parent, client = _parent(household_number)
        enrolment = enrolments.request_enrolment(parent, _child(terms, household_number), location)
        provider.post(reverse("enrolment_decide", args=[enrolment.pk, "waitlist"]))
        waiting.append((enrolment, client))

    second, second_parent = waiting[1]
    assert "plaats 2 op de wachtlijst" in second_parent.get(reverse("parent_home")).content.decode()
    assert "(plaats 3)" in provider.get(reverse("provider_home")).content.decode()

    refused = provider.post(
        reverse("enrolment_decide", args=[second.pk, "accept"]), follow=True
    ).content.decode()
    assert "Er staat 1 kind eerder op de wachtlijst" in refused
    second.refresh_from_db()
    assert second.state == EnrolmentState.WAITLISTED

    provider.post(
        reverse("enrolment_decide", args=[second.pk, "accept"]),
        {"note": "Kan alleen op dinsdag, daar is plek."},
    )
    second.refresh_from_db()
    assert second.state == EnrolmentState.ACCEPTED
    third, third_parent = waiting[2]
    assert "plaats 2 op de wachtlijst" in third_parent.get(reverse("parent_home")).content.decode()


def test_a_suspended_provider_is_reported_to_parents_and_can_be_reinstated(
    active_enrolment, django_capture_on_commit_callbacks
):
    enrolment, _, parent = active_enrolment
    parent.email = "ouder@example.org"
    parent.save()
    officer = verify_second_factor(Client(), StaffFactory(role=roles.ADMINISTRATOR))
    admission = enrolment.admission

    with django_capture_on_commit_callbacks(execute=True):
        officer.post(
            reverse("admission_decide", args=[admission.pk]),
            {"besluit": "schorsen", "note": "Uren klopten niet."},
        )
    assert Admission.objects.get(pk=admission.pk).state == AdmissionState.SUSPENDED
    [message] = mail.outbox
    assert message.to == ["ouder@example.org"]
    assert "Sara" in message.body and "/vouchers/mijn-vouchers/" in message.body
    parent_client = Client()
    parent_client.force_login(parent)
    home = parent_client.get(reverse("parent_home")).content.decode()
    assert "mag tijdelijk geen vouchers aannemen" in home

    listing = officer.get(reverse("admission_list")).content.decode()
    assert "Schorsing opheffen" in listing
    refused = officer.post(
        reverse("admission_decide", args=[admission.pk]), {"besluit": "heropnemen"}, follow=True
    )
    assert "Schrijf de reden op" in refused.content.decode()
    officer.post(
        reverse("admission_decide", args=[admission.pk]),
        {"besluit": "heropnemen", "note": "Administratie op orde."},
    )
    assert Admission.objects.get(pk=admission.pk).state == AdmissionState.ADMITTED
    home = parent_client.get(reverse("parent_home")).content.decode()
    assert "mag tijdelijk geen vouchers aannemen" not in home


def test_a_referred_parent_gets_an_email_and_sees_where_it_went(
    household, django_capture_on_commit_callbacks
):
    terms, (first, _, _) = household
    full, _, provider = _provider(terms, "Huiswerkclub Vol")
    other, _, _ = _provider(terms, "Huiswerkhuis Oost")
    parent, parent_client = _parent("H100", email="sara.ouder@example.org")
    type(first).objects.filter(pk=first.pk).update(state="active")
    first.refresh_from_db()
    enrolment = enrolments.request_enrolment(parent, first, full)

    with django_capture_on_commit_callbacks(execute=True):
        provider.post(
            reverse("enrolment_refer", args=[enrolment.pk]),
            {"location": other.pk, "note": "Wij zitten vol."},
        )

    [message] = mail.outbox
    assert message.to == ["sara.ouder@example.org"]
    assert "Huiswerkhuis Oost" in message.body
    home = parent_client.get(reverse("parent_home")).content.decode()
    assert "Doorverwezen naar Huiswerkhuis Oost" in home
