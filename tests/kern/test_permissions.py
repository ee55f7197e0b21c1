import pytest
from django.core import mail
from django.urls import reverse

from kern import roles
from kern.choices import MemberRole
from kern.forms import ProviderProfileForm
from kern.models import Location, Membership
from tests.factories import LocationFactory, MembershipFactory, ProviderFactory

pytestmark = pytest.mark.django_db

ORGANISATION_PAGES = [
    "organisation_detail",
    "organisation_edit",
    "location_create",
    "member_list",
    "member_add",
]


def _profile_data(organisation, **changes):
    """What the profile form posts unchanged: its initial values, checkboxes as "on"."""
    initial = ProviderProfileForm(instance=organisation).initial
    data = {name: value for name, value in initial.items() if value not in (None, False, [])}
    data.update({name: "on" for name, value in initial.items() if value is True})
    data.update(changes)
    return data


@pytest.mark.parametrize("page", ORGANISATION_PAGES)
def test_anonymous_user_is_sent_to_login(client, page):
    organisation = ProviderFactory()
    response = client.get(reverse(page, args=[organisation.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("page", ORGANISATION_PAGES)
def test_member_of_one_provider_gets_404_for_another_providers_pages(member_client, page):
    other = ProviderFactory()
    assert member_client.get(reverse(page, args=[other.pk])).status_code == 404
    assert member_client.post(reverse(page, args=[other.pk]), {}).status_code == 404


def test_member_cannot_change_another_providers_location(member_client):
    other_location = LocationFactory()
    url = reverse("location_edit", args=[other_location.organisation.pk, other_location.pk])
    assert member_client.post(url, {"name": "Overgenomen"}).status_code == 404
    other_location.refresh_from_db()
    assert other_location.name != "Overgenomen"


def test_own_organisation_cannot_reach_foreign_location_through_its_url(member_client, member):
    other_location = LocationFactory()
    url = reverse("location_edit", args=[member.organisation.pk, other_location.pk])
    assert member_client.get(url).status_code == 404


def test_member_sees_and_edits_own_organisation(member_client, member):
    organisation = member.organisation
    detail = member_client.get(reverse("organisation_detail", args=[organisation.pk]))
    assert detail.status_code == 200
    assert organisation.name in detail.content.decode()
    response = member_client.post(
        reverse("organisation_edit", args=[organisation.pk]),
        _profile_data(organisation, contact_name="Nieuwe Contactpersoon"),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.contact_name == "Nieuwe Contactpersoon"


def test_invalid_profile_shows_dutch_error_summary_and_keeps_data(member_client, member):
    organisation = member.organisation
    response = member_client.post(
        reverse("organisation_edit", args=[organisation.pk]),
        _profile_data(organisation, iban="NL00FOUT", contact_name="Bewaard"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Er ging iets mis" in page
    assert 'href="#id_iban"' in page
    assert 'value="Bewaard"' in page


def test_member_adds_location_and_fee_above_ten_is_refused(member_client, member):
    url = reverse("location_create", args=[member.organisation.pk])
    data = {
        "name": "Buurthuis",
        "street": "Straat",
        "house_number": "1",
        "postcode": "2525 BC",
        "city": "Den Haag",
        "district": LocationFactory.build().district.pk,
        "days": ["ma", "do"],
        "hours_per_week": "6",
        "weeks_per_year": "40",
        "places_per_week": "25",
        "waiting_list": "0",
        "support_types": ["rustige_plek"],
        "fee_per_hour": "12.50",
        "active": "on",
    }
    refused = member_client.post(url, data)
    assert refused.status_code == 200
    assert "niet laagdrempelig" in refused.content.decode()
    assert not Location.objects.exists()

    data["fee_per_hour"] = "2.50"
    assert member_client.post(url, data).status_code == 302
    location = Location.objects.get()
    assert location.organisation == member.organisation
    assert location.borough.name == "Centrum"


def test_plain_member_may_not_add_colleagues(member_client, member):
    response = member_client.get(reverse("member_add", args=[member.organisation.pk]))
    assert response.status_code == 403


def test_organisation_admin_adds_colleague_who_gets_an_email(
    client, django_capture_on_commit_callbacks
):
    admin = MembershipFactory(role=MemberRole.ADMIN)
    client.force_login(admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("member_add", args=[admin.organisation.pk]),
            {
                "email": "Nieuw@Example.org",
                "first_name": "Noor",
                "last_name": "Visser",
                "role": MemberRole.MEMBER,
            },
        )
    assert response.status_code == 302
    new = Membership.objects.get(
        organisation=admin.organisation, user__username="nieuw@example.org"
    )
    assert new.role == MemberRole.MEMBER
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nieuw@example.org"]
    assert "/wachtwoord-kiezen/" in mail.outbox[0].body


def test_last_admin_cannot_be_removed(client):
    admin = MembershipFactory(role=MemberRole.ADMIN)
    client.force_login(admin.user)
    url = reverse("member_remove", args=[admin.organisation.pk, admin.pk])
    response = client.post(url, follow=True)
    assert "minstens één beheerder" in response.content.decode()
    assert Membership.objects.filter(pk=admin.pk).exists()


def test_admin_removes_colleague_after_confirmation(client):
    admin = MembershipFactory(role=MemberRole.ADMIN)
    colleague = MembershipFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    url = reverse("member_remove", args=[admin.organisation.pk, colleague.pk])
    confirm = client.get(url)
    assert "verwijderen?" in confirm.content.decode()
    assert Membership.objects.filter(pk=colleague.pk).exists()
    client.post(url)
    assert not Membership.objects.filter(pk=colleague.pk).exists()


@pytest.mark.parametrize("role", roles.STAFF_ROLES)
def test_staff_roles_see_organisations_in_back_office(staff_client, role):
    client, _ = staff_client(role)
    ProviderFactory(name="Zichtbare Stichting")
    response = client.get("/beheer/kern/organisation/")
    assert response.status_code == 200
    assert "Zichtbare Stichting" in response.content.decode()
    home = client.get("/")
    assert "Overzicht voor medewerkers" in home.content.decode()
    assert role in home.content.decode()


@pytest.mark.parametrize("role", [roles.REVIEWER, roles.DECISION_MAKER, roles.FINANCE])
def test_only_administrators_change_organisations(staff_client, role):
    client, _ = staff_client(role)
    organisation = ProviderFactory()
    assert client.get("/beheer/kern/organisation/add/").status_code == 403
    url = f"/beheer/kern/organisation/{organisation.pk}/change/"
    assert client.post(url, {"name": "Gewijzigd"}).status_code == 403


def test_administrator_can_add_organisations(administrator_client):
    client, _ = administrator_client
    assert client.get("/beheer/kern/organisation/add/").status_code == 200


def test_staff_do_not_see_member_pages_of_organisations(staff_client):
    client, _ = staff_client(roles.REVIEWER)
    organisation = ProviderFactory()
    assert client.get(reverse("organisation_detail", args=[organisation.pk])).status_code == 404
