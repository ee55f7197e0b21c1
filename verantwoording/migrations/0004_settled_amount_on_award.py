"""Awards settled before the award kept its settled amount get it from their settlement."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Award = apps.get_model("subsidie", "Award")
    Settlement = apps.get_model("verantwoording", "Settlement")
    decided = Settlement.objects.filter(award=OuterRef("pk"), state="decided")
    Award.objects.filter(state="settled", settled_amount__isnull=True).update(
        settled_amount=Subquery(decided.values("amount")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("subsidie", "0010_award_settled_amount"),
        ("verantwoording", "0003_settlements"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
