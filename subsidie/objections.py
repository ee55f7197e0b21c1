"""What the core's objection handling needs of a grant decision (besluiten.decision_kinds)."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from besluiten.choices import DecisionKind
from besluiten.decision_kinds import Described, ObjectionHandling
from besluiten.models import Decision
from subsidie.choices import AwardState
from subsidie.forms import RevisionForm
from subsidie.models import Application
from subsidie.services import decisions, revocations


def describe(decision):
    application = decision.subject
    return Described(
        reference=decision.reference,
        sent_on=timezone.localdate(decision.decided_at),
        title=f"{capfirst(decision.get_kind_display())}: aanvraag {application.reference} "
        f"({application.title})",
        objector=application.organisation.name,
        organisation=application.organisation,
        decided_by=decision.decided_by,
        objection_body=application.scheme.objection_body,
        staff_url=reverse("review_detail", args=[application.pk]),
    )


def revisable(decision):
    """A refusal (or not processing) can be replaced by a grant, a partial grant by a
    higher one; a revocation undone while the award is still revoked."""
    if decision.kind == DecisionKind.REVOKE:
        return decision.subject.award.state == AwardState.REVOKED
    if decision.kind == DecisionKind.GRANT:
        return decisions.raisable(decision)
    return decision.kind in (DecisionKind.REJECT, DecisionKind.NOT_PROCESSED)


def revise(actor, decision, objection, data):
    if decision.kind == DecisionKind.REVOKE:
        return revocations.undo_on_objection(actor, decision, objection)
    if decision.kind == DecisionKind.GRANT:
        return decisions.raise_on_objection(actor, decision, objection, data)
    return decisions.revise_on_objection(actor, decision, objection, data)


def revision_form(decision):
    """A new grant needs its amount; undoing a revocation needs nothing more."""
    return None if decision.kind == DecisionKind.REVOKE else RevisionForm


def covers(decision):
    """A decision on an application; the voucher scheme's decisions are objected to
    through their own kinds (vouchers.objections)."""
    return decision.content_type_id == ContentType.objects.get_for_model(Application).pk


def find(reference):
    decision = Decision.objects.filter(reference__iexact=reference).first()
    return decision if decision is not None and covers(decision) else None


GRANT_DECISION = ObjectionHandling(
    describe=describe,
    find=find,
    revise=revise,
    revision_form=revision_form,
    revisable=revisable,
    covers=covers,
)
