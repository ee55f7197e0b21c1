"""Handling objections (bezwaar): registering, repair, hearing, advice, the term, and the
decision on the objection with its letter. Revising the decision itself is the app's work,
through the kind registered in `besluiten.decision_kinds`."""

import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from besluiten import decision_kinds, letters, tasks
from besluiten.choices import DecisionKind, ObjectionOutcome, ObjectionState
from besluiten.models import Objection
from besluiten.models.objections import EXTENSION_WEEKS, OPEN_STATES
from besluiten.services import decisions
from kern import transitions
from kern.pdf import day
from kern.permissions import require
from kern.terms import objection_deadline


@transaction.atomic
def register(
    actor,
    decision,
    *,
    received_on,
    grounds,
    posted_on=None,
    grounds_file=None,
    objector="",
    advisory_committee=False,
    lateness_excused=False,
    lateness_reasons="",
):
    """Awb 6:4: an objection is registered on the day it was received, also when late."""
    require(actor, "besluiten.handle_objection")
    described = decision_kinds.kind_of(decision).describe(decision)
    if received_on > timezone.localdate():
        raise ValidationError("De ontvangstdatum ligt in de toekomst.")
    if received_on < described.sent_on:
        raise ValidationError("De ontvangstdatum ligt vóór de datum van het besluit.")
    if posted_on and not described.sent_on <= posted_on <= received_on:
        raise ValidationError(
            "Het poststempel ligt vóór de datum van het besluit of na de ontvangstdatum."
        )
    if lateness_excused and not lateness_reasons.strip():
        raise ValidationError("Schrijf waarom de termijnoverschrijding verschoonbaar is.")
    objector = objector.strip() or described.objector
    _refuse_double(decision, received_on, objector)
    objection = Objection(
        reference=f"BZ-{uuid.uuid4().hex[:12]}",
        decision=decision,
        decision_reference=described.reference,
        decision_sent_on=described.sent_on,
        organisation=described.organisation,
        objector=objector,
        address="\n".join(described.address),
        received_on=received_on,
        posted_on=posted_on,
        deadline=objection_deadline(described.sent_on),
        grounds=grounds,
        advisory_committee=advisory_committee,
        lateness_excused=lateness_excused,
        lateness_reasons=lateness_reasons.strip(),
        registered_by=actor,
    )
    objection.start_term()
    try:
        with transaction.atomic():
            objection.save()
    except IntegrityError as error:  # the same letter sent by two clicks at once
        raise ValidationError("Dit bezwaar is al geregistreerd.") from error
    objection.reference = f"BZ-{received_on:%Y}-{objection.pk:05d}"
    if grounds_file:
        objection.grounds_token = uuid.uuid4().hex
        objection.grounds_file_name = grounds_file.name[:200]
        objection.grounds_file.save(objection.grounds_token, grounds_file, save=False)
    objection.save()
    transitions.record(actor, objection, "register", "", _timeliness(objection))
    _mail_on_commit(objection, "received")
    return objection


def _refuse_double(decision, received_on, objector):
    """A second click, or the same letter entered twice, registers nothing new."""
    earlier = (
        Objection.objects.about(decision)
        .filter(received_on=received_on, objector__iexact=objector)
        .first()
    )
    if earlier:
        raise ValidationError(
            f"Dit bezwaar is al geregistreerd als {earlier.reference}. Kijk daar, of pas de "
            "ontvangstdatum aan als het echt een tweede bezwaar is."
        )


def _timeliness(objection):
    if objection.on_time and objection.received_on > objection.deadline:
        return (
            f"Op tijd: op tijd gepost en binnen een week na de termijn (tot en met "
            f"{day(objection.deadline)}) ontvangen (artikel 6:9 Awb)."
        )
    if objection.on_time:
        return f"Op tijd ontvangen (termijn tot en met {day(objection.deadline)})."
    excused = " De overschrijding is verschoonbaar." if objection.lateness_excused else ""
    return f"Te laat ontvangen: de termijn liep tot en met {day(objection.deadline)}.{excused}"


def lock(objection):
    return Objection.objects.select_for_update().get(pk=objection.pk)


@transaction.atomic
def request_repair(actor, objection, message, due):
    """Awb 6:6: a defect (no grounds, no signature) gets a term to repair it."""
    if due <= timezone.localdate():
        raise ValidationError("Kies een hersteldatum na vandaag.")
    return _run(actor, objection, "request_repair", message, due, reason=message)


@transaction.atomic
def record_repair(actor, objection):
    return _run(actor, objection, "record_repair", reason="Verzuim hersteld.")


