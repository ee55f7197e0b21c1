from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from kern.exports import TextResource
from kern.forms import DutchDecimalField
from kern.models import Borough, District, Location, Membership, Organisation, TransitionLog


class LabelledSplitDateTime(AdminSplitDateTime):
    """The date and the time inputs each get a name of their own; the field's name is the
    legend of the fieldset the back office puts around them (WCAG 1.3.1, 4.1.2)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = "Datum"
        self.widgets[1].attrs["aria-label"] = "Tijd"


# Amounts typed the Dutch way (38.000,75) in the back office as on the pages; dates and
# times with a name for each input.
ADMIN_FIELDS = {
    models.DecimalField: {"form_class": DutchDecimalField},
    models.DateTimeField: {"widget": LabelledSplitDateTime},
}


class ReadOnlyAdminMixin:
    """For records that change only through their workflow: the back office may look only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OrganisationResource(TextResource):
    class Meta:
        model = Organisation
        fields = (
            "id",
            "kind",
            "name",
            "brin",
            "branch_number",
            "kvk_number",
            "legal_form",
            "not_for_profit",
            "anbi",
            "street",
            "house_number",
            "postcode",
            "city",
            "contact_name",
            "contact_email",
            "contact_phone",
        )


class LocationInline(admin.StackedInline):
    model = Location
    extra = 0
    autocomplete_fields = ["district"]
    formfield_overrides = ADMIN_FIELDS
    readonly_fields = ["checked_at", "reminded_at"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(ExportMixin, SimpleHistoryAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["name", "kind", "identifier", "not_for_profit", "anbi", "city"]
    list_filter = ["kind", "not_for_profit", "anbi", "legal_form", "locations__district__borough"]
    search_fields = ["name", "brin", "kvk_number", "contact_name", "contact_email"]
    inlines = [LocationInline, MembershipInline]
    history_list_display = ["ip_address"]
    formfield_overrides = ADMIN_FIELDS


@admin.register(Location)
class LocationAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "organisation",
        "district",
        "places_per_week",
        "waiting_list",
        "fee_per_hour",
        "active",
    ]
    list_filter = ["active", "online_only", "district__borough", "district"]
    search_fields = ["name", "organisation__name", "street", "postcode"]
    list_select_related = ["organisation", "district"]
    autocomplete_fields = ["organisation", "district"]
    history_list_display = ["ip_address"]
    formfield_overrides = ADMIN_FIELDS
    readonly_fields = ["checked_at", "reminded_at"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__username", "user__email", "user__last_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]
    history_list_display = ["ip_address"]


@admin.register(District)
class DistrictAdmin(SimpleHistoryAdmin):
    list_display = ["name", "borough", "cbs_code"]
    list_filter = ["borough"]
    search_fields = ["name", "cbs_code"]
    list_select_related = ["borough"]


@admin.register(Borough)
class BoroughAdmin(SimpleHistoryAdmin):
    list_display = ["name", "cbs_code"]
    search_fields = ["name"]


class TransitionLogInline(GenericTabularInline):
    """The state changes of a workflow record, read-only."""

    model = TransitionLog
    extra = 0
    can_delete = False
    fields = readonly_fields = [
        "at",
        "from_label",
        "to_label",
        "actor",
        "api_key",
        "reason",
        "ip_address",
    ]

    def has_add_permission(self, request, obj=None):
        return False
