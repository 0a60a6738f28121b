"""The livelihood-project plan: who promised what, by when, and who answers for it."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass

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
        changed = _changed(self, ["warning_days", "yellow_gap", "red_gap"], kwargs)
        super().save(*args, **kwargs)
        if changed:
            # The lights are read with these thresholds: recompute them on the next read.
            Task.objects.filter(program__jurisdiction=self).mark_stale()
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


def _changed(instance, fields, save_kwargs) -> bool:
    """Whether saving `instance` changes any of `fields` of its stored row."""
    update_fields = save_kwargs.get("update_fields")
    if instance.pk is None or (update_fields is not None and not set(fields) & set(update_fields)):
        return False
    stored = type(instance).objects.filter(pk=instance.pk).values(*fields).first()
    return stored is not None and any(stored[f] != getattr(instance, f) for f in fields)


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
    # What the imported file says outside its items ("注：…", a 合计 row, the signature line),
    # kept so that nothing read is lost; never shown on public pages (a web page's furniture
    # may be among it).
    notes = models.TextField(
        _("附注"), blank=True, help_text=_("文件中表格以外的文字（注、合计行、落款等），每行一条")
    )

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

    def save(self, *args, **kwargs):
        changed = _changed(self, ["year", "cadence", "report_due_rule", "first_report_due"], kwargs)
        super().save(*args, **kwargs)
        if changed:
            # The reporting periods decide each task's next report due.
            self.tasks.mark_stale()

    @property
    def note_lines(self) -> list[str]:
        return [line for line in self.notes.splitlines() if line.strip()]

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

    def report_dues(self) -> dict[str, datetime.date]:
        """Each reporting period's key and due date, in the year's order.

        Kept on the instance while the fields it depends on stay the same: the state of
        every task of the program asks for it (12,000 dates for an import of 1,000 rows)."""
        inputs = (self.cadence, self.year, self.report_due_rule, self.first_report_due)
        cached = self.__dict__.get("_report_dues")
        if cached is None or cached[0] != inputs:
            rule = self.report_due_rule
            cached = self._report_dues = (
                inputs,
                {p.key: p.due(rule) for p in self.reporting_periods()},
            )
        return cached[1]

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
        from django.utils.translation import get_language

        from minsheng.lib.numerals import chinese_ordinal

        if (get_language() or "").startswith("en"):
            return f"{self.number}. {self.name}"  # English pages number in Arabic figures
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
    """Besides the usual filters, the stored state's upkeep and its rules in SQL.

    Status, light and next report due are stored, computed by projects.rules; each task also
    stores `state_valid_until`, the day the calendar may change them. Every reader of stored
    state calls `refresh_stale(today)` first: one query when nothing is stale.
    """

    def stale(self, today: datetime.date):
        """Tasks whose stored state may read differently on `today` than when computed."""
        return self.filter(state_valid_until__lte=today)

    def refresh_stale(self, today: datetime.date | None = None) -> int:
        """Recompute, in bulk, the state of the tasks read past their `state_valid_until`
        (one query when there are none); returns how many changed."""
        today = today or timezone.localdate()
        return refresh_states(self.stale(today), today)

    def mark_stale(self) -> int:
        """Facts outside the task changed (thresholds, reporting periods): recompute on the
        next read."""
        return self.update(state_valid_until=STALE)

    def report_overdue(self, today: datetime.date):
        """Tasks that owe a late report on `today` (rules.owed_dues, through the stored
        next_report_due: rules.report_overdue); refresh stale tasks first."""
        return self.filter(next_report_due__lt=today)

    def with_reports(self):
        """The tasks with their program and reports (without their text) loaded, for
        `Task.owed_reports`: two queries however many tasks and periods."""
        from progress.models import Report  # progress builds on projects

        return self.select_related("program__jurisdiction").prefetch_related(
            models.Prefetch(
                "reports", queryset=Report.objects.defer("narrative").order_by("period")
            )
        )

    def report_due_by(self, day: datetime.date):
        """Tasks whose next report is due on or before `day`, overdue ones included."""
        return self.filter(next_report_due__lte=day)

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


# A state_valid_until that every day is past: recompute on the next read.
STALE = datetime.date.min
REFRESH_BATCH = 500


def refresh_states(tasks, today: datetime.date | None = None) -> int:
    """Recompute and store the status, light, next report due and state_valid_until of
    `tasks`, a queryset or task instances: four reads per 500 tasks whatever their history,
    then one UPDATE per distinct outcome. Instances passed in carry the new values afterwards.
    Returns how many tasks changed status, light or next report due.

    For importers, the daily job and any code that changes many tasks at once;
    `Task.refresh_state()` does the same for one task.
    """
    today = today or timezone.localdate()
    if isinstance(tasks, models.QuerySet):
        # By primary key, a batch at a time: the whole table need not sit in memory.
        ids = list(tasks.order_by().values_list("pk", flat=True).distinct())
        batches = (
            list(
                Task.objects.filter(pk__in=ids[i : i + REFRESH_BATCH])
                .select_related("program__jurisdiction")
            )
            for i in range(0, len(ids), REFRESH_BATCH)
        )
    else:
        tasks = list(tasks)
        batches = (tasks[i : i + REFRESH_BATCH] for i in range(0, len(tasks), REFRESH_BATCH))
    return sum(_refresh_batch(batch, today) for batch in batches)


def _refresh_batch(batch: list, today: datetime.date) -> int:
    from progress.models import ProgressRecord, Report  # progress builds on projects

    ids = [task.pk for task in batch]
    missing = [
        t.pk
        for t in batch
        if "program" not in t._state.fields_cache
        or "jurisdiction" not in t.program._state.fields_cache
    ]
    if missing:
        loaded = Task.objects.select_related("program__jurisdiction").in_bulk(missing)
        for task in batch:
            if task.pk in loaded:
                task.program = loaded[task.pk].program
    milestones = defaultdict(list)
    for task_id, *row in Milestone.objects.filter(task__in=ids).values_list(
        "task_id", "due", "done_on", "reported_state"
    ):
        milestones[task_id].append(row)
    reports = defaultdict(dict)
    for task_id, period, state in Report.objects.filter(task__in=ids).values_list(
        "task_id", "period", "state"
    ):
        reports[task_id][period] = state
    latest = {}
    for task_id, status in (
        ProgressRecord.objects.filter(task__in=ids)
        .order_by("task_id", "-as_of", "-created")
        .values_list("task_id", "status")
    ):
        latest.setdefault(task_id, status)
    changed = 0
    groups = defaultdict(list)
    for task in batch:
        facts = task.facts_from(milestones[task.pk], reports[task.pk], latest.get(task.pk))
        state = rules.evaluate(facts, today, task.program.jurisdiction.thresholds)
        changed += bool({"status", "light", "next_report_due"} & set(task.apply_state(state)))
        key = (task.status, task.light, task.next_report_due, task.state_valid_until)
        groups[key].append(task.pk)
    # One UPDATE per distinct outcome (tasks of a program mostly share theirs): many times
    # faster than bulk_update's CASE over every row. One transaction: one commit.
    with transaction.atomic():
        for (status, light, next_due, valid_until), pks in groups.items():
            Task.objects.filter(pk__in=pks).update(
                status=status, light=light, next_report_due=next_due, state_valid_until=valid_until
            )
    return changed


def refresh_if_stale(tasks, today: datetime.date) -> int:
    """Refresh, in place, those of the loaded `tasks` read past their state_valid_until: no
    query at all when none is, for pages that show tasks they have already read."""
    stale = [t for t in tasks if t.state_valid_until is not None and t.state_valid_until <= today]
    return refresh_states(stale, today) if stale else 0


TASK_NUMBER_RE = re.compile(r"^(\d+)(?:\((\d+)\))?$")
# A period whose report is in one of these states is reported (progress.choices.ReportState).
FILED_STATES = ("submitted", "approved")


@dataclass
class OwedReport:
    """A reporting period whose report a task owes (rules.owed_dues), with the report begun
    for it if there is one (a draft, or one sent back)."""

    task: "Task"
    period: Period
    due: datetime.date
    days_late: int  # 0 while not yet late
    report: object = None


def choice_label(choices, value) -> str:
    """What get_FOO_display answers (the label, or the value itself if it is no choice),
    by one lookup in the choices class."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


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
    state_valid_until = models.DateField(
        _("状态有效至"),
        null=True,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("到这一天状态、预警灯或报送截止可能随日期变化，读取前重新计算；空表示不随日期变化"),
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
    reported_percent = models.PositiveSmallIntegerField(
        _("填报进度（%）"),
        null=True,
        blank=True,
        help_text=_("进度表中写明的完成百分比，例如“80%（进度滞后）”的 80"),
    )
    extra = models.JSONField(
        _("其他列"),
        default=list,
        blank=True,
        help_text=_("导入文件中没有对应字段的列，按原文保留：[{\"label\": 列名, \"text\": 内容}]"),
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
        if self.reported_percent is not None:
            return min(self.reported_percent, 100)
        milestones = list(self.milestones.all())
        if milestones:
            return round(100 * sum(m.done_on is not None for m in milestones) / len(milestones))
        return 0

    # Django's get_FOO_display builds a dict of every choice, translating each label, on
    # each call; lists of hundreds of items ask for these two on every row.
    def get_status_display(self) -> str:
        return choice_label(TaskStatus, self.status)

    def get_light_display(self) -> str:
        return choice_label(Light, self.light)

    @property
    def lead_unit(self):
        assignment = self.lead_assignment
        return assignment.unit if assignment else None

    def facts(self) -> rules.TaskFacts:
        """What the state rules need to know, read from the database."""
        latest = self.progress_records.order_by("-as_of", "-created").first()
        return self.facts_from(
            [(m.due, m.done_on, m.reported_state) for m in self.milestones.all()],
            dict(self.reports.values_list("period", "state")),
            latest.status if latest else None,
        )

    def facts_from(self, milestones, report_states, latest_status) -> rules.TaskFacts:
        """The facts from rows already read: (due, done_on, reported_state) per milestone,
        report state by period key, the latest progress record's status."""
        program = self.program
        due_by_key = program.report_dues()
        reported = [k for k, state in report_states.items() if state in FILED_STATES]
        return rules.TaskFacts(
            year_start=datetime.date(program.year, 1, 1),
            year_end=self.deadline or datetime.date(program.year, 12, 31),
            milestones=tuple(
                rules.MilestoneFact(
                    due=due,
                    done=done_on is not None,
                    reported_behind=reported_state == MilestoneProgressState.BEHIND,
                )
                for due, done_on, reported_state in milestones
            ),
            baseline_status=latest_status,
            has_approved_report="approved" in report_states.values(),
            report_dues=tuple(due_by_key.values()),
            reported_dues=frozenset(due_by_key[k] for k in reported if k in due_by_key),
            target=self.target_value,
            achieved=self.achieved_value,
        )

    def apply_state(self, state: rules.TaskState) -> list[str]:
        """Set the stored state fields from `state`; returns the names of those that changed."""
        values = {
            "status": state.status,
            "light": state.light,
            "next_report_due": state.next_report_due,
            "state_valid_until": state.valid_until,
        }
        changed = [name for name, value in values.items() if getattr(self, name) != value]
        for name in changed:
            setattr(self, name, values[name])
        return changed

    def refresh_state(self, today: datetime.date | None = None) -> bool:
        """Recompute status, light and next report due; save them if they changed."""
        state = rules.evaluate(
            self.facts(), today or timezone.localdate(), self.program.jurisdiction.thresholds
        )
        changed = self.apply_state(state)
        if changed:
            self.save(update_fields=changed)
        return bool({"status", "light", "next_report_due"} & set(changed))

    def report_overdue(self, today: datetime.date) -> bool:
        return rules.report_overdue(self.next_report_due, today)

    def owed_reports(
        self, today: datetime.date, until: datetime.date | None = None
    ) -> list[OwedReport]:
        """The reports the task owes on `today`, earliest first (rules.owed_dues): the late
        ones, or those due by `until` if given. Reads the prefetched reports when there are
        (Task.objects.with_reports()), else one query; a completed task owes none."""
        program = self.program
        rule = program.report_due_rule
        period_by_due = {p.due(rule): p for p in program.reporting_periods()}
        reports = {r.period: r for r in self.reports.all()}
        filed = {
            due for due, p in period_by_due.items()
            if p.key in reports and reports[p.key].state in FILED_STATES
        }
        completed = self.status == TaskStatus.COMPLETED
        return [
            OwedReport(
                self, period_by_due[due], due, max(0, (today - due).days),
                reports.get(period_by_due[due].key),
            )
            for due in rules.owed_dues(period_by_due, filed, program.year, completed, today, until)
        ]

    def milestones_on(self, today: datetime.date, window_days: int | None = None) -> list:
        """The task's milestones (the prefetched ones if so), each with `state_now`, its
        MilestoneState on `today`; the window is the jurisdiction's unless given."""
        if window_days is None:
            window_days = self.program.jurisdiction.warning_days
        completed = self.status == TaskStatus.COMPLETED
        milestones = list(self.milestones.all())
        for m in milestones:
            m.state_now = MilestoneState(
                rules.milestone_state(m.due, m.done_on is not None, completed, today, window_days)
            )
        return milestones

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
    """The milestone states of projects.rules.milestone_state, as queries. They read the
    task's stored status (a completed task has met every milestone): refresh stale tasks
    first (`Task.objects.refresh_stale(today)`)."""

    def done(self):
        return self.filter(Q(done_on__isnull=False) | Q(task__status=TaskStatus.COMPLETED))

    def open(self):
        return self.filter(done_on__isnull=True).exclude(task__status=TaskStatus.COMPLETED)

    def overdue(self, today: datetime.date):
        return self.open().filter(due__lt=today)

    def due_within(self, today: datetime.date, days: int | None = None):
        """Due soon: within `days` from today, or each jurisdiction's own window if None."""
        return self.open().filter(self._window(today, days))

    def pending(self, today: datetime.date, days: int | None = None):
        """Not yet due, and not within the due-soon window (as in due_within)."""
        return self.open().filter(due__gte=today).exclude(self._window(today, days))

    def in_state(self, state: str, today: datetime.date, days: int | None = None):
        if state == MilestoneState.DONE:
            return self.done()
        if state == MilestoneState.OVERDUE:
            return self.overdue(today)
        if state == MilestoneState.DUE_SOON:
            return self.due_within(today, days)
        if state == MilestoneState.PENDING:
            return self.pending(today, days)
        raise ValueError(f"unknown milestone state {state!r}")

    @staticmethod
    def _window(today: datetime.date, days: int | None) -> Q:
        def within(n):
            return Q(due__gte=today, due__lte=today + datetime.timedelta(n))

        if days is not None:
            return within(days)
        by_days = defaultdict(list)  # one condition per distinct window, not per jurisdiction
        for pk, n in Jurisdiction.objects.values_list("pk", "warning_days"):
            by_days[n].append(pk)
        condition = Q(pk__in=[])
        for n, ids in by_days.items():
            condition |= within(n) & Q(task__program__jurisdiction__in=ids)
        return condition


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
        from minsheng.lib.i18n import gettext  # once per language: ~100 per program page

        return gettext("%(month)s月%(day)s日前") % {"month": self.due.month, "day": self.due.day}

    @property
    def was_moved(self) -> bool:
        return self.original_due is not None and self.original_due != self.due

    def state(self, today, window_days: int | None = None) -> str:
        """done, overdue, due soon or pending on `today` (rules.milestone_state); the window
        is the jurisdiction's unless given. A completed task has met every milestone."""
        task = self.task
        if window_days is None:
            window_days = task.program.jurisdiction.warning_days
        return self.state_of(self.due, self.done_on, task.status, today, window_days)

    @staticmethod
    def state_of(due, done_on, task_status: str, today, window_days: int | None) -> str:
        """state() from values read (the API's rows): rules.milestone_state."""
        completed = task_status == TaskStatus.COMPLETED
        return rules.milestone_state(due, done_on is not None, completed, today, window_days)
