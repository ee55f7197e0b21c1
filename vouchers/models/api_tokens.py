"""Providers' keys for the API."""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A provider's key for its own systems. Only a hash is stored; the key is shown once."""

    provider = models.ForeignKey(
        "kern.Organisation",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="aanbieder",
    )
    prefix = models.CharField("begin van de sleutel", max_length=8)
    key_hash = models.CharField(
        max_length=64, unique=True, verbose_name="controlegetal van de sleutel"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="gemaakt door",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="gemaakt op")
    revoked_at = models.DateTimeField("ingetrokken", null=True, blank=True)

    class Meta:
        verbose_name = "API-sleutel"
        verbose_name_plural = "API-sleutels"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}… ({self.provider})"
