from django.apps import AppConfig


class VerantwoordingConfig(AppConfig):
    name = "verantwoording"
    verbose_name = "Verantwoording en vaststelling"
    demo_loader = "verantwoording.demo.load_reports"

    def ready(self):
        from verantwoording import roles

        self.role_permissions = roles.ROLE_PERMISSIONS
