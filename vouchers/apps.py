from django.apps import AppConfig


class VouchersConfig(AppConfig):
    name = "vouchers"
    verbose_name = "Vouchers voor Ooievaarspashouders"

    def ready(self):
        from subsidie import payments
        from vouchers.payment_source import DeclarationSource

        # Declarations are paid in the same batches (and SEPA files) as grant advances.
        payments.register(DeclarationSource())
