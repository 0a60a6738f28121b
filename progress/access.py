"""Who may do what on a task: one place, asked by every view.

Objects outside a user's scope answer 404 (their existence is not revealed); a visible object
on which the user may not act answers 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from projects.models import Task

from .models import Attachment, ChangeRequest, Report


class TaskAccess:
    def __init__(self, user, task: Task):
        self.user = user
        self.task = task
        account = getattr(user, "account", None)
        self.unit_id = account.unit_id if account and account.is_reporter else None
        assignments = list(task.assignments.all())
        self.lead_unit_id = next((a.unit_id for a in assignments if a.is_lead), None)
        self.unit_ids = {a.unit_id for a in assignments}
        self.is_admin = user.is_superuser
        self.is_supervisor = bool(
            account
            and account.is_supervisor
            and account.jurisdiction_id == task.program.jurisdiction_id
            and user.has_perm("progress.review_report")
        )

    @property
    def is_lead(self) -> bool:
        return (
            self.unit_id is not None
            and self.unit_id == self.lead_unit_id
            and self.user.has_perm("progress.file_report")
        )

    @property
    def is_co_unit(self) -> bool:
        return (
            self.unit_id is not None
            and self.unit_id in self.unit_ids
            and self.unit_id != self.lead_unit_id
            and self.user.has_perm("progress.file_report")
        )

    @property
    def can_review(self) -> bool:
        return self.is_admin or self.is_supervisor

    @property
    def can_file(self) -> bool:
        return self.is_lead

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
        .prefetch_related("assignments__unit", "milestones")
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
