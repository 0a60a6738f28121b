"""The livelihood-project plan: who promised what, by when, and who answers for it."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minsheng.lib.periods import Period, required_periods

from . import rules
from .choices import (
    Cadence,
    Light,
    MilestoneKind,
    MilestoneProgressState,
    MilestoneState,
    ReportDueRule,
    TaskStatus,
)


class TimeStamped(models.Model):
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_updated = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class Jurisdiction(models.Model):
    """A city, district, county-level city, town or street, identified by its administrative
    division code: 6 digits down to the county level, 9 for a town or street (镇/街道)."""

    code = models.CharField(
        _("行政区划代码"),
        max_length=9,
        unique=True,
        help_text=_("行政区划代码：市、区（县）6 位，例如 440700；镇、街道 9 位，例如 440783100"),
    )
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(
        _("英文名称"), max_length=80, blank=True, help_text=_("英文页面上显示，例如 Kaiping")
    )
    short_name = models.CharField(_("简称"), max_length=20, blank=True)
    other_names = models.CharField(
        _("其他名称"),
        max_length=200,
        blank=True,
        help_text=_("文件中可能出现的其他写法，用顿号分隔，例如“江门高新区、高新区”"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The codes from the root down, "440700/440783/": a subtree is one prefix filter, so an
    # office's scope over its districts and towns costs no extra query (see accounts.scope).
    path = models.CharField(
        _("层级路径"), max_length=200, editable=False, db_index=True, default=""
    )
    parent_office_may_act = models.BooleanField(
        _("上级督查室可督办"),
        default=False,
        help_text=_("勾选后，上级督查室除查看外，还可对本级项目催办、下发督查通知"),
    )
    notice_prefix = models.CharField(
        _("发文字号前缀"),
        max_length=10,
        blank=True,
        help_text=_("督办文书文号的前缀，例如“开督”生成“开督〔2024〕3号”；留空时取简称首字加“督”"),
    )
    # 红黄绿灯: how this jurisdiction's office reads its tasks (see projects.rules.light).
    warning_days = models.PositiveSmallIntegerField(
        _("临期提醒天数"), default=7, help_text=_("节点在这么多天内到期时亮黄灯")
    )
    yellow_gap = models.PositiveSmallIntegerField(
        _("黄灯滞后百分点"), default=10, help_text=_("落后序时进度达到这么多个百分点时亮黄灯")
    )
    red_gap = models.PositiveSmallIntegerField(
        _("红灯滞后百分点"), default=30, help_text=_("落后序时进度超过这么多个百分点时亮红灯")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区")
        verbose_name_plural = _("行政区")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{6}([0-9]{3})?$"),
                name="jurisdiction_code_six_or_nine_digits",
                violation_error_message=_("行政区划代码必须是 6 位或 9 位数字。"),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        old_path = self.path
        self.path = self.path_for(self.code, self.parent)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "path"}
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Moved or renumbered: everything below follows.
            for child in self.children.all():
                child.save(update_fields=["path"])

    @property
    def local_name(self) -> str:
        """The name in the active language: the English name on English pages, if known."""
        from django.utils.translation import get_language

        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    @staticmethod
    def path_for(code: str, parent: "Jurisdiction | None") -> str:
        return f"{parent.path if parent else ''}{code}/"

    def is_within(self, other: "Jurisdiction") -> bool:
        """This jurisdiction is `other` or lies below it."""
        return self.path.startswith(other.path)

    @property
    def thresholds(self) -> rules.Thresholds:
        return rules.Thresholds(
            window_days=self.warning_days, yellow_gap=self.yellow_gap, red_gap=self.red_gap
        )

    @property
    def document_prefix(self) -> str:
        """The prefix of this office's document numbers: 开平市 → 开督 unless set."""
        return self.notice_prefix or f"{(self.short_name or self.name)[:1]}督"

    def clean(self):
        if self.yellow_gap > self.red_gap:
            raise ValidationError({"yellow_gap": _("黄灯的百分点不能大于红灯的百分点。")})

    def names(self) -> list[str]:
        """Every name this jurisdiction may be written as in a document, longest first."""
        found = {self.name, self.short_name, *re.split(r"[、,，\s]+", self.other_names)}
        return sorted((n for n in found if n), key=len, reverse=True)


class ProgramQuerySet(models.QuerySet):
    def published(self):
        """What the public may see; every public page and API starts here."""
        return self.filter(is_published=True)


