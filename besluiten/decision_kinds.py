"""The kinds of decision an objection can be made against, filled by each app in its
`AppConfig.ready()`: the core handles objections without naming any app's models."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class Described:
    """What an objection needs to know of the decision it is against."""

    reference: str
    sent_on: date
    title: str
    objector: str
    organisation: Any
    decided_by: Any
    objection_body: str
    staff_url: str
    # The postal address for the decision on the objection, where there is no organisation.
    address: tuple = ()


@dataclass(frozen=True)
class ObjectionHandling:
    describe: Callable[[Any], Described]
    # The decision with this reference (kenmerk), as an objection letter cites it, or None.
    find: Callable[[str], Any]
    # A founded objection replaces the decision (Awb 7:11): revise(actor, decision,
    # objection, cleaned data of revision_form) takes the new one through the app's services
    # and returns that decision record.
    revise: Callable | None = None
    # The form for what the new decision needs (an amount), for this decision; or None.
    revision_form: Callable[[Any], type | None] = lambda decision: None
    revisable: Callable[[Any], bool] = lambda decision: False
    # Whether a record of the registered model is a decision of this kind at all.
    covers: Callable[[Any], bool] = lambda record: True


def without_form(service):
    """A `revise` for a service that needs nothing filled in: service(actor, decision,
    objection) returns the decision record that replaces it."""
    return lambda actor, decision, objection, data: service(actor, decision, objection)


_KINDS = {}
# Handlings for decision records (besluiten.Decision) of one kind, where the app that takes
# that kind is not the one registered for the model (a settlement is taken in verantwoording).
_DECISION_KINDS = {}
DECISION_LABEL = "besluiten.decision"


def register(model, kind):
    _KINDS[model._meta.label_lower] = kind


def register_decision_kinds(kinds, handling):
    for kind in kinds:
        _DECISION_KINDS[kind] = handling


def kind_of(decision):
    label = decision._meta.label_lower
    if label == DECISION_LABEL and decision.kind in _DECISION_KINDS:
        return _DECISION_KINDS[decision.kind]
    return _KINDS[label]


def find(reference):
    """The decision of any kind with this reference, or None."""
    reference = reference.strip().upper()
    for kind in _KINDS.values():
        decision = kind.find(reference)
        if decision is not None:
            return decision
    return None


def decision_for(content_type_id, object_id):
    """The decision behind a content type and id, if it is of a registered kind."""
    content_type = ContentType.objects.get_for_id(content_type_id)
    model = content_type.model_class()
    if model is None or model._meta.label_lower not in _KINDS:
        return None
    record = model._default_manager.filter(pk=object_id).first()
    return record if record is not None and kind_of(record).covers(record) else None
