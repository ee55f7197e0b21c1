import django.db.models.deletion
from django.db import migrations, models


def _name_the_settlement(apps, schema_editor):
    """Every final payment so far is that of its settlement's own decision."""
    FinalPayment = apps.get_model("verantwoording", "FinalPayment")
    for payment in FinalPayment.objects.select_related("settlement"):
        payment.decision_id = payment.settlement.decision_id
        payment.save(update_fields=["decision"])


class Migration(migrations.Migration):
    dependencies = [
        ("besluiten", "0006_reinstate_award"),
        ("verantwoording", "0008_decisions_in_besluiten"),
    ]

    operations = [
        migrations.AlterField(
            model_name="finalpayment",
            name="settlement",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="payments",
                to="verantwoording.settlement",
                verbose_name="vaststelling",
            ),
        ),
        migrations.AddField(
            model_name="finalpayment",
            name="decision",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="besluiten.decision",
                verbose_name="besluit",
            ),
        ),
        migrations.RunPython(_name_the_settlement, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="finalpayment",
            name="decision",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="besluiten.decision",
                verbose_name="besluit",
            ),
        ),
    ]
