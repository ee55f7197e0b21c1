"""Choice lists of referrals."""

from django.db import models


class ReferralState(models.TextChoices):
    SENT = "sent", "verstuurd"
    ACCEPTED = "accepted", "aangenomen"
    DECLINED = "declined", "afgewezen"
    WITHDRAWN = "withdrawn", "ingetrokken"
