"""The award, report, settlement and recovery state machines allow exactly the transitions
the accountability cycle lists and refuse every other one: through the one runner all
services use, in the back office (read-only), and in the shell (the state field is
protected)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_fsm import FSMFieldMixin

from kern import transitions
from subsidie.models import Award
from tests.verantwoording.helpers import settled_lower
from verantwoording.models import Recovery, Report, Settlement

pytestmark = pytest.mark.django_db

LISTED = {
    Award: {
        ("granted", "active"),
        ("granted", "report_due"),
        ("active", "report_due"),
        ("report_due", "settled"),
        ("granted", "revoked"),
        ("active", "revoked"),
        ("report_due", "revoked"),
        # A founded objection undoes the revocation (Awb 7:11).
        ("revoked", "granted"),
        ("revoked", "active"),
    },
    Report: {
        ("due", "overdue"),
        ("due", "submitted"),
        ("overdue", "submitted"),
        ("changes", "submitted"),
        ("submitted", "changes"),
        ("submitted", "accepted"),
        ("submitted", "rejected"),
    },
    Settlement: {("proposed", "decided")},
    # A founded objection against the settlement can cancel it (Awb 7:11).
    Recovery: {("open", "paid"), ("open", "written_off"), ("open", "cancelled")},
}


def _declared(model):
    """{(source, target): transition name} of the model's state field; a transition whose
    method returns its target counts once for each state it may return."""
    field = next(f for f in model._meta.fields if isinstance(f, FSMFieldMixin))
    return {
        (transition.source, target): transition.name
        for transition in field.get_all_transitions(model)
        for target in getattr(transition.target, "allowed_states", [transition.target])
    }, field


@pytest.fixture
def records():
    """One of each: a settled award, its accepted report, the lower settlement, the open
    recovery."""
    settlement = settled_lower("25000")
    award = settlement.award
    return {
        Award: award,
        Report: award.reports.get(),
        Settlement: settlement,
        Recovery: Recovery.objects.get(),
    }


@pytest.mark.parametrize("model", list(LISTED), ids=lambda m: m.__name__)
def test_the_declared_transitions_are_exactly_the_listed_ones(model):
    declared, _ = _declared(model)
    assert set(declared) == LISTED[model]


@pytest.mark.parametrize("model", list(LISTED), ids=lambda m: m.__name__)
def test_every_other_transition_is_refused_through_the_runner(model, records):
    declared, field = _declared(model)
    names = set(declared.values())
    record = records[model]
    for state, _ in field.choices:
        allowed = {name for (source, _), name in declared.items() if source == state}
        for name in names - allowed:
            model.objects.filter(pk=record.pk).update(state=state)
            fresh = model.objects.get(pk=record.pk)
            with pytest.raises(ValidationError, match="Dit kan niet bij"):
                transitions.run(None, fresh, name)
            assert model.objects.get(pk=record.pk).state == state


@pytest.mark.parametrize("model", list(LISTED), ids=lambda m: m.__name__)
def test_the_shell_cannot_set_a_state(model, records):
    record = records[model]
    with pytest.raises(AttributeError, match="Direct state modification is not allowed"):
        record.state = "settled"


@pytest.mark.parametrize("model", list(LISTED), ids=lambda m: m.__name__)
def test_the_back_office_only_looks(model, records, administrator_client):
    client, _ = administrator_client
    record = records[model]
    label = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert client.get(reverse(f"{label}_change", args=[record.pk])).status_code == 200
    before = model.objects.get(pk=record.pk).state
    assert (
        client.post(reverse(f"{label}_change", args=[record.pk]), {"state": "x"}).status_code == 403
    )
    assert client.post(reverse(f"{label}_add"), {"state": "x"}).status_code == 403
    assert (
        client.post(reverse(f"{label}_delete", args=[record.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert model.objects.get(pk=record.pk).state == before
