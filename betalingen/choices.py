from django.db import models


class BatchState(models.TextChoices):
    OPEN = "open", "open"
    EXPORTED = "exported", "naar de bank gestuurd"
    PAID = "paid", "betaald"
