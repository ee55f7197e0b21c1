"""A new IBAN or not-for-profit status from a member waits for a municipal check; payments
keep going to the confirmed account until then (the classic payment fraud)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kern import roles, services
from kern.models import Organisation
from tests.factories import MembershipFactory, ProviderFactory, StaffFactory
from tests.kern.test_permissions import _profile_data

pytestmark = pytest.mark.django_db

OLD, NEW = "NL91ABNA0417164300", "NL44RABO0123456789"


@pytest.fixture
def provider_member(client):
    organisation = ProviderFactory(iban=OLD)
    membership = MembershipFactory(organisation=organisation)
    client.force_login(membership.user)
    return organisation, client


def test_a_members_new_iban_waits_and_payments_keep_the_old_one(provider_member):
    organisation, client = provider_member
    response = client.post(
        reverse("organisation_edit", args=[organisation.pk]),
        _profile_data(organisation, iban=NEW),
        follow=True,
    )
    page = response.content.decode()
    assert "gaat pas in als de gemeente het heeft gecontroleerd" in page
    assert "wacht op controle door de gemeente" in page and NEW in page
    organisation.refresh_from_db()
    assert (organisation.iban, organisation.pending_iban) == (OLD, NEW)


def test_finance_confirms_after_checking_and_the_change_is_on_record(provider_member, staff_client):
    organisation, client = provider_member
    client.post(
        reverse("organisation_edit", args=[organisation.pk]), _profile_data(organisation, iban=NEW)
    )
    finance_client, finance = staff_client(roles.FINANCE)
    assert NEW in finance_client.get(reverse("pending_changes")).content.decode()
    assert "IBAN's controleren (1)" in finance_client.get(reverse("home")).content.decode()
    finance_client.post(
        reverse("pending_change_decide", args=[organisation.pk]), {"besluit": "bevestigen"}
    )
    organisation.refresh_from_db()
    assert (organisation.iban, organisation.pending_iban) == (NEW, "")
    assert not organisation.has_pending_change
    latest = organisation.history.latest("history_id")
    assert (latest.history_user, latest.history_change_reason) == (finance, "bevestigd")


def test_a_refusal_needs_a_reason_and_keeps_the_old_account(provider_member):
    organisation, client = provider_member
    client.post(
        reverse("organisation_edit", args=[organisation.pk]), _profile_data(organisation, iban=NEW)
    )
    finance = StaffFactory(role=roles.FINANCE)
    with pytest.raises(ValidationError, match="Schrijf waarom"):
        services.decide_pending_change(finance, organisation, False, "")
    services.decide_pending_change(finance, organisation, False, "Niet bevestigd per telefoon.")
    organisation.refresh_from_db()
    assert (organisation.iban, organisation.pending_iban) == (OLD, "")


def test_a_new_not_for_profit_status_waits_too(provider_member):
    organisation, client = provider_member
    organisation.not_for_profit, organisation.not_for_profit_reason = False, ""
    organisation.save()
    data = _profile_data(
        organisation, not_for_profit="on", not_for_profit_reason="Statuten art. 3, 2020."
    )
    client.post(reverse("organisation_edit", args=[organisation.pk]), data)
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.not_for_profit is False
    assert organisation.pending_not_for_profit is True
    assert organisation.pending_not_for_profit_reason == "Statuten art. 3, 2020."


@pytest.mark.parametrize("role", [roles.REVIEWER, roles.DECISION_MAKER, roles.ADMINISTRATOR])
def test_only_finance_checks_bank_details(staff_client, role, provider_member):
    organisation, _ = provider_member
    client, _ = staff_client(role)
    assert client.get(reverse("pending_changes")).status_code == 403
    response = client.post(
        reverse("pending_change_decide", args=[organisation.pk]), {"besluit": "bevestigen"}
    )
    assert response.status_code == 403
