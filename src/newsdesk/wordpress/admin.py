"""Read-only views of what imports did: runs with their reports, and the map from
WordPress IDs to newsdesk items (what re-imports and old links rely on)."""

from django.contrib import admin

from newsdesk.wordpress.models import ImportRun, LegacyItem


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ("file_name", "source", "started_at", "finished_at", "user")
    search_fields = ("file_name", "source")


@admin.register(LegacyItem)
class LegacyItemAdmin(ReadOnlyAdmin):
    list_display = ("kind", "wp_id", "old_path", "object_id", "source")
    list_filter = ("kind", "source")
    search_fields = ("old_path", "guid", "wp_key")
