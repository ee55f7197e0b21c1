"""Recoveries made before they named their decision: the settlement's."""

from django.db import migrations


def fill(apps, schema_editor):
    Recovery = apps.get_model("verantwoording", "Recovery")
    for recovery in Recovery.objects.filter(decision__isnull=True).select_related("settlement"):
        recovery.decision_id = recovery.settlement.decision_id
        recovery.save(update_fields=["decision"])


class Migration(migrations.Migration):
    dependencies = [("verantwoording", "0005_recovery_decision")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
