from kern.models.fields import AddressFields, ChoiceListField, WebsiteField
from kern.models.hearings import Hearing
from kern.models.history import AuditedHistory, audited_history
from kern.models.objections import Objection
from kern.models.organisations import Location, Membership, Organisation, OrganisationQuerySet
from kern.models.places import Borough, District
from kern.models.referrals import Referral, ReferralCount
from kern.models.retention import RetentionRun
from kern.models.transitions import TransitionLog

__all__ = [
    "AddressFields",
    "AuditedHistory",
    "Borough",
    "ChoiceListField",
    "District",
    "Hearing",
    "Location",
    "Membership",
    "Objection",
    "Organisation",
    "OrganisationQuerySet",
    "Referral",
    "ReferralCount",
    "RetentionRun",
    "TransitionLog",
    "WebsiteField",
    "audited_history",
]
