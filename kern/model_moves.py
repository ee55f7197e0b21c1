"""For migrations that move a model from one app to another while its table stays."""

from django.db import migrations


def _move_content_types(models, source, target):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in models:
            moving = ContentType.objects.filter(app_label=source, model=model)
            if moving.exists():
                # An empty one made by a migrate that stopped half-way gives way.
                ContentType.objects.filter(app_label=target, model=model).delete()
                moving.update(app_label=target)

    return move


def keep_content_types(models, source, target):
    """The moved models keep their content type, and with it their permissions and the
    generic links to them (transition log lines, objections), under their new app."""
    return migrations.RunPython(
        _move_content_types(models, source, target), _move_content_types(models, target, source)
    )
