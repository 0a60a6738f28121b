"""What has been done on a task: imported completion statements, and the units' reports.

A unit's report for one period moves draft → submitted → (returned → submitted)* → approved.
Every step is written to the task's append-only history (TaskEvent). Approving a report turns
it into a ProgressRecord, the statement the public portal reads.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minsheng.lib.periods import Period
from projects.choices import TaskStatus
from projects.models import Milestone, Task, TimeStamped, Unit

from .choices import (
    ChangeKind,
    ChangeState,
    EventKind,
    MilestoneProgressState,
    ProgressSource,
    ReminderKind,
    ReportState,
)

USER = settings.AUTH_USER_MODEL


class ReportQuerySet(models.QuerySet):
    def awaiting_review(self):
        return self.filter(state=ReportState.SUBMITTED)

    def for_jurisdiction(self, jurisdiction):
        return self.filter(task__program__jurisdiction=jurisdiction)


class Report(TimeStamped):
    """The lead unit's report on one task for one period (一期一报)."""

    task = models.ForeignKey(
        Task, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="reports"
    )
    period = models.CharField(_("报送期"), max_length=8, help_text=_("例如 2024-03 或 2024-Q1"))
    due = models.DateField(_("报送截止"))
    state = models.CharField(
        _("状态"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    narrative = models.TextField(_("工作进展"), blank=True)
    figure = models.DecimalField(
        _("累计完成数"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    declares_complete = models.BooleanField(_("本项工作已全部完成"), default=False)
    # Optimistic lock: each save bumps it, and a save made from an older form is refused.
    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)
    created_by = models.ForeignKey(
        USER, verbose_name=_("填报人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        USER,
        verbose_name=_("提交人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        USER,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["task", "period"]
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        permissions = [
            ("file_report", _("可填报本单位的进展报告")),
            ("review_report", _("可审核本行政区的进展报告")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "period"],
                name="report_one_per_task_and_period",
                violation_error_message=_("该项目该报送期已有报告。"),
            ),
        ]
        indexes = [models.Index(fields=["state", "due"])]

    def __str__(self):
        return f"{self.task.number} {self.period_label}"

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def period_label(self) -> str:
        return self.period_obj.label

    @property
    def is_editable(self) -> bool:
        return self.state in (ReportState.DRAFT, ReportState.RETURNED)

    def status_statement(self) -> str:
        """The task status this report states once approved."""
        if self.declares_complete:
            return TaskStatus.COMPLETED
        if any(u.state == MilestoneProgressState.BEHIND for u in self.milestone_updates.all()):
            return TaskStatus.BEHIND
        return TaskStatus.IN_PROGRESS


class MilestoneUpdate(models.Model):
    """What a report says of one milestone: done (on a date), on track, or behind (and why)."""

    report = models.ForeignKey(
        Report, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="milestone_updates"
    )
    milestone = models.ForeignKey(
        Milestone, verbose_name=_("节点目标"), on_delete=models.CASCADE, related_name="updates"
    )
    state = models.CharField(_("完成情况"), max_length=10, choices=MilestoneProgressState.choices)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    reason = models.TextField(_("滞后原因"), blank=True)
    remedy = models.TextField(_("整改措施"), blank=True)

    class Meta:
        ordering = ["report", "milestone__due", "milestone__position"]
        verbose_name = _("节点进度")
        verbose_name_plural = _("节点进度")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "milestone"], name="milestone_update_once_per_report"
            ),
            models.CheckConstraint(
                condition=~Q(state="done") | Q(done_on__isnull=False),
                name="milestone_update_done_has_date",
                violation_error_message=_("已完成的节点须填写完成日期。"),
            ),
            models.CheckConstraint(
                condition=~Q(state="behind") | (~Q(reason="") & ~Q(remedy="")),
                name="milestone_update_behind_has_reason",
                violation_error_message=_("滞后的节点须填写原因和整改措施。"),
            ),
        ]

    def __str__(self):
        return f"{self.milestone}：{self.get_state_display()}"

    def clean(self):
        errors = {}
        if self.state == MilestoneProgressState.DONE and not self.done_on:
            errors["done_on"] = _("已完成的节点须填写完成日期。")
        if self.state == MilestoneProgressState.BEHIND:
            if not self.reason.strip():
                errors["reason"] = _("滞后的节点须填写原因。")
            if not self.remedy.strip():
                errors["remedy"] = _("滞后的节点须填写整改措施。")
        if errors:
            raise ValidationError(errors)


class Contribution(TimeStamped):
    """A co-unit's (配合单位) part of the lead unit's report."""

    report = models.ForeignKey(
        Report, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="contributions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("配合单位"), on_delete=models.PROTECT, related_name="contributions"
    )
    text = models.TextField(_("配合工作情况"))
    author = models.ForeignKey(
        USER, verbose_name=_("填报人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["report", "created"]
        verbose_name = _("配合单位情况")
        verbose_name_plural = _("配合单位情况")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "unit"],
                name="contribution_once_per_unit",
                violation_error_message=_("每个配合单位每期只有一份情况，可修改。"),
            ),
        ]

    def __str__(self):
        return f"{self.unit}：{self.text[:30]}"


def evidence_path(instance, filename):
    # The stored name never comes from the user: no path tricks, no executable extension.
    return f"evidence/{instance.report.task.program_id}/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


class AttachmentQuerySet(models.QuerySet):
    def public_photos(self):
        """Photos the public may see: the office approved the report and the photo's
        publication, and the program is published."""
        return self.filter(
            is_public=True,
            report__state=ReportState.APPROVED,
            report__task__program__is_published=True,
            content_type__startswith="image/",
        )


class Attachment(models.Model):
    """Evidence for a report: a photo, a PDF or a Word file, checked by content."""

    report = models.ForeignKey(
        Report, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    extension = models.CharField(_("类型"), max_length=5)
    content_type = models.CharField(_("内容类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        USER, verbose_name=_("上传人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    is_public = models.BooleanField(
        _("可公开"), default=False, help_text=_("督查室同意后才会出现在公众页面")
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["report", "uploaded_at"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ChangeRequest(models.Model):
    """A unit's application to extend a milestone (延期) or adjust its target (调整节点目标)."""

    task = models.ForeignKey(
        Task, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="change_requests"
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("节点目标"),
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    kind = models.CharField(_("类型"), max_length=12, choices=ChangeKind.choices)
    state = models.CharField(
        _("状态"), max_length=10, choices=ChangeState.choices, default=ChangeState.PENDING
    )
    original_due = models.DateField(_("原截止日期"))
    original_text = models.TextField(_("原目标"))
    proposed_due = models.DateField(_("申请截止日期"), null=True, blank=True)
    proposed_text = models.TextField(_("调整后目标"), blank=True)
    reason = models.TextField(_("理由"))
    requested_by = models.ForeignKey(
        USER, verbose_name=_("申请人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("审批人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_comment = models.TextField(_("审批意见"), blank=True)

    class Meta:
        ordering = ["task", "-requested_at"]
        verbose_name = _("延期或调整申请")
        verbose_name_plural = _("延期或调整申请")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="extension") | Q(proposed_due__isnull=False),
                name="change_extension_has_date",
                violation_error_message=_("申请延期须填写新的截止日期。"),
            ),
            models.CheckConstraint(
                condition=~Q(kind="adjustment")
                | Q(proposed_due__isnull=False)
                | ~Q(proposed_text=""),
                name="change_adjustment_changes_something",
                violation_error_message=_("调整节点目标须填写新的目标或日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.milestone}"

    def clean(self):
        if self.kind == ChangeKind.EXTENSION:
            if not self.proposed_due:
                raise ValidationError({"proposed_due": _("申请延期须填写新的截止日期。")})
            if self.milestone_id and self.proposed_due <= self.milestone.due:
                raise ValidationError({"proposed_due": _("延期后的日期须晚于现在的截止日期。")})
        if self.kind == ChangeKind.ADJUSTMENT and not (self.proposed_due or self.proposed_text.strip()):
            raise ValidationError({"proposed_text": _("调整节点目标须填写新的目标或日期。")})


class TaskEvent(models.Model):
    """One step in a task's history: who did what, when. Never changed, never deleted."""

    task = models.ForeignKey(
        Task, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="events"
    )
    report = models.ForeignKey(
        Report,
        verbose_name=_("报告"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    kind = models.CharField(_("事项"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        USER, verbose_name=_("操作人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["task", "-at", "-pk"]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("办理记录只能追加，不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("办理记录只能追加，不能删除。"))


class ReminderLog(models.Model):
    """One reminder per task, period and kind: written before the mail goes out."""

    task = models.ForeignKey(
        Task, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="reminders"
    )
    period = models.CharField(_("报送期"), max_length=8)
    kind = models.CharField(_("类型"), max_length=10, choices=ReminderKind.choices)
    recipients = models.TextField(_("收件人"), blank=True)
    created = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "period", "kind"], name="reminder_once_per_task_period_kind"
            ),
        ]

    def __str__(self):
        return f"{self.task.number} {self.period} {self.get_kind_display()}"


class ProgressRecord(TimeStamped):
    """A statement of a task's progress: its status and the narrative behind it."""

    task = models.ForeignKey(
        Task, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="progress_records"
    )
    source = models.CharField(
        _("来源"), max_length=10, choices=ProgressSource.choices, default=ProgressSource.REPORT
    )
    report = models.OneToOneField(
        Report,
        verbose_name=_("报告"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="record",
    )
    as_of = models.DateField(_("截至日期"))
    status = models.CharField(_("状态"), max_length=12, choices=TaskStatus.choices)
    narrative = models.TextField(_("进展情况"), blank=True)

    class Meta:
        ordering = ["task", "-as_of", "-created"]
        verbose_name = _("进展记录")
        verbose_name_plural = _("进展记录")
        constraints = [
            # A completion table states one final account per task; re-imports update it.
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(source="import"),
                name="progress_one_imported_record_per_task",
                violation_error_message=_("每个项目只有一条导入的完成情况。"),
            ),
        ]

    def __str__(self):
        return f"{self.task.number} {self.get_status_display()}（{self.as_of:%Y-%m-%d}）"


class WeeklyTodoLog(models.Model):
    """One weekly to-do mail per unit and ISO week ("2026-W48"): written before it goes out."""

    unit = models.ForeignKey(
        "projects.Unit", verbose_name=_("责任单位"), on_delete=models.CASCADE, related_name="+"
    )
    week = models.CharField(_("周"), max_length=8)
    recipients = models.TextField(_("收件人"), blank=True)
    created = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("每周待办邮件")
        verbose_name_plural = _("每周待办邮件")
        constraints = [
            models.UniqueConstraint(fields=["unit", "week"], name="weekly_todo_once_per_unit_week"),
        ]

    def __str__(self):
        return f"{self.unit} {self.week}"
