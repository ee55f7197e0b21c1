"""How PostgreSQL stores vouchers: each booking changes a balance, which must not touch the
table's indexes (see migration 0014)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.postgres


def test_voucher_pages_keep_room_for_balance_updates(postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'vouchers_voucher'")
        (options,) = cursor.fetchone()
    assert "fillfactor=80" in options
