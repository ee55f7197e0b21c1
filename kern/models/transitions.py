"""One log of state changes for every state machine in the product (BIO 8.15.01)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import OuterRef
from django.utils import timezone


class AboutQuerySet(models.QuerySet):
    """Records that name a record of any app by its content type and id."""

    def about(self, subject):
        return self.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
        )

    def of_model(self, model):
        """Those about the outer query's row of `model` (for Exists and Subquery)."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk")
        )


class TransitionLog(models.Model):
    """One state change: of which record, by whom (and through which API key), from, to,
    when, why and from where. Changes within a state (a term extended) are lines too."""

    # Indexed only with object_id and at below: a second index would cost every line.
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name="soort object",
    )
    object_id = models.PositiveBigIntegerField(verbose_name="object-id")
    subject = GenericForeignKey("content_type", "object_id")
    transition = models.CharField("handeling", max_length=40)
    from_state = models.CharField("van", max_length=20)
    to_state = models.CharField("naar", max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="door",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    api_key = models.CharField(
        "via API-sleutel", max_length=20, blank=True, help_text="Het begin van de sleutel."
    )
    reason = models.TextField("reden", blank=True)
    ip_address = models.GenericIPAddressField("IP-adres", null=True, blank=True)
    at = models.DateTimeField("moment", default=timezone.now)

    objects = AboutQuerySet.as_manager()

    class Meta:
        verbose_name = "statuswijziging"
        verbose_name_plural = "statuswijzigingen"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.from_label} → {self.to_label}"

    def _label(self, value):
        choices = self.content_type.model_class()._meta.get_field("state").choices
        return dict(choices or []).get(value, value)

    @property
    def from_label(self):
        return self._label(self.from_state)

    @property
    def to_label(self):
        return self._label(self.to_state)
