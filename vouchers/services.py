"""Pass holders and their vouchers: importing the pass administration's file (upload,
dry run, then the import itself), issuing vouchers and letting them expire.

The dry run and the import both read the stored file and compare it with the database, so
the import does exactly what a fresh comparison says: new holders are added, changed ones
updated, unchanged ones left alone (an identical file changes nothing), and holders no
longer in the file marked as such; nothing is deleted. On PostgreSQL the rows to write are
loaded with COPY into a temporary table and upserted from there in one statement.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django_fsm import TransitionNotAllowed
from simple_history.utils import bulk_create_with_history

from subsidie import decisions, roles
from subsidie import services as subsidie_services
from subsidie.audit import save_as
from subsidie.models import Location
from subsidie.money import euro
from subsidie.roles import require_role
from vouchers import codes, passholder_file
from vouchers.models import (
    OPEN_ENROLMENT,
    ActivationAttempt,
    Admission,
    AdmissionState,
    ApiToken,
    Declaration,
    DeclarationState,
    Enrolment,
    EnrolmentState,
    EntryKind,
    ImportState,
    ParentAccount,
    PassHolder,
    PassHolderImport,
    PassNumberRule,
    Session,
    Voucher,
    VoucherEntry,
    VoucherState,
    VoucherTerms,
)

REPORT_LIMIT = 500
PROGRESS_EVERY = 5000
_FIELDS = passholder_file.Row.FIELDS


@transaction.atomic
def upload(actor, uploaded, background=True):
    """Stores the file and starts the dry run: as a task, or (background=False, for the
    command line) left to the caller."""
    require_role(actor, roles.ADMINISTRATOR)
    suffix = passholder_file.check_upload(uploaded)
    digest = _sha256(uploaded)
    earlier = PassHolderImport.objects.filter(sha256=digest, state=ImportState.DONE).first()
    if earlier:
        raise ValidationError(
            f"Dit bestand is al ingelezen op {_moment(earlier.finished_at)} "
            f"({earlier.original_name}). Opnieuw inlezen verandert niets."
        )
    batch = PassHolderImport(
        original_name=uploaded.name[:200], suffix=suffix, sha256=digest, uploaded_by=actor
    )
    batch.file.save(f"{digest}{suffix}", uploaded, save=False)
    batch.save()
    if background:
        _schedule("check_import", batch.pk)
    return batch


def _moment(value):
    return date_format(timezone.localtime(value), "j F Y, H:i")


def _sha256(uploaded):
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def check(batch_id):
    """The dry run: what would happen per row, and every invalid row with its reason."""
    batch = _transition(batch_id, "start_check")
    try:
        analysis = _analyse(batch)
    except ValidationError as error:
        _transition(batch_id, "fail", " ".join(error.messages))
        return
    _transition(batch_id, "finish_check", analysis.counts, analysis.problems, analysis.sample)


@transaction.atomic
def start_import(actor, batch, skip_invalid, background=True):
    require_role(actor, roles.ADMINISTRATOR)
    batch = PassHolderImport.objects.select_for_update().get(pk=batch.pk)
    if batch.counts.get("invalid") and not skip_invalid:
        raise ValidationError(
            "Het bestand heeft ongeldige regels. Verbeter het bestand, of kies ervoor de "
            "ongeldige regels over te slaan."
        )
    batch.start_import(skip_invalid)
    batch.save()
    if background:
        _schedule("run_import", batch.pk)
    return batch


def run_import(batch_id):
    batch = PassHolderImport.objects.get(pk=batch_id)
    try:
        analysis = _analyse(batch)
        if analysis.problems and not batch.skip_invalid:
            raise ValidationError("Het bestand heeft ongeldige regels; er is niets ingelezen.")
        with transaction.atomic():
            _write(analysis.to_write, batch)
            _mark_gone(analysis.gone, batch)
    except ValidationError as error:
        _transition(batch_id, "fail", " ".join(error.messages))
        return
    _transition(batch_id, "finish_import", analysis.counts, timezone.now())


def _schedule(task_name, batch_id):
    # Imported here: the tasks module calls back into this one.
    from vouchers import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.delay(batch_id))


def _transition(batch_id, name, *args):
    with transaction.atomic():
        batch = PassHolderImport.objects.select_for_update().get(pk=batch_id)
        getattr(batch, name)(*args)
        batch.save()
    return batch


class Analysis:
    """What the file would do to the database: rows to write, holders gone, a report."""

    def __init__(self, rows, problems, existing):
        in_file = {row.pass_number for row in rows}
        self.to_write, sample = [], []
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        for row in rows:
            action = _action(row, existing.get(row.pass_number))
            counts[action] += 1
            if action != "unchanged":
                self.to_write.append(row)
                sample.append([row.line, row.pass_number, action])
        self.gone = [
            number for number, known in existing.items() if known[-1] and number not in in_file
        ]
        self.sample = sample[:REPORT_LIMIT] + [[None, n, "gone"] for n in self.gone[:REPORT_LIMIT]]
        self.problems = [[line, reason] for line, reason in problems[:REPORT_LIMIT]]
        self.counts = {
            **counts,
            "rows": len(rows) + len(problems),
            "gone": len(self.gone),
            "invalid": len(problems),
        }


def _action(row, known):
    """known: the stored values after the pass number, then whether the holder is active."""
    if known is None:
        return "new"
    if known[-1] and known[:-1] == row.values()[1:]:
        return "unchanged"
    return "changed"


def _analyse(batch):
    progress = _Progress(batch.pk)
    with batch.file.open("rb") as handle:
        cells = progress.counting(passholder_file.read_cells(handle, batch.suffix))
        rows, problems = passholder_file.parse(cells, PassNumberRule.current().pattern)
    existing = {
        number: tuple(values)
        for number, *values in PassHolder.objects.values_list(*_FIELDS, "active").iterator(
            chunk_size=10_000
        )
    }
    return Analysis(rows, problems, existing)


class _Progress:
    """Counts rows as they are read and tells the database now and then, so the officer's
    page can show how far the job is."""

    def __init__(self, batch_id):
        self.batch_id = batch_id

    def counting(self, cells):
        count = 0
        for count, item in enumerate(cells, 1):
            if count % PROGRESS_EVERY == 0:
                PassHolderImport.objects.filter(pk=self.batch_id).update(processed_rows=count)
            yield item
        PassHolderImport.objects.filter(pk=self.batch_id).update(
            processed_rows=max(count - 1, 0), total_rows=max(count - 1, 0)
        )


def _write(rows, batch):
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy_and_upsert(rows, batch)
        return
    PassHolder.objects.bulk_create(
        (
            PassHolder(**dict(zip(_FIELDS, row.values(), strict=True)), last_import=batch)
            for row in rows
        ),
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["pass_number"],
        update_fields=[*_FIELDS[1:], "active", "last_import", "updated_at"],
    )


def _copy_and_upsert(rows, batch):
    table = PassHolder._meta.db_table
    columns = ", ".join(_FIELDS)
    updates = ", ".join(f"{field} = EXCLUDED.{field}" for field in _FIELDS[1:])
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE passholder_staging (pass_number varchar(20), "
            "household_number varchar(20), name varchar(200), date_of_birth date, "
            "postcode varchar(7), house_number varchar(10), valid_from date, "
            "valid_until date) ON COMMIT DROP"
        )
        with cursor.cursor.copy(f"COPY passholder_staging ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row.values())
        cursor.execute(
            # Only names from the model are formatted in; the values go as parameters.
            f"INSERT INTO {table} ({columns}, active, last_import_id, updated_at) "  # noqa: S608
            f"SELECT {columns}, true, %s, now() FROM passholder_staging "
            f"ON CONFLICT (pass_number) DO UPDATE SET {updates}, active = true, "
            "last_import_id = EXCLUDED.last_import_id, updated_at = EXCLUDED.updated_at",
            [batch.pk],
        )
        # ON COMMIT DROP alone would keep it for a second import in the same transaction.
        cursor.execute("DROP TABLE passholder_staging")


def _mark_gone(numbers, batch):
    for start in range(0, len(numbers), 5000):
        PassHolder.objects.filter(pass_number__in=numbers[start : start + 5000]).update(
            active=False, last_import=batch, updated_at=timezone.now()
        )


# --- issuing and expiry --------------------------------------------------------------------


@dataclass
class IssueResult:
    issued: int
    over_ceiling: int


def eligible_children(terms):
    """Active pass holders of the right age, valid in the school year, without a voucher."""
    oldest, youngest = terms.birth_dates()
    return (
        PassHolder.objects.filter(
            active=True,
            valid_from__lte=terms.school_year_end,
            valid_until__gte=terms.school_year_start,
            date_of_birth__range=(oldest, youngest),
        )
        .exclude(vouchers__terms=terms)
        .order_by("pass_number")
    )


@transaction.atomic
def issue_vouchers(actor, terms):
    """One voucher per eligible child, never two, and never beyond the ceiling: children
    who do not fit are left out (and counted), to be issued if budget comes free."""
    require_role(actor, roles.ADMINISTRATOR)
    scheme, year, value = terms.scheme, terms.budget_year, terms.value_per_child
    room = decisions.room_in_budget(scheme, year, lock=True)
    children = list(eligible_children(terms))
    fitting = children[: int(room // value)]
    if fitting:
        vouchers = bulk_create_with_history(
            [
                Voucher(
                    terms=terms,
                    pass_holder=child,
                    code=codes.generate(),
                    value=value,
                    balance=value,
                )
                for child in fitting
            ],
            Voucher,
            default_user=actor,
        )
        VoucherEntry.objects.bulk_create(
            VoucherEntry(voucher=voucher, kind=EntryKind.ISSUE, amount=value)
            for voucher in vouchers
        )
        decisions.commit_to_budget(
            actor, scheme, year, value * len(fitting), f"{len(fitting)} vouchers uitgegeven"
        )
    return IssueResult(issued=len(fitting), over_ceiling=len(children) - len(fitting))


@transaction.atomic
def expire_vouchers(today):
    """After the school year, unspent balances return to the scheme's budget."""
    expired = 0
    for terms in VoucherTerms.objects.filter(school_year_end__lt=today):
        vouchers = terms.vouchers.select_for_update().filter(
            state__in=[VoucherState.ISSUED, VoucherState.ACTIVE]
        )
        unspent = Decimal(0)
        for voucher in vouchers:
            unspent += voucher.balance
            if voucher.balance:
                VoucherEntry.objects.create(
                    voucher=voucher, kind=EntryKind.EXPIRY, amount=-voucher.balance
                )
            voucher.expire()
            voucher.save()
            expired += 1
        if unspent:
            decisions.release_to_budget(
                None, terms.scheme, terms.budget_year, unspent, "vouchers verlopen, niet besteed"
            )
    return expired