@transaction.atomic
def plan_hearing(actor, objection, moment, place):
    """Awb 7:2: the objector is heard before the decision."""
    if moment <= timezone.now():
        raise ValidationError("Kies een moment in de toekomst voor de hoorzitting.")
    objection = _run(
        actor,
        objection,
        "plan_hearing",
        moment,
        place,
        reason=f"Hoorzitting op {timezone.localtime(moment):%d-%m-%Y %H:%M}, {place}.",
    )
    _mail_on_commit(objection, "hearing_planned")
    return objection


@transaction.atomic
def record_hearing(actor, objection, report):
    """Awb 7:5: the hearing is held by someone who did not take the decision."""
    described = decision_kinds.kind_of(objection.decision).describe(objection.decision)
    if objection.hearing_at and objection.hearing_at > timezone.now():
        raise ValidationError(
            f"De hoorzitting is pas op {day(timezone.localtime(objection.hearing_at))}. Leg "
            "het verslag daarna vast."
        )
    if described.decided_by == actor:
        raise ValidationError(
            "U nam het besluit waartegen bezwaar is gemaakt. Laat een collega de hoorzitting "
            "doen (artikel 7:5 Awb)."
        )
    return _run(actor, objection, "record_hearing", report, reason="Verslag vastgelegd.")


@transaction.atomic
def record_advice(actor, objection, advice):
    return _run(actor, objection, "record_advice", advice, reason="Advies ontvangen.")


@transaction.atomic
def extend(actor, objection, reason):
    """Awb 7:10 lid 3: once, by six weeks, with notice to the objector."""
    require(actor, "besluiten.handle_objection")
    objection = lock(objection)
    if objection.term_extended or not objection.is_open:
        raise ValidationError("De beslistermijn kan maar één keer worden verlengd.")
    objection.decision_due += timedelta(weeks=EXTENSION_WEEKS)
    objection.term_extended = True
    objection.save()
    transitions.record(actor, objection, "extend", objection.state, reason)
    _mail_on_commit(objection, "extended")
    return objection


@transaction.atomic
def decide(actor, objection, outcome, reasoning, revision=None):
    """Awb 7:11: the decision on the objection; a founded one replaces the decision it was
    against (`revision`: the revision form's data, for the app's `revise`)."""
    require(actor, "besluiten.decide_objection")
    objection = lock(objection)
    _check_decidable(objection, outcome, reasoning)
    moment = timezone.now()
    kind = decision_kinds.kind_of(objection.decision)
    transitions.run(
        actor,
        objection,
        "decide",
        actor,
        moment,
        outcome,
        reasoning,
        reason=f"{ObjectionOutcome(outcome).label}: {reasoning}",
    )
    replaced = None
    # The replacing decision quotes the reasons just decided on (so after the transition).
    if outcome in (ObjectionOutcome.FOUNDED, ObjectionOutcome.PARTLY_FOUNDED) and kind.revisable(
        objection.decision
    ):
        replaced = kind.revise(actor, objection.decision, objection, revision or {})
    objection.save()
    decisions.record(
        actor,
        objection,
        DecisionKind.DECIDE_OBJECTION,
        objection.reference,
        reasoning,
        lambda decision: letters.render_letter(objection, replaced),
    )
    _mail_on_commit(objection, "decided")
    return objection


def _check_decidable(objection, outcome, reasoning):
    if not objection.is_open:  # a second tab, or a colleague who was quicker
        raise ValidationError("Op dit bezwaar is al beslist.")
    if not reasoning.strip():
        raise ValidationError("Schrijf de motivering van de beslissing op het bezwaar.")
    if outcome == ObjectionOutcome.INADMISSIBLE:
        return
    if not objection.admissible_in_time:
        raise ValidationError(
            "Het bezwaar kwam te laat en de overschrijding is niet verschoonbaar: verklaar "
            "het niet-ontvankelijk (artikel 6:11 Awb)."
        )
    if objection.state == ObjectionState.REPAIR:
        raise ValidationError("Het bezwaar wacht op herstel van een verzuim.")
    needed = ObjectionState.ADVISED if objection.advisory_committee else ObjectionState.HEARD
    if objection.state != needed:
        raise ValidationError(
            "Eerst het advies van de bezwaarcommissie vastleggen."
            if needed == ObjectionState.ADVISED
            else "Hoor de bezwaarmaker eerst en leg het verslag vast (artikel 7:2 Awb)."
        )


def _run(actor, objection, name, *args, reason):
    return transitions.run(actor, lock(objection), name, *args, reason=reason)


def _mail_on_commit(objection, kind):
    if objection.organisation_id:
        transaction.on_commit(lambda: tasks.send_objection_mail.delay(objection.pk, kind))


def terms_ending(until):
    """Open objections whose decision term ends on or before `until`."""
    return Objection.objects.filter(state__in=OPEN_STATES, decision_due__lte=until)
