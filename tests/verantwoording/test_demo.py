"""The demo (`make run`) shows the accountability and the hearing at work: the running grant
owes its reports, a school can respond to an intended refusal, and a grant whose period
ended waits for its settlement."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from besluiten.models import Hearing
from kern import demo, roles
from subsidie.demo import ended_period
from subsidie.models import Application
from tests.conftest import verify_second_factor
from tests.factories import StaffFactory
from verantwoording.choices import ReportState
from verantwoording.models import Report

pytestmark = pytest.mark.django_db


def test_the_demo_has_reports_due_and_a_hearing_open():
    data = demo.read()
    demo.load(data)
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115  (twice: nothing new)
    ended = ended_period() is not None  # none in January: the year's period is too short
    assert Application.objects.count() == 2 + ended and Report.objects.count() == 2 + ended
    assert Hearing.objects.count() == 1

    provider = Client()
    provider.post(reverse("login"), {"username": "aanbieder", "password": data["password"]})
    assert "Huiswerkclub in het buurthuis" in provider.get(reverse("report_list")).content.decode()
    school = Client()
    school.post(reverse("login"), {"username": "school", "password": data["password"]})
    assert "Lees het voornemen en reageer" in school.get(reverse("home")).content.decode()


def test_the_demo_has_a_grant_ready_to_settle():
    demo.load(demo.read())
    if ended_period() is None:
        pytest.skip("in January the demo's year has no ended period yet")
    report = Report.objects.get(state=ReportState.ACCEPTED)
    reviewer = verify_second_factor(Client(), StaffFactory(role=roles.REVIEWER))
    queue = reviewer.get(reverse("settlement_queue")).content.decode()
    assert "Centrale Bibliotheek Den Haag" in queue
    prepare = reviewer.get(reverse("settlement_prepare", args=[report.award_id]))
    assert prepare.status_code == 200 and "Begeleiding en coördinatie" in prepare.content.decode()
