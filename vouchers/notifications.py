"""E-mails to parents about their child's place. Scheduled when the change is committed
and sent from a Celery task; a parent without an e-mail address sees it on their page."""

from django.db import transaction
from django.urls import reverse

from kern.mail import send, site_url
from vouchers import tasks
from vouchers.models import Enrolment, ParentAccount

_SUBJECTS = {
    "suspended": "De aanbieder van uw kind mag tijdelijk geen vouchers aannemen",
    "referred": "Uw aanvraag voor huiswerkbegeleiding is doorgestuurd",
}


def tell_parent(enrolment, kind):
    transaction.on_commit(lambda: tasks.send_parent_mail.delay(enrolment.pk, kind))


def send_parent_mail(enrolment_id, kind):
    enrolment = Enrolment.objects.select_related(
        "voucher__pass_holder", "location__organisation", "admission", "referred_from__location"
    ).get(pk=enrolment_id)
    recipients = sorted(
        ParentAccount.objects.filter(
            household_number=enrolment.voucher.pass_holder.household_number,
            user__is_active=True,
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return
    context = {
        "enrolment": enrolment,
        "child": enrolment.voucher.pass_holder.name.split(" ")[0],
        "link": site_url(reverse("parent_home")),
    }
    send(_SUBJECTS[kind], f"vouchers/mail/{kind}.txt", context, recipients)
