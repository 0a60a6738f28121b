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
    PENDING = "pending", _("未到期")
    OVERDUE = "overdue", _("已逾期")
