"""What applicants and reviewers do with applications, up to the proposal: start, fill in,
submit, repair, withdraw, review, ask for information, extend the decision term."""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kern import transitions
from kern.audit import save_as
from kern.permissions import require
from kern.validators import validate_upload
from subsidie import tasks
from subsidie.choices import ApplicationState, SchemeKind
from subsidie.models import Application, Attachment, BudgetLine, InformationRequest, Scheme


def eligible_schemes(organisation, moment):
    """Grant schemes open now, each with the reasons this organisation may not apply."""
    schemes = Scheme.objects.filter(opens_at__lte=moment, closes_at__gt=moment).exclude(
        kind=SchemeKind.VOUCHERS
    )
    return [(scheme, scheme.eligibility_errors(organisation)) for scheme in schemes]


@transaction.atomic
def start_application(actor, organisation, scheme):
    require(actor, "kern.act_for_organisation", organisation)
    errors = scheme.eligibility_errors(organisation)
    if not scheme.is_open(timezone.now()):
        errors.append("Deze regeling is nu niet open voor aanvragen.")
    if errors:
        raise ValidationError(errors)
    return Application.objects.create(
        scheme=scheme, organisation=organisation, created_by=actor, title=scheme.name
    )


def _require_editable(actor, application):
    require(actor, "subsidie.act_for_application", application)
    if not application.is_editable_by_applicant:
        raise ValidationError(
            "Deze aanvraag is al ingediend. U kunt hem alleen wijzigen als de gemeente om "
            "een aanvulling vraagt."
        )


@transaction.atomic
def save_application(actor, application, locations=None):
    _require_editable(actor, application)
    # The state is protected: full_clean would assign it, so it is left to the transitions.
    application.full_clean(exclude=["state"])
    application.save()
    if locations is not None:
        application.locations.set(locations)
    return application


@transaction.atomic
def replace_budget(actor, application, lines, requested_amount):
    """Stores the whole budget at once: lines are (kind, description, amount) tuples."""
    _require_editable(actor, application)
    application.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(application=application, kind=kind, description=description, amount=amount)
        for kind, description, amount in lines
    )
    application.requested_amount = requested_amount
    application.save(update_fields=["requested_amount", "updated_at"])


@transaction.atomic
def add_attachment(actor, application, uploaded, description):
    _require_editable(actor, application)
    content_type = validate_upload(uploaded)
    return Attachment.objects.create(
        application=application,
        file=uploaded,
        original_name=Path(uploaded.name).name[:200],
        content_type=content_type,
        size=uploaded.size,
        description=description,
        uploaded_by=actor,
    )


@transaction.atomic
def remove_attachment(actor, attachment):
    _require_editable(actor, attachment.application)
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def sign_declaration(actor, application):
    _require_editable(actor, application)
    application.declaration_accepted = True
    application.declared_by = actor
    application.save(update_fields=["declaration_accepted", "declared_by", "updated_at"])


def lock(application):
    return Application.objects.select_for_update().get(pk=application.pk)


def _check_submittable(application, moment):
    errors = application.scheme.eligibility_errors(application.organisation, application.provider)
    if not application.scheme.is_open(moment) and application.received_at is None:
        errors.append("De termijn om aan te vragen is voorbij.")
    errors.extend(application.completeness_errors())
    if errors:
        raise ValidationError(errors)


def _hand_in(actor, application, change_name):
    """Submitting and resubmitting: the same checks, then the transition, then a receipt."""
    require(actor, "subsidie.act_for_application", application)
    application = lock(application)
    moment = timezone.now()
    _check_submittable(application, moment)
    transitions.run(actor, application, change_name, moment)
    mail_on_commit(application, "receipt")
    return application, moment


@transaction.atomic
def submit_application(actor, application):
    application, moment = _hand_in(actor, application, "submit")
    if not application.reference:
        application.reference = f"AV-{timezone.localdate(moment):%Y}-{application.pk:05d}"
        application.save(update_fields=["reference"])
    return application


@transaction.atomic
def resubmit_application(actor, application):
    application, moment = _hand_in(actor, application, "resubmit")
    application.information_requests.filter(answered_at__isnull=True).update(answered_at=moment)
    return application


