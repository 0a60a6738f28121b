"""A task's status, light and next report due date, and each milestone's state: the one
place these rules live.

Pure functions of plain facts and `today`, so every rule is testable with frozen dates and no
database. `Task.refresh_state()` gathers the facts, calls `evaluate` and stores the result
whenever a report, a milestone or an extension changes. The calendar changes it too, so the
result carries `valid_until`, the first day on which it may read differently; every reader
of the stored state first refreshes the tasks read past that day
(`Task.objects.refresh_stale(today)`). The querysets in projects/models.py say the same
milestone and report rules in SQL; tests/projects/test_state_sql.py holds them together.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from .choices import Light, MilestoneState, TaskStatus

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class MilestoneFact:
    due: datetime.date
    done: bool = False
    reported_behind: bool = False  # the latest approved report says this milestone is behind

    def overdue(self, today: datetime.date) -> bool:
        return milestone_overdue(self.due, self.done, today)

    def due_soon(self, today: datetime.date, window_days: int) -> bool:
        return milestone_due_soon(self.due, self.done, today, window_days)


def milestone_overdue(due: datetime.date, done: bool, today: datetime.date) -> bool:
    """Past its due date and not done; a milestone due today is not yet overdue."""
    return not done and due < today


def milestone_due_soon(
    due: datetime.date, done: bool, today: datetime.date, window_days: int
) -> bool:
    """Not done and due between today and `window_days` days from today, both included."""
    return not done and today <= due <= today + datetime.timedelta(window_days)


def milestone_state(
    due: datetime.date,
    done: bool,
    task_completed: bool,
    today: datetime.date,
    window_days: int | None = None,
) -> str:
    """done / overdue / due soon / pending, as every page, list, export and API shows it.

    A completed task has met every milestone, whatever each one records. Without a window
    there is no "due soon": a milestone not yet due is pending.
    """
    done = done or task_completed
    if done:
        return MilestoneState.DONE
    if milestone_overdue(due, done, today):
        return MilestoneState.OVERDUE
    if window_days is not None and milestone_due_soon(due, done, today, window_days):
        return MilestoneState.DUE_SOON
    return MilestoneState.PENDING


def report_overdue(next_due: datetime.date | None, today: datetime.date) -> bool:
    """The task's next report (its stored next_report_due) should have come before today."""
    return next_due is not None and next_due < today


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
    valid_until: datetime.date | None = None  # see `changes_on`


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


def _gap_level(facts: TaskFacts, today: datetime.date, thresholds: Thresholds) -> int:
    """0 on schedule, 1 far enough behind for yellow, 2 for red."""
    gap = schedule_gap(facts, today)
    if gap is None or gap < thresholds.yellow_gap:
        return 0
    return 2 if gap > thresholds.red_gap else 1


def light(facts: TaskFacts, today: datetime.date, thresholds: Thresholds = Thresholds()) -> str:
    """红: a milestone overdue or more than `red_gap` points behind schedule;
    黄: a milestone due within the window, reported behind (or the latest statement says 滞后),
        `yellow_gap`–`red_gap` points behind, or the report is overdue;
    绿: otherwise, and always once the task is complete.

    An overdue report turns the light at least yellow: the office cannot call a task on time
    while its unit is silent, and "绿灯" beside "报告已逾期" read as a contradiction."""
    if status(facts, today) == TaskStatus.COMPLETED:
        return Light.GREEN
    gap_level = _gap_level(facts, today, thresholds)
    if any(m.overdue(today) for m in facts.milestones) or gap_level == 2:
        return Light.RED
    if (
        any(m.due_soon(today, thresholds.window_days) or m.reported_behind for m in facts.milestones)
        or gap_level == 1
        or facts.baseline_status == TaskStatus.BEHIND
        or report_overdue(next_report_due(facts, today), today)
    ):
        return Light.YELLOW
    return Light.GREEN


def reporting_closes(year: int) -> datetime.date:
    """The last day a program of `year` takes its reports: 31 January of the next year.

    January leaves time for the December (or fourth-quarter) report and for late ones; after
    it the year is over for reporting (the year-end evaluation takes over), so a past year's
    unreported periods no longer fill a unit's to-do, the 催办 mail, the 通报 or the dashboard.
    """
    return datetime.date(year + 1, 1, 31)


def open_for_reporting(year: int, today: datetime.date) -> bool:
    """A program of `year` still takes (and asks for) reports on `today`."""
    return today <= reporting_closes(year)


