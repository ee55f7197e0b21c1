"""Every grant decision becomes a record of besluiten with the same id, so the award, the
settlement, the recovery and any objection keep pointing at it; subsidie's own table goes
in 0014, after verantwoording points its links at the new one."""

import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models
from django.utils import timezone

from kern import terms

# The legal basis of each kind, as besluiten.choices.LEGAL_BASIS had it when this was written.
LEGAL_BASIS = {
    "grant": "artikel 4:29 en 4:30 Awb",
    "reject": "artikel 4:35 Awb",
    "not_processed": "artikel 4:5 Awb",
    "lower": "artikel 4:48 Awb",
    "revoke": "artikel 4:48 Awb",
    "settle": "artikel 4:42 en 4:46 Awb",
    "recover": "artikel 4:57 Awb",
}


def copy_decisions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Old = apps.get_model("subsidie", "Decision")
    New = apps.get_model("besluiten", "Decision")
    application = ContentType.objects.get_or_create(app_label="subsidie", model="application")[0]
    New.objects.bulk_create(
        New(
            id=old.id,
            reference=old.reference,
            kind=old.outcome,
            content_type=application,
            object_id=old.application_id,
            legal_basis=LEGAL_BASIS[old.outcome],
            amount=old.amount,
            reasoning=old.reasoning,
            proposed_by_id=old.proposed_by_id,
            decided_by_id=old.decided_by_id,
            decided_at=old.decided_at,
            sent_on=timezone.localdate(old.decided_at),
            objection_deadline=terms.objection_deadline(timezone.localdate(old.decided_at)),
            replaces_id=old.replaces_id,
            objection_reference=old.objection_reference,
            hearing_id=old.hearing_id,
            hearing_answer=old.hearing_answer,
            document=old.document.name,
            sha256=old.sha256,
        )
        for old in Old.objects.order_by("pk")
    )
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [New]):
            cursor.execute(statement)
    _relink(apps, ("subsidie", "decision"), ("besluiten", "decision"))


def _relink(apps, source, target):
    """Objections and log lines about a decision follow it to its new model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label=source[0], model=source[1]).first()
    if old is None:
        return
    new = ContentType.objects.get_or_create(app_label=target[0], model=target[1])[0]
    for app_label, model in (("besluiten", "objection"), ("kern", "transitionlog")):
        apps.get_model(app_label, model).objects.filter(content_type=old).update(
            content_type=new
        )


class Migration(migrations.Migration):

    dependencies = [
        ('besluiten', '0003_decision'),
        ('subsidie', '0012_hearing_in_besluiten'),
    ]

    operations = [
        migrations.RunPython(copy_decisions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='award',
            name='decision',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='award', to='besluiten.decision', verbose_name='besluit'),
        ),
    ]
