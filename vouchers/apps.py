from django.apps import AppConfig


class VouchersConfig(AppConfig):
    name = "vouchers"
    verbose_name = "Vouchers voor Ooievaarspashouders"
    demo_loader = "vouchers.demo.load_voucher_round"

    def ready(self):
        from aanbod.services import offer
        from betalingen import sources
        from vouchers import objections, roles
        from vouchers.services.admissions import voucher_locations
        from vouchers.services.declarations import DeclarationSource

        self.role_permissions = roles.ROLE_PERMISSIONS
        # Declarations are paid in the same batches (and SEPA files) as grant advances.
        sources.register(DeclarationSource())
        objections.register()
        # The public offer marks the locations where an admitted provider takes vouchers.
        offer.register_voucher_locations(voucher_locations)