# --- parents -------------------------------------------------------------------------------

MAX_FAILED_ACTIVATIONS = 10
_NO_MATCH = (
    "Deze gegevens horen niet bij een voucher. Kijk of het pasnummer, de geboortedatum en de "
    "code precies zo zijn als in de brief."
)


def household_vouchers(terms, household_number):
    return list(
        terms.vouchers.filter(pass_holder__household_number=household_number)
        .select_related("pass_holder", "terms")
        .order_by("pass_holder__date_of_birth")
    )


def activate(user, ip_address, pass_number, date_of_birth, code, new_account=None):
    """Turns a voucher on for the parent. new_account (a UserCreationForm) is saved for a
    parent without a login; a parent with one adds the voucher of another child."""
    _refuse_after_too_many_failures(ip_address)
    normalised = codes.normalise(code)
    voucher = (
        Voucher.objects.filter(
            code=normalised,
            pass_holder__pass_number=pass_number.strip(),
            pass_holder__date_of_birth=date_of_birth,
            pass_holder__active=True,
            state=VoucherState.ISSUED,
        ).first()
        if normalised
        else None
    )
    if voucher is None:
        # Recorded outside any transaction: a refusal must not roll back its own trace.
        ActivationAttempt.objects.create(ip_address=ip_address)
        raise ValidationError(_NO_MATCH)
    return _activate(user, voucher, new_account)


