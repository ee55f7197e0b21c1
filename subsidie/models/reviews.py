"""Reviewers' assessments: a score per published criterion and an advice."""

from django.conf import settings
from django.db import models

from kern.models import audited_history
from subsidie.choices import (
    Outcome,
)
from subsidie.models.applications import Application
from subsidie.models.schemes import Criterion


class Review(models.Model):
    """One reviewer's assessment: a score per published criterion and a written advice."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews", verbose_name="aanvraag"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="beoordelaar", on_delete=models.PROTECT
    )
    advice = models.TextField("advies")
    recommendation = models.CharField(
        "aanbeveling",
        max_length=15,
        choices=[(Outcome.GRANT, "verlenen"), (Outcome.REJECT, "afwijzen")],
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name="bijgewerkt op")

    history = audited_history()

    class Meta:
        verbose_name = "beoordeling"
        verbose_name_plural = "beoordelingen"
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_each")
        ]

    def __str__(self):
        return f"Beoordeling door {self.reviewer}"

    @property
    def weighted_score(self):
        return sum(score.score * score.criterion.weight for score in self.scores.all())


class CriterionScore(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name="beoordeling"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, verbose_name="criterium")
    score = models.PositiveSmallIntegerField("score")

    class Meta:
        verbose_name = "score per criterium"
        verbose_name_plural = "scores per criterium"
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_each")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"
