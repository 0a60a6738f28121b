from django.contrib import admin

from accounts.admin_site import ScopedAdmin, ScopedChoices
from projects.admin import CategoryFilter, JurisdictionScopedFilter

from .models import (
    Attachment,
    ChangeRequest,
    Contribution,
    MilestoneUpdate,
    ProgressRecord,
    ReminderLog,
    Report,
    TaskEvent,
)


class ProgressRecordInline(ScopedChoices, admin.StackedInline):
    """Shown on the task page (see projects.admin.TaskAdmin.get_inlines), latest first."""

    model = ProgressRecord
    fields = [("as_of", "status", "source"), "narrative"]
    ordering = ["-as_of", "-created"]
    extra = 0


@admin.register(ProgressRecord)
class ProgressRecordAdmin(ScopedAdmin, admin.ModelAdmin):
    scope_path = "task__program__jurisdiction"
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


class MilestoneUpdateInline(ScopedChoices, admin.TabularInline):
    model = MilestoneUpdate
    fields = ["milestone", "state", "done_on", "reason", "remedy"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class ContributionInline(ScopedChoices, admin.TabularInline):
    model = Contribution
    fields = ["unit", "text", "author", "last_updated"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class AttachmentInline(ScopedChoices, admin.TabularInline):
    model = Attachment
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at", "is_public"]
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    extra = 0
    can_delete = False


@admin.register(Report)
class ReportAdmin(ScopedAdmin, admin.ModelAdmin):
    scope_path = "task__program__jurisdiction"
    """Reports change only through the workflow (the workbench); here they are read and
    their evidence approved for publication."""

    list_display = ["task", "task__program", "period", "state", "due", "submitted_at", "reviewed_at"]
    list_filter = ["task__program__jurisdiction", "task__program__year", "state"]
    list_select_related = ["task__program__jurisdiction"]
    search_fields = ["task__number", "task__title", "task__content", "narrative"]
    readonly_fields = [
        "task",
        "period",
        "due",
        "state",
        "narrative",
        "figure",
        "declares_complete",
        "created_by",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "review_comment",
    ]
    exclude = ["version"]
    inlines = [MilestoneUpdateInline, ContributionInline, AttachmentInline]

    def has_add_permission(self, request):
        return False


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ScopedAdmin, admin.ModelAdmin):
    scope_path = "task__program__jurisdiction"
    list_display = ["task", "milestone", "kind", "state", "original_due", "proposed_due", "requested_at"]
    list_filter = ["task__program__jurisdiction", "task__program__year", "kind", "state"]
    list_select_related = ["task__program__jurisdiction", "milestone"]
    readonly_fields = [
        "task",
        "milestone",
        "kind",
        "state",
        "original_due",
        "original_text",
        "proposed_due",
        "proposed_text",
        "reason",
        "requested_by",
        "decided_by",
        "decided_at",
        "decision_comment",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(TaskEvent)
class TaskEventAdmin(ScopedAdmin, admin.ModelAdmin):
    scope_path = "task__program__jurisdiction"
    """The append-only history: nobody adds, edits or deletes here."""

    list_display = ["at", "task", "kind", "actor", "note"]
    list_filter = ["kind", "task__program__jurisdiction", "task__program__year"]
    list_select_related = ["task", "actor"]
    search_fields = ["task__number", "task__content", "note"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReminderLog)
class ReminderLogAdmin(ScopedAdmin, admin.ModelAdmin):
    scope_path = "task__program__jurisdiction"
    list_display = ["created", "task", "period", "kind", "recipients"]
    list_filter = ["kind"]
    list_select_related = ["task"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
