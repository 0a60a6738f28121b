"""What the supervision office sees each morning, computed in a fixed number of queries.

`build(tasks, today, window)` takes the filtered task queryset and returns the lists,
summaries and chart figures. Every list and aggregate is one query over that queryset,
whatever the number of tasks; lists show their first ROW_LIMIT rows and their total.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import ExtractMonth

from progress.choices import ReportState
from progress.models import Report
from projects.choices import Light, TaskStatus
from projects.models import Milestone, Task, TaskLeader, TaskUnit

ROW_LIMIT = 200


def _lead(field_name: str, task_ref: str = "task"):
    return Subquery(
        TaskUnit.objects.filter(task=OuterRef(task_ref), is_lead=True).values(field_name)[:1]
    )


def _first_leader(task_ref: str = "task"):
    return Subquery(
        TaskLeader.objects.filter(task=OuterRef(task_ref))
        .order_by("position")
        .values("leader__name")[:1]
    )


def with_people(queryset, task_ref: str = "task"):
    """Annotate each row with its task's lead unit, responsible person and first leader."""
    return queryset.annotate(
        lead_unit_id=_lead("unit_id", task_ref),
        lead_unit_name=_lead("unit__name", task_ref),
        lead_person=_lead("person", task_ref),
        leader_name=_first_leader(task_ref),
    )


def open_milestones(tasks):
    """Milestones of unfinished tasks that are not done yet."""
    return Milestone.objects.filter(task__in=tasks.values("pk"), done_on__isnull=True).exclude(
        task__status=TaskStatus.COMPLETED
    )


@dataclass
class Listing:
    rows: list
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def _listing(queryset) -> Listing:
    # Always count, so the page runs the same queries for ten rows or ten thousand.
    return Listing(list(queryset[:ROW_LIMIT]), queryset.count())


@dataclass
class PersonRow:
    name: str
    tasks: int = 0
    red: int = 0
    overdue: int = 0
    missing: int = 0
    days_late: list[int] = field(default_factory=list)
    pk: int | None = None

    @property
    def average_days_late(self) -> float | None:
        return round(sum(self.days_late) / len(self.days_late), 1) if self.days_late else None


@dataclass
class Dashboard:
    today: datetime.date
    window: int
    overdue: Listing
    due_soon: Listing
    missing_reports: Listing
    returned: Listing
    awaiting_review: Listing
    lights: dict[str, int]
    categories: list[dict]
    units: list[PersonRow]
    leaders: list[PersonRow]
    months: list[dict]

    @property
    def task_count(self) -> int:
        return sum(self.lights.values())


def build(tasks, today: datetime.date, window: int, year: int | None = None) -> Dashboard:
    task_ids = tasks.values("pk")
    horizon = today + datetime.timedelta(days=window)
    milestone_rows = with_people(
        open_milestones(tasks).select_related("task__program__jurisdiction")
    )
    overdue = _listing(milestone_rows.filter(due__lt=today).order_by("due", "task__sort_key"))
    due_soon = _listing(
        milestone_rows.filter(due__gte=today, due__lte=horizon).order_by("due", "task__sort_key")
    )
    missing = _listing(
        with_people(
            Task.objects.filter(pk__in=task_ids, next_report_due__lt=today).select_related(
                "program__jurisdiction"
            ),
            task_ref="pk",
        ).order_by("next_report_due", "program__jurisdiction__code", "sort_key")
    )
    reports = with_people(
        Report.objects.filter(task__in=task_ids).select_related("task__program__jurisdiction")
    )
    returned = _listing(reports.filter(state=ReportState.RETURNED).order_by("reviewed_at"))
    awaiting = _listing(reports.filter(state=ReportState.SUBMITTED).order_by("submitted_at"))

    # Days late (or days left) for each row, as the office counts them.
    for row in overdue.rows:
        row.days = (today - row.due).days
    for row in due_soon.rows:
        row.days = (row.due - today).days
    for row in missing.rows:
        row.days = (today - row.next_report_due).days

    lights = {light: 0 for light in Light.values}
    for row in tasks.order_by().values("light").annotate(n=Count("pk")):
        lights[row["light"]] = row["n"]

    categories = _by_category(tasks)
    units, leaders = _by_person(tasks, today)
    months = _by_month(tasks, year) if year else []
    return Dashboard(
        today=today,
        window=window,
        overdue=overdue,
        due_soon=due_soon,
        missing_reports=missing,
        returned=returned,
        awaiting_review=awaiting,
        lights=lights,
        categories=categories,
        units=units,
        leaders=leaders,
        months=months,
    )


