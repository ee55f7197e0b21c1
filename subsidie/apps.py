from django.apps import AppConfig


class SubsidieConfig(AppConfig):
    name = "subsidie"
    verbose_name = "Subsidies"
    demo_loader = "subsidie.demo.load_schemes"

    def ready(self):
        from betalingen import sources
        from subsidie import roles
        from subsidie.services.advances import AdvanceSource

        self.role_permissions = roles.ROLE_PERMISSIONS
        sources.register(AdvanceSource())
