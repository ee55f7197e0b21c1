import pytest
from django.contrib.admin.sites import site
from django.core import mail
from django.urls import reverse
from django_otp.middleware import OTPMiddleware
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kern import roles
from tests.conftest import verify_second_factor
from tests.factories import PASSWORD, MembershipFactory, StaffFactory, TOTPDeviceFactory

pytestmark = pytest.mark.django_db


def _login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def _code(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def _staff_pages():
    urls = ["/", "/beheer/", "/account/"]
    for model in site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return urls


def test_member_logs_in_with_password_and_reaches_home(client):
    membership = MembershipFactory()
    response = _login(client, membership.user.username)
    assert response.status_code == 302
    home = client.get("/")
    assert membership.organisation.name in home.content.decode()


def test_wrong_password_gives_dutch_message(client):
    membership = MembershipFactory()
    response = _login(client, membership.user.username, "fout-wachtwoord")
    assert response.status_code == 200
    assert "Er ging iets mis" in response.content.decode()


def test_account_is_locked_after_five_failures(client, settings):
    membership = MembershipFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, membership.user.username, "fout-wachtwoord")
    locked = _login(client, membership.user.username)
    assert locked.status_code == 429
    assert "te vaak een verkeerd wachtwoord" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_user_cannot_reach_any_staff_page_without_second_factor(client):
    staff = StaffFactory(role=roles.ADMINISTRATOR)
    _login(client, staff.username)
    for url in _staff_pages():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("otp_setup")), url


def test_staff_with_device_must_enter_code_before_any_staff_page(client):
    staff = StaffFactory(role=roles.REVIEWER)
    device = TOTPDeviceFactory(user=staff)
    _login(client, staff.username)
    for url in _staff_pages():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("otp_verify")), url

    wrong = client.post(reverse("otp_verify"), {"token": "000000", "next": "/beheer/"})
    assert "klopt niet" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    before_second_step = client.session.session_key
    right = client.post(reverse("otp_verify"), {"token": _code(device), "next": "/beheer/"})
    assert right["Location"] == "/beheer/"
    assert client.session.session_key != before_second_step  # no session fixation
    assert client.get("/beheer/").status_code == 200


def test_admin_site_itself_refuses_unverified_staff(rf):
    """Defence in depth: without our middleware the admin still demands a verified user."""
    request = rf.get("/beheer/")
    request.session = {}
    request.user = StaffFactory(role=roles.ADMINISTRATOR)
    OTPMiddleware(lambda request: None)(request)
    assert request.user.is_staff
    assert site.has_permission(request) is False


def test_staff_sets_up_second_factor_and_then_reaches_home(client):
    staff = StaffFactory(role=roles.FINANCE)
    _login(client, staff.username)
    setup = client.get(reverse("otp_setup"))
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    response = client.post(reverse("otp_setup"), {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert "Overzicht voor medewerkers" in client.get("/").content.decode()


def test_staff_cannot_switch_second_factor_off(client):
    staff = StaffFactory(role=roles.REVIEWER)
    verify_second_factor(client, staff)
    client.post(reverse("otp_disable"))
    assert TOTPDevice.objects.filter(user=staff).exists()


def test_member_may_switch_second_factor_on_and_must_then_use_it(client):
    membership = MembershipFactory()
    _login(client, membership.user.username)
    assert client.get("/").status_code == 200
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=membership.user)
    client.post(reverse("otp_setup"), {"token": _code(device)})
    client.post(reverse("logout"))
    _login(client, membership.user.username)
    response = client.get("/")
    assert response["Location"].startswith(reverse("otp_verify"))


def test_member_may_switch_second_factor_off(client):
    membership = MembershipFactory()
    verify_second_factor(client, membership.user)
    client.post(reverse("otp_disable"))
    assert not TOTPDevice.objects.filter(user=membership.user).exists()


def test_password_reset_mail_and_strong_password_rule(client):
    membership = MembershipFactory()
    client.post(reverse("password_reset"), {"email": membership.user.email})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/wachtwoord-kiezen/" in line)
    form_page = client.get(link.split("testserver")[1], follow=True)
    url = form_page.redirect_chain[-1][0]
    weak = client.post(url, {"new_password1": "kort", "new_password2": "kort"})
    assert "te kort" in weak.content.decode()
    strong = "Huiswerk-in-de-Schilderswijk-2026"
    done = client.post(url, {"new_password1": strong, "new_password2": strong})
    assert done.status_code == 302
    membership.user.refresh_from_db()
    assert membership.user.check_password(strong)


def test_open_redirect_after_second_step_is_refused(client):
    staff = StaffFactory(role=roles.REVIEWER)
    device = TOTPDeviceFactory(user=staff)
    _login(client, staff.username)
    response = client.post(
        reverse("otp_verify"), {"token": _code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")