class Program(TimeStamped):
    """One jurisdiction's livelihood programme for one year."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("行政区"), on_delete=models.PROTECT, related_name="programs"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    declared_items = models.PositiveSmallIntegerField(
        _("文件所称项数"), null=True, blank=True, help_text=_("文件中“共N项”的 N")
    )
    declared_matters = models.PositiveSmallIntegerField(
        _("文件所称件数"), null=True, blank=True, help_text=_("文件中“共N件”的 N")
    )
    cadence = models.CharField(
        _("报送周期"), max_length=10, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    report_due_rule = models.CharField(
        _("报送时限"),
        max_length=20,
        choices=ReportDueRule.choices,
        default=ReportDueRule.PERIOD_END,
        help_text=_("每月底前报送选“期末前”；每季度首月1日前报送上季度情况选“下期首日前”"),
    )
    first_report_due = models.DateField(
        _("首次报送时间"),
        null=True,
        blank=True,
        help_text=_("例如 3月31日：此前的报送期不需要单独报告"),
    )
    is_published = models.BooleanField(_("已公开"), default=False)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True, editable=False)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "jurisdiction__code"]
        verbose_name = _("民生实事年度计划")
        verbose_name_plural = _("民生实事年度计划")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "year"],
                name="program_unique_per_jurisdiction_year",
                violation_error_message=_("该行政区该年度的民生实事已存在。"),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="program_year_plausible",
                violation_error_message=_("年度必须在 2000 至 2100 之间。"),
            ),
        ]

    def __str__(self):
        return f"{self.jurisdiction} {self.year}年"

    @property
    def local_title(self) -> str:
        """The title in the active language: English pages name the year and place."""
        from django.utils.translation import get_language

        if (get_language() or "").startswith("en"):
            place = self.jurisdiction.name_en or self.jurisdiction.name
            return f"{place} Livelihood Projects {self.year}"
        return self.title

    def publish(self) -> bool:
        """Open the program to the public; False if it already was."""
        if self.is_published:
            return False
        self.is_published = True
        self.published_at = timezone.now()
        self.save(update_fields=["is_published", "published_at", "last_updated"])
        return True

    def unpublish(self) -> bool:
        if not self.is_published:
            return False
        self.is_published = False
        self.save(update_fields=["is_published", "last_updated"])
        return True

    def reporting_periods(self) -> list[Period]:
        """The periods of the year on which every task must be reported."""
        return required_periods(
            self.cadence, self.year, self.report_due_rule, self.first_report_due
        )

    def period_due_on(self, day) -> Period | None:
        """The reporting period whose report is due on `day` (a task's next_report_due)."""
        rule = self.report_due_rule
        return next((p for p in self.reporting_periods() if p.due(rule) == day), None)

    def period(self, key: str) -> Period:
        """The reporting period `key` of this program; ValueError if it is not one."""
        period = Period.parse(key)
        if period not in self.reporting_periods():
            raise ValueError(f"{key} is not a reporting period of {self}")
        return period


class Category(models.Model):
    """One of the (usually ten) matters of a program: 一、提高底线民生保障水平."""

    program = models.ForeignKey(
        Program, verbose_name=_("年度计划"), on_delete=models.CASCADE, related_name="categories"
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("名称"), max_length=200)
    declared_items = models.PositiveSmallIntegerField(_("所称项数"), null=True, blank=True)

    class Meta:
        ordering = ["program", "number"]
        verbose_name = _("大类")
        verbose_name_plural = _("大类")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="category_unique_number_per_program",
                violation_error_message=_("同一年度计划中大类序号不能重复。"),
            ),
        ]

    def __str__(self):
        from minsheng.lib.numerals import chinese_ordinal

        return f"{chinese_ordinal(self.number)}、{self.name}"


