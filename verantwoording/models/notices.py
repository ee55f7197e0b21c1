"""The recipient's duty to report (meldingsplicht): activities that will not be carried out
(fully or on time) are reported during the year, so the municipality can act in time."""

from django.conf import settings
from django.db import models

from subsidie.models import Award


class Notice(models.Model):
    award = models.ForeignKey(
        Award, verbose_name="verlening", on_delete=models.PROTECT, related_name="notices"
    )
    message = models.TextField(
        "wat verandert er?",
        help_text="Welke activiteiten gaan niet (helemaal of niet op tijd) door, vanaf wanneer "
        "en waarom?",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gemeld door",
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = models.DateTimeField("gemeld op", auto_now_add=True)
    handling = models.TextField("wat de gemeente ermee doet", blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="afgehandeld door",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    handled_at = models.DateTimeField("afgehandeld op", null=True, blank=True)

    class Meta:
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        ordering = ["-reported_at"]

    def __str__(self):
        return f"Melding bij {self.award.decision.reference}"
