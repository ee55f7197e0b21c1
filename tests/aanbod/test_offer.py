"""The public offer (/aanbod): every opted-in location with filters a visitor can share as
a URL, the same locations as CSV, Excel and JSON, a page per location, and free places kept
up to date by the providers themselves, with a reminder after eight weeks."""

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from aanbod import tasks
from aanbod.services import offer
from kern import demo
from kern.models import District, Location
from tests.factories import (
    AdmissionFactory,
    LocationFactory,
    MembershipFactory,
    ProviderFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db


def _ids(query=""):
    response = Client().get(reverse("offer_json") + query)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["locaties"]}


def _listed(query=""):
    """The names on the HTML page (first page)."""
    return Client().get(reverse("offer_list") + query).content.decode()


@pytest.fixture
def demo_offer():
    demo.load(demo.read())


def test_the_offer_lists_every_active_demo_location_that_opted_in(demo_offer):
    shown = Location.objects.filter(active=True, organisation__in_public_offer=True)
    assert shown.count() >= 12
    assert _ids() == set(shown.values_list("pk", flat=True))
    page = Client().get(reverse("offer_list") + "?pagina=1").content.decode()
    assert "Huiswerkklas in de mediatheek" in page and "JONG Transvaal" in page
    assert "Yuverta" not in page  # did not opt in
    assert "Niet actueel" in _listed("?zoek=Wijkz")  # a demo location not confirmed for months
    assert "met de voucher van de Ooievaarspas" in page  # admitted in the demo voucher round


def test_the_csv_excel_and_json_give_the_same_locations_in_the_documented_format(demo_offer):
    visitor = Client()
    data = visitor.get(reverse("offer_json")).json()
    assert data["formaat"] == offer.FORMAT
    assert list(data["velden"]) == [key for key, _ in offer.FIELDS]
    assert all(list(row) == list(data["velden"]) for row in data["locaties"])

    response = visitor.get(reverse("offer_csv"))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert list(rows[0]) == list(data["velden"])
    assert [int(row["id"]) for row in rows] == [row["id"] for row in data["locaties"]]

    sheet = load_workbook(io.BytesIO(visitor.get(reverse("offer_xlsx")).content)).active
    values = list(sheet.values)
    assert list(values[0]) == list(data["velden"])
    assert [row[0] for row in values[1:]] == [row["id"] for row in data["locaties"]]

    fee = next(row for row in data["locaties"] if row["kosten_per_uur"] != "0.00")
    in_csv = next(row for row in rows if int(row["id"]) == fee["id"])
    assert in_csv["kosten_per_uur"] == fee["kosten_per_uur"].replace(".", ",")
    # The filters apply to the downloads too.
    assert {
        row["id"] for row in visitor.get(reverse("offer_json") + "?gratis=ja").json()["locaties"]
    } == {row["id"] for row in data["locaties"] if row["kosten_per_uur"] == "0.00"}


@pytest.fixture
def places():
    """Four locations, each differing from the others in what a filter looks at."""
    schilderswijk = District.objects.get(name="Schilderswijk")
    moerwijk = District.objects.get(name="Moerwijk en Zuiderpark")
    quiet = LocationFactory(
        name="Stilteplek Schilderswijk",
        organisation=ProviderFactory(in_public_offer=True, name="Stichting Rust"),
        district=schilderswijk,
        days=["ma", "wo"],
        support_types=["rustige_plek"],
        fee_per_hour=Decimal("0"),
        free_places=4,
    )
    tutoring = LocationFactory(
        name="Bijlesclub Moerwijk",
        organisation=ProviderFactory(in_public_offer=True, name="Stichting Bijles"),
        district=moerwijk,
        days=["di"],
        support_types=["bijles", "vakinhoud"],
        fee_per_hour=Decimal("2.50"),
        free_places=0,
        waiting_list=6,
    )
    voucher = LocationFactory(
        name="Voucherplek Moerwijk",
        organisation=ProviderFactory(in_public_offer=True, name="Stichting Voucher"),
        district=moerwijk,
        days=["do"],
        support_types=["feedback"],
        fee_per_hour=Decimal("8.00"),
        free_places=2,
    )
    AdmissionFactory(provider=voucher.organisation, locations=[voucher], admitted=True)
    school = LocationFactory(
        name="Mediatheek",
        organisation=SchoolFactory(in_public_offer=True, name="Haags Lyceum"),
        district=schilderswijk,
        days=["ma", "di", "do"],
        support_types=["studievaardigheden"],
        fee_per_hour=Decimal("0"),
        free_places=10,
    )
    LocationFactory(name="Verborgen plek", organisation=ProviderFactory(in_public_offer=False))
    LocationFactory(
        name="Gesloten plek",
        organisation=ProviderFactory(in_public_offer=True),
        active=False,
    )
    return quiet, tutoring, voucher, school