class Leader(models.Model):
    """A supervising leader (分管领导) of a jurisdiction."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("行政区"), on_delete=models.PROTECT, related_name="leaders"
    )
    name = models.CharField(_("姓名"), max_length=50)

    class Meta:
        ordering = ["jurisdiction__code", "name"]
        verbose_name = _("分管领导")
        verbose_name_plural = _("分管领导")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "name"],
                name="leader_unique_name_per_jurisdiction",
                violation_error_message=_("该行政区已有同名分管领导。"),
            ),
        ]

    def __str__(self):
        return self.name


class Unit(TimeStamped):
    """A responsible unit. Its name only means something inside its jurisdiction."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("行政区"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("名称"), max_length=100)

    class Meta:
        ordering = ["jurisdiction__code", "name"]
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "name"],
                name="unit_unique_name_per_jurisdiction",
                violation_error_message=_("该行政区已有同名责任单位。"),
            ),
        ]

    def __str__(self):
        return self.name

    @transaction.atomic
    def merge(self, other: "Unit") -> None:
        """Fold `other` into this unit: its tasks, its aliases and its name become ours."""
        if other.pk == self.pk:
            return
        if other.jurisdiction_id != self.jurisdiction_id:
            raise ValidationError(_("只能合并同一行政区的责任单位。"))
        for assignment in other.assignments.select_related("task"):
            ours = self.assignments.filter(task=assignment.task).first()
            if ours is not None:
                if assignment.is_lead and not ours.is_lead:
                    # The task keeps a lead unit: ours takes over the role.
                    assignment.delete()
                    ours.is_lead = True
                    ours.save(update_fields=["is_lead"])
                else:
                    assignment.delete()
            else:
                assignment.unit = self
                assignment.save(update_fields=["unit"])
        other.aliases.update(unit=self)
        other_name = other.name
        other.delete()
        UnitAlias.objects.get_or_create(
            jurisdiction=self.jurisdiction, name=other_name, defaults={"unit": self}
        )


