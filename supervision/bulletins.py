"""The monthly 通报: who reported on time (a unit × period matrix) and the bulletin's text.

`reporting_matrix(program, month, today)` reads the program's lead units with their tasks,
and their reports, in two queries. `draft_bulletin(program, month, today)` computes the
figures and writes the sections of the office's usual bulletin, which the office edits
before issuing it.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minsheng.lib.periods import Period
from progress.as_of import states_on
from progress.choices import MilestoneProgressState, ReportState
from progress.models import MilestoneUpdate, Report
from projects import rules
from projects.choices import Light, TaskStatus
from projects.models import Milestone, Task, TaskUnit

ON_TIME, LATE, MISSING, RETURNED, NOT_DUE, NOT_OWED = (
    "on_time", "late", "missing", "returned", "not_due", "not_owed"
)
STATUS_LABELS = {
    ON_TIME: _("按时"),
    LATE: _("迟报"),
    MISSING: _("未报"),
    RETURNED: _("退回"),
    NOT_DUE: _("未到期"),
    NOT_OWED: _("无需报送"),
}
# The worst first: a cell shows its worst status.
SEVERITY = [MISSING, RETURNED, LATE, ON_TIME, NOT_DUE, NOT_OWED]


def report_status(report, due: datetime.date, today: datetime.date, owed: bool) -> str:
    """How a task's report for a period due on `due` stands on `today` (pure); `owed`: the
    task owes it, late (Task.owed_reports). Past its due date and not filed, a report the
    task no longer owes (the task is complete, the year closed for reporting) is 无需报送."""
    if report is not None and report.state in (ReportState.SUBMITTED, ReportState.APPROVED):
        submitted = timezone.localtime(report.submitted_at).date() if report.submitted_at else due
        return ON_TIME if submitted <= due else LATE
    if due >= today:
        return RETURNED if report is not None and report.state == ReportState.RETURNED else NOT_DUE
    if not owed:
        return NOT_OWED
    return RETURNED if report is not None and report.state == ReportState.RETURNED else MISSING


@dataclass
class Cell:
    counts: Counter = field(default_factory=Counter)

    @property
    def worst(self) -> str:
        return next((s for s in SEVERITY if self.counts[s]), NOT_DUE)

    @property
    def parts(self) -> list[tuple[str, str, int]]:
        return [(s, STATUS_LABELS[s], self.counts[s]) for s in SEVERITY if self.counts[s]]


@dataclass
class MatrixRow:
    unit_id: int
    name: str
    cells: list[Cell]
    tasks: int = 0


@dataclass
class Matrix:
    program: object
    periods: list[Period]
    rows: list[MatrixRow]
    month: Period

    @property
    def closes(self) -> datetime.date:
        """The last day the program takes reports (rules.reporting_closes)."""
        return rules.reporting_closes(self.program.year)

    def totals(self, status: str, column: int = -1) -> int:
        """How many task reports of the month's column (`column`) stand at `status`."""
        if not self.periods:
            return 0
        return sum(row.cells[column].counts[status] for row in self.rows)

    def units_with(self, status: str) -> list[tuple[str, int]]:
        """(unit, how many of its items) at `status` in the month's column."""
        if not self.periods:
            return []
        return [(r.name, r.cells[-1].counts[status]) for r in self.rows
                if r.cells[-1].counts[status]]


def months_of(program) -> list[Period]:
    return [Period(program.year, m) for m in range(1, 13)]


def periods_up_to(program, month: Period) -> list[Period]:
    """The program's reporting periods that end in or before `month`."""
    return [p for p in program.reporting_periods() if p.end <= month.end]


def reporting_matrix(program, month: Period, today: datetime.date) -> Matrix:
    """One row per lead unit, one column per reporting period up to `month`; each cell
    counts the unit's items on time, late, missing, returned (or not yet due, or no longer
    owed). Missing and returned are the late reports each task owes (Task.owed_reports)."""
    periods = periods_up_to(program, month)
    rule = program.report_due_rule
    leads = list(
        TaskUnit.objects.filter(task__program=program, is_lead=True)
        .select_related("unit", "task")
        .prefetch_related(
            # All the task's reports (a dozen at most), as owed_reports reads them.
            Prefetch(
                "task__reports",
                queryset=Report.objects.only("task_id", "period", "state", "submitted_at"),
            )
        )
        .order_by("unit__name", "task_id")
    )
    rows: dict[int, MatrixRow] = {}
    for lead in leads:
        task = lead.task
        task.program = program
        owed = {o.period.key for o in task.owed_reports(today)}
        reports = {r.period: r for r in task.reports.all()}
        row = rows.setdefault(
            lead.unit_id,
            MatrixRow(lead.unit_id, lead.unit.name, [Cell() for _p in periods]),
        )
        row.tasks += 1
        for cell, period in zip(row.cells, periods, strict=True):
            status = report_status(
                reports.get(period.key), period.due(rule), today, period.key in owed
            )
            cell.counts[status] += 1
    ordered = sorted(rows.values(), key=lambda r: r.name)
    return Matrix(program, periods, ordered, month)


