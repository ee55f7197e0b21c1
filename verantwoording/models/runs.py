"""A year-end round of direct settlement: the small awards of a scheme settled at their
awarded amount, after a recorded random sample was asked for evidence."""

from django.conf import settings
from django.db import models

from subsidie.models import Scheme


class SettlementRun(models.Model):
    scheme = models.ForeignKey(
        Scheme, verbose_name="regeling", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        "jaar", help_text="Het jaar waarin de subsidies eindigden."
    )
    sample_percentage = models.PositiveSmallIntegerField("steekproef (%)", default=10)
    seed = models.BigIntegerField(
        "startgetal steekproef",
        help_text="Met dit getal trekt iedereen dezelfde steekproef opnieuw.",
    )
    awards = models.JSONField("verleningen in deze ronde", default=list)
    sampled = models.JSONField("steekproef (verleningen)", default=list)
    failures = models.JSONField(
        "niet vastgesteld",
        default=dict,
        help_text="Per verlening waarom zij niet direct kon worden vastgesteld.",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gestart door",
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField("gestart op", auto_now_add=True)
    finished_at = models.DateTimeField("klaar op", null=True, blank=True)

    class Meta:
        verbose_name = "ronde direct vaststellen"
        verbose_name_plural = "rondes direct vaststellen"
        ordering = ["-started_at"]

    def __str__(self):
        return f"Direct vaststellen {self.scheme} {self.year}"

    @property
    def total(self):
        return len(self.awards) - len(self.sampled)
