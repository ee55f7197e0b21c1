from base64 import b32encode
from binascii import unhexlify

from django.core.management.base import BaseCommand

from kern import demo


class Command(BaseCommand):
    help = "Loads the Den Haag demo data (idempotent) and prints the demo logins."

    def handle(self, *args, **options):
        data = demo.read()
        logins = demo.load(data)
        secret = b32encode(unhexlify(data["totp_secret_hex"])).decode()
        self.stdout.write(
            self.style.SUCCESS("Demodata geladen. Inloggen op http://127.0.0.1:8000/")
        )
        self.stdout.write(f"Wachtwoord voor alle demo-gebruikers: {data['password']}")
        for username, role in logins:
            self.stdout.write(f"  {username:<22} {role}")
        self.stdout.write(
            f"Medewerkers loggen in met een tweede stap. Demo-sleutel (TOTP): {secret}\n"
            "Zet die in een authenticator-app, of vraag de huidige code op met:\n"
            "  .venv/bin/python manage.py demo_totp"
        )
