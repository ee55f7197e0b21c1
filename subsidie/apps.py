from django.apps import AppConfig


class SubsidieConfig(AppConfig):
    name = "subsidie"
    verbose_name = "Subsidies"
    demo_loader = "subsidie.demo.load_schemes"

    def ready(self):
        from besluiten import decision_kinds
        from besluiten.models import Decision
        from betalingen import sources
        from subsidie import objections, roles
        from subsidie.services.advances import AdvanceSource

        self.role_permissions = roles.ROLE_PERMISSIONS
        sources.register(AdvanceSource())
        decision_kinds.register(Decision, objections.GRANT_DECISION)
