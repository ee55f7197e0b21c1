"""Where a change came from (BIO 8.15.01), for historical records and transition lines.

django-simple-history already stores actor, time and the full before/after snapshot; this
adds the IP address of the request that caused the change, if there was one, and for the
transition log the API key it came through.
"""

from django.conf import settings
from simple_history.models import HistoricalRecords


def client_address(request):
    """The client's address. Behind our TLS proxy (DJANGO_BEHIND_TLS_PROXY) that is the
    entry the proxy itself added to X-Forwarded-For, the last one: the first hop we do not
    trust; entries before it are whatever the client chose to send."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_TLS_PROXY and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def current_origin():
    request = getattr(HistoricalRecords.context, "request", None)
    return client_address(request) if request is not None else None


def current_api_key():
    """The start of the API key the request came with (set by the API's authentication)."""
    request = getattr(HistoricalRecords.context, "request", None)
    return getattr(request, "api_key_prefix", "")


def save_as(actor, instance):
    """Saves with the actor on the historical record, whatever the entry point (a request,
    a command or a task)."""
    instance._history_user = actor
    instance.save()
    return instance


def record_origin(sender, history_instance, **kwargs):
    history_instance.ip_address = current_origin()
