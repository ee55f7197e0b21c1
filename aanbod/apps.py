from django.apps import AppConfig


class AanbodConfig(AppConfig):
    name = "aanbod"
    verbose_name = "Aanbod en doorverwijzingen"

    def ready(self):
        from aanbod import permissions  # noqa: F401 (registers the object rules)
