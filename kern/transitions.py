"""The one way every service changes a record's state.

`run` refuses a transition the state machine does not allow with a Dutch message, refuses an
actor who lacks the transition's `permission=` (kern.permissions), saves the record with the
actor on its history, and writes one line to the transition log: who, from, to, when, why
and from which address (BIO 8.15.01). Without an actor the system itself acts (a scheduled
job), which holds every permission.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import can_proceed

from kern.audit import current_api_key, current_origin, save_as
from kern.models.transitions import TransitionLog
from kern.permissions import refusal


def run(actor, instance, name, *args, reason="", **kwargs):
    """Runs transition `name` of `instance`; the caller holds the row lock."""
    method = getattr(instance, name)
    before = instance.state
    if not can_proceed(method):
        raise ValidationError(
            f"Dit kan niet bij een {instance._meta.verbose_name} met de status "
            f"‘{instance.get_state_display()}’."
        )
    allowed = method._django_fsm.get_transition(before)
    if actor is not None and not allowed.has_perm(instance, actor):
        raise PermissionDenied(refusal(allowed.permission))
    method(*args, **kwargs)
    save_as(actor, instance)
    record(actor, instance, name, before, reason)
    return instance


def record(actor, instance, name, before, reason=""):
    """The log line of a change; also for a change within a state (from and to equal)."""
    entry = line(actor, instance, name, before, reason)
    entry.save()
    return entry


def line(actor, instance, name, before, reason=""):
    """The unsaved log line, for a caller that saves it together with its change."""
    return TransitionLog(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        transition=name,
        from_state=before,
        to_state=instance.state,
        actor=actor if actor is not None and actor.is_authenticated else None,
        api_key=current_api_key(),
        reason=reason,
        ip_address=current_origin(),
    )


def last_line(instance, name):
    """The latest log line of transition `name` of `instance`: who, when and why."""
    return TransitionLog.objects.about(instance).filter(transition=name).order_by("-at").first()


def available(instance, user):
    """The names of the transitions `user` may take on `instance` now: what pages offer."""
    return {transition.name for transition in instance.get_available_user_state_transitions(user)}
