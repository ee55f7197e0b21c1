from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SubsidieConfig(AppConfig):
    name = "subsidie"
    verbose_name = "Subsidies en organisaties"

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        from subsidie.audit import record_origin
        from subsidie.roles import sync_roles

        pre_create_historical_record.connect(record_origin, dispatch_uid="subsidie_origin")
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="subsidie_roles")
