from django.contrib import admin

from vouchers.models import PassHolder, PassHolderImport, PassNumberRule


@admin.register(PassNumberRule)
class PassNumberRuleAdmin(admin.ModelAdmin):
    list_display = ["description", "pattern", "updated_at"]


@admin.register(PassHolder)
class PassHolderAdmin(admin.ModelAdmin):
    """Read-only: pass holders change only through the import of the pass administration."""

    list_display = ["pass_number", "household_number", "valid_from", "valid_until", "active"]
    list_filter = ["active"]
    search_fields = ["=pass_number", "=household_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PassHolderImport)
class PassHolderImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "uploaded_by", "uploaded_at", "state"]
    list_filter = ["state"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
