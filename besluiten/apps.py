from django.apps import AppConfig


class BesluitenConfig(AppConfig):
    name = "besluiten"
    verbose_name = "Besluiten en bezwaren"

    def ready(self):
        from besluiten import roles

        self.role_permissions = roles.ROLE_PERMISSIONS
