"""The one way every service changes a record's state.

`run` refuses a transition the state machine does not allow with a Dutch message, saves the
record with the actor on its history, and writes one line to the transition log: who,
from, to, when, why and from which address (BIO 8.15.01).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django_fsm import TransitionNotAllowed

from kern.audit import current_origin, save_as
from kern.models.transitions import TransitionLog


def run(actor, instance, name, *args, reason="", **kwargs):
    """Runs transition `name` of `instance`; the caller holds the row lock."""
    before = instance.state
    try:
        getattr(instance, name)(*args, **kwargs)
    except TransitionNotAllowed as error:
        raise ValidationError(
            f"Dit kan niet bij een {instance._meta.verbose_name} met de status "
            f"‘{instance.get_state_display()}’."
        ) from error
    save_as(actor, instance)
    record(actor, instance, name, before, reason)
    return instance


def record(actor, instance, name, before, reason=""):
    """The log line of a change; also for a change within a state (from and to equal)."""
    return TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        transition=name,
        from_state=before,
        to_state=instance.state,
        actor=actor if actor is not None and actor.is_authenticated else None,
        reason=reason,
        ip_address=current_origin(),
    )