@transaction.atomic
def withdraw_application(actor, application, reason):
    require(actor, "subsidie.act_for_application", application)
    application = lock(application)
    return transitions.run(actor, application, "withdraw", reason=reason)


@transaction.atomic
def start_review(actor, application):
    require(actor, "subsidie.review_application")
    application = lock(application)
    if application.assigned_reviewer_id is None:
        application.assigned_reviewer = actor
    return transitions.run(
        actor,
        application,
        "start_review",
    )


@transaction.atomic
def assign_reviewer(actor, application, reviewer):
    require(actor, "subsidie.assign_application")
    if reviewer is not None and not reviewer.has_perm("subsidie.review_application"):
        raise ValidationError("Kies een medewerker met de rol beoordelaar.")
    application.assigned_reviewer = reviewer
    application.save(update_fields=["assigned_reviewer", "updated_at"])


@transaction.atomic
def request_information(actor, application, message, due_date):
    require(actor, "subsidie.review_application")
    application = lock(application)
    if due_date <= timezone.localdate():
        raise ValidationError("De datum om aan te vullen moet na vandaag liggen.")
    transitions.run(actor, application, "request_information", timezone.now(), reason=message)
    InformationRequest.objects.create(
        application=application, message=message, due_date=due_date, requested_by=actor
    )
    mail_on_commit(application, "information_request")
    return application


@transaction.atomic
def extend_decision_term(actor, application, weeks, reason):
    """Awb 4:14: once, before the term ends, with a notice that says why and until when."""
    require(actor, "subsidie.handle_application")
    application = lock(application)
    if application.term_extended:
        raise ValidationError("De beslistermijn is al een keer verlengd.")
    if application.decision_due is None or application.decision_due < timezone.localdate():
        raise ValidationError("Verlengen kan alleen voordat de beslistermijn afloopt.")
    if not 1 <= weeks <= application.scheme.decision_term_weeks:
        raise ValidationError(f"Verleng met 1 tot {application.scheme.decision_term_weeks} weken.")
    application.decision_due += timedelta(weeks=weeks)
    application.term_extended = True
    application.save(update_fields=["decision_due", "term_extended", "updated_at"])
    transitions.record(
        actor,
        application,
        "extend_decision_term",
        application.state,
        f"Beslistermijn verlengd tot {application.decision_due:%d-%m-%Y}: {reason}",
    )
    mail_on_commit(application, "term_extended")
    return application


@transaction.atomic
def review_as_is(actor, application):
    """Awb 4:5: the repair term lapsed; the reviewer assesses what there is."""
    require(actor, "subsidie.review_application")
    application = lock(application)
    return transitions.run(
        actor, application, "review_as_is", reason="Beoordelen met de gegevens die er zijn."
    )


def resume_lapsed_terms(today):
    """Daily: the decision term runs again once a repair term passed unused (Awb 4:15 lid 1
    sub a); the reviewer is told to decide. Returns the applications concerned."""
    lapsed = Application.objects.filter(
        state=ApplicationState.INCOMPLETE,
        suspended_since__isnull=False,
        information_requests__answered_at__isnull=True,
        information_requests__due_date__lt=today,
    ).distinct()
    return [_resume(application.pk) for application in lapsed]


@transaction.atomic
def _resume(pk):
    application = Application.objects.select_for_update().get(pk=pk)
    request = application.information_requests.filter(answered_at__isnull=True).first()
    application.end_suspension(request.due_date + timedelta(days=1))
    save_as(None, application)
    transitions.record(
        None,
        application,
        "repair_term_lapsed",
        application.state,
        f"Hersteltermijn verstreken op {request.due_date:%d-%m-%Y}: de beslistermijn loopt weer, "
        f"tot {application.decision_due:%d-%m-%Y}.",
    )
    transaction.on_commit(lambda: tasks.send_repair_lapsed_mail.delay(application.pk))
    return application


def mail_on_commit(application, kind):
    transaction.on_commit(lambda: tasks.send_application_mail.delay(application.pk, kind))