@transaction.atomic
def _activate(user, voucher, new_account):
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    household = voucher.pass_holder.household_number
    if user.is_authenticated:
        account = getattr(user, "parent_account", None)
        if account is None or account.household_number != household:
            raise ValidationError(
                "Deze voucher hoort bij een ander huishouden. Log uit en activeer hem met een "
                "eigen account."
            )
    else:
        account = ParentAccount.objects.create(user=new_account.save(), household_number=household)
    voucher.activate()
    save_as(account.user, voucher)
    return account


def _refuse_after_too_many_failures(ip_address):
    since = timezone.now() - timedelta(hours=1)
    if ActivationAttempt.objects.filter(ip_address=ip_address, at__gte=since).count() >= (
        MAX_FAILED_ACTIVATIONS
    ):
        raise ValidationError(
            "U hebt te vaak gegevens ingevuld die niet kloppen. Probeer het over een uur opnieuw."
        )


# --- providers and enrolments --------------------------------------------------------------


def open_terms(today):
    return VoucherTerms.objects.filter(school_year_end__gte=today).select_related("scheme")


@transaction.atomic
def request_admission(actor, provider, terms, hourly_rate, locations):
    subsidie_services.require_member(actor, provider)
    errors = terms.scheme.eligibility_errors_for_vouchers(provider)
    if hourly_rate > terms.max_hourly_rate:
        errors.append(
            f"Het uurtarief mag bij deze regeling hooguit {euro(terms.max_hourly_rate)} zijn."
        )
    if not locations or any(location.organisation_id != provider.pk for location in locations):
        errors.append("Kies een of meer locaties van uw eigen organisatie.")
    if Admission.objects.filter(terms=terms, provider=provider).exists():
        errors.append("Uw organisatie heeft zich al aangemeld voor deze regeling.")
    if errors:
        raise ValidationError(errors)
    admission = save_as(actor, Admission(terms=terms, provider=provider, hourly_rate=hourly_rate))
    admission.locations.set(locations)
    return admission


