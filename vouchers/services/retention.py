"""Personal data is kept no longer than needed (AVG art. 5(1)(e)); the periods are settings
(`RETENTION`), their reasoning is in the README.

Every night the job deletes or anonymises what has passed its period and records how many
records of each kind it handled (`kern.RetentionRun`: counts, no personal data). Money stays:
vouchers, their ledger lines, sessions, declarations and payments keep their amounts; only
the person behind them goes.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Max, Value
from django.db.models.functions import Cast, Coalesce, Concat, Greatest
from django.utils import timezone

from kern.dates import years_later
from kern.models import RetentionRun, TransitionLog
from vouchers.models import (
    AccountRecovery,
    ActivationAttempt,
    Enrolment,
    ImportState,
    ParentAccount,
    PassHolder,
    PassHolderImport,
    Voucher,
)

ANONYMOUS = "(verwijderd)"


@transaction.atomic
def apply_retention(today=None):
    today = today or timezone.localdate()
    periods = settings.RETENTION
    counts = {
        "pashouders zonder voucher verwijderd": _delete_holders_without_voucher(
            today - timedelta(days=periods["passholder_without_voucher_days"])
        ),
        "pashouders met voucher geanonimiseerd": _anonymise_holders_with_voucher(
            years_later(today, -periods["passholder_with_voucher_years"])
        ),
        "ouderaccounts verwijderd": _remove_idle_parent_accounts(
            today - timedelta(days=periods["parent_account_days"])
        ),
        "importbestanden verwijderd": _delete_import_files(
            today - timedelta(days=periods["import_file_days"])
        ),
        "mislukte activeringen verwijderd": ActivationAttempt.objects.filter(
            at__date__lt=today - timedelta(days=periods["activation_attempt_days"])
        ).delete()[0],
        "herstelcodes verwijderd": AccountRecovery.objects.filter(
            issued_at__date__lt=today - timedelta(days=periods["account_recovery_days"])
        ).delete()[0],
    }
    return RetentionRun.objects.create(counts=counts)


def _delete_holders_without_voucher(before):
    """A child who never had a voucher, nor a refusal at the ceiling (a decision, kept as
    the vouchers are): nothing to account for once the pass ended."""
    return (
        PassHolder.objects.filter(valid_until__lt=before, vouchers__isnull=True)
        .filter(refusals__isnull=True)
        .delete()[0]
    )


def _anonymise_holders_with_voucher(before):
    """After the audit period of the last school year with a voucher (or a refusal at the
    ceiling), only what the accounts need stays: the voucher and its money, not who the
    child was or where it lived."""
    holders = list(
        PassHolder.objects.filter(anonymised_at__isnull=True)
        .annotate(
            voucher_year=Max("vouchers__terms__school_year_end"),
            refusal_year=Max("refusals__terms__school_year_end"),
        )
        .annotate(
            last_year=Greatest(
                Coalesce("voucher_year", "refusal_year"), Coalesce("refusal_year", "voucher_year")
            )
        )
        .filter(last_year__lt=before)
        .values_list("pk", flat=True)
    )
    vouchers = Voucher.objects.filter(pass_holder__in=holders)
    enrolments = Enrolment.objects.filter(voucher__in=vouchers)
    # What providers and officers wrote may name the child: their notes and reasons go too,
    # in the history tables as well.
    enrolments.update(note="")
    Enrolment.history.filter(voucher_id__in=vouchers.values("pk")).update(note="")
    TransitionLog.objects.filter(
        content_type__app_label="vouchers",
        content_type__model__in=["voucher", "enrolment"],
        object_id__in=[
            *vouchers.values_list("pk", flat=True),
            *enrolments.values_list("pk", flat=True),
        ],
    ).update(reason="")
    PassHolder.objects.filter(pk__in=holders).update(
        pass_number=Concat(Value("anoniem-"), Cast("pk", CharField())),
        household_number="",
        name=ANONYMOUS,
        date_of_birth=None,
        postcode="",
        house_number="",
        street="",
        city="",
        active=False,
        anonymised_at=timezone.now(),
    )
    return len(holders)


def _remove_idle_parent_accounts(before):
    """A parent whose household's vouchers all ended long enough ago loses the account."""
    still_used = Voucher.objects.filter(terms__school_year_end__gte=before).values(
        "pass_holder__household_number"
    )
    idle = list(
        ParentAccount.objects.select_related("user")
        .filter(created_at__date__lt=before)
        .exclude(household_number__in=still_used)
    )
    for account in idle:
        remove_parent_account(account)
    return len(idle)


def remove_parent_account(account):
    """The login goes; the user row stays, emptied, because history rows point at it."""
    user = account.user
    account.delete()
    user.username = f"verwijderd-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


def _delete_import_files(before):
    """A pass office's file holds everyone's data: it goes once the import is long done;
    the counts stay, the per-line report (which quotes the file) goes with it."""
    # Finished, failed, or a dry run nobody went on with.
    finished = PassHolderImport.objects.filter(
        state__in=[ImportState.DONE, ImportState.FAILED, ImportState.CHECKED],
        uploaded_at__date__lt=before,
    ).exclude(file="")
    count = 0
    for batch in finished:
        batch.file.delete(save=False)
        PassHolderImport.objects.filter(pk=batch.pk).update(file="", problems=[], changes=[])
        count += 1
    return count


@transaction.atomic
def delete_own_parent_account(user):
    """A parent asks for their account to go; the vouchers and their history stay."""
    account = ParentAccount.objects.select_related("user").get(user=user)
    remove_parent_account(account)
