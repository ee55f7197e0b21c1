"""The record of each run of the retention job: how many records of each kind it deleted or
anonymised (counts only, never personal data), so an administrator sees it ran (AVG art. 5)."""

from django.db import models
from django.utils import timezone


class RetentionRun(models.Model):
    ran_at = models.DateTimeField("uitgevoerd op", default=timezone.now)
    counts = models.JSONField("aantallen per soort", default=dict)

    class Meta:
        verbose_name = "bewaartermijnen toegepast"
        verbose_name_plural = "bewaartermijnen toegepast"
        ordering = ["-ran_at"]

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M}"