ADMISSION_DECISIONS = {"toelaten": "admit", "weigeren": "refuse", "schorsen": "suspend"}


@transaction.atomic
def decide_admission(actor, admission, decision, reason):
    """Admit or refuse a request, or suspend an admitted provider (no new bookings)."""
    require_role(actor, roles.ADMINISTRATOR)
    if decision not in ADMISSION_DECISIONS:
        raise ValidationError("Kies toelaten, weigeren of schorsen.")
    if decision != "toelaten" and not reason.strip():
        raise ValidationError("Schrijf de reden op; de aanbieder ziet die.")
    admission = Admission.objects.select_for_update().get(pk=admission.pk)
    _change(actor, admission, ADMISSION_DECISIONS[decision], reason)
    return admission


def _change(actor, instance, name, *args):
    try:
        getattr(instance, name)(*args)
    except TransitionNotAllowed as error:
        raise ValidationError(
            f"Dit kan niet meer: de status is nu ‘{instance.get_state_display()}’."
        ) from error
    save_as(actor, instance)


def admitted_locations(terms, district=None):
    locations = (
        Location.objects.filter(
            active=True,
            voucher_admissions__terms=terms,
            voucher_admissions__state=AdmissionState.ADMITTED,
        )
        .select_related("organisation", "district__borough")
        .annotate(
            taken=Count(
                "enrolment",
                filter=Q(enrolment__state__in=[EnrolmentState.ACCEPTED, EnrolmentState.ACTIVE]),
                distinct=True,
            )
        )
        .order_by("district__name", "organisation__name")
    )
    return locations.filter(district=district) if district else locations


def _admission_for(terms, location):
    admission = Admission.objects.filter(
        terms=terms, state=AdmissionState.ADMITTED, locations=location
    ).first()
    if admission is None:
        raise ValidationError("Op deze plek kunt u de voucher niet gebruiken.")
    return admission


@transaction.atomic
def request_enrolment(actor, voucher, location):
    account = getattr(actor, "parent_account", None)
    if account is None or voucher.pass_holder.household_number != account.household_number:
        raise ValidationError("Deze voucher hoort niet bij uw huishouden.")
    if voucher.state != VoucherState.ACTIVE:
        raise ValidationError("Zet de voucher eerst aan.")
    admission = _admission_for(voucher.terms, location)
    if Enrolment.objects.filter(voucher=voucher, state__in=OPEN_ENROLMENT).exists():
        raise ValidationError(
            "Uw kind heeft al een plek of een aanvraag. Stop die eerst als u wilt wisselen."
        )
    return save_as(actor, Enrolment(voucher=voucher, admission=admission, location=location))


PROVIDER_ACTIONS = ("accept", "waitlist", "decline", "start", "end")


@transaction.atomic
def decide_enrolment(actor, enrolment, action, note=""):
    subsidie_services.require_member(actor, enrolment.admission.provider)
    if action not in PROVIDER_ACTIONS:
        raise ValidationError("Onbekende keuze.")
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    _change(actor, enrolment, action, *([] if action == "start" else [note]))
    return enrolment