# -- the bulletin ------------------------------------------------------------------------


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def bulletin_figures(program, month: Period, today: datetime.date) -> dict:
    """The headline figures of `month` as they stood at its close (today, for the month under
    way): the tasks' status and light computed by the rules from what was known then
    (progress.as_of), not the state stored today; the rest plain counts of database rows."""
    tasks = Task.objects.filter(program=program)
    if month.end < today:
        day = month.end
        states = states_on(tasks, day, evaluate_on=day + datetime.timedelta(days=1)).values()
    else:
        day = today
        states = states_on(tasks, day).values()
    month_milestones = Milestone.objects.filter(task__program=program)
    matrix = reporting_matrix(program, month, today)
    column = matrix.periods[-1] if matrix.periods and matrix.periods[-1].end >= month.start else None
    lights = Counter(past.state.light for past in states)
    return {
        "as_of": day,
        # The reports are counted as they stand today: a month's report falls due after
        # the month's close, so at the close there would be nothing to count.
        "reports_as_of": today,
        "tasks": len(states),
        "completed_tasks": sum(past.state.status == TaskStatus.COMPLETED for past in states),
        "red": lights[Light.RED],
        "yellow": lights[Light.YELLOW],
        "green": lights[Light.GREEN],
        "milestones_due": month_milestones.filter(due__range=(month.start, month.end)).count(),
        "milestones_done": month_milestones.filter(
            done_on__range=(month.start, month.end)
        ).count(),
        "overdue": sum(past.overdue_milestones for past in states),
        "period": column,
        "on_time": matrix.totals(ON_TIME) if column else 0,
        "late": matrix.totals(LATE) if column else 0,
        "missing": matrix.totals(MISSING) if column else 0,
        "returned": matrix.totals(RETURNED) if column else 0,
        "matrix": matrix,
    }


def draft_bulletin(program, month: Period, today: datetime.date) -> dict:
    """The bulletin's title and text sections for `month`, in the office's usual form."""
    figures = bulletin_figures(program, month, today)
    place = program.jurisdiction.name
    headline = (
        f"截至{_date(figures['as_of'])}，{program.year}年{place}民生实事共{figures['tasks']}项，"
        f"已完成{figures['completed_tasks']}项；红灯{figures['red']}项、黄灯{figures['yellow']}项、"
        f"绿灯{figures['green']}项。{month.index}月计划完成节点{figures['milestones_due']}个，"
        f"实际完成{figures['milestones_done']}个；截至月底逾期未完成节点{figures['overdue']}个。"
    )
    if figures["period"] is not None:
        headline += (
            f"\n{figures['period'].label}进展报告（截至{_date(figures['reports_as_of'])}）："
            f"按时报送{figures['on_time']}项，"
            f"迟报{figures['late']}项，未报送{figures['missing']}项，退回重报{figures['returned']}项。"
        )

    done = (
        Milestone.objects.filter(task__program=program, done_on__range=(month.start, month.end))
        .select_related("task")
        .order_by("done_on", "task__sort_key", "position")
    )
    completed = [
        f"{n}. 第{m.task.number}项 {m.task.title or m.task.content[:40]}：{m.text}"
        f"（{_date(m.done_on)}完成）"
        for n, m in enumerate(done, start=1)
    ]

    behind_updates = (
        MilestoneUpdate.objects.filter(
            report__task__program=program,
            report__period__in=[p.key for p in program.reporting_periods()
                                if p.start <= month.end and p.end >= month.start],
            report__state__in=[ReportState.SUBMITTED, ReportState.APPROVED],
            state=MilestoneProgressState.BEHIND,
        )
        .select_related("milestone__task")
        .order_by("milestone__task__sort_key", "milestone__position")
    )
    behind = []
    for n, update in enumerate(behind_updates, start=1):
        task = update.milestone.task
        behind.append(
            f"{n}. 第{task.number}项 {task.title or task.content[:40]}：{update.milestone.text}。"
            f"滞后原因：{update.reason}；整改措施：{update.remedy}"
        )
    matrix = figures["matrix"]
    units = []
    for label, status in (("未报送", MISSING), ("迟报", LATE), ("退回重报", RETURNED)):
        found = matrix.units_with(status) if figures["period"] is not None else []
        if found:
            units.append(f"{label}：" + "、".join(f"{name}（{n}项）" for name, n in found))
    return {
        "title": f"关于{program.year}年{month.index}月{place}民生实事推进情况的通报",
        "headline": headline,
        "completed": "\n".join(completed) or "本月无新完成的节点。",
        "behind": "\n".join(behind) or "本月无单位报告节点滞后。",
        "units": "\n".join(units) or "各单位均已按时报送。",
        "closing": (
            "请进度滞后的单位对照节点目标，落实整改措施，于下月进展报告中报告整改情况；"
            "未按时报送的单位于3个工作日内补报。"
        ),
        "figures": figures,
    }


def owed_by_unit(matrix: Matrix) -> dict[str, dict[str, int]]:
    """The month's column of `matrix` as {unit: {status: count}} (for exports and tests)."""
    found = defaultdict(dict)
    for row in matrix.rows:
        if row.cells:
            found[row.name] = dict(row.cells[-1].counts)
    return dict(found)
