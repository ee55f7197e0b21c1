from django.core.management.base import BaseCommand

from kern import demo


class Command(BaseCommand):
    help = "Prints the current TOTP code of the demo staff accounts (demo data only)."

    def handle(self, *args, **options):
        self.stdout.write(demo.current_code(demo.read()))
