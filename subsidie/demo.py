"""Loads the demo data in fixtures/demo.json. Only `make run` and tests use this.

Loading is idempotent: a record is saved only when it is new or differs from the file, so a
second run writes nothing and adds no history.
"""

import json
from binascii import unhexlify
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kern.choices import MemberRole
from kern.models import District, Location, Membership, Organisation
from subsidie.models import Criterion, Scheme, SchemeBudget, SchemeSelection

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo.json"
DEMO_DEVICE_NAME = "Demo-sleutel"
_NESTED = ("locations", "members")
_SCHEME_NESTED = ("ceiling", "selections", "criteria")


def read(path=DEMO_FILE):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def current_code(data):
    return f"{TOTP(unhexlify(data['totp_secret_hex'])).token():06d}"


@transaction.atomic
def load(data):
    """Creates or updates every demo record; returns (username, role) for each login."""
    logins = [(person["username"], person["role"]) for person in data["staff"]]
    for person in data["staff"]:
        user = _user(person, data["password"], is_staff=True)
        user.groups.set([Group.objects.get(name=person["role"])])
        _demo_device(user, data["totp_secret_hex"])
    for entry in data["organisations"]:
        organisation = _organisation(entry)
        for location in entry.get("locations", []):
            _location(organisation, location)
        for person in entry.get("members", []):
            user = _user(person, data["password"], is_staff=False)
            _upsert(
                Membership, {"user": user, "organisation": organisation}, {"role": person["role"]}
            )
            role = MemberRole(person["role"]).label
            logins.append((person["username"], f"{role}, {organisation.name}"))
    for entry in data.get("schemes", []):
        _scheme(entry)
    return logins


def _scheme(entry):
    """A scheme open for the whole current calendar year, so the demo always has one, with
    a ceiling for this year and the next (activities often run into the next year)."""
    values = {key: value for key, value in entry.items() if key not in _SCHEME_NESTED}
    year = timezone.localdate().year
    values["opens_at"] = _start_of_year(year)
    values["closes_at"] = _start_of_year(year + 1) - timedelta(minutes=1)
    scheme = _upsert(Scheme, {"code": values.pop("code")}, values)
    for budget_year in (year, year + 1):
        _upsert(
            SchemeBudget, {"scheme": scheme, "year": budget_year}, {"ceiling": entry["ceiling"]}
        )
    for brin, branch, reason in entry.get("selections", []):
        school = Organisation.objects.get(brin=brin, branch_number=branch)
        _upsert(SchemeSelection, {"scheme": scheme, "organisation": school}, {"reason": reason})
    for name, description, weight in entry.get("criteria", []):
        _upsert(
            Criterion,
            {"scheme": scheme, "name": name},
            {"description": description, "weight": weight},
        )


def _start_of_year(year):
    return timezone.make_aware(datetime(year, 1, 1))


def _upsert(model, lookup, values):
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
    return _upsert(Organisation, lookup, values)


def _location(organisation, entry):
    values = dict(entry)
    values["district"] = District.objects.get(name=values.pop("district"))
    return _upsert(Location, {"organisation": organisation, "name": values.pop("name")}, values)


def _user(person, password, *, is_staff):
    fields = ("first_name", "last_name", "email")
    user, _ = get_user_model().objects.update_or_create(
        username=person["username"],
        defaults={**{field: person[field] for field in fields}, "is_staff": is_staff},
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
