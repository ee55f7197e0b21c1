"""Every transition of every state machine, taken through the services as users take them,
writes exactly one transition-log line naming the actor (BIO 8.15.01).

django-fsm-2 signals each transition actually taken; the test pairs each signal with a log
line, so a transition run outside `kern.transitions.run` fails it, and so does a declared
transition that no service takes.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone
from django_fsm import FSMFieldMixin, post_transition

from aanbod.services import referrals
from besluiten.choices import ObjectionOutcome
from besluiten.models import Hearing
from besluiten.services import objections
from betalingen import services as payments
from betalingen.bankdays import bank_day_from
from kern import roles
from kern.choices import MemberRole
from kern.models import TransitionLog
from subsidie.choices import Outcome
from subsidie.models import Award
from subsidie.services import applications, decisions, reviews, revocations
from tests.factories import (
    ApplicationFactory,
    LocationFactory,
    MembershipFactory,
    PassHolderFactory,
    ProviderFactory,
    StaffFactory,
    VoucherTermsFactory,
)
from tests.subsidie.helpers import heard, hold_objection_hearing
from tests.verantwoording.helpers import due_for_settlement, pay_due, reported, settled_lower
from tests.vouchers.helpers import START, born
from tests.vouchers.test_passholder_import import ROWS, xlsx
from verantwoording.services import reports as report_services
from verantwoording.services import settlements
from vouchers.models import ParentAccount, Voucher
from vouchers.services import (
    admissions,
    declarations,
    enrolments,
    issuing,
    parents,
    passholder_import,
    printing,
    sessions,
)

pytestmark = pytest.mark.django_db

# Transitions the system takes on its own (a scheduled job), with no person as actor.
BY_THE_SYSTEM = {
    ("vouchers.voucher", "expire"),
    ("verantwoording.report", "become_overdue"),
    ("subsidie.award", "expect_report"),
}


def declared_transitions():
    declared = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, FSMFieldMixin):
                for transition in field.get_all_transitions(model):
                    declared.add((model._meta.label_lower, transition.name))
    return declared


@pytest.fixture
def taken():
    """(model, object id, transition, from, to) of every transition actually taken."""
    seen = []

    def note(sender, instance, name, source, target, **kwargs):
        seen.append((sender._meta.label_lower, instance.pk, name, source, target))

    post_transition.connect(note, dispatch_uid="walk")
    yield seen
    post_transition.disconnect(dispatch_uid="walk")


@pytest.fixture
def staff():
    return {role: StaffFactory(role=role) for role in roles.STAFF_ROLES}


def walk_applications(staff, after_commit):
    reviewer, decider = staff[roles.REVIEWER], staff[roles.DECISION_MAKER]

    def submitted():
        application = ApplicationFactory()
        member = MembershipFactory(organisation=application.organisation).user
        applications.submit_application(member, application)
        return application, member

    granted, member = submitted()
    due = timezone.localdate() + timedelta(days=14)
    applications.request_information(reviewer, granted, "Stuur de begroting.", due)
    applications.resubmit_application(member, granted)
    applications.start_review(reviewer, granted)
    reviews.propose(reviewer, granted, Outcome.GRANT, granted.requested_amount, "Past.")
    reviews.return_to_review(decider, granted, "Kijk nog eens naar de uren.")
    reviews.propose(reviewer, granted, Outcome.GRANT, granted.requested_amount, "Past.")
    decisions.decide(decider, granted)

    withdrawn, member = submitted()
    applications.withdraw_application(member, withdrawn, "Toch niet nodig.")

    rejected, _ = submitted()
    applications.start_review(reviewer, rejected)
    reviews.propose(reviewer, rejected, Outcome.REJECT, None, "Past niet in de regeling.")
    heard(rejected)
    refusal = decisions.decide(decider, rejected)
    walk_objection(staff, refusal)

    abandoned, _ = submitted()
    applications.request_information(reviewer, abandoned, "Stuur de begroting.", due)
    abandoned.information_requests.update(due_date=timezone.localdate() - timedelta(days=1))
    decisions.declare_not_processed(decider, abandoned)

    revoked, _ = submitted()
    applications.start_review(reviewer, revoked)
    reviews.propose(reviewer, revoked, Outcome.GRANT, revoked.requested_amount, "Past.")
    decisions.decide(decider, revoked)
    revocations.intend_revocation(reviewer, revoked.award, "De activiteiten zijn gestopt.")
    Hearing.objects.filter(closed_at=None).update(due_date=timezone.localdate() - timedelta(days=1))
    revocation = revocations.revoke(decider, revoked.award)
    objection = objections.register(
        reviewer, revocation, received_on=timezone.localdate(), grounds="Niet gestopt."
    )
    hold_objection_hearing(reviewer, objection)
    objections.decide(decider, objection, ObjectionOutcome.FOUNDED, "Liep door.")

    lapsed, _ = submitted()
    applications.request_information(reviewer, lapsed, "Stuur de begroting.", due)
    lapsed.information_requests.update(due_date=timezone.localdate() - timedelta(days=1))
    applications.review_as_is(reviewer, lapsed)


def _in_a_week():
    return timezone.localdate() + timedelta(days=7)


def walk_objection(staff, refusal):
    """Registered, repaired, heard, advised on, declared founded: the refusal becomes a grant."""
    reviewer, decider = staff[roles.REVIEWER], staff[roles.DECISION_MAKER]
    objection = objections.register(
        reviewer,
        refusal,
        received_on=timezone.localdate(),
        grounds="Onterecht afgewezen.",
        advisory_committee=True,
    )
    objections.request_repair(reviewer, objection, "Onderteken het bezwaarschrift.", _in_a_week())
    objections.record_repair(reviewer, objection)
    hold_objection_hearing(reviewer, objection)
    objections.record_advice(reviewer, objection, "Gegrond verklaren.")
    amount = {"amount": refusal.subject.requested_amount}
    objections.decide(decider, objection, ObjectionOutcome.FOUNDED, "Terecht.", amount)


def walk_passholder_imports(staff, after_commit):
    """The check and the import run as tasks once the upload's transaction commits."""
    administrator = staff[roles.ADMINISTRATOR]
    with after_commit(execute=True):
        batch = passholder_import.upload(administrator, xlsx(ROWS))
    # A holder added after the dry run: the import sees it and goes back to the dry run.
    PassHolderFactory(pass_number="1999999")
    with after_commit(execute=True):
        passholder_import.start_import(administrator, batch, False, allow_mass_gone=True)
    with after_commit(execute=True):
        passholder_import.start_import(administrator, batch, False, allow_mass_gone=True)
    with after_commit(execute=True):
        unreadable = SimpleUploadedFile("pashouders.csv", b"iets;anders\n1;2\n")
        failed = passholder_import.upload(administrator, unreadable)
    with after_commit(execute=True):
        passholder_import.retry(administrator, failed)