@transaction.atomic
def refer_enrolment(actor, enrolment, location, note):
    """A full provider sends the request on to another admitted location; the parent sees
    where it went on their page."""
    subsidie_services.require_member(actor, enrolment.admission.provider)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    target = _admission_for(enrolment.voucher.terms, location)
    message = f"Doorverwezen naar {location.organisation.name}, {location.name}. {note}".strip()
    _change(actor, enrolment, "decline", message)
    return save_as(
        actor,
        Enrolment(
            voucher=enrolment.voucher, admission=target, location=location, referred_from=enrolment
        ),
    )


# --- sessions --------------------------------------------------------------------------------


@transaction.atomic
def record_session(actor, enrolment, day, hours, key):
    """Books hours against the voucher at the provider's rate; returns (session, created).

    The voucher row is locked first, so concurrent bookings queue up: each sees the balance
    the one before left, and the balance can never go below zero. The client's key makes a
    retried request return the session it already booked instead of booking it again.
    """
    subsidie_services.require_member(actor, enrolment.admission.provider)
    voucher = (
        Voucher.objects.select_for_update(of=("self",))
        .select_related("terms", "pass_holder")
        .get(pk=enrolment.voucher_id)
    )
    earlier = Session.objects.filter(admission=enrolment.admission, idempotency_key=key).first()
    if earlier is not None:
        if (earlier.enrolment_id, earlier.day, earlier.hours) != (enrolment.pk, day, hours):
            raise ValidationError("Deze sleutel is al gebruikt voor een ander moment.")
        return earlier, False
    _check_session(enrolment, voucher, day, hours)
    amount = (hours * enrolment.admission.hourly_rate).quantize(Decimal("0.01"))
    if amount > voucher.balance:
        raise ValidationError(
            f"Het saldo van de voucher is niet genoeg: nog {euro(voucher.balance)}, nodig "
            f"{euro(amount)}."
        )
    try:
        # The same key sent for two different vouchers at once: the constraint decides.
        with transaction.atomic():
            session = Session.objects.create(
                enrolment=enrolment,
                voucher=voucher,
                admission=enrolment.admission,
                day=day,
                hours=hours,
                rate=enrolment.admission.hourly_rate,
                amount=amount,
                idempotency_key=key,
                recorded_by=actor,
            )
    except IntegrityError as error:
        raise ValidationError("Deze sleutel is al gebruikt voor een ander moment.") from error
    _book(actor, voucher, EntryKind.SESSION, -amount, session)
    return session, True


def _check_session(enrolment, voucher, day, hours):
    terms = voucher.terms
    if enrolment.state != EnrolmentState.ACTIVE:
        raise ValidationError("Boek alleen uren voor een inschrijving die loopt.")
    current = Admission.objects.values_list("state", flat=True).get(pk=enrolment.admission_id)
    if current != AdmissionState.ADMITTED:
        raise ValidationError("Uw toelating tot de voucherregeling is geschorst.")
    if voucher.state not in (VoucherState.ACTIVE, VoucherState.EXHAUSTED):
        raise ValidationError("Deze voucher is niet (meer) te gebruiken.")
    if not voucher.pass_holder.active:
        raise ValidationError("De Ooievaarspas van dit kind is niet meer geldig.")
    if not (terms.school_year_start <= day <= min(terms.school_year_end, timezone.localdate())):
        raise ValidationError("Kies een datum in dit schooljaar, niet in de toekomst.")
    if not Decimal("0") < hours <= Decimal("8"):
        raise ValidationError("Vul 0,25 tot 8 uur in.")
    if Session.objects.filter(voucher=voucher, day=day, reversed_at__isnull=True).exists():
        raise ValidationError("Voor deze dag is al begeleiding geboekt voor dit kind.")


def _book(actor, voucher, kind, amount, session=None):
    """One ledger line and the stored balance, in the caller's transaction and lock."""
    VoucherEntry.objects.create(voucher=voucher, kind=kind, amount=amount, session=session)
    voucher.balance += amount
    if voucher.balance == 0 and voucher.state == VoucherState.ACTIVE:
        voucher.exhaust()
    elif voucher.balance > 0 and voucher.state == VoucherState.EXHAUSTED:
        voucher.replenish()
    save_as(actor, voucher)