def _by_category(tasks) -> list[dict]:
    table: dict[str, dict] = {}
    rows = (
        tasks.order_by()
        .values("category__number", "category__name", "light")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        key = row["category__name"]
        entry = table.setdefault(
            key,
            {"number": row["category__number"], "name": key, "total": 0, **dict.fromkeys(Light.values, 0)},
        )
        entry[row["light"]] += row["n"]
        entry["total"] += row["n"]
    return sorted(table.values(), key=lambda e: (e["number"], e["name"]))


def _by_person(tasks, today) -> tuple[list[PersonRow], list[PersonRow]]:
    """Per lead unit and per supervising leader: tasks, red, overdue milestones, missing
    reports and the average days late of their overdue milestones. Four queries."""
    overdue_q = Q(
        task__milestones__done_on__isnull=True, task__milestones__due__lt=today
    ) & ~Q(task__status=TaskStatus.COMPLETED)
    counts = {
        "tasks": Count("task_id", distinct=True),
        "red": Count("task_id", filter=Q(task__light=Light.RED), distinct=True),
        "missing": Count("task_id", filter=Q(task__next_report_due__lt=today), distinct=True),
        "overdue": Count("task__milestones", filter=overdue_q, distinct=True),
    }
    task_ids = tasks.values("pk")
    units = {
        row["unit_id"]: PersonRow(
            pk=row["unit_id"], name=row["unit__name"],
            **{k: row[k] for k in ("tasks", "red", "missing", "overdue")},
        )
        for row in TaskUnit.objects.filter(task__in=task_ids, is_lead=True)
        .values("unit_id", "unit__name")
        .annotate(**counts)
    }
    leaders = {
        row["leader_id"]: PersonRow(
            pk=row["leader_id"], name=row["leader__name"],
            **{k: row[k] for k in ("tasks", "red", "missing", "overdue")},
        )
        for row in TaskLeader.objects.filter(task__in=task_ids)
        .values("leader_id", "leader__name")
        .annotate(**counts)
    }
    late = open_milestones(tasks).filter(due__lt=today)
    for unit_id, due in late.filter(task__assignments__is_lead=True).values_list(
        "task__assignments__unit_id", "due"
    ):
        if unit_id in units:
            units[unit_id].days_late.append((today - due).days)
    for leader_id, due in late.values_list("task__taskleader__leader_id", "due"):
        if leader_id in leaders:
            leaders[leader_id].days_late.append((today - due).days)

    def order(rows):
        return sorted(rows, key=lambda r: (-r.red, -r.overdue, -r.missing, r.name))

    return order(units.values()), order(leaders.values())


def _by_month(tasks, year: int) -> list[dict]:
    """Milestones planned (by due date) and achieved (by completion date) in each month."""
    milestones = Milestone.objects.filter(task__in=tasks.values("pk"))
    planned = dict(
        milestones.filter(due__year=year)
        .annotate(month=ExtractMonth("due"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    achieved = dict(
        milestones.filter(done_on__year=year)
        .annotate(month=ExtractMonth("done_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    months, planned_total, achieved_total = [], 0, 0
    for month in range(1, 13):
        planned_total += planned.get(month, 0)
        achieved_total += achieved.get(month, 0)
        months.append(
            {
                "month": month,
                "planned": planned.get(month, 0),
                "achieved": achieved.get(month, 0),
                "planned_total": planned_total,
                "achieved_total": achieved_total,
            }
        )
    return months


