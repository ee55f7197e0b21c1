"""Excel lists of applications and awards for officers."""

from kern.exports import DATE, DATETIME, EURO

APPLICATION_COLUMNS = [
    ("Kenmerk", None, 16),
    ("Regeling", None, 30),
    ("Aanvrager", None, 32),
    ("Project", None, 32),
    ("Status", None, 20),
    ("Wijken", None, 30),
    ("Ontvangen", DATETIME, 18),
    ("Uiterste beslisdatum", DATE, 14),
    ("Dagen over", "0", 10),
    ("Gevraagd bedrag", EURO, 16),
    ("Beoordelaar", None, 22),
]


def application_rows(applications, today):
    for application in applications:
        yield [
            application.reference,
            application.scheme.name,
            application.organisation.name,
            application.title,
            application.get_state_display(),
            ", ".join(
                sorted(
                    {
                        location.district.name
                        for location in application.locations.all()
                        if location.district
                    }
                )
            ),
            application.received_at,
            application.decision_due,
            (application.decision_due - today).days if application.decision_due else None,
            application.requested_amount,
            application.assigned_reviewer.get_full_name() if application.assigned_reviewer else "",
        ]


AWARD_COLUMNS = [
    ("Besluit", None, 22),
    ("Aanvraag", None, 16),
    ("Ontvanger", None, 34),
    ("Datum besluit", DATETIME, 18),
    ("Begin", DATE, 12),
    ("Einde", DATE, 12),
    ("Verleend", EURO, 14),
    ("Betaald", EURO, 14),
    ("Verantwoording", None, 30),
    ("Status", None, 14),
]


def award_rows(awards):
    for award in awards:
        yield [
            award.decision.reference,
            award.application.reference,
            award.application.organisation.name,
            award.decision.decided_at,
            award.period_start,
            award.period_end,
            award.amount,
            award.paid,
            award.get_tier_display(),
            award.get_state_display(),
        ]
