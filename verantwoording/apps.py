from django.apps import AppConfig


class VerantwoordingConfig(AppConfig):
    name = "verantwoording"
    verbose_name = "Verantwoording en vaststelling"

    def ready(self):
        from verantwoording import roles

        self.role_permissions = roles.ROLE_PERMISSIONS
