"""The hearing before an adverse decision (zienswijze, Awb 4:7-4:12), for every app."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from besluiten.choices import HearingPurpose
from kern.models.organisations import Organisation
from kern.models.transitions import AboutQuerySet


class HearingQuerySet(AboutQuerySet):
    def intended(self, subject, purpose):
        """The hearings on intentions of `purpose` about `subject`."""
        return self.about(subject).filter(purpose=purpose)

    def awaiting_response(self, organisations):
        """Intentions these organisations can still respond to."""
        return self.filter(
            organisation__in=organisations,
            closed_at__isnull=True,
            responded_at__isnull=True,
            due_date__gte=timezone.localdate(),
        ).order_by("due_date")

    def current(self, subject, purpose):
        """The hearing that the next decision of this kind on `subject` rests on."""
        return self.intended(subject, purpose).filter(closed_at__isnull=True).first()


class Hearing(models.Model):
    """The organisation reads the intended decision with its reasons and may respond in the
    portal until the end of `due_date`. The decision waits for the response or the term;
    then the hearing is closed with it, and a new intention needs a new hearing."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name="soort object"
    )
    object_id = models.PositiveBigIntegerField("object-id")
    subject = GenericForeignKey("content_type", "object_id")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        on_delete=models.PROTECT,
        related_name="hearings",
    )
    purpose = models.CharField("voornemen tot", max_length=15, choices=HearingPurpose.choices)
    title = models.CharField("over", max_length=200)
    intention = models.TextField("voorgenomen besluit")
    reasons = models.TextField("redenen")
    due_date = models.DateField("reageren tot en met")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="verstuurd door",
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField("verstuurd op", default=timezone.now)
    response = models.TextField("reactie", blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gereageerd door",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    responded_at = models.DateTimeField("gereageerd op", null=True, blank=True)
    closed_at = models.DateTimeField("afgesloten op", null=True, blank=True)
    closing = models.CharField("afgesloten omdat", max_length=200, blank=True)

    objects = HearingQuerySet.as_manager()

    class Meta:
        verbose_name = "zienswijze"
        verbose_name_plural = "zienswijzen"
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "purpose"],
                condition=Q(closed_at__isnull=True),
                name="one_open_hearing_per_intention",
            ),
            models.CheckConstraint(
                condition=Q(responded_at__isnull=True) | ~Q(response=""),
                name="hearing_response_has_text",
            ),
        ]

    def __str__(self):
        return f"Zienswijze: {self.title}"

    @property
    def is_open(self):
        """The organisation may still respond."""
        return (
            self.closed_at is None
            and self.responded_at is None
            and timezone.localdate() <= self.due_date
        )

    @property
    def is_over(self):
        """The decision may be taken: the organisation responded or let the term pass."""
        return self.responded_at is not None or timezone.localdate() > self.due_date
