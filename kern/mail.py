"""E-mail to users. Sent from Celery tasks, never inside a request's transaction."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def send(subject, template, context, recipients):
    """Renders in the site's language: tasks run outside any request."""
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=subject,
            message=render_to_string(template, context),
            from_email=None,
            recipient_list=recipients,
        )


def site_url(path):
    """The address of a page of this site, for e-mails and letters."""
    return settings.SITE_URL.rstrip("/") + path


def password_link(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return site_url(path)


def send_welcome(user_id):
    user = get_user_model().objects.get(pk=user_id)
    context = {"user": user, "link": password_link(user)}
    subject = render_to_string("registration/welcome_subject.txt", context).strip()
    send(subject, "registration/welcome_email.txt", context, [user.email])


def members(organisation):
    """The organisation's contact address and every member's."""
    addresses = organisation.memberships.values_list("user__email", flat=True)
    return sorted({organisation.contact_email, *addresses} - {""})
