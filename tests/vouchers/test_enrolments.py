from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from kern import roles
from kern.choices import MemberRole
from kern.models import District
from tests.conftest import verify_second_factor
from tests.factories import LocationFactory, MembershipFactory, ProviderFactory, StaffFactory
from tests.vouchers.helpers import activation_data
from vouchers.models import Admission, AdmissionState, Enrolment, EnrolmentState

pytestmark = pytest.mark.django_db


def _provider_client(provider):
    client = Client()
    client.force_login(MembershipFactory(organisation=provider, role=MemberRole.ADMIN).user)
    return client


def _admitted(terms, name, district="Moerwijk en Zuiderpark", rate="8.00"):
    provider = ProviderFactory(name=name)
    location = LocationFactory(
        organisation=provider, name=f"{name} locatie", district=District.objects.get(name=district)
    )
    client = _provider_client(provider)
    client.post(
        reverse("admission_request", args=[provider.pk]),
        {"terms": terms.pk, "hourly_rate": rate, "locations": [location.pk]},
    )
    admission = Admission.objects.get(provider=provider)
    officer = verify_second_factor(Client(), StaffFactory(role=roles.ADMINISTRATOR))
    officer.post(
        reverse("admission_decide", args=[admission.pk]), {"besluit": "toelaten", "note": "ok"}
    )
    admission.refresh_from_db()
    assert admission.state == AdmissionState.ADMITTED
    return client, location


def _parent(voucher):
    client = Client()
    client.post(reverse("voucher_activate"), activation_data(voucher))
    return client


def test_parent_enrols_provider_accepts_and_starts(household):
    terms, (first, _, _) = household
    provider_client, location = _admitted(terms, "Stichting Huiswerkhuis")
    parent = _parent(first)
    choice = parent.get(reverse("choose_location", args=[first.pk]))
    assert "Stichting Huiswerkhuis locatie" in choice.content.decode()
    parent.post(reverse("choose_location", args=[first.pk]), {"location": location.pk})
    enrolment = Enrolment.objects.get(voucher=first)
    assert enrolment.state == EnrolmentState.REQUESTED

    page = provider_client.get(reverse("provider_home")).content.decode()
    assert "Sara Voorbeeld" in page
    assert first.pass_holder.pass_number not in page  # the provider sees the name only
    provider_client.post(reverse("enrolment_decide", args=[enrolment.pk, "accept"]))
    provider_client.post(reverse("enrolment_decide", args=[enrolment.pk, "start"]))
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.ACTIVE
    assert "loopt" in parent.get(reverse("parent_home")).content.decode()

    again = parent.post(
        reverse("choose_location", args=[first.pk]), {"location": location.pk}, follow=True
    )
    assert "al een plek" in again.content.decode()


def test_full_provider_refers_and_the_parent_is_told(household):
    terms, (first, _, _) = household
    full_client, full_location = _admitted(terms, "Stichting Vol")
    _, other_location = _admitted(terms, "Stichting Ruimte", district="Schilderswijk")
    parent = _parent(first)
    parent.post(reverse("choose_location", args=[first.pk]), {"location": full_location.pk})
    enrolment = Enrolment.objects.get(voucher=first)
    full_client.post(
        reverse("enrolment_refer", args=[enrolment.pk]),
        {"location": other_location.pk, "note": "Daar is nog plek."},
    )
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.DECLINED
    referral = Enrolment.objects.get(referred_from=enrolment)
    assert referral.location == other_location and referral.state == EnrolmentState.REQUESTED
    assert (
        "Doorverwezen naar Stichting Ruimte" in parent.get(reverse("parent_home")).content.decode()
    )


def test_commercial_provider_and_high_rate_are_refused(household):
    terms, _ = household
    commercial = ProviderFactory(not_for_profit=False, legal_form="bv")
    location = LocationFactory(organisation=commercial)
    response = _provider_client(commercial).post(
        reverse("admission_request", args=[commercial.pk]),
        {"terms": terms.pk, "hourly_rate": "12.00", "locations": [location.pk]},
    )
    page = response.content.decode()
    assert "zonder winstoogmerk" in page
    assert "hooguit € 10,00" in page
    assert not Admission.objects.exists()


def test_rate_above_the_schemes_maximum_is_refused(household):
    terms, _ = household
    terms.max_hourly_rate = Decimal("6.00")
    terms.save()
    provider = ProviderFactory()
    location = LocationFactory(organisation=provider)
    response = _provider_client(provider).post(
        reverse("admission_request", args=[provider.pk]),
        {"terms": terms.pk, "hourly_rate": "8.00", "locations": [location.pk]},
    )
    assert "hooguit € 6,00" in response.content.decode()


def test_other_providers_cannot_touch_an_enrolment(household):
    terms, (first, _, _) = household
    _, location = _admitted(terms, "Stichting Eigen")
    _parent(first).post(reverse("choose_location", args=[first.pk]), {"location": location.pk})
    enrolment = Enrolment.objects.get()
    stranger = _provider_client(ProviderFactory())
    response = stranger.post(reverse("enrolment_decide", args=[enrolment.pk, "accept"]))
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.REQUESTED


def test_parents_cannot_use_another_households_voucher(household):
    terms, (first, _, other) = household
    _, location = _admitted(terms, "Stichting Plek")
    parent = _parent(first)
    response = parent.get(reverse("choose_location", args=[other.pk]))
    assert response.status_code == 404


def test_a_provider_that_applied_is_not_offered_the_form_again(household):
    terms, _ = household
    client, _ = _admitted(terms, "Stichting Al Binnen")
    assert (
        "Stichting Al Binnen aanmelden" not in client.get(reverse("provider_home")).content.decode()
    )
    provider = Admission.objects.get().provider
    page = client.get(reverse("admission_request", args=[provider.pk]), follow=True)
    assert page.redirect_chain[-1][0] == reverse("provider_home")
    assert (
        "geen voucherregeling waarvoor uw organisatie zich nog kan aanmelden"
        in page.content.decode()
    )

    newcomer = ProviderFactory(name="Stichting Nieuw")
    home = _provider_client(newcomer).get(reverse("provider_home")).content.decode()
    assert "Stichting Nieuw aanmelden" in home


def test_a_form_left_open_while_a_colleague_applied_sends_nothing_twice(household):
    terms, _ = household
    provider = ProviderFactory()
    location = LocationFactory(organisation=provider)
    first, second = _provider_client(provider), _provider_client(provider)
    data = {"terms": terms.pk, "hourly_rate": "8,00", "locations": [location.pk]}
    assert second.get(reverse("admission_request", args=[provider.pk])).status_code == 200
    first.post(reverse("admission_request", args=[provider.pk]), data)
    page = second.post(reverse("admission_request", args=[provider.pk]), data, follow=True)
    assert (
        "geen voucherregeling waarvoor uw organisatie zich nog kan aanmelden"
        in page.content.decode()
    )
    assert Admission.objects.filter(provider=provider).count() == 1


def test_the_form_names_the_maximum_rate_of_the_scheme(household):
    terms, _ = household
    terms.max_hourly_rate = Decimal("6.00")
    terms.save()
    provider = ProviderFactory()
    page = _provider_client(provider).get(reverse("admission_request", args=[provider.pk]))
    assert "Hooguit € 6,00." in page.content.decode()
    assert "€ 10" not in page.content.decode()
