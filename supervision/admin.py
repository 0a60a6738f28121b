from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_site import ScopedAdmin

from .models import Bulletin, SupervisionNotice


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["number", "kind", "task", "unit", "issued_on", "reply_due"]
    list_filter = ["jurisdiction", "kind"]
    list_select_related = ["task", "unit"]
    search_fields = ["number", "content", "task__content", "unit__name"]
    autocomplete_fields = ["task"]
    date_hierarchy = "issued_on"


@admin.register(Bulletin)
class BulletinAdmin(ScopedAdmin, admin.ModelAdmin):
    """The monthly 通报: drafted, numbered and issued on the office's pages (/office/); here it
    is read within the login's scope and changed only by its own office (ScopedAdmin), and
    its text no longer changes once issued."""

    list_display = ["number_label", "title", "jurisdiction", "period", "issued_on", "is_published"]
    list_filter = ["jurisdiction", "year", "is_published"]
    list_select_related = ["jurisdiction"]
    search_fields = ["title", "headline", "completed", "behind", "units", "closing"]
    date_hierarchy = "issued_on"
    fields = [
        ("jurisdiction", "year", "number", "period"),
        "title",
        *Bulletin.SECTIONS,
        ("issued_on", "is_published"),
        "created_by",
    ]
    # Where it belongs and its number are given when drafted; issuing is the office's step.
    FIXED = ["jurisdiction", "year", "number", "period", "issued_on", "created_by"]

    @admin.display(description=_("期数"))
    def number_label(self, obj):
        return obj.number_label

    def has_add_permission(self, request):
        return False  # drafted from the month's figures, numbered in turn: on /office/

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_issued:
            return [*self.FIXED, "title", *Bulletin.SECTIONS]
        return [*self.FIXED, "is_published"]  # only an issued bulletin goes public
