"""Adds the origin of a change to every historical record (BIO 8.15.01).

django-simple-history already stores actor, time and the full before/after snapshot; this
fills the extra ``ip_address`` column from the request that caused the change, if any.
"""

from simple_history.models import HistoricalRecords


def record_origin(sender, history_instance, **kwargs):
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None:
        history_instance.ip_address = request.META.get("REMOTE_ADDR")
