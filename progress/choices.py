from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.choices import MilestoneProgressState  # noqa: F401 - reports speak of it too


class ProgressSource(models.TextChoices):
    IMPORT = "import", _("导入的完成情况汇总表")
    REPORT = "report", _("单位报送")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交待审核")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已审核通过")


class ChangeKind(models.TextChoices):
    EXTENSION = "extension", _("申请延期")
    ADJUSTMENT = "adjustment", _("调整节点目标")


class ChangeState(models.TextChoices):
    PENDING = "pending", _("待审批")
    GRANTED = "granted", _("已同意")
    REFUSED = "refused", _("未同意")


class EventKind(models.TextChoices):
    DRAFT_SAVED = "draft_saved", _("保存草稿")
    SUBMITTED = "submitted", _("提交报告")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("审核通过")
    CONTRIBUTED = "contributed", _("配合单位补充情况")
    ATTACHED = "attached", _("上传佐证材料")
    DETACHED = "detached", _("删除佐证材料")
    CHANGE_REQUESTED = "change_requested", _("申请延期或调整")
    CHANGE_GRANTED = "change_granted", _("同意延期或调整")
    CHANGE_REFUSED = "change_refused", _("不同意延期或调整")
    REMINDED = "reminded", _("发送提醒")
    NOTICE = "notice", _("下发督办文书")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")
