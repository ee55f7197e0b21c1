"""The back office may look at reports, settlements, recoveries and final payments, never
change them: they change only through their state machines (see services)."""

from django.contrib import admin

from kern.admin import ReadOnlyAdminMixin, TransitionLogInline
from verantwoording.models import FinalPayment, Recovery, Report, Settlement, SettlementLine


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["award", "year", "tier", "state", "due_date"]
    list_filter = ["state", "tier", "year"]
    search_fields = ["award__decision__reference", "award__application__organisation__name"]
    list_select_related = ["award__decision"]
    inlines = [TransitionLogInline]


class SettlementLineInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SettlementLine
    fields = readonly_fields = ["description", "awarded", "realised", "eligible", "reason"]


@admin.register(Settlement)
class SettlementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["award", "awarded", "amount", "state", "proposed_at"]
    list_filter = ["state"]
    search_fields = ["award__decision__reference", "award__application__organisation__name"]
    list_select_related = ["award__decision"]
    inlines = [SettlementLineInline, TransitionLogInline]


@admin.register(Recovery)
class RecoveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["decision", "amount", "due_date", "state", "limit_date"]
    list_filter = ["state"]
    search_fields = ["decision__reference", "decision__application__organisation__name"]
    inlines = [TransitionLogInline]


@admin.register(FinalPayment)
class FinalPaymentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["settlement", "amount", "due_date", "state", "batch"]
    list_filter = ["state"]
    inlines = [TransitionLogInline]
