"""Approved declarations as items for the municipality's payment batches."""

from calendar import monthrange

from subsidie.payments import PaymentItem
from vouchers.models import Declaration, DeclarationState


class DeclarationSource:
    prefix = "declaration"

    def _item(self, declaration):
        provider = declaration.admission.provider
        last_day = monthrange(declaration.month.year, declaration.month.month)[1]
        return PaymentItem(
            key=f"{self.prefix}:{declaration.pk}",
            kind="declaratie",
            reference=declaration.reference,
            recipient=provider.name,
            iban=provider.iban,
            due=declaration.month.replace(day=last_day),
            amount=declaration.total,
            description=(
                f"Vouchers huiswerkbegeleiding {declaration.month:%m-%Y} {declaration.reference}"
            ),
        )

    def _related(self, queryset):
        return queryset.select_related("admission__provider").order_by("month", "pk")

    def due(self, until):
        approved = Declaration.objects.filter(state=DeclarationState.APPROVED)
        return [self._item(declaration) for declaration in self._related(approved)]

    def add(self, batch, ids):
        declarations = list(
            Declaration.objects.select_for_update().filter(
                pk__in=ids, state=DeclarationState.APPROVED
            )
        )
        for declaration in declarations:
            declaration.add_to_batch(batch)
            declaration.save()
        return len(declarations)

    def in_batch(self, batch):
        return [self._item(declaration) for declaration in self._related(batch.declarations.all())]

    def mark_paid(self, batch):
        for declaration in batch.declarations.all():
            declaration.mark_paid()
            declaration.save()
