"""What users do with organisations, locations and memberships.

Every operation checks permission, validates, saves inside a transaction and names the actor
on the historical record, so the audit trail holds whichever entry point was used.
"""

from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from subsidie import roles, tasks
from subsidie.audit import current_origin, save_as
from subsidie.choices import MemberRole, SchemeKind
from subsidie.models import (
    Application,
    ApplicationTransition,
    Attachment,
    BudgetLine,
    InformationRequest,
    Location,
    Membership,
    Organisation,
    Scheme,
)
from subsidie.roles import require_role
from subsidie.validators import validate_upload


def membership_of(user, organisation):
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def require_member(user, organisation, *, admin=False):
    membership = membership_of(user, organisation)
    if membership is None or (admin and not membership.is_admin):
        raise PermissionDenied("U hoort niet bij deze organisatie of mag dit niet doen.")
    return membership


def _save_audited(actor, instance):
    instance.full_clean()
    return save_as(actor, instance)


@transaction.atomic
def save_organisation(actor, organisation):
    require_member(actor, organisation)
    return _save_audited(actor, organisation)


@transaction.atomic
def save_location(actor, location):
    require_member(actor, location.organisation)
    return _save_audited(actor, location)


@transaction.atomic
def add_member(actor, organisation, *, email, first_name, last_name, role):
    """Adds a person to the organisation; a new account gets an e-mail to set a password."""
    require_member(actor, organisation, admin=True)
    email = get_user_model().objects.normalize_email(email).lower()
    user, created = get_user_model().objects.get_or_create(
        username=email,
        defaults={"email": email, "first_name": first_name, "last_name": last_name},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError("Deze persoon hoort al bij uw organisatie.")
    membership = _save_audited(actor, Membership(user=user, organisation=organisation, role=role))
    if created:
        transaction.on_commit(lambda: tasks.send_welcome_mail.delay(user.pk))
    return membership


@transaction.atomic
def remove_member(actor, membership):
    require_member(actor, membership.organisation, admin=True)
    others_admin = (
        Membership.objects.filter(organisation=membership.organisation, role=MemberRole.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )
    if membership.is_admin and not others_admin:
        raise ValidationError(
            "Een organisatie heeft altijd minstens één beheerder. Maak eerst iemand anders "
            "beheerder."
        )
    membership._history_user = actor
    membership.delete()


def organisations_of(user):
    return Organisation.objects.for_member(user)


def locations_of(organisation):
    return Location.objects.filter(organisation=organisation).select_related("district__borough")


# --- applications --------------------------------------------------------------------------


def eligible_schemes(organisation, moment):
    """Grant schemes open now, each with the reasons this organisation may not apply."""
    schemes = Scheme.objects.filter(opens_at__lte=moment, closes_at__gt=moment).exclude(
        kind=SchemeKind.VOUCHERS
    )
    return [(scheme, scheme.eligibility_errors(organisation)) for scheme in schemes]


@transaction.atomic
def start_application(actor, organisation, scheme):
    require_member(actor, organisation)
    errors = scheme.eligibility_errors(organisation)
    if not scheme.is_open(timezone.now()):
        errors.append("Deze regeling is nu niet open voor aanvragen.")
    if errors:
        raise ValidationError(errors)
    return Application.objects.create(
        scheme=scheme, organisation=organisation, created_by=actor, title=scheme.name
    )


def _require_editable(actor, application):
    require_member(actor, application.organisation)
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


def apply_transition(application, actor, change, *args, reason=""):
    """Runs one transition and writes its audit line; the caller holds the row lock."""
    from_state = application.state
    try:
        change(*args)
    except TransitionNotAllowed as error:
        raise ValidationError(
            f"Dit kan niet bij een aanvraag met de status ‘{application.get_state_display()}’."
        ) from error
    application.save()
    _log_transition(application, actor, from_state, reason)
    return application


def _log_transition(application, actor, from_state, reason):
    """The audit line of a state change (or, for an extension, of a change within a state)."""
    ApplicationTransition.objects.create(
        application=application,
        from_state=from_state,
        to_state=application.state,
        actor=actor,
        reason=reason,
        ip_address=current_origin(),
    )


def _check_submittable(application, moment):
    errors = application.scheme.eligibility_errors(application.organisation, application.provider)
    if not application.scheme.is_open(moment) and application.received_at is None:
        errors.append("De termijn om aan te vragen is voorbij.")
    errors.extend(application.completeness_errors())
    if errors:
        raise ValidationError(errors)


def _hand_in(actor, application, change_name):
    """Submitting and resubmitting: the same checks, then the transition, then a receipt."""
    require_member(actor, application.organisation)
    application = lock(application)
    moment = timezone.now()
    _check_submittable(application, moment)
    apply_transition(application, actor, getattr(application, change_name), moment)
    mail_on_commit(application, "receipt")
    return application, moment


@transaction.atomic
def submit_application(actor, application):
    application, moment = _hand_in(actor, application, "submit")
    if not application.reference:
        application.reference = f"AV-{moment:%Y}-{application.pk:05d}"
        application.save(update_fields=["reference"])
    return application


@transaction.atomic
def resubmit_application(actor, application):
    application, moment = _hand_in(actor, application, "resubmit")
    application.information_requests.filter(answered_at__isnull=True).update(answered_at=moment)
    return application


@transaction.atomic
def withdraw_application(actor, application, reason):
    require_member(actor, application.organisation)
    application = lock(application)
    return apply_transition(application, actor, application.withdraw, reason=reason)


@transaction.atomic
def start_review(actor, application):
    require_role(actor, roles.REVIEWER)
    application = lock(application)
    if application.assigned_reviewer_id is None:
        application.assigned_reviewer = actor
    return apply_transition(application, actor, application.start_review)


@transaction.atomic
def assign_reviewer(actor, application, reviewer):
    require_role(actor, roles.REVIEWER, roles.ADMINISTRATOR)
    if reviewer is not None and roles.REVIEWER not in roles.staff_roles_of(reviewer):
        raise ValidationError("Kies een medewerker met de rol beoordelaar.")
    application.assigned_reviewer = reviewer
    application.save(update_fields=["assigned_reviewer", "updated_at"])


@transaction.atomic
def request_information(actor, application, message, due_date):
    require_role(actor, roles.REVIEWER)
    application = lock(application)
    if due_date <= timezone.localdate():
        raise ValidationError("De datum om aan te vullen moet na vandaag liggen.")
    apply_transition(
        application, actor, application.request_information, timezone.now(), reason=message
    )
    InformationRequest.objects.create(
        application=application, message=message, due_date=due_date, requested_by=actor
    )
    mail_on_commit(application, "information_request")
    return application


@transaction.atomic
def extend_decision_term(actor, application, weeks, reason):
    """Awb 4:14: once, before the term ends, with a notice that says why and until when."""
    require_role(actor, roles.REVIEWER, roles.DECISION_MAKER)
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
    _log_transition(
        application,
        actor,
        application.state,
        f"Beslistermijn verlengd tot {application.decision_due:%d-%m-%Y}: {reason}",
    )
    mail_on_commit(application, "term_extended")
    return application


def mail_on_commit(application, kind):
    transaction.on_commit(lambda: tasks.send_application_mail.delay(application.pk, kind))
