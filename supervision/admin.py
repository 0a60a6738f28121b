from django.contrib import admin

from accounts.admin_site import ScopedAdmin

from .models import SupervisionNotice


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["number", "kind", "task", "unit", "issued_on", "reply_due"]
    list_filter = ["jurisdiction", "kind"]
    list_select_related = ["task", "unit"]
    search_fields = ["number", "content", "task__content", "unit__name"]
    autocomplete_fields = ["task"]
    date_hierarchy = "issued_on"
