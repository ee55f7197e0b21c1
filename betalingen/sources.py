"""Where payment items come from. The payments app pays items from several sources (grant
advances, providers' declarations); each higher app registers its source in its
AppConfig.ready(), so this app never imports them.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kern import transitions


@dataclass(frozen=True)
class PaymentItem:
    key: str  # "<source prefix>:<id>", unique over all sources
    kind: str
    reference: str
    recipient: str
    iban: str
    due: date
    amount: Decimal
    description: str
    # Awb 4:87: the day by which the municipality must have paid, where the law sets one.
    pay_by: date | None = None


class PaymentSource(ABC):
    prefix: str

    @abstractmethod
    def due(self, until):
        """The items that can be paid, falling due on or before `until`."""

    @abstractmethod
    def add(self, actor, batch, ids):
        """Puts the payable items with these ids in the batch; returns how many."""

    @abstractmethod
    def in_batch(self, batch):
        """The items in the batch."""

    @abstractmethod
    def mark_paid(self, actor, batch):
        """The batch was paid: so were its items."""

    def at_risk(self, until):
        """Unpaid items (due or in a batch) whose legal payment term ends by `until`."""
        return []


class StateSource(PaymentSource):
    """A model whose rows in `payable_state` become payment items. Its state machine has
    the transitions `add_to_batch(batch)` and `mark_paid()`, and a `batch` foreign key."""

    model = None
    payable_state = None
    # The date field by which a row falls due, if it has one: rows due later wait.
    due_on = None
    related = ()
    ordering = ()

    @abstractmethod
    def item(self, row):
        """The payment item of one row."""

    def payable(self, until):
        rows = self.model.objects.filter(state=self.payable_state)
        return rows.filter(**{f"{self.due_on}__lte": until}) if self.due_on else rows

    def paid(self, actor, row):
        """What else follows once a row is paid."""

    def _items(self, queryset):
        return [
            self.item(row)
            for row in queryset.select_related(*self.related).order_by(*self.ordering)
        ]

    def due(self, until):
        return self._items(self.payable(until))

    def add(self, actor, batch, ids):
        # Only what is still payable and due by the batch's execution date, read under lock.
        rows = list(self.payable(batch.execution_date).select_for_update().filter(pk__in=ids))
        for row in rows:
            transitions.run(actor, row, "add_to_batch", batch)
        return len(rows)

    def in_batch(self, batch):
        return self._items(self.model.objects.filter(batch=batch))

    def mark_paid(self, actor, batch):
        rows = self.model.objects.select_for_update(of=("self",)).select_related(*self.related)
        for row in rows.filter(batch=batch):
            transitions.run(actor, row, "mark_paid")
            self.paid(actor, row)


_SOURCES = {}


def register(source):
    _SOURCES[source.prefix] = source


def registered():
    return dict(_SOURCES)
