from django.contrib import admin
from import_export import fields, widgets
from import_export.admin import ImportExportModelAdmin

from kern.admin import ADMIN_FIELDS, ReadOnlyAdminMixin
from kern.exports import TextResource
from kern.models import District
from vouchers.models import (
    ColumnMapping,
    PassHolder,
    PassHolderImport,
    PassNumberRule,
    PostcodeArea,
    Voucher,
    VoucherTerms,
)


@admin.register(PassNumberRule)
class PassNumberRuleAdmin(admin.ModelAdmin):
    list_display = ["description", "pattern", "updated_at"]


@admin.register(PassHolder)
class PassHolderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: pass holders change only through the import of the pass administration."""

    list_display = ["pass_number", "household_number", "valid_from", "valid_until", "active"]
    list_filter = ["active"]
    search_fields = ["=pass_number", "=household_number"]


@admin.register(PassHolderImport)
class PassHolderImportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "uploaded_by", "uploaded_at", "state"]
    list_filter = ["state"]


@admin.register(VoucherTerms)
class VoucherTermsAdmin(admin.ModelAdmin):
    formfield_overrides = ADMIN_FIELDS
    list_display = ["scheme", "school_year_start", "school_year_end", "value_per_child"]
    autocomplete_fields = ["scheme"]


@admin.register(Voucher)
class VoucherAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: vouchers change only through issuing, activation, sessions and expiry."""

    list_display = ["code", "pass_holder", "terms", "state", "balance"]
    list_filter = ["state", "terms"]
    search_fields = ["=code", "=pass_holder__pass_number", "=pass_holder__household_number"]
    list_select_related = ["pass_holder", "terms__scheme"]


class PostcodeAreaResource(TextResource):
    """CSV or Excel with the columns postcode and wijk (the district's name)."""

    district = fields.Field(
        column_name="wijk", attribute="district", widget=widgets.ForeignKeyWidget(District, "name")
    )

    class Meta:
        model = PostcodeArea
        import_id_fields = ["postcode"]
        fields = ["postcode", "district"]


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    """Headings remembered from the dry-run page; a wrong one can be removed here."""

    list_display = ["heading", "column", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(ImportExportModelAdmin):
    resource_classes = [PostcodeAreaResource]
    list_display = ["postcode", "district"]
    list_filter = ["district__borough"]
    search_fields = ["postcode", "district__name"]