class UnitAlias(models.Model):
    """Another way a unit is written ("市医保局" for "市医疗保障局")."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("行政区"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("别名"), max_length=100)

    class Meta:
        ordering = ["unit", "name"]
        verbose_name = _("单位别名")
        verbose_name_plural = _("单位别名")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "name"],
                name="unit_alias_unique_per_jurisdiction",
                violation_error_message=_("该行政区已有同样的单位别名。"),
            ),
        ]

    def __str__(self):
        return f"{self.name} → {self.unit.name}"

    def save(self, *args, **kwargs):
        if self.unit_id and not self.jurisdiction_id:
            self.jurisdiction_id = self.unit.jurisdiction_id
        super().save(*args, **kwargs)

    def clean(self):
        if (
            self.unit_id
            and self.jurisdiction_id
            and self.unit.jurisdiction_id != self.jurisdiction_id
        ):
            raise ValidationError(_("别名必须与单位属于同一行政区。"))


class TaskQuerySet(models.QuerySet):
    def report_overdue(self, today: datetime.date):
        """Tasks whose next report should have come before `today` (未按期报送)."""
        return self.filter(next_report_due__lt=today)

    def for_program(self, program):
        return self.filter(program=program)

    def for_unit(self, unit):
        """Tasks on which `unit` is a responsible unit, lead or co-unit."""
        return self.filter(assignments__unit=unit)

    def visible_to(self, user):
        """What `user` may open; accounts.scope decides."""
        from accounts.scope import scope_of

        return scope_of(user).tasks(self)

    def with_details(self):
        return self.select_related("program__jurisdiction", "category").prefetch_related(
            models.Prefetch(
                "taskleader_set",
                queryset=TaskLeader.objects.select_related("leader").order_by("position"),
            ),
            models.Prefetch(
                "assignments", queryset=TaskUnit.objects.select_related("unit").order_by("position")
            ),
            "milestones",
        )


TASK_NUMBER_RE = re.compile(r"^(\d+)(?:\((\d+)\))?$")


class Task(TimeStamped):
    """One numbered item of a program (项), or one sub-item of a number: "14" or "14(1)"."""

    program = models.ForeignKey(
        Program, verbose_name=_("年度计划"), on_delete=models.CASCADE, related_name="tasks"
    )
    category = models.ForeignKey(
        # RESTRICT: a category with tasks cannot go alone, but its whole program can.
        Category,
        verbose_name=_("大类"),
        on_delete=models.RESTRICT,
        related_name="tasks",
    )
    number = models.CharField(_("序号"), max_length=12, help_text=_("例如 14 或 14(1)"))
    sort_key = models.PositiveIntegerField(_("排序"), editable=False, default=0)
    title = models.CharField(_("事项名称"), max_length=200, blank=True)
    content = models.TextField(_("工作任务"))
    city_level = models.BooleanField(
        _("市民生实事"), default=False, help_text=_("★：同时是市民生实事内容")
    )
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    light = models.CharField(_("预警灯"), max_length=8, choices=Light.choices, default=Light.GREEN)
    next_report_due = models.DateField(
        _("下次报送截止"), null=True, blank=True, db_index=True, editable=False
    )
    target_value = models.DecimalField(
        _("量化目标"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("例如“新增就业6000人以上”的 6000；填写后报告需填写完成数"),
    )
    target_unit = models.CharField(
        _("计量单位"), max_length=10, blank=True, help_text=_("例如 人、家、套")
    )
    achieved_value = models.DecimalField(
        _("已完成数"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_("最近一次审核通过的报告所填数字"),
    )
    leaders = models.ManyToManyField(
        Leader, verbose_name=_("分管领导"), through="TaskLeader", related_name="tasks", blank=True
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["program", "sort_key"]
        verbose_name = _("民生实事项目")
        verbose_name_plural = _("民生实事项目")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="task_unique_number_per_program",
                violation_error_message=_("同一年度计划中项目序号不能重复。"),
            ),
            models.CheckConstraint(
                condition=Q(number__regex=r"^[0-9]+(\([0-9]+\))?$"),
                name="task_number_format",
                violation_error_message=_("序号应为数字，子项写作 14(1)。"),
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["program", "light"]),
        ]

    def __str__(self):
        return f"{self.number}. {self.title or self.content[:30]}"

    def save(self, *args, **kwargs):
        self.sort_key = self.sort_key_for(self.number)
        if kwargs.get("update_fields") is not None and "number" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)

    def clean(self):
        if self.number and not TASK_NUMBER_RE.match(self.number):
            raise ValidationError({"number": _("序号应为数字，子项写作 14(1)。")})
        if self.category_id and self.program_id and self.category.program_id != self.program_id:
            raise ValidationError({"category": _("大类必须属于同一年度计划。")})

    @staticmethod
    def sort_key_for(number: str) -> int:
        match = TASK_NUMBER_RE.match(number or "")
        if not match:
            return 0
        return int(match.group(1)) * 100 + int(match.group(2) or 0)

    @property
    def leaders_in_order(self) -> list["Leader"]:
        """Leaders as the document lists them (uses the with_details() prefetch)."""
        return [tl.leader for tl in self.taskleader_set.all()]

    @property
    def progress_percent(self) -> int:
        """How far the item has come, for a progress bar: the figure against its target,
        else the share of milestones done (uses prefetched milestones when there are)."""
        if self.status == TaskStatus.COMPLETED:
            return 100
        if self.target_value and self.achieved_value is not None:
            return max(0, min(100, round(100 * self.achieved_value / self.target_value)))
        milestones = list(self.milestones.all())
        if milestones:
            return round(100 * sum(m.done_on is not None for m in milestones) / len(milestones))
        return 0

    @property
    def lead_unit(self):
        assignment = self.lead_assignment
        return assignment.unit if assignment else None

    def facts(self) -> rules.TaskFacts:
        """What the state rules need to know, read from the database."""
        program = self.program
        periods = program.reporting_periods()
        rule = program.report_due_rule
        due_by_key = {p.key: p.due(rule) for p in periods}
        states = dict(self.reports.values_list("period", "state"))
        reported = [key for key, state in states.items() if state in ("submitted", "approved")]
        latest = self.progress_records.order_by("-as_of", "-created").first()
        return rules.TaskFacts(
            year_start=datetime.date(program.year, 1, 1),
            year_end=self.deadline or datetime.date(program.year, 12, 31),
            milestones=tuple(
                rules.MilestoneFact(
                    due=m.due,
                    done=m.done_on is not None,
                    reported_behind=m.reported_state == MilestoneProgressState.BEHIND,
                )
                for m in self.milestones.all()
            ),
            baseline_status=latest.status if latest else None,
            has_approved_report="approved" in states.values(),
            report_dues=tuple(due_by_key.values()),
            reported_dues=frozenset(due_by_key[k] for k in reported if k in due_by_key),
            target=self.target_value,
            achieved=self.achieved_value,
        )

    def refresh_state(self, today: datetime.date | None = None) -> bool:
        """Recompute status, light and next report due; save them if they changed."""
        state = rules.evaluate(
            self.facts(), today or timezone.localdate(), self.program.jurisdiction.thresholds
        )
        values = {
            "status": state.status,
            "light": state.light,
            "next_report_due": state.next_report_due,
        }
        changed = [name for name, value in values.items() if getattr(self, name) != value]
        for name in changed:
            setattr(self, name, values[name])
        if changed:
            self.save(update_fields=changed)
        return bool(changed)

    @property
    def lead_assignment(self):
        for assignment in self.assignments.all():
            if assignment.is_lead:
                return assignment
        return None


class TaskLeader(models.Model):
    task = models.ForeignKey(Task, verbose_name=_("项目"), on_delete=models.CASCADE)
    leader = models.ForeignKey(Leader, verbose_name=_("分管领导"), on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["task", "position"]
        verbose_name = _("项目分管领导")
        verbose_name_plural = _("项目分管领导")
        constraints = [
            models.UniqueConstraint(fields=["task", "leader"], name="task_leader_unique"),
        ]

    def __str__(self):
        return str(self.leader)


class TaskUnit(models.Model):
    """A unit responsible for a task, in document order, with its responsible person."""

    task = models.ForeignKey(
        Task, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="assignments"
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    is_lead = models.BooleanField(_("牵头单位"), default=False)
    person = models.CharField(_("责任人"), max_length=50, blank=True)

    class Meta:
        ordering = ["task", "position"]
        verbose_name = _("项目责任单位")
        verbose_name_plural = _("项目责任单位")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit"],
                name="task_unit_unique",
                violation_error_message=_("同一项目中责任单位不能重复。"),
            ),
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(is_lead=True),
                name="task_single_lead_unit",
                violation_error_message=_("每个项目只能有一个牵头单位。"),
            ),
        ]

    def __str__(self):
        return f"{self.unit}（{self.person}）" if self.person else str(self.unit)


class MilestoneQuerySet(models.QuerySet):
    """Milestone.state as queries: a completed task has met every milestone."""

    def open(self):
        return self.filter(done_on__isnull=True).exclude(task__status=TaskStatus.COMPLETED)

    def overdue(self, today: datetime.date):
        return self.open().filter(due__lt=today)


class Milestone(models.Model):
    """A target a task must reach by a date: a quarterly target or a dated node."""

    task = models.ForeignKey(
        Task, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="milestones"
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    kind = models.CharField(_("类型"), max_length=10, choices=MilestoneKind.choices)
    first_quarter = models.PositiveSmallIntegerField(_("起始季度"), null=True, blank=True)
    last_quarter = models.PositiveSmallIntegerField(_("结束季度"), null=True, blank=True)
    due = models.DateField(_("截止日期"))
    text = models.TextField(_("目标"))
    original_due = models.DateField(
        _("原定截止日期"), null=True, blank=True, help_text=_("批准延期或调整后保留原日期")
    )
    original_text = models.TextField(_("原定目标"), blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    reported_state = models.CharField(
        _("最近报告的进度"),
        max_length=10,
        blank=True,
        choices=MilestoneProgressState.choices,
        help_text=_("最近一次审核通过的报告中填写的情况"),
    )

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["task", "due", "position"]
        verbose_name = _("节点目标")
        verbose_name_plural = _("节点目标")
        constraints = [
            models.UniqueConstraint(fields=["task", "position"], name="milestone_unique_position"),
            models.CheckConstraint(
                condition=Q(kind="dated")
                | (
                    Q(first_quarter__gte=1)
                    & Q(last_quarter__lte=4)
                    & Q(first_quarter__lte=models.F("last_quarter"))
                ),
                name="milestone_quarters_valid",
                violation_error_message=_("季度目标的起止季度必须在 1 至 4 之间且起不晚于止。"),
            ),
        ]

    def __str__(self):
        return f"{self.period_label}：{self.text[:30]}"

    @property
    def period_label(self) -> str:
        from minsheng.lib.numerals import quarter_label

        if self.kind == MilestoneKind.QUARTER:
            from django.utils.translation import get_language

            if (get_language() or "").startswith("en"):
                if self.first_quarter == self.last_quarter:
                    return f"Q{self.first_quarter}"
                return f"Q{self.first_quarter}–Q{self.last_quarter}"
            return quarter_label(self.first_quarter, self.last_quarter)
        return _("%(month)s月%(day)s日前") % {"month": self.due.month, "day": self.due.day}

    @property
    def was_moved(self) -> bool:
        return self.original_due is not None and self.original_due != self.due

    def state(self, today) -> str:
        """done, overdue or pending on `today`; a completed task has met every milestone."""
        if self.done_on is not None or self.task.status == TaskStatus.COMPLETED:
            return MilestoneState.DONE
        return MilestoneState.OVERDUE if self.due < today else MilestoneState.PENDING
