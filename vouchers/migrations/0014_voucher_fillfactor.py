"""Room on each page of the voucher table for a new version of a row.

Every booking changes a voucher's balance. With full pages PostgreSQL writes the new row
version to another page and so adds it to all eight indexes of the table; with room on the
page the update is a heap-only tuple (HOT) and no index is touched, because the balance is
in none of them. Other databases have no such setting."""

from django.db import migrations


def set_fillfactor(apps, schema_editor, value):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE vouchers_voucher SET (fillfactor = {int(value)})")


class Migration(migrations.Migration):
    dependencies = [("vouchers", "0013_dutch_labels")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: set_fillfactor(apps, schema_editor, 80),
            lambda apps, schema_editor: set_fillfactor(apps, schema_editor, 100),
        )
    ]
