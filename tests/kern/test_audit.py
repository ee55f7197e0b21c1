import pytest
from django.urls import reverse

from kern import services as kern_services
from kern.choices import MemberRole
from kern.models import Location, Membership
from tests.factories import LocationFactory, MembershipFactory, ProviderFactory, UserFactory
from tests.kern.test_permissions import _profile_data

pytestmark = pytest.mark.django_db


def test_member_change_to_organisation_is_in_its_history_with_actor_and_origin(
    member_client, member
):
    organisation = member.organisation
    old_name = organisation.name
    member_client.post(
        reverse("organisation_edit", args=[organisation.pk]),
        _profile_data(organisation, name="Stichting Nieuwe Naam"),
        REMOTE_ADDR="192.0.2.10",
    )
    record = organisation.history.latest()
    assert record.history_type == "~"
    assert record.history_user == member.user
    assert record.ip_address == "192.0.2.10"
    delta = record.diff_against(record.prev_record)
    change = next(change for change in delta.changes if change.field == "name")
    assert (change.old, change.new) == (old_name, "Stichting Nieuwe Naam")


def test_administrator_change_in_back_office_is_in_history_with_actor(administrator_client):
    client, administrator = administrator_client
    organisation = ProviderFactory()
    url = reverse("admin:kern_organisation_change", args=[organisation.pk])
    form = client.get(url).context["adminform"].form
    # Unchecked boxes and empty lists are absent from a real form post.
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and value is not False and value != []
    }
    data.update(
        {
            "name": "Door de gemeente gecorrigeerd",
            "locations-TOTAL_FORMS": 0,
            "locations-INITIAL_FORMS": 0,
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = organisation.history.latest()
    assert record.name == "Door de gemeente gecorrigeerd"
    assert record.history_user == administrator
    history_page = client.get(reverse("admin:kern_organisation_history", args=[organisation.pk]))
    assert administrator.username in history_page.content.decode()


def test_location_and_membership_changes_are_recorded_with_actor():
    admin = MembershipFactory(role=MemberRole.ADMIN)
    location = LocationFactory.build(organisation=admin.organisation)
    kern_services.save_location(admin.user, location)
    assert Location.history.get(id=location.pk).history_user == admin.user

    colleague = MembershipFactory(organisation=admin.organisation, user=UserFactory())
    colleague_id = colleague.pk
    kern_services.remove_member(admin.user, colleague)
    removal = Membership.history.filter(id=colleague_id).latest()
    assert removal.history_type == "-"
    assert removal.history_user == admin.user


def test_service_refuses_outsider_and_writes_no_history():
    outsider = UserFactory()
    organisation = ProviderFactory()
    before = organisation.history.count()
    organisation.name = "Kaping"
    with pytest.raises(Exception, match="hoort niet bij deze organisatie"):
        kern_services.save_organisation(outsider, organisation)
    assert organisation.history.count() == before
