from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from vouchers.models import PassHolderImport
from vouchers.services import passholder_import


class Command(BaseCommand):
    help = "Checks a pass-holder file (dry run) and, with --apply, imports it."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username of the administrator")
        parser.add_argument("--apply", action="store_true", help="import after the check")
        parser.add_argument("--skip-invalid", action="store_true")
        parser.add_argument(
            "--confirm-gone",
            action="store_true",
            help="mark many holders as gone, when the file really is complete",
        )

    def handle(self, *args, file, user, apply, skip_invalid, confirm_gone, **options):
        actor = get_user_model().objects.filter(username=user).first()
        if actor is None:
            raise CommandError(f"Er is geen gebruiker ‘{user}’.")
        if not file.is_file():
            raise CommandError(f"Het bestand {file} bestaat niet.")
        try:
            with file.open("rb") as handle:
                batch = passholder_import.upload(
                    actor, File(handle, name=file.name), background=False
                )
            passholder_import.check(batch.pk)
            self._report(batch.pk)
            if apply:
                passholder_import.start_import(
                    actor,
                    PassHolderImport.objects.get(pk=batch.pk),
                    skip_invalid,
                    confirm_gone,
                    background=False,
                )
                passholder_import.run_import(batch.pk)
                self._report(batch.pk)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error

    def _report(self, batch_id):
        batch = PassHolderImport.objects.get(pk=batch_id)
        self.stdout.write(f"{batch.get_state_display()}: {batch.counts} {batch.message}".strip())
        for line, reason in batch.problems:
            self.stdout.write(f"  regel {line}: {reason}")
