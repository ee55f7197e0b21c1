from django.apps import AppConfig


class VerantwoordingConfig(AppConfig):
    name = "verantwoording"
    verbose_name = "Verantwoording en vaststelling"
    demo_loader = "verantwoording.demo.load_reports"

    def ready(self):
        from betalingen import sources
        from verantwoording import objections, roles
        from verantwoording.payments import FinalPaymentSource

        self.role_permissions = roles.ROLE_PERMISSIONS
        sources.register(FinalPaymentSource())
        objections.register()
