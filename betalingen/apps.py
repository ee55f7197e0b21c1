from django.apps import AppConfig


class BetalingenConfig(AppConfig):
    name = "betalingen"
    verbose_name = "Betalingen"

    def ready(self):
        from betalingen import (
            checks,  # noqa: F401 (registers the deploy check)
            roles,
        )

        self.role_permissions = roles.ROLE_PERMISSIONS
