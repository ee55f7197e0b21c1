import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kern import demo
from kern.models import Location, Membership, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data():
    data = demo.read()
    demo.load(data)
    return data


def test_demo_has_the_seed_organisations_with_valid_data(demo_data):
    assert Organisation.objects.schools().count() == 7
    assert Organisation.objects.providers().count() == 6
    for organisation in Organisation.objects.all():
        organisation.full_clean()
    for location in Location.objects.all():
        location.full_clean()
    assert Location.objects.get(name="JONG Transvaal").district.name.startswith("Transvaal")


def test_loading_twice_changes_nothing(demo_data):
    counts = [model.history.count() for model in (Organisation, Location, Membership)]
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [model.history.count() for model in (Organisation, Location, Membership)] == counts


def test_demo_code_command_matches_the_demo_device(demo_data, capsys):
    call_command("demo_totp")
    code = capsys.readouterr().out.strip()
    device = TOTPDevice.objects.get(user__username="beoordelaar")
    assert device.verify_token(code)


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("beheerder", "Overzicht voor medewerkers"),
        ("beoordelaar", "Overzicht voor medewerkers"),
        ("besluitvormer", "Overzicht voor medewerkers"),
        ("financien", "Overzicht voor medewerkers"),
        ("school", "Christelijk College De Populier"),
        ("aanbieder", "Stichting Jeugdwerk"),
        ("aanbieder-medewerker", "Stichting Jeugdwerk"),
    ],
)
def test_each_demo_user_logs_in_and_reaches_the_home_page_of_their_role(
    client, demo_data, username, expected
):
    response = client.post(
        reverse("login"), {"username": username, "password": demo_data["password"]}, follow=True
    )
    if username in {person["username"] for person in demo_data["staff"]}:
        assert response.redirect_chain[-1][0].startswith(reverse("otp_verify"))
        response = client.post(
            reverse("otp_verify"), {"token": demo.current_code(demo_data)}, follow=True
        )
    assert response.status_code == 200
    assert expected in response.content.decode()
