"""Tasks' state as it stood on a past day: for the monthly 通报, whose figures are those of
its month, not of the day it is drafted.

The stored state is today's. `states_on(tasks, day)` reads the facts again, keeping only what
was known on `day` — milestones done by then, reports submitted and approved by then (their
figures and milestone statements), progress records approved by then, milestone dates as
they stood before later extensions — and evaluates them with the same rules
(projects.rules via Task.facts_from). Six queries whatever the number of tasks.
"""

import dataclasses
import datetime
from collections import defaultdict

from django.utils import timezone

from minsheng.lib.periods import Period
from projects import rules
from projects.choices import TaskStatus
from projects.models import Milestone, Task

from .choices import ChangeState, ReportState
from .models import ChangeRequest, MilestoneUpdate, ProgressRecord, Report


@dataclasses.dataclass(frozen=True)
class PastState:
    task: Task
    facts: rules.TaskFacts
    state: rules.TaskState
    overdue_milestones: int  # milestones overdue on the day (none once the task is complete)


def _day(moment, fallback: datetime.date | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment else fallback


def _approved_on(report_state, reviewed_at, period_end) -> datetime.date | None:
    """The day an approved report was approved (its period's end if the time is unknown)."""
    if report_state != ReportState.APPROVED:
        return None
    return _day(reviewed_at, period_end)


def states_on(
    tasks, day: datetime.date, evaluate_on: datetime.date | None = None
) -> dict[int, PastState]:
    """{task id: PastState} of `tasks` (a queryset) from what was known by the end of `day`,
    read by the rules on `evaluate_on` (`day` unless given). The close of a month is its last
    day's facts read on the next morning: a milestone due on the 31st and not done that day
    is overdue, a report due that day and not sent is late."""
    evaluate_on = evaluate_on or day
    ids = tasks.order_by().values("pk")  # a subquery: no list of ids sent to the database
    tasks = list(tasks.select_related("program__jurisdiction").order_by())

    # Reports: the state each had on `day`, and the approved figures in order of approval.
    report_states = defaultdict(dict)
    approved = defaultdict(list)  # task id → [(approved on, period, report id, figure)]
    for pk, task_id, period, state, due, submitted_at, reviewed_at, figure in (
        Report.objects.filter(task__in=ids).values_list(
            "pk", "task_id", "period", "state", "due", "submitted_at", "reviewed_at", "figure"
        )
    ):
        approved_on = _approved_on(state, reviewed_at, Period.parse(period).end)
        submitted_on = _day(submitted_at, due)
        reviewed_on = _day(reviewed_at, None)
        if approved_on is not None and approved_on <= day:
            report_states[task_id][period] = ReportState.APPROVED
        elif (
            state in (ReportState.SUBMITTED, ReportState.APPROVED)
            or (state == ReportState.RETURNED and reviewed_on is not None and reviewed_on > day)
        ) and submitted_at is not None and submitted_on <= day:
            # Returned after `day`: on `day` it was still submitted, awaiting review.
            report_states[task_id][period] = ReportState.SUBMITTED
        else:
            report_states[task_id][period] = ReportState.DRAFT
        if approved_on is not None and approved_on <= day:
            approved[task_id].append((approved_on, period, pk, figure))
    approval_order = {}  # report id → its place among approvals (later approvals win)
    achieved = {}
    for task_id, rows in approved.items():
        rows.sort()
        for place, (_on, _period, pk, figure) in enumerate(rows):
            approval_order[pk] = place
            if figure is not None:
                achieved[task_id] = figure

    # What the latest report approved by `day` said of each milestone.
    reported = {}
    for milestone_id, state, report_id in MilestoneUpdate.objects.filter(
        report__task__in=ids, report__state=ReportState.APPROVED
    ).values_list("milestone_id", "state", "report_id"):
        if report_id in approval_order:
            place = approval_order[report_id]
            if milestone_id not in reported or reported[milestone_id][0] < place:
                reported[milestone_id] = (place, state)

    # A milestone's due date on `day`: the last extension granted by then, else the original.
    granted = defaultdict(list)
    for milestone_id, decided_at, original_due, proposed_due in (
        ChangeRequest.objects.filter(
            task__in=ids, state=ChangeState.GRANTED, proposed_due__isnull=False
        )
        .order_by("decided_at", "pk")
        .values_list("milestone_id", "decided_at", "original_due", "proposed_due")
    ):
        granted[milestone_id].append((_day(decided_at, None), original_due, proposed_due))

    def due_on(milestone_id, due):
        changes = granted.get(milestone_id)
        if not changes:
            return due
        known = [proposed for decided, _o, proposed in changes if decided and decided <= day]
        return known[-1] if known else changes[0][1]

    milestones = defaultdict(list)
    for pk, task_id, due, done_on in Milestone.objects.filter(task__in=ids).values_list(
        "pk", "task_id", "due", "done_on"
    ):
        milestones[task_id].append(
            (
                due_on(pk, due),
                done_on if done_on is not None and done_on <= day else None,
                reported.get(pk, (None, ""))[1],
            )
        )

    # The latest progress statement on `day`: imported ones by their date, reports' once
    # approved.
    latest = {}
    for task_id, status, as_of, report_state, reviewed_at, report_id in (
        ProgressRecord.objects.filter(task__in=ids)
        .order_by("task_id", "-as_of", "-created")
        .values_list(
            "task_id", "status", "as_of", "report__state", "report__reviewed_at", "report_id"
        )
    ):
        if as_of > day or task_id in latest:
            continue
        if report_id is not None:
            approved_on = _approved_on(report_state, reviewed_at, as_of)
            if approved_on is None or approved_on > day:
                continue
        latest[task_id] = status

    found = {}
    for task in tasks:
        facts = task.facts_from(milestones[task.pk], report_states[task.pk], latest.get(task.pk))
        facts = dataclasses.replace(facts, achieved=achieved.get(task.pk))
        state = rules.evaluate(facts, evaluate_on, task.program.jurisdiction.thresholds)
        overdue = 0
        if state.status != TaskStatus.COMPLETED:
            overdue = sum(m.overdue(evaluate_on) for m in facts.milestones)
        found[task.pk] = PastState(task, facts, state, overdue)
    return found