def owed_dues(
    report_dues,
    reported_dues,
    year: int,
    completed: bool,
    today: datetime.date,
    until: datetime.date | None = None,
) -> list[datetime.date]:
    """Which reports a task owes on `today`: the due dates, earliest first, of its periods due
    by `until` (by default before `today`: the late ones) with no report submitted or
    approved. Nothing once the task is complete, nor once its program of `year` has closed
    for reporting (`reporting_closes`). The one rule behind the to-do, the 催办 mail, the 通报
    matrix and the dashboard (through `next_report_due`); Task.owed_reports applies it.
    """
    if completed or not open_for_reporting(year, today):
        return []
    until = today - ONE_DAY if until is None else until
    return sorted(due for due in report_dues if due <= until and due not in reported_dues)


def next_report_due(facts: TaskFacts, today: datetime.date) -> datetime.date | None:
    """The due date of the earliest report the task owes (`owed_dues`), overdue or not.

    None once the task is complete, every period is reported or the program has closed for
    reporting. A date before `today` means the report is overdue.
    """
    owed = owed_dues(
        facts.report_dues,
        facts.reported_dues,
        facts.year_start.year,
        status(facts, today) == TaskStatus.COMPLETED,
        today,
        until=datetime.date.max,
    )
    return owed[0] if owed else None


def changes_on(
    facts: TaskFacts, today: datetime.date, thresholds: Thresholds = Thresholds()
) -> datetime.date | None:
    """The first day after `today` on which the calendar alone may change the task's status,
    light or next report due; None if nothing but new facts can change them.

    The days are: a milestone's due-soon window opening, the day after a milestone's due
    date (overdue), the day after the next report's due date (report overdue) and the day
    after the program closes for reporting, and the day the schedule gap first reaches the
    next threshold. Nothing changes once complete.
    """
    if status(facts, today) == TaskStatus.COMPLETED:
        return None
    days = []
    for m in facts.milestones:
        if not m.done:
            days += [m.due - datetime.timedelta(thresholds.window_days), m.due + ONE_DAY]
    report_due = next_report_due(facts, today)
    if report_due is not None:
        # Overdue the day after; owed no more once the program closes for reporting.
        days += [report_due + ONE_DAY, reporting_closes(facts.year_start.year) + ONE_DAY]
    gap_changes = _gap_level_changes_on(facts, today, thresholds)
    if gap_changes is not None:
        days.append(gap_changes)
    later = [day for day in days if day > today]
    return min(later) if later else None


def _gap_level_changes_on(
    facts: TaskFacts, today: datetime.date, thresholds: Thresholds
) -> datetime.date | None:
    """The first day after `today` on which the schedule gap reaches the next threshold.

    The gap only grows with the calendar (until the year's end), so a binary search finds it.
    """
    if achieved_percent(facts) is None or today >= facts.year_end:
        return None
    level = _gap_level(facts, today, thresholds)
    if level == 2 or _gap_level(facts, facts.year_end, thresholds) == level:
        return None
    low, high = today + ONE_DAY, facts.year_end  # the answer lies in [low, high]
    while low < high:
        middle = low + (high - low) // 2
        if _gap_level(facts, middle, thresholds) > level:
            high = middle
        else:
            low = middle + ONE_DAY
    return low


def judged_on(facts: TaskFacts, today: datetime.date) -> datetime.date:
    """The day a task's status, light and schedule gap are judged as of: `today`, or the day
    its program closed for reporting (`reporting_closes`) once that has passed.

    A past year's verdict is frozen at its close: nothing can be reported on it any more, so
    the calendar must not keep moving it (a task yellow for a missing December report would
    otherwise turn green on 1 February, when that report stops being owed). What it owes is
    still judged on `today` (nothing, after the close)."""
    return min(today, reporting_closes(facts.year_start.year))


def evaluate(
    facts: TaskFacts, today: datetime.date, thresholds: Thresholds = Thresholds()
) -> TaskState:
    as_of = judged_on(facts, today)
    return TaskState(
        status=status(facts, as_of),
        light=light(facts, as_of, thresholds),
        next_report_due=next_report_due(facts, today),
        schedule_gap=schedule_gap(facts, as_of),
        # Once closed nothing but new facts changes the verdict, and nothing is owed.
        valid_until=changes_on(facts, today, thresholds) if as_of == today else None,
    )