def test_every_filter_works_through_the_page_and_the_data(places):
    quiet, tutoring, voucher, school = places
    moerwijk = tutoring.district
    cases = {
        "": {quiet, tutoring, voucher, school},
        f"?stadsdeel={moerwijk.borough_id}": {
            location for location in places if location.district.borough_id == moerwijk.borough_id
        },
        f"?wijk={moerwijk.pk}": {tutoring, voucher},
        "?dag=ma": {quiet, school},
        "?dag=di": {tutoring, school},
        "?hulp=vakinhoud": {tutoring},
        "?hulp=rustige_plek": {quiet},
        "?gratis=ja": {quiet, school},
        "?voucher=ja": {voucher},
        "?plek=ja": {quiet, voucher, school},
        "?zoek=lyceum": {school},
        f"?wijk={moerwijk.pk}&plek=ja&dag=do": {voucher},
        "?dag=zz&wijk=abc": {quiet, tutoring, voucher, school},  # nonsense is ignored
        "?wijk=99999999999999999999&stadsdeel=-1": {quiet, tutoring, voucher, school},
    }
    for query, expected in cases.items():
        assert _ids(query) == {location.pk for location in expected}, query
        page = _listed(query)
        for location in places:
            assert (location.name in page) == (location in expected), (query, location.name)


def test_the_page_keeps_the_chosen_filters_in_its_form_and_its_download_links(places):
    page = _listed("?dag=di&gratis=ja")
    assert '<option value="di" selected>' in page
    assert 'name="gratis" value="ja" checked' in page
    assert "aanbod.csv?dag=di&amp;gratis=ja" in page


def test_a_location_page_tells_how_to_sign_up(places):
    quiet, tutoring, _, _ = places
    quiet.sign_up = "Kom langs op maandag om 15.00 uur."
    quiet.save()
    page = Client().get(reverse("offer_location", args=[quiet.pk])).content.decode()
    assert "Kom langs op maandag om 15.00 uur." in page and "Gratis" in page
    assert "4 vrije plekken" in page
    page = Client().get(reverse("offer_location", args=[tutoring.pk])).content.decode()
    assert "€ 2,50 per uur" in page and "6 leerlingen op de wachtlijst" in page
    hidden = Location.objects.get(name="Verborgen plek")
    assert Client().get(reverse("offer_location", args=[hidden.pk])).status_code == 404


def test_a_member_updates_free_places_in_one_form_and_a_stranger_cannot(places, client):
    quiet = places[0]
    Location.objects.filter(pk=quiet.pk).update(checked_at=timezone.now() - timedelta(weeks=9))
    assert (
        "Niet actueel" in Client().get(reverse("offer_location", args=[quiet.pk])).content.decode()
    )
    member = MembershipFactory(organisation=quiet.organisation).user
    client.force_login(member)
    page = client.get(reverse("organisation_detail", args=[quiet.organisation.pk])).content.decode()
    assert "Niet actueel" in page and f'id="id_free_places_{quiet.pk}"' in page
    url = reverse("availability_update", args=[quiet.organisation.pk, quiet.pk])

    response = client.post(url, {"free_places": "drie", "waiting_list": "0"}, follow=True)
    assert "Vul bij vrije plekken en wachtlijst een heel getal in" in response.content.decode()
    client.post(url, {"free_places": "0", "waiting_list": "3"})
    quiet.refresh_from_db()
    assert (quiet.free_places, quiet.waiting_list) == (0, 3)
    assert timezone.now() - quiet.checked_at < timedelta(minutes=1)
    assert (
        "Niet actueel"
        not in Client().get(reverse("offer_location", args=[quiet.pk])).content.decode()
    )
    assert quiet.history.first().history_user == member

    stranger = Client()
    stranger.force_login(MembershipFactory().user)
    assert stranger.post(url, {"free_places": "9", "waiting_list": "0"}).status_code == 404


def test_an_organisation_is_reminded_once_of_its_locations_out_of_date(
    places, django_capture_on_commit_callbacks
):
    quiet, tutoring, voucher, _ = places
    second = LocationFactory(organisation=quiet.organisation, name="Tweede plek")
    MembershipFactory(organisation=quiet.organisation)
    old = timezone.now() - timedelta(weeks=8, days=1)
    Location.objects.filter(pk__in=[quiet.pk, second.pk, tutoring.pk]).update(checked_at=old)
    Location.objects.filter(pk=voucher.pk).update(checked_at=timezone.now() - timedelta(weeks=7))

    with django_capture_on_commit_callbacks(execute=True):
        tasks.remind_out_of_date_offer.delay()
    assert (
        sorted(message.subject for message in mail.outbox)
        == ["Kloppen uw vrije plekken nog? Werk het aanbod bij"] * 2
    )
    to_quiet = next(m for m in mail.outbox if quiet.organisation.contact_email in m.to)
    assert "Stilteplek Schilderswijk" in to_quiet.body and "Tweede plek" in to_quiet.body
    assert len(to_quiet.to) == 2  # the contact and the member

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.remind_out_of_date_offer.delay()
    assert mail.outbox == []  # not every week

    Location.objects.update(reminded_at=timezone.now() - offer.REMIND_AGAIN - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.remind_out_of_date_offer.delay()
    assert len(mail.outbox) == 2  # still out of date four weeks later: again


def test_opting_in_is_part_of_the_organisation_profile(client):
    membership = MembershipFactory(role="admin", organisation=ProviderFactory())
    location = LocationFactory(organisation=membership.organisation)
    assert location.pk not in _ids()
    client.force_login(membership.user)
    form = client.get(reverse("organisation_edit", args=[membership.organisation.pk]))
    assert "tonen op de openbare pagina met het aanbod" in form.content.decode().lower()
    membership.organisation.in_public_offer = True
    membership.organisation.save()
    assert location.pk in _ids()


def test_the_json_may_be_read_by_other_sites():
    response = Client().get(reverse("offer_json"))
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(response.content)["locaties"] == []
