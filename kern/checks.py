"""A production configuration sends its mail somewhere."""

from django.conf import settings
from django.core.checks import Error, register

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@register("kern", deploy=True)
def mail_host(app_configs, **kwargs):
    if settings.EMAIL_BACKEND == SMTP and not settings.EMAIL_HOST:
        return [
            Error(
                "EMAIL_HOST is not set: no decision, reminder or password mail would arrive.",
                hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_USE_TLS, the user and password).",
                id="kern.E001",
            )
        ]
    return []
