"""Milestone states, the overdue report and the day a task's state next changes: pure rules."""

import datetime
from decimal import Decimal

import pytest

from projects.choices import Light, MilestoneState, TaskStatus
from projects.rules import (
    MilestoneFact,
    TaskFacts,
    Thresholds,
    changes_on,
    evaluate,
    light,
    milestone_state,
    report_overdue,
)

D = datetime.date
DUE = D(2024, 6, 30)
MONTH_ENDS = tuple(D(2024, m, 28) for m in range(3, 13))


def facts(**kwargs) -> TaskFacts:
    kwargs.setdefault("year_start", D(2024, 1, 1))
    kwargs.setdefault("year_end", D(2024, 12, 31))
    return TaskFacts(**kwargs)


@pytest.mark.parametrize(
    "today, done, task_completed, window, expected",
    [
        (D(2024, 6, 22), False, False, 7, MilestoneState.PENDING),
        (D(2024, 6, 23), False, False, 7, MilestoneState.DUE_SOON),  # window's first day
        (D(2024, 6, 30), False, False, 7, MilestoneState.DUE_SOON),  # due today: not overdue
        (D(2024, 6, 30), False, False, None, MilestoneState.PENDING),  # no window, no due soon
        (D(2024, 7, 1), False, False, 7, MilestoneState.OVERDUE),
        (D(2024, 7, 1), True, False, 7, MilestoneState.DONE),
        (D(2024, 7, 1), False, True, 7, MilestoneState.DONE),  # a completed task met it
        (D(2024, 6, 25), False, True, 7, MilestoneState.DONE),
    ],
)
def test_a_milestone_reads_done_overdue_due_soon_or_pending(
    today, done, task_completed, window, expected
):
    assert milestone_state(DUE, done, task_completed, today, window) == expected


def test_a_report_is_overdue_only_after_its_due_day():
    assert not report_overdue(None, DUE)
    assert not report_overdue(DUE, DUE)
    assert report_overdue(DUE, DUE + datetime.timedelta(1))


def test_an_overdue_report_turns_a_task_with_nothing_else_against_it_yellow():
    task = facts(report_dues=MONTH_ENDS)
    assert light(task, D(2024, 3, 28)) == Light.GREEN  # due today
    assert light(task, D(2024, 3, 29)) == Light.YELLOW


def test_an_overdue_report_leaves_a_red_task_red_and_a_completed_one_green():
    overdue_milestone = facts(report_dues=MONTH_ENDS, milestones=(MilestoneFact(D(2024, 3, 1)),))
    assert light(overdue_milestone, D(2024, 4, 2)) == Light.RED
    completed = facts(report_dues=MONTH_ENDS, baseline_status=TaskStatus.COMPLETED)
    assert light(completed, D(2024, 4, 2)) == Light.GREEN


# ── the day the state next changes ───────────────────────────────────────────────────────


def test_the_state_next_changes_when_the_due_soon_window_opens():
    task = facts(milestones=(MilestoneFact(DUE),))
    assert changes_on(task, D(2024, 6, 1)) == D(2024, 6, 23)
    assert changes_on(task, D(2024, 6, 1), Thresholds(window_days=20)) == D(2024, 6, 10)


def test_then_the_day_after_the_milestone_is_due():
    task = facts(milestones=(MilestoneFact(DUE),))
    assert changes_on(task, D(2024, 6, 25)) == D(2024, 7, 1)


def test_then_the_day_after_the_next_report_is_due():
    task = facts(milestones=(MilestoneFact(DUE),), report_dues=MONTH_ENDS,
                 reported_dues=frozenset(MONTH_ENDS[:4]))
    assert changes_on(task, D(2024, 7, 2)) == D(2024, 7, 29)


def test_and_the_day_after_the_year_closes_for_reporting():
    task = facts(report_dues=MONTH_ENDS)  # nothing reported: yellow from 29 March
    assert changes_on(task, D(2024, 12, 29)) == D(2025, 2, 1)
    # It stops owing the reports then; its light stays what it was at the close.
    at_close, after = evaluate(task, D(2025, 1, 31)), evaluate(task, D(2025, 2, 1))
    assert (at_close.light, at_close.next_report_due) == (Light.YELLOW, MONTH_ENDS[0])
    assert (after.light, after.next_report_due, after.valid_until) == (Light.YELLOW, None, None)


def test_a_done_milestone_and_a_completed_task_never_change_with_the_calendar():
    assert changes_on(facts(milestones=(MilestoneFact(DUE, done=True),)), D(2024, 6, 1)) is None
    completed = facts(baseline_status=TaskStatus.COMPLETED, report_dues=MONTH_ENDS,
                      milestones=(MilestoneFact(DUE),))
    assert changes_on(completed, D(2024, 6, 1)) is None


def test_the_schedule_gap_changes_the_state_on_the_day_it_reaches_a_threshold():
    task = facts(target=Decimal("100"), achieved=Decimal("20"))  # 20% done
    # 10 points behind (yellow) when 30% of the year has passed, more than 30 (red) at 51%.
    yellow_from = changes_on(task, D(2024, 1, 2))
    assert light(task, yellow_from - datetime.timedelta(1)) == Light.GREEN
    assert light(task, yellow_from) == Light.YELLOW
    red_from = changes_on(task, yellow_from)
    assert light(task, red_from - datetime.timedelta(1)) == Light.YELLOW
    assert light(task, red_from) == Light.RED
    assert changes_on(task, red_from) is None


CASES = {
    "milestones and reports": facts(
        milestones=(MilestoneFact(D(2024, 3, 31)), MilestoneFact(DUE),
                    MilestoneFact(D(2024, 9, 30), done=True),
                    MilestoneFact(D(2024, 12, 10), reported_behind=True)),
        report_dues=MONTH_ENDS, reported_dues=frozenset(MONTH_ENDS[:3]),
    ),
    "a numeric target": facts(
        target=Decimal("6000"), achieved=Decimal("2000"), report_dues=MONTH_ENDS,
        milestones=(MilestoneFact(D(2024, 11, 30)),),
    ),
    "a deadline before the year's end": facts(
        year_end=D(2024, 10, 31), target=Decimal("10"), achieved=Decimal("1"),
    ),
    "nothing at all": facts(),
}


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("thresholds", [Thresholds(), Thresholds(window_days=20, red_gap=15)])
def test_the_state_holds_every_day_until_the_day_it_names(name, thresholds):
    """Day by day through the year and the next: nothing stored changes before changes_on."""
    task = CASES[name]
    day = D(2023, 12, 1)
    while day < D(2025, 3, 1):
        until = changes_on(task, day, thresholds)
        state = evaluate(task, day, thresholds)
        stored = (state.status, state.light, state.next_report_due)
        probe = day + datetime.timedelta(1)
        while probe < (until or D(2025, 3, 1)):
            later = evaluate(task, probe, thresholds)
            assert (later.status, later.light, later.next_report_due) == stored, (day, probe)
            probe += datetime.timedelta(1)
        assert state.valid_until == until
        day = until or D(2025, 3, 1)
