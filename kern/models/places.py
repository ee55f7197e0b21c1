"""Boroughs (stadsdelen) and districts (wijken) of Den Haag."""

from django.db import models

from kern.models.history import audited_history


class Borough(models.Model):
    """Stadsdeel."""

    name = models.CharField("naam", max_length=100, unique=True)
    cbs_code = models.CharField("CBS-code", max_length=10, blank=True)
    history = audited_history()

    class Meta:
        verbose_name = "stadsdeel"
        verbose_name_plural = "stadsdelen"
        ordering = ["name"]

    def __str__(self):
        return self.name


class District(models.Model):
    """Wijk, as named in the provider questionnaire (seed 000, appendix 1)."""

    name = models.CharField("naam", max_length=100, unique=True)
    borough = models.ForeignKey(
        Borough, verbose_name="stadsdeel", on_delete=models.PROTECT, related_name="districts"
    )
    cbs_code = models.CharField(
        "CBS-code", max_length=10, blank=True, help_text="Bijvoorbeeld WK051828."
    )
    history = audited_history()

    class Meta:
        verbose_name = "wijk"
        verbose_name_plural = "wijken"
        ordering = ["name"]

    def __str__(self):
        return self.name
