from django.apps import AppConfig


class BetalingenConfig(AppConfig):
    name = "betalingen"
    verbose_name = "Betalingen"
