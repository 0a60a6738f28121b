"""What has been done on a task. The reporting workflow builds on this record."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.choices import TaskStatus
from projects.models import Task, TimeStamped

from .choices import ProgressSource


class ProgressRecord(TimeStamped):
    """A statement of a task's progress: its status and the narrative behind it."""

    task = models.ForeignKey(
        Task, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="progress_records"
    )
    source = models.CharField(
        _("来源"), max_length=10, choices=ProgressSource.choices, default=ProgressSource.REPORT
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
