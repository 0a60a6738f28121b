from django.contrib import admin

from projects.admin import CategoryFilter, JurisdictionScopedFilter

from .models import ProgressRecord


class ProgressRecordInline(admin.StackedInline):
    """Shown on the task page (see projects.admin.TaskAdmin.get_inlines), latest first."""

    model = ProgressRecord
    fields = [("as_of", "status", "source"), "narrative"]
    ordering = ["-as_of", "-created"]
    extra = 0


@admin.register(ProgressRecord)
class ProgressRecordAdmin(admin.ModelAdmin):
    list_display = ["task", "task__program", "as_of", "status", "source"]
    list_filter = [
        "task__program__jurisdiction",
        "task__program__year",
        ("task__category", CategoryFilter),
        ("task__assignments__unit", JurisdictionScopedFilter),
        "status",
        "source",
    ]
    list_select_related = ["task__program__jurisdiction"]
    search_fields = ["task__number", "task__title", "task__content", "narrative"]
    autocomplete_fields = ["task"]
    date_hierarchy = "as_of"
