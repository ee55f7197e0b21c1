from django.contrib import admin
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from kern.admin import ADMIN_FIELDS, ReadOnlyAdminMixin, TransitionLogInline
from kern.exports import TextResource
from subsidie.models import (
    Application,
    Award,
    Criterion,
    Scheme,
    SchemeBudget,
    SchemeSelection,
)


class SchemeBudgetInline(admin.TabularInline):
    model = SchemeBudget
    extra = 0
    formfield_overrides = ADMIN_FIELDS


class SchemeSelectionInline(admin.TabularInline):
    model = SchemeSelection
    extra = 0
    autocomplete_fields = ["organisation"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(SimpleHistoryAdmin):
    formfield_overrides = ADMIN_FIELDS
    list_display = ["name", "code", "kind", "opens_at", "closes_at", "allocation", "max_amount"]
    list_filter = ["kind", "allocation"]
    search_fields = ["name", "code"]
    inlines = [SchemeBudgetInline, SchemeSelectionInline, CriterionInline]
    history_list_display = ["ip_address"]


class ApplicationResource(TextResource):
    class Meta:
        model = Application
        fields = (
            "reference",
            "scheme__name",
            "organisation__name",
            "title",
            "state",
            "received_at",
            "complete_at",
            "decision_due",
            "requested_amount",
            "proposed_amount",
        )


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, ExportMixin, admin.ModelAdmin):
    """Read-only in the back office: applications change only through their workflow."""

    resource_classes = [ApplicationResource]
    list_display = ["reference", "title", "organisation", "scheme", "state", "decision_due"]
    list_filter = ["state", "scheme", "organisation__kind"]
    search_fields = ["reference", "title", "organisation__name"]
    list_select_related = ["organisation", "scheme"]
    date_hierarchy = "received_at"
    inlines = [TransitionLogInline]


@admin.register(Award)
class AwardAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: awards change through their decisions (grant, settlement, revocation)."""

    list_display = [
        "decision",
        "application",
        "amount",
        "settled_amount",
        "tier",
        "state",
        "period_end",
    ]
    list_filter = ["state", "tier", "application__scheme"]
    search_fields = ["decision__reference", "application__organisation__name"]
    list_select_related = ["decision", "application"]
    inlines = [TransitionLogInline]
