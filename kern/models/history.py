"""The base of every historical record: where a change came from (BIO 8.15.01)."""

from django.db import models
from simple_history.models import HistoricalRecords


class AuditedHistory(models.Model):
    """Base of every historical model: adds where a change came from (BIO 8.15.01)."""

    ip_address = models.GenericIPAddressField("IP-adres", null=True, blank=True)

    class Meta:
        abstract = True


def audited_history():
    return HistoricalRecords(bases=[AuditedHistory], cascade_delete_history=False)