def walk_vouchers(staff, after_commit):
    """Admissions, enrolments, vouchers and declarations, from issue to expiry."""
    administrator, finance = staff[roles.ADMINISTRATOR], staff[roles.FINANCE]
    terms = VoucherTermsFactory()
    for number in ("700001", "700002"):
        PassHolderFactory(pass_number=number, date_of_birth=born(13), household_number="H7")
    issuing.issue_vouchers(administrator, terms)
    walk_print_runs(administrator, terms, after_commit)
    first, second = Voucher.objects.filter(
        terms=terms, pass_holder__household_number="H7"
    ).order_by("pass_holder__pass_number")

    parent = get_user_model().objects.create_user("ouder.walk")
    ParentAccount.objects.create(user=parent, household_number="H7")
    for voucher in (first, second):
        holder = voucher.pass_holder
        parents.activate(parent, "10.0.0.1", holder.pass_number, holder.date_of_birth, voucher.code)
        voucher.refresh_from_db()

    def admission(decision):
        provider = ProviderFactory()
        location = LocationFactory(organisation=provider)
        member = MembershipFactory(organisation=provider, role=MemberRole.ADMIN).user
        made = admissions.request_admission(member, provider, terms, Decimal("10.00"), [location])
        admissions.decide_admission(administrator, made, decision, "Volgens de regels.")
        return made, location, member

    suspended = admission("toelaten")[0]
    admissions.decide_admission(administrator, suspended, "schorsen", "Klachten.")
    admissions.decide_admission(administrator, suspended, "heropnemen", "Klachten opgelost.")
    admission("weigeren")
    admitted, location, provider_staff = admission("toelaten")

    declined = enrolments.request_enrolment(parent, second, location)
    enrolments.decide_enrolment(provider_staff, declined, "waitlist")
    enrolments.decide_enrolment(provider_staff, declined, "decline", "Vol.")
    enrolments.stop_enrolment(parent, enrolments.request_enrolment(parent, second, location))
    enrolment = enrolments.request_enrolment(parent, first, location)
    enrolments.decide_enrolment(provider_staff, enrolment, "accept")
    enrolments.decide_enrolment(provider_staff, enrolment, "start", day=START)
    enrolment.refresh_from_db()

    # € 300 at € 10 an hour: four days of 7.5 hours empty it, a correction fills it again.
    booked = [
        sessions.record_session(
            provider_staff, enrolment, START + timedelta(days=day), Decimal("7.5"), f"k{day}"
        )[0]
        for day in range(4)
    ]
    sessions.reverse_session(provider_staff, booked[-1], "Kind was ziek.")
    month = START.replace(day=1)
    later = (month + timedelta(days=32)).replace(day=1)
    sessions.record_session(provider_staff, enrolment, later, Decimal("1"), "later")
    enrolments.decide_enrolment(provider_staff, enrolment, "end", "Schooljaar voorbij.")

    # One month rejected and approved after a founded objection; the next approved at once.
    rejected = declarations.start_declaration(provider_staff, admitted, month)
    declarations.submit_declaration(provider_staff, rejected)
    declarations.decide_declaration(finance, rejected, False, "Uren kloppen niet.")
    objection = objections.register(
        staff[roles.REVIEWER], rejected, received_on=timezone.localdate(), grounds="Klopt wel."
    )
    hold_objection_hearing(staff[roles.REVIEWER], objection)
    objections.decide(staff[roles.DECISION_MAKER], objection, ObjectionOutcome.FOUNDED, "Ja.")
    # The next month is over today, or in a few weeks.
    with time_machine.travel(max(timezone.now(), _noon(later + timedelta(days=40)))):
        approved = declarations.start_declaration(provider_staff, admitted, later)
        declarations.submit_declaration(provider_staff, approved)
        declarations.decide_declaration(finance, approved, True, "")

    issuing.revoke_voucher(administrator, second, "Pas ingetrokken door de pasadministratie.")
    objection = objections.register(
        staff[roles.REVIEWER], second, received_on=timezone.localdate(), grounds="Pas loopt nog."
    )
    hold_objection_hearing(staff[roles.REVIEWER], objection)
    objections.decide(staff[roles.DECISION_MAKER], objection, ObjectionOutcome.FOUNDED, "Ja.")
    issuing.expire_vouchers(terms.school_year_end + timedelta(days=1))


