"""The monitoring workbook of a year, made in the background with its progress."""

from django.conf import settings
from django.db import models


def workbook_path(instance, filename):
    return f"monitoring/{instance.year}-{instance.pk}.xlsx"


class MonitoringWorkbook(models.Model):
    year = models.PositiveSmallIntegerField("jaar")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gevraagd door",
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField("gevraagd op", auto_now_add=True)
    schemes = models.PositiveSmallIntegerField("regelingen", default=0)
    schemes_done = models.PositiveSmallIntegerField("regelingen klaar", default=0)
    file = models.FileField("werkmap", upload_to=workbook_path, blank=True)
    finished_at = models.DateTimeField("klaar op", null=True, blank=True)

    class Meta:
        verbose_name = "monitoringwerkmap"
        verbose_name_plural = "monitoringwerkmappen"
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Monitoring {self.year}"
