"""The demo data that `make run` loads from fixtures/demo.json. Only `make run` and tests
use this; never load it into production.

Each app that has demo data names its loader in its AppConfig (`demo_loader`); `load` runs
them in INSTALLED_APPS order, so each builds on the ones before, in one transaction. Loading
is idempotent: a record is saved only when it is new or differs from the file, so a second
run writes nothing and adds no history.
"""

import json
from binascii import unhexlify

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils.module_loading import import_string
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kern.choices import MemberRole
from kern.models import District, Location, Membership, Organisation

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo.json"
DEMO_DEVICE_NAME = "Demo-sleutel"
_NESTED = ("locations", "members")


def read(path=DEMO_FILE):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def current_code(data):
    return f"{TOTP(unhexlify(data['totp_secret_hex'])).token():06d}"


@transaction.atomic
def load(data):
    """Runs every app's demo loader; returns (username, role) for each login."""
    logins = []
    for app in apps.get_app_configs():
        loader = getattr(app, "demo_loader", None)
        if loader:
            logins += import_string(loader)(data) or []
    return logins


def load_people_and_organisations(data):
    """Staff with their roles and second factor; organisations, locations and members."""
    logins = [(person["username"], person["role"]) for person in data["staff"]]
    for person in data["staff"]:
        user = user_with_password(person, data["password"], is_staff=True)
        user.groups.set([Group.objects.get(name=person["role"])])
        _demo_device(user, data["totp_secret_hex"])
    for entry in data["organisations"]:
        organisation = _organisation(entry)
        for location in entry.get("locations", []):
            _location(organisation, location)
        for person in entry.get("members", []):
            user = user_with_password(person, data["password"], is_staff=False)
            upsert(
                Membership, {"user": user, "organisation": organisation}, {"role": person["role"]}
            )
            role = MemberRole(person["role"]).label
            logins.append((person["username"], f"{role}, {organisation.name}"))
    return logins


def upsert(model, lookup, values):
    """The record found by `lookup`, created or changed to hold `values` only if needed."""
    instance = model.objects.filter(**lookup).first() or model(**lookup)
    values = {name: _typed(model, name, value) for name, value in values.items()}
    changed = instance.pk is None or any(
        getattr(instance, name) != value for name, value in values.items()
    )
    if changed:
        for name, value in values.items():
            setattr(instance, name, value)
        instance.full_clean()
        instance._change_reason = "demodata"
        instance.save()
    return instance


def _typed(model, name, value):
    """Converts JSON values (strings for decimals) so comparing with the row is exact."""
    if isinstance(value, models.Model):
        return value
    return model._meta.get_field(name).to_python(value)


def _organisation(entry):
    values = {key: value for key, value in entry.items() if key not in _NESTED}
    key_fields = (
        ("kind", "brin", "branch_number") if entry["kind"] == "school" else ("kind", "kvk_number")
    )
    lookup = {field: values.pop(field) for field in key_fields}
    return upsert(Organisation, lookup, values)


def _location(organisation, entry):
    values = dict(entry)
    values["district"] = District.objects.get(name=values.pop("district"))
    return upsert(Location, {"organisation": organisation, "name": values.pop("name")}, values)


def user_with_password(person, password, *, is_staff):
    fields = ("first_name", "last_name", "email")
    user, _ = get_user_model().objects.update_or_create(
        username=person["username"],
        defaults={**{field: person.get(field, "") for field in fields}, "is_staff": is_staff},
    )
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _demo_device(user, secret_hex):
    TOTPDevice.objects.update_or_create(
        user=user,
        name=DEMO_DEVICE_NAME,
        defaults={"key": secret_hex, "confirmed": True},
    )
