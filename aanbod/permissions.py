"""The object rules of referrals: only the two organisations act on one (kern.permissions)."""

from operator import attrgetter

from kern.permissions import add_rule, member_of

add_rule(
    "aanbod.answer_referral",
    member_of(attrgetter("location.organisation_id")),
    "Alleen de organisatie waarnaar is verwezen, kan deze doorverwijzing beantwoorden.",
)
add_rule(
    "aanbod.withdraw_referral",
    member_of(attrgetter("referrer_id")),
    "Alleen de organisatie die verwees, kan deze doorverwijzing intrekken.",
)
