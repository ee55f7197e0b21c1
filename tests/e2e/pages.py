"""The pages the browser tests visit, with the demo data: the public pages, the login
steps, the main page of every role and the pages each role works in most, the back
office's add pages, and the parent's page on a phone (375 px)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from betalingen import services as payments
from betalingen.bankdays import bank_day_from
from kern.models import District, Location, Organisation
from subsidie.models import Application, Scheme
from subsidie.services import applications
from tests.e2e.browser import logged_in, page_as
from tests.verantwoording.helpers import granted, revoked


def user(username):
    return get_user_model().objects.get(username=username)


def _draft():
    school = Organisation.objects.get(name="Christelijk College De Populier")
    scheme = Scheme.objects.get(code="hwb-vo-scholen")
    return applications.start_application(user("school"), school, scheme)


def _batch():
    granted("20000")
    finance = user("financien")
    day = bank_day_from(timezone.localdate())
    return payments.create_batch(finance, [item.key for item in payments.due_items(day)], day)


def pages():
    """(who, path, width): who is a username, or None for a visitor."""
    location = Location.objects.filter(organisation__in_public_offer=True).first()
    district = District.objects.get(name="Moerwijk en Zuiderpark")
    proposed = Application.objects.get(state="proposed")
    draft, batch, withdrawn = _draft(), _batch(), revoked()
    return [
        (None, reverse("offer_list") + f"?wijk={district.pk}&plek=ja&dag=di", 1280),
        (None, reverse("offer_list") + "?gratis=ja", 375),
        (None, reverse("offer_location", args=[location.pk]), 1280),
        (None, reverse("public_schemes"), 1280),
        (None, reverse("public_scheme", args=["hwb-aanbieders"]), 1280),
        (None, reverse("subsidy_register"), 1280),
        (None, reverse("login"), 1280),
        (None, reverse("accessibility"), 1280),
        ("second-step", reverse("otp_verify"), 1280),
        ("school", reverse("home"), 1280),
        ("school", reverse("application_plan", args=[draft.pk]), 1280),
        ("school", reverse("application_budget", args=[draft.pk]), 1280),
        ("school", reverse("referral_create"), 1280),
        ("school", reverse("organisation_detail", args=[draft.organisation_id]), 1280),
        ("beoordelaar", reverse("home"), 1280),
        ("beoordelaar", reverse("review_queue"), 1280),
        ("beoordelaar", reverse("review_detail", args=[proposed.pk]), 1280),
        ("beoordelaar", reverse("monitoring"), 1280),
        ("besluitvormer", reverse("home"), 1280),
        ("besluitvormer", reverse("review_decide", args=[proposed.pk]), 1280),
        ("besluitvormer", reverse("recovery_list"), 1280),
        ("besluitvormer", reverse("recover_after_revocation", args=[withdrawn.pk]), 1280),
        ("financien", reverse("home"), 1280),
        ("financien", reverse("payment_overview"), 1280),
        ("financien", reverse("payment_batch", args=[batch.pk]), 1280),
        ("beheerder", reverse("home"), 1280),
        ("beheerder", reverse("passholder_imports"), 1280),
        ("beheerder", reverse("admin:subsidie_scheme_add"), 1280),
        ("beheerder", reverse("admin:kern_organisation_add"), 1280),
        ("beheerder", reverse("admin:kern_location_add"), 1280),
        ("beheerder", reverse("admin:vouchers_voucherterms_add"), 1280),
        ("ouder", reverse("parent_home"), 1280),
        ("ouder", reverse("parent_home"), 375),
        ("aanbieder", reverse("home"), 1280),
        ("aanbieder", reverse("provider_home"), 1280),
        ("aanbieder", reverse("referral_list"), 1280),
    ]


def client_for(who):
    if who == "second-step":
        return logged_in(user("beoordelaar"), verified=False)
    person = user(who)
    return logged_in(person, verified=person.is_staff)


def visit(browser, live_server):
    """Each page loaded in a browser context of its own, as its user: (label, page)."""
    clients = {}
    for who, path, width in pages():
        if who and who not in clients:
            clients[who] = client_for(who)
        page = page_as(browser, live_server, clients.get(who), width)
        response = page.goto(live_server.url + path)
        assert response.status == 200, (who, path, response.status)
        yield f"{path} ({who or 'bezoeker'}, {width}px)", page
        page.context.close()