def _noon(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def walk_print_runs(administrator, terms, after_commit):
    """A run whose worker was lost is failed by the beat job, retried, and finished."""
    run = printing.start_print_run(administrator, terms)  # its parts never run
    printing.fail_stuck_runs(timezone.now() + timedelta(hours=2))
    run.refresh_from_db()
    with after_commit(execute=True):
        printing.retry(administrator, run)


def walk_referrals(staff, after_commit):
    """Three referrals between two providers: accepted, declined, withdrawn."""
    location = LocationFactory()
    referrer = MembershipFactory().user
    receiver = MembershipFactory(organisation=location.organisation).user
    sent = [
        referrals.send(
            referrer,
            referrer.memberships.get().organisation,
            location,
            first_name="Samira",
            school_year=1,
            help_needed="Plannen.",
            parent_consent=True,
        )
        for _ in range(3)
    ]
    referrals.answer(receiver, sent[0], True, "")
    referrals.answer(receiver, sent[1], False, "Vol.")
    referrals.withdraw(referrer, sent[2])


def walk_payments(staff, after_commit):
    """Advances of the granted application and the approved declaration, in one batch."""
    finance = staff[roles.FINANCE]
    day = bank_day_from(timezone.localdate())
    keys = [item.key for item in payments.due_items(day)]
    batch = payments.create_batch(finance, keys, day)
    payments.export_sepa(finance, batch)
    payments.mark_paid(finance, batch)


def walk_reports(staff, after_commit):
    """Two reports of a two-year award: one late, changed and accepted; one rejected."""
    reviewer = staff[roles.REVIEWER]
    application = ApplicationFactory(
        period_start=date(timezone.localdate().year, 12, 1),
        period_end=date(timezone.localdate().year + 1, 3, 31),
        requested_amount=Decimal("30000"),
    )
    member = MembershipFactory(organisation=application.organisation).user
    applications.submit_application(member, application)
    applications.start_review(reviewer, application)
    reviews.propose(reviewer, application, Outcome.GRANT, application.requested_amount, "Past.")
    decisions.decide(staff[roles.DECISION_MAKER], application)
    first, last = report_services.open_for(Award.objects.get(application=application))
    report_services.mark_overdue(first.due_date + timedelta(days=1))
    for report in (first, last):
        report.figures.update(realised=F("planned"))
        report.districts.update(pupils=5)
        report_services.submit_report(member, report)
    report_services.request_changes(reviewer, first, "Vul de toelichting aan.")
    report_services.submit_report(member, first)
    report_services.accept_report(reviewer, first)
    report_services.reject_report(reviewer, last, "De activiteiten zijn niet gedaan.")


def walk_settlements(staff, after_commit):
    """Three lower settlements, heard: one recovery paid back, one written off, one cancelled
    by a founded objection; and one settlement of an award never paid, whose final payment
    goes out in a batch."""
    reviewer, decider = staff[roles.REVIEWER], staff[roles.DECISION_MAKER]
    settled = [settled_lower("20000", reviewer=reviewer, decider=decider) for _ in range(3)]
    recoveries = [settlement.recovery for settlement in settled]
    settlements.record_repayment(staff[roles.FINANCE], recoveries[0], timezone.localdate())
    settlements.write_off(decider, recoveries[1], "Organisatie opgeheven.")
    objection = objections.register(
        reviewer, settled[2].decision, received_on=timezone.localdate(), grounds="Te laag."
    )
    hold_objection_hearing(reviewer, objection)
    objections.decide(
        decider, objection, ObjectionOutcome.FOUNDED, "Gegrond.", {"amount": Decimal("30000")}
    )
    award = due_for_settlement("30000", paid=False)
    reported(award)
    lines = [(line.eligible, line.reason) for line in settlements.draft_lines(award)]
    settlements.decide(decider, settlements.propose(reviewer, award, lines))
    pay_due()


def test_every_transition_taken_through_a_service_writes_one_line_with_its_actor(
    taken, staff, django_capture_on_commit_callbacks
):
    walks = (
        walk_referrals,
        walk_applications,
        walk_passholder_imports,
        walk_vouchers,
        walk_payments,
        walk_reports,
        walk_settlements,
    )
    for walk in walks:
        walk(staff, django_capture_on_commit_callbacks)

    declared = declared_transitions()
    assert {(model, name) for model, _, name, _, _ in taken} == declared
    # Each transition taken has one line with the same record, name, from and to, and an
    # actor (none only where the system acts); changes within a state are lines of their own.
    lines = Counter(
        (f"{line.content_type.app_label}.{line.content_type.model}", line.object_id)
        + (line.transition, line.from_state, line.to_state, line.actor_id is not None)
        for line in TransitionLog.objects.select_related("content_type")
        if (f"{line.content_type.app_label}.{line.content_type.model}", line.transition) in declared
    )
    expected = Counter(
        (model, pk, name, source, target, (model, name) not in BY_THE_SYSTEM)
        for model, pk, name, source, target in taken
    )
    assert lines == expected
