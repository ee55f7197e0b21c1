"""The demo (`make run`) shows the accountability and the hearing at work: the running grant
owes its reports, and a school can respond to an intended refusal."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kern import demo
from kern.models import Hearing
from subsidie.models import Application
from verantwoording.models import Report

pytestmark = pytest.mark.django_db


def test_the_demo_has_reports_due_and_a_hearing_open():
    data = demo.read()
    demo.load(data)
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115  (twice: nothing new)
    assert Application.objects.count() == 2 and Report.objects.count() == 2
    assert Hearing.objects.count() == 1

    provider = Client()
    provider.post(reverse("login"), {"username": "aanbieder", "password": data["password"]})
    assert "Huiswerkclub in het buurthuis" in provider.get(reverse("report_list")).content.decode()
    school = Client()
    school.post(reverse("login"), {"username": "school", "password": data["password"]})
    assert "Lees het voornemen en reageer" in school.get(reverse("home")).content.decode()
