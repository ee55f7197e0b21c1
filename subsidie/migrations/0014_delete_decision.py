from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('subsidie', '0013_decisions_in_besluiten'),
        ('verantwoording', '0008_decisions_in_besluiten'),
    ]

    operations = [
        migrations.RemoveField(model_name='decision', name='application'),
        migrations.RemoveField(model_name='decision', name='decided_by'),
        migrations.RemoveField(model_name='decision', name='hearing'),
        migrations.RemoveField(model_name='decision', name='proposed_by'),
        migrations.RemoveField(model_name='decision', name='replaces'),
        migrations.DeleteModel(name='Decision'),
    ]
