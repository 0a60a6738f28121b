"""Who may do what on a task: one place, asked by every view.

Objects outside a user's scope answer 404 (their existence is not revealed); a visible object
on which the user may not act answers 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from accounts.scope import scope_of
from projects.models import Task, TaskUnit

from .models import Attachment, ChangeRequest, Report


class TaskAccess:
    """What the login may do on one task: the answers of accounts.scope, held for a view."""

    def __init__(self, user, task: Task):
        self.user = user
        self.task = task
        scope = scope_of(user)
        self.scope = scope
        self.is_admin = scope.is_admin
        self.is_lead = scope.may_file(task)
        self.is_co_unit = scope.may_contribute(task)
        self.unit_id = scope.unit_id
        self.can_review = scope.may_review(task)
        self.can_supervise = scope.may_supervise(task)
        # Kept for templates: "the office of this task" (reviews, decides, publishes).
        self.is_supervisor = self.can_review and not self.is_admin

    @property
    def can_file(self) -> bool:
        return self.is_lead

    def may_remove(self, attachment) -> bool:
        """Remove this evidence from the report (accounts.scope.may_remove_evidence)."""
        return self.scope.may_remove_evidence(self.task, attachment)

    def require(self, allowed: bool) -> None:
        if not allowed:
            raise PermissionDenied


def require_member(user) -> None:
    """Anonymous visitors get 403 (the page offers the login); never data."""
    if not user.is_authenticated:
        raise PermissionDenied


def task_for(user, pk) -> TaskAccess:
    require_member(user)
    task = get_object_or_404(
        Task.objects.visible_to(user)
        .select_related("program__jurisdiction", "category")
        # The units joined to their assignments: one query, not one for each.
        .prefetch_related(
            Prefetch("assignments", queryset=TaskUnit.objects.select_related("unit")),
            "milestones",
        )
        .distinct(),
        pk=pk,
    )
    return TaskAccess(user, task)


def report_for(user, pk) -> tuple[Report, TaskAccess]:
    require_member(user)
    report = get_object_or_404(
        Report.objects.filter(task__in=Task.objects.visible_to(user)), pk=pk
    )
    return report, task_for(user, report.task_id)


def attachment_for(user, pk) -> tuple[Attachment, TaskAccess]:
    require_member(user)
    attachment = get_object_or_404(
        Attachment.objects.filter(report__task__in=Task.objects.visible_to(user)), pk=pk
    )
    return attachment, task_for(user, attachment.report.task_id)


def change_request_for(user, pk) -> tuple[ChangeRequest, TaskAccess]:
    require_member(user)
    request = get_object_or_404(
        ChangeRequest.objects.filter(task__in=Task.objects.visible_to(user)), pk=pk
    )
    return request, task_for(user, request.task_id)
