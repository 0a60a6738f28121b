"""The supervision office's documents: 交办单 → 催办单 → 督办通知书, escalating per task."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.models import Jurisdiction, Task, TimeStamped, Unit

from .choices import NoticeKind


class NoticeQuerySet(models.QuerySet):
    def for_task(self, task):
        return self.filter(task=task)


class SupervisionNotice(TimeStamped):
    """A numbered supervision document sent to a unit about one task, with a reply deadline."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("行政区"), on_delete=models.PROTECT, related_name="+"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="notices"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("主送单位"), on_delete=models.PROTECT, related_name="notices"
    )
    kind = models.CharField(_("文书类型"), max_length=12, choices=NoticeKind.choices)
    number = models.CharField(_("文号"), max_length=60, help_text=_("例如 开府督〔2024〕3号"))
    issued_on = models.DateField(_("发文日期"))
    content = models.TextField(_("督办事项"))
    reply_due = models.DateField(_("回复期限"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["task", "issued_on", "pk"]
        verbose_name = _("督办文书")
        verbose_name_plural = _("督办文书")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "number"],
                name="notice_number_unique_per_jurisdiction",
                violation_error_message=_("本行政区已有同一文号的督办文书。"),
            ),
            models.CheckConstraint(
                condition=models.Q(reply_due__gte=models.F("issued_on")),
                name="notice_reply_after_issue",
                violation_error_message=_("回复期限不能早于发文日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def clean(self):
        if self.reply_due and self.issued_on and self.reply_due < self.issued_on:
            raise ValidationError({"reply_due": _("回复期限不能早于发文日期。")})
        if self.task_id and self.kind:
            highest = highest_kind(self.task, exclude=self.pk)
            if highest is not None and NoticeKind(self.kind).level < highest.level:
                raise ValidationError(
                    {
                        "kind": _("该项目已发过%(kind)s，督办只能逐级升级，不能降级。")
                        % {"kind": highest.label}
                    }
                )


def highest_kind(task, exclude=None) -> NoticeKind | None:
    kinds = SupervisionNotice.objects.filter(task=task).exclude(pk=exclude).values_list(
        "kind", flat=True
    )
    levels = [NoticeKind(k) for k in kinds]
    return max(levels, key=lambda k: k.level) if levels else None


def next_kind(task) -> NoticeKind:
    """交办单 first; after that, one step up the ladder (staying at 督办通知书)."""
    highest = highest_kind(task)
    return NoticeKind.ASSIGNMENT if highest is None else highest.next()
