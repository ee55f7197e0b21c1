from django.apps import AppConfig
from django.db.models.signals import post_migrate


class KernConfig(AppConfig):
    name = "kern"
    verbose_name = "Organisaties en wijken"
    demo_loader = "kern.demo.load_people_and_organisations"

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        from kern import (
            checks,  # noqa: F401 (registers the deploy check)
            permissions,  # noqa: F401 (registers the object rules)
            roles,
        )
        from kern.audit import record_origin

        self.role_permissions = roles.ROLE_PERMISSIONS
        pre_create_historical_record.connect(record_origin, dispatch_uid="kern_origin")
        post_migrate.connect(roles.sync_roles, sender=self, dispatch_uid="kern_roles")
