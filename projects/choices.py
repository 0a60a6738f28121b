from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskStatus(models.TextChoices):
    """A task's state as units and the office speak of it."""

    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("推进中")
    COMPLETED = "completed", _("已完成")
    BEHIND = "behind", _("滞后")


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")


class MilestoneKind(models.TextChoices):
    QUARTER = "quarter", _("季度目标")
    DATED = "dated", _("节点计划")


class MilestoneState(models.TextChoices):
    DONE = "done", _("已完成")
    DUE_SOON = "due_soon", _("即将到期")
    PENDING = "pending", _("未到期")
    OVERDUE = "overdue", _("已逾期")


class MilestoneProgressState(models.TextChoices):
    """What a report says of a milestone, and the last approved statement on it."""

    DONE = "done", _("已完成")
    ON_TRACK = "on_track", _("按计划推进")
    BEHIND = "behind", _("滞后")


class ReportDueRule(models.TextChoices):
    PERIOD_END = "period_end", _("期末前（如每月底前）")
    NEXT_PERIOD_START = "next_period_start", _("下期首日前（如每季度首月1日前）")


class Light(models.TextChoices):
    """红黄绿灯预警: each value has one colour, used by every badge."""

    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")

    @property
    def hint(self) -> str:
        return {
            "green": _("按期推进"),
            "yellow": _("临近节点、进度偏慢或报告逾期"),
            "red": _("节点逾期或严重滞后"),
        }[self.value]
