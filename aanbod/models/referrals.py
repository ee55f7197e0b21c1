"""A pupil referred by one provider or school to another's location, for every scheme
(scenario 4b: providers that are full refer to each other).

Only the two organisations see a referral. It holds a child's first name, so it keeps no
history copies and is deleted, with its log lines, six months after it was closed
(AVG art. 5(1)(e)); what remains is the anonymous count per district and outcome.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, FSMModelMixin, transition

from aanbod.choices import ReferralState
from kern.models.organisations import Location, Organisation


class Referral(FSMModelMixin, models.Model):
    referrer = models.ForeignKey(
        Organisation,
        verbose_name="verwezen door",
        on_delete=models.CASCADE,
        related_name="referrals_sent",
    )
    location = models.ForeignKey(
        Location,
        verbose_name="verwezen naar locatie",
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    first_name = models.CharField("voornaam van de leerling", max_length=50)
    school_year = models.PositiveSmallIntegerField(
        "leerjaar", validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    help_needed = models.TextField("welke hulp de leerling nodig heeft", max_length=1000)
    parent_consent = models.BooleanField("de ouder of verzorger heeft toestemming gegeven")
    state = FSMField(
        "status",
        max_length=10,
        choices=ReferralState.choices,
        default=ReferralState.SENT,
        protected=True,
    )
    answer = models.TextField("reden of toelichting", blank=True, max_length=1000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="verstuurd door",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("verstuurd op", auto_now_add=True)
    closed_at = models.DateTimeField("afgesloten op", null=True, blank=True)

    class Meta:
        verbose_name = "doorverwijzing"
        verbose_name_plural = "doorverwijzingen"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(parent_consent=True), name="referral_consent"),
            models.CheckConstraint(
                condition=~Q(state=ReferralState.DECLINED) | ~Q(answer=""),
                name="referral_declined_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(state=ReferralState.SENT) | Q(closed_at__isnull=False),
                name="referral_closed_at",
            ),
        ]

    def __str__(self):
        return f"Doorverwijzing {self.pk} naar {self.location}"

    @transition(
        state, ReferralState.SENT, ReferralState.ACCEPTED, permission="aanbod.answer_referral"
    )
    def accept(self, answer, now):
        self.answer, self.closed_at = answer, now

    @transition(
        state, ReferralState.SENT, ReferralState.DECLINED, permission="aanbod.answer_referral"
    )
    def decline(self, answer, now):
        self.answer, self.closed_at = answer, now

    @transition(
        state, ReferralState.SENT, ReferralState.WITHDRAWN, permission="aanbod.withdraw_referral"
    )
    def withdraw(self, now):
        self.closed_at = now


class ReferralCount(models.Model):
    """How many referrals to a district's locations closed with an outcome in a year; kept
    after the referrals themselves are deleted. Blank district: an online location."""

    year = models.PositiveSmallIntegerField("jaar")
    district = models.CharField("wijk", max_length=100, blank=True)
    outcome = models.CharField("uitkomst", max_length=10, choices=ReferralState.choices)
    count = models.PositiveIntegerField("aantal", default=0)

    class Meta:
        verbose_name = "aantal doorverwijzingen"
        verbose_name_plural = "aantallen doorverwijzingen"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "district", "outcome"], name="one_referral_count"
            )
        ]

    def __str__(self):
        return f"{self.year} {self.district or 'online'} {self.get_outcome_display()}: {self.count}"
