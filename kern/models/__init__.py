from kern.models.fields import AddressFields, ChoiceListField, WebsiteField
from kern.models.history import AuditedHistory, audited_history
from kern.models.organisations import Location, Membership, Organisation, OrganisationQuerySet
from kern.models.places import Borough, District
from kern.models.retention import RetentionRun
from kern.models.transitions import AboutQuerySet, TransitionLog

__all__ = [
    "AboutQuerySet",
    "AddressFields",
    "AuditedHistory",
    "Borough",
    "ChoiceListField",
    "District",
    "Location",
    "Membership",
    "Organisation",
    "OrganisationQuerySet",
    "RetentionRun",
    "TransitionLog",
    "WebsiteField",
    "audited_history",
]
