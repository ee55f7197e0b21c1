"""Every decision (beschikking, Awb 1:3) as one record, whatever it decides on: its kind,
the subject it decides, the legal basis, who decided it and when, the day it was sent, the
letter stored once with its SHA-256, the last day to object, the hearing it rests on and
the decision it replaces after an objection."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from besluiten.choices import LEGAL_BASIS, DecisionKind
from kern import terms
from kern.models import AboutQuerySet


def decision_path(instance, filename):
    return f"besluiten/{instance.reference}.pdf"


class Decision(models.Model):
    reference = models.CharField("kenmerk", max_length=20, unique=True)
    kind = models.CharField("soort besluit", max_length=30, choices=DecisionKind.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name="besluit over"
    )
    object_id = models.PositiveBigIntegerField("id van waarover besloten is")
    subject = GenericForeignKey("content_type", "object_id")
    legal_basis = models.CharField("wettelijke grondslag", max_length=100)
    amount = models.DecimalField(
        "bedrag (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    reasoning = models.TextField("motivering")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name="voorgesteld door",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="besluit genomen door",
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("datum besluit")
    sent_on = models.DateField("verstuurd op")
    objection_deadline = models.DateField("bezwaar mogelijk tot en met")
    replaces = models.OneToOneField(
        "self",
        verbose_name="vervangt besluit",
        on_delete=models.PROTECT,
        related_name="replaced_by",
        null=True,
        blank=True,
    )
    objection_reference = models.CharField("na bezwaar", max_length=20, blank=True)
    hearing = models.OneToOneField(
        "besluiten.Hearing",
        verbose_name="zienswijze",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    hearing_answer = models.TextField("wat wij met de zienswijze doen", blank=True)
    document = models.FileField("besluitbrief", upload_to=decision_path)
    sha256 = models.CharField("controlegetal (SHA-256)", max_length=64)

    objects = AboutQuerySet.as_manager()

    class Meta:
        verbose_name = "besluit"
        verbose_name_plural = "besluiten"
        ordering = ["-decided_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.reference} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        """Written once."""
        if self.pk is not None:
            raise ValidationError("Een besluit wordt nooit gewijzigd.")
        self.settle_dates()
        super().save(*args, **kwargs)

    def settle_dates(self):
        """The letter is sent the day the decision is taken (Awb 3:41), and the objection
        term runs from the day after (Awb 6:8); the letter names both."""
        self.sent_on = self.sent_on or timezone.localdate(self.decided_at)
        self.objection_deadline = terms.objection_deadline(self.sent_on)
        self.legal_basis = self.legal_basis or LEGAL_BASIS[self.kind]
