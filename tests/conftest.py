import pytest
from django_otp import DEVICE_ID_SESSION_KEY

from kern import roles
from tests.factories import MembershipFactory, StaffFactory, TOTPDeviceFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Each test stores uploads and letters in its own folder. Assigning the setting (not
    changing it in place) makes Django build the storage anew."""
    location = {"location": str(tmp_path / "private-media")}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": location},
    }


def verify_second_factor(client, user):
    """Logs in as a user who passed the second step, as after entering a TOTP code."""
    device = TOTPDeviceFactory(user=user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def staff_client(client, db):
    """A client factory: staff_client(role) gives a verified client for that staff role."""

    def make(role):
        user = StaffFactory(role=role)
        return verify_second_factor(client, user), user

    return make


@pytest.fixture
def administrator_client(staff_client):
    return staff_client(roles.ADMINISTRATOR)


@pytest.fixture
def member(db):
    return MembershipFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


@pytest.fixture
def postgres(db):
    """Concurrency guarantees are proven on PostgreSQL only; SQLite serialises everything."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (CI does)")
