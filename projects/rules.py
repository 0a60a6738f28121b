"""A task's status, light and next report due date: the one place these rules live.

Pure functions of plain facts and `today`, so every rule is testable with frozen dates and no
database. `Task.refresh_state()` gathers the facts, calls `evaluate` and stores the result,
whenever a report, a milestone or an extension changes (and daily, from send_reminders, since
the light moves with the calendar).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from .choices import Light, TaskStatus


@dataclass(frozen=True)
class MilestoneFact:
    due: datetime.date
    done: bool = False
    reported_behind: bool = False  # the latest approved report says this milestone is behind

    def overdue(self, today: datetime.date) -> bool:
        return not self.done and self.due < today

    def due_soon(self, today: datetime.date, window_days: int) -> bool:
        return not self.done and today <= self.due <= today + datetime.timedelta(window_days)


@dataclass(frozen=True)
class Thresholds:
    """How the office reads the lights. Issue 5 makes them settings of each jurisdiction."""

    window_days: int = 7  # a milestone due within this many days turns the light yellow
    yellow_gap: int = 10  # percentage points behind the time-proportional schedule
    red_gap: int = 30


@dataclass(frozen=True)
class TaskFacts:
    year_start: datetime.date
    year_end: datetime.date  # the task's deadline, or the last day of the program year
    milestones: tuple[MilestoneFact, ...] = ()
    baseline_status: str | None = None  # the latest approved or imported progress statement
    has_approved_report: bool = False
    report_dues: tuple[datetime.date, ...] = ()  # due dates of the periods that need a report
    reported_dues: frozenset = field(default_factory=frozenset)  # …of those submitted/approved
    target: Decimal | None = None
    achieved: Decimal | None = None


@dataclass(frozen=True)
class TaskState:
    status: str
    light: str
    next_report_due: datetime.date | None
    schedule_gap: int | None  # points behind the time-proportional schedule (序时进度)


def status(facts: TaskFacts, today: datetime.date) -> str:
    """已完成 > 滞后 > 推进中 > 未启动, from milestones and the latest progress statement."""
    milestones = facts.milestones
    if facts.baseline_status == TaskStatus.COMPLETED:
        return TaskStatus.COMPLETED
    if milestones and all(m.done for m in milestones):
        return TaskStatus.COMPLETED
    if any(m.overdue(today) or m.reported_behind for m in milestones):
        return TaskStatus.BEHIND
    if facts.baseline_status in (TaskStatus.BEHIND, TaskStatus.IN_PROGRESS):
        return facts.baseline_status
    if facts.has_approved_report or any(m.done for m in milestones):
        return TaskStatus.IN_PROGRESS
    return TaskStatus.NOT_STARTED


def achieved_percent(facts: TaskFacts) -> float | None:
    """The reported figure against the numeric target; None without both.

    Milestones are not turned into a percentage: before a milestone falls due nothing can be
    done on it, so a share of milestones would read as "behind" between every two of them.
    Their own rule (overdue → red, due soon → yellow) covers them.
    """
    if facts.target and facts.achieved is not None:
        return min(100.0, float(facts.achieved) * 100 / float(facts.target))
    return None


def elapsed_percent(facts: TaskFacts, today: datetime.date) -> float:
    total = (facts.year_end - facts.year_start).days
    if total <= 0:
        return 100.0
    return max(0.0, min(100.0, 100.0 * (today - facts.year_start).days / total))


def schedule_gap(facts: TaskFacts, today: datetime.date) -> int | None:
    """Points behind the time-proportional schedule (negative: ahead); None if unmeasurable."""
    achieved = achieved_percent(facts)
    if achieved is None:
        return None
    return round(elapsed_percent(facts, today) - achieved)


def light(facts: TaskFacts, today: datetime.date, thresholds: Thresholds = Thresholds()) -> str:
    """红: a milestone overdue or more than `red_gap` points behind schedule;
    黄: a milestone due within the window, reported behind (or the latest statement says 滞后),
        or `yellow_gap`–`red_gap` points behind;
    绿: otherwise, and always once the task is complete."""
    if status(facts, today) == TaskStatus.COMPLETED:
        return Light.GREEN
    gap = schedule_gap(facts, today)
    if any(m.overdue(today) for m in facts.milestones) or (
        gap is not None and gap > thresholds.red_gap
    ):
        return Light.RED
    if (
        any(m.due_soon(today, thresholds.window_days) or m.reported_behind for m in facts.milestones)
        or (gap is not None and gap >= thresholds.yellow_gap)
        or facts.baseline_status == TaskStatus.BEHIND
    ):
        return Light.YELLOW
    return Light.GREEN


def next_report_due(facts: TaskFacts, today: datetime.date) -> datetime.date | None:
    """The due date of the earliest period still without a submitted or approved report.

    None once the task is complete or every period is reported. A date before `today` means
    the report is overdue.
    """
    if status(facts, today) == TaskStatus.COMPLETED:
        return None
    for due in sorted(facts.report_dues):
        if due not in facts.reported_dues:
            return due
    return None


def evaluate(
    facts: TaskFacts, today: datetime.date, thresholds: Thresholds = Thresholds()
) -> TaskState:
    return TaskState(
        status=status(facts, today),
        light=light(facts, today, thresholds),
        next_report_due=next_report_due(facts, today),
        schedule_gap=schedule_gap(facts, today),
    )