@transaction.atomic
def reverse_session(actor, session, reason):
    """A mistaken session is undone by a correction entry; the session itself stays."""
    subsidie_services.require_member(actor, session.admission.provider)
    voucher = Voucher.objects.select_for_update().get(pk=session.voucher_id)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.reversed_at is not None:
        raise ValidationError("Dit moment is al teruggedraaid.")
    if session.declaration_id is not None:
        raise ValidationError(
            "Dit moment is al gedeclareerd. Neem contact op met de gemeente om het te herstellen."
        )
    if not reason.strip():
        raise ValidationError("Schrijf waarom u dit moment terugdraait.")
    session.reversed_at = timezone.now()
    session.reversal_reason = reason[:300]
    session.save(update_fields=["reversed_at", "reversal_reason"])
    _book(actor, voucher, EntryKind.CORRECTION, session.amount, session)
    return session


# --- API keys ----------------------------------------------------------------------------------


def _hash(key):
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_token(actor, provider):
    """Returns the new key; it is shown once and only its hash is kept."""
    subsidie_services.require_member(actor, provider, admin=True)
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        provider=provider, prefix=key[:8], key_hash=_hash(key), created_by=actor
    )
    return key


@transaction.atomic
def revoke_api_token(actor, token):
    subsidie_services.require_member(actor, token.provider, admin=True)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def token_for(key):
    """The active token for a presented key, whose creator still belongs to the provider."""
    token = (
        ApiToken.objects.select_related("provider", "created_by")
        .filter(key_hash=_hash(key), revoked_at__isnull=True)
        .first()
    )
    if token and subsidie_services.membership_of(token.created_by, token.provider):
        return token
    return None


def voucher_check(provider, code):
    """What a provider may know of a code: whether it can be used, and, for a child
    enrolled with this provider, the name and balance."""
    normalised = codes.normalise(code)
    voucher = (
        Voucher.objects.filter(code=normalised).select_related("pass_holder").first()
        if normalised
        else None
    )
    if voucher is None:
        return {"code": code, "usable": False}
    enrolment = Enrolment.objects.filter(
        voucher=voucher, admission__provider=provider, state__in=OPEN_ENROLMENT
    ).first()
    answer = {
        "code": voucher.code,
        "usable": voucher.state == VoucherState.ACTIVE and voucher.pass_holder.active,
        "enrolled_here": enrolment is not None,
    }
    if enrolment:
        answer |= {
            "child": voucher.pass_holder.name,
            "balance": str(voucher.balance),
            "enrolment": enrolment.pk,
        }
    return answer


# --- declarations ------------------------------------------------------------------------------


def _undeclared_sessions(admission, month):
    return Session.objects.filter(
        admission=admission,
        day__year=month.year,
        day__month=month.month,
        reversed_at__isnull=True,
        declaration__isnull=True,
    )


def declaration_sessions(declaration):
    if declaration.state == DeclarationState.DRAFT:
        return _undeclared_sessions(declaration.admission, declaration.month)
    return declaration.sessions.all()


@transaction.atomic
def start_declaration(actor, admission, month):
    subsidie_services.require_member(actor, admission.provider)
    month = month.replace(day=1)
    if month >= timezone.localdate().replace(day=1):
        raise ValidationError("U kunt een maand declareren als die voorbij is.")
    made = admission.declarations.filter(month=month).exclude(state=DeclarationState.REJECTED)
    if made.exists():
        raise ValidationError("Voor deze maand is al een declaratie.")
    return save_as(actor, Declaration(admission=admission, month=month, created_by=actor))


@transaction.atomic
def submit_declaration(actor, declaration):
    subsidie_services.require_member(actor, declaration.admission.provider)
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    sessions = list(
        _undeclared_sessions(declaration.admission, declaration.month).select_for_update()
    )
    if not sessions:
        raise ValidationError("In deze maand zijn geen uren geboekt.")
    Session.objects.filter(pk__in=[session.pk for session in sessions]).update(
        declaration=declaration
    )
    _change(
        actor, declaration, "submit", timezone.now(), sum(session.amount for session in sessions)
    )
    return declaration


@transaction.atomic
def decide_declaration(actor, declaration, approve, reason):
    require_role(actor, roles.FINANCE)
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if approve:
        _change(actor, declaration, "approve", actor, reason)
        return declaration
    if not reason.strip():
        raise ValidationError("Schrijf waarom u de declaratie afwijst.")
    _change(actor, declaration, "reject", actor, reason)
    # The sessions can go into a corrected declaration for the same month.
    declaration.sessions.update(declaration=None)
    return declaration
