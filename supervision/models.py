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
    contact = models.CharField(
        _("联系人及电话"), max_length=100, blank=True, help_text=_("例如 张三，0750-1234567")
    )
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

    @staticmethod
    def next_number(jurisdiction, year: int) -> str:
        """The jurisdiction's next document number of `year`: 开督〔2024〕3号."""
        prefix = f"{jurisdiction.document_prefix}〔{year}〕"
        taken = set(
            SupervisionNotice.objects.filter(
                jurisdiction=jurisdiction, number__startswith=prefix
            ).values_list("number", flat=True)
        )
        sequence = len(taken) + 1
        while f"{prefix}{sequence}号" in taken:
            sequence += 1
        return f"{prefix}{sequence}号"

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


class BulletinQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, issued_on__isnull=False)


class Bulletin(TimeStamped):
    """The monthly 通报 of an office: generated from the figures, edited, then issued.

    Numbered per jurisdiction and year (第3期); the text sections stay editable until it is
    issued, and an issued bulletin may be shown on the public site."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("行政区"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveSmallIntegerField(_("期数"))
    period = models.CharField(_("通报月份"), max_length=8, help_text=_("例如 2024-03"))
    title = models.CharField(_("标题"), max_length=200)
    headline = models.TextField(_("总体情况"), blank=True)
    completed = models.TextField(_("本月完成事项"), blank=True)
    behind = models.TextField(_("进度滞后事项"), blank=True)
    units = models.TextField(_("未报送或迟报单位"), blank=True)
    closing = models.TextField(_("工作要求"), blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    is_published = models.BooleanField(_("在公众网站公开"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    objects = BulletinQuerySet.as_manager()

    SECTIONS = ("headline", "completed", "behind", "units", "closing")

    class Meta:
        ordering = ["jurisdiction", "-year", "-number"]
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "year", "number"],
                name="bulletin_number_unique_per_jurisdiction_year",
                violation_error_message=_("本行政区本年度已有同一期数的通报。"),
            ),
            models.CheckConstraint(
                condition=models.Q(is_published=False) | models.Q(issued_on__isnull=False),
                name="bulletin_published_only_when_issued",
                violation_error_message=_("通报印发后才能公开。"),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def number_label(self) -> str:
        return f"{self.year}年第{self.number}期"

    @property
    def is_issued(self) -> bool:
        return self.issued_on is not None

    @staticmethod
    def next_number(jurisdiction, year: int) -> int:
        last = (
            Bulletin.objects.filter(jurisdiction=jurisdiction, year=year)
            .aggregate(n=models.Max("number"))["n"]
        )
        return (last or 0) + 1
