"""Parents' logins and the trace of failed activations."""

from django.conf import settings
from django.db import models

from vouchers.choices import (
    VoucherState,
)
from vouchers.models.vouchers import Voucher


class ParentAccount(models.Model):
    """A parent's login, tied to one household of the pass administration."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="parent_account",
        verbose_name="gebruiker",
    )
    household_number = models.CharField("huishoudnummer", max_length=20, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="gemaakt op")

    class Meta:
        verbose_name = "ouderaccount"
        verbose_name_plural = "ouderaccounts"

    def __str__(self):
        return f"{self.user} ({self.household_number})"

    def vouchers(self):
        return Voucher.objects.filter(
            pass_holder__household_number=self.household_number,
            state__in=[VoucherState.ACTIVE, VoucherState.EXHAUSTED],
        ).select_related("pass_holder", "terms__scheme")


class ActivationAttempt(models.Model):
    """Failed activations per address, to slow down guessing (no personal data kept)."""

    ip_address = models.GenericIPAddressField(db_index=True, verbose_name="IP-adres")
    # A keyed hash of the pass number tried (vouchers.services.parents._subject).
    subject = models.CharField(max_length=64, blank=True, verbose_name="pasnummer (versleuteld)")
    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="moment")

    class Meta:
        verbose_name = "mislukte activering"
        verbose_name_plural = "mislukte activeringen"

    def __str__(self):
        return f"{self.ip_address} {self.at:%Y-%m-%d %H:%M}"


class AccountRecovery(models.Model):
    """A one-time code the service desk gives a parent who cannot get into their account
    and has no e-mail address to reset it with; the row is the trail of who gave it, when,
    and when it was used (only a keyed hash of the code is kept)."""

    account = models.ForeignKey(
        ParentAccount,
        verbose_name="ouderaccount",
        on_delete=models.SET_NULL,
        null=True,
        related_name="recoveries",
    )
    household_number = models.CharField("huishoudnummer", max_length=20)
    code_hash = models.CharField(max_length=64, verbose_name="controlegetal van de code")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gegeven door",
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField("gegeven op", auto_now_add=True)
    expires_at = models.DateTimeField("geldig tot")
    used_at = models.DateTimeField("gebruikt op", null=True, blank=True)

    class Meta:
        verbose_name = "herstelcode"
        verbose_name_plural = "herstelcodes"
        ordering = ["-issued_at"]
        permissions = [("recover_parent_account", "Ouders met een herstelcode weer laten inloggen")]

    def __str__(self):
        return f"{self.household_number} {self.issued_at:%Y-%m-%d %H:%M}"
