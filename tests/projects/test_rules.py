"""Status, light, schedule gap and next report due: pure rules of plain facts and `today`."""

import datetime
from decimal import Decimal

import pytest

from projects.choices import Light, TaskStatus
from projects.rules import (
    MilestoneFact,
    TaskFacts,
    TaskState,
    Thresholds,
    evaluate,
    light,
    next_report_due,
    owed_dues,
    reporting_closes,
    schedule_gap,
    status,
)

D = datetime.date
YEAR_START = D(2024, 1, 1)
YEAR_END = D(2024, 12, 31)
TODAY = D(2024, 7, 1)


def facts(**kwargs) -> TaskFacts:
    kwargs.setdefault("year_start", YEAR_START)
    kwargs.setdefault("year_end", YEAR_END)
    return TaskFacts(**kwargs)


# Half the target by 1 July: 0 points behind schedule.
ON_SCHEDULE = {"target": Decimal("6000"), "achieved": Decimal("3000")}


# ── status ───────────────────────────────────────────────────────────────────────────────


def test_a_baseline_of_completed_makes_the_task_completed_despite_overdue_milestones():
    task = facts(baseline_status=TaskStatus.COMPLETED, milestones=(MilestoneFact(D(2024, 3, 31)),))
    assert status(task, TODAY) == TaskStatus.COMPLETED


def test_a_task_with_every_milestone_done_is_completed():
    task = facts(
        baseline_status=TaskStatus.BEHIND,
        milestones=(
            MilestoneFact(D(2024, 3, 31), done=True),
            MilestoneFact(D(2024, 12, 10), done=True),
        ),
    )
    assert status(task, TODAY) == TaskStatus.COMPLETED


def test_an_overdue_milestone_puts_the_task_behind_even_if_the_baseline_says_in_progress():
    task = facts(
        baseline_status=TaskStatus.IN_PROGRESS,
        milestones=(MilestoneFact(D(2024, 6, 30)), MilestoneFact(D(2024, 12, 10))),
    )
    assert status(task, TODAY) == TaskStatus.BEHIND


def test_a_milestone_due_today_is_not_yet_overdue():
    task = facts(milestones=(MilestoneFact(TODAY),))
    assert status(task, TODAY) == TaskStatus.NOT_STARTED


def test_a_milestone_reported_behind_puts_the_task_behind():
    task = facts(
        has_approved_report=True,
        milestones=(MilestoneFact(D(2024, 12, 10), reported_behind=True),),
    )
    assert status(task, TODAY) == TaskStatus.BEHIND


@pytest.mark.parametrize("baseline", [TaskStatus.IN_PROGRESS, TaskStatus.BEHIND])
def test_the_baseline_status_stands_when_milestones_say_nothing(baseline):
    task = facts(baseline_status=baseline, milestones=(MilestoneFact(D(2024, 12, 10)),))
    assert status(task, TODAY) == baseline


def test_an_approved_report_makes_the_task_in_progress():
    assert status(facts(has_approved_report=True), TODAY) == TaskStatus.IN_PROGRESS


def test_one_milestone_done_of_several_makes_the_task_in_progress():
    task = facts(
        milestones=(MilestoneFact(D(2024, 3, 31), done=True), MilestoneFact(D(2024, 12, 10)))
    )
    assert status(task, TODAY) == TaskStatus.IN_PROGRESS


def test_a_task_with_nothing_reported_is_not_started():
    assert status(facts(), TODAY) == TaskStatus.NOT_STARTED
    assert status(facts(baseline_status=TaskStatus.NOT_STARTED), TODAY) == TaskStatus.NOT_STARTED


# ── light ────────────────────────────────────────────────────────────────────────────────


def test_an_overdue_milestone_turns_the_light_red():
    task = facts(milestones=(MilestoneFact(D(2024, 6, 30)),))
    assert light(task, TODAY) == Light.RED


def test_more_than_thirty_points_behind_schedule_turns_the_light_red():
    # 49.9% of the year gone, 10% achieved: 40 points behind.
    task = facts(target=Decimal("100"), achieved=Decimal("10"))
    assert light(task, TODAY) == Light.RED


def test_exactly_thirty_points_behind_schedule_is_yellow_not_red():
    task = facts(target=Decimal("100"), achieved=Decimal("20"))
    assert schedule_gap(task, TODAY) == 30
    assert light(task, TODAY) == Light.YELLOW


def test_a_milestone_due_in_exactly_seven_days_turns_the_light_yellow():
    task = facts(milestones=(MilestoneFact(TODAY + datetime.timedelta(days=7)),), **ON_SCHEDULE)
    assert light(task, TODAY) == Light.YELLOW


def test_a_milestone_due_in_eight_days_leaves_the_light_green():
    task = facts(milestones=(MilestoneFact(TODAY + datetime.timedelta(days=8)),), **ON_SCHEDULE)
    assert light(task, TODAY) == Light.GREEN


def test_a_milestone_due_today_turns_the_light_yellow():
    task = facts(milestones=(MilestoneFact(TODAY),), **ON_SCHEDULE)
    assert light(task, TODAY) == Light.YELLOW


def test_a_done_milestone_due_soon_does_not_turn_the_light_yellow():
    task = facts(
        milestones=(
            MilestoneFact(TODAY + datetime.timedelta(days=3), done=True),
            MilestoneFact(D(2024, 12, 10)),
        ),
        **ON_SCHEDULE,
    )
    assert light(task, TODAY) == Light.GREEN


def test_a_milestone_reported_behind_turns_the_light_yellow():
    task = facts(milestones=(MilestoneFact(D(2024, 12, 10), reported_behind=True),), **ON_SCHEDULE)
    assert light(task, TODAY) == Light.YELLOW


@pytest.mark.parametrize("achieved, gap", [("40", 10), ("30", 20)])
def test_ten_to_thirty_points_behind_schedule_turns_the_light_yellow(achieved, gap):
    task = facts(target=Decimal("100"), achieved=Decimal(achieved))
    assert schedule_gap(task, TODAY) == gap
    assert light(task, TODAY) == Light.YELLOW


def test_fewer_than_ten_points_behind_schedule_leaves_the_light_green():
    task = facts(target=Decimal("100"), achieved=Decimal("41"))
    assert schedule_gap(task, TODAY) == 9
    assert light(task, TODAY) == Light.GREEN


def test_a_task_on_schedule_with_no_milestones_near_is_green():
    assert light(facts(**ON_SCHEDULE), TODAY) == Light.GREEN


def test_a_task_with_nothing_measurable_is_green():
    assert light(facts(), TODAY) == Light.GREEN


def test_a_completed_task_is_green_even_with_past_due_dates():
    task = facts(
        baseline_status=TaskStatus.COMPLETED,
        milestones=(MilestoneFact(D(2024, 3, 31)),),
        target=Decimal("100"),
        achieved=Decimal("0"),
        report_dues=(D(2024, 3, 31),),
    )
    assert light(task, TODAY) == Light.GREEN


# ── schedule gap ─────────────────────────────────────────────────────────────────────────


def test_half_the_target_at_mid_year_is_about_on_schedule():
    task = facts(target=Decimal("6000"), achieved=Decimal("3000"))
    assert schedule_gap(task, TODAY) == 0


def test_being_ahead_of_schedule_is_a_negative_gap():
    task = facts(target=Decimal("6000"), achieved=Decimal("6000"))
    assert schedule_gap(task, TODAY) == -50


def test_achievement_beyond_the_target_counts_as_one_hundred_percent():
    task = facts(target=Decimal("100"), achieved=Decimal("250"))
    assert schedule_gap(task, YEAR_END) == 0


def test_milestones_alone_give_no_schedule_gap():
    task = facts(
        milestones=(
            MilestoneFact(D(2024, 3, 31), done=True),
            MilestoneFact(D(2024, 9, 30)),
        )
    )
    # Between two milestones nothing is late: the gap is measured on numeric targets only.
    assert schedule_gap(task, TODAY) is None
    assert light(task, TODAY) == Light.GREEN


def test_a_zero_target_gives_no_schedule_gap():
    assert schedule_gap(facts(target=Decimal("0"), achieved=Decimal("0")), TODAY) is None


def test_a_target_without_an_achieved_figure_gives_no_gap():
    assert schedule_gap(facts(target=Decimal("100")), TODAY) is None


def test_the_gap_is_unmeasurable_without_a_figure_or_milestones():
    assert schedule_gap(facts(), TODAY) is None


def test_nothing_is_expected_before_the_year_starts():
    task = facts(target=Decimal("100"), achieved=Decimal("0"))
    assert schedule_gap(task, D(2023, 12, 1)) == 0


def test_everything_is_expected_once_the_deadline_has_passed():
    task = facts(target=Decimal("100"), achieved=Decimal("60"))
    assert schedule_gap(task, D(2025, 2, 1)) == 40


def test_a_deadline_on_the_first_day_expects_everything_at_once():
    task = facts(year_end=YEAR_START, target=Decimal("100"), achieved=Decimal("0"))
    assert schedule_gap(task, YEAR_START) == 100


# ── next report due ──────────────────────────────────────────────────────────────────────

MONTH_ENDS = (D(2024, 3, 31), D(2024, 4, 30), D(2024, 5, 31), D(2024, 6, 30), D(2024, 7, 31))


def test_the_next_report_due_is_the_earliest_period_not_yet_reported():
    task = facts(
        report_dues=tuple(reversed(MONTH_ENDS)),
        reported_dues=frozenset({D(2024, 3, 31), D(2024, 4, 30), D(2024, 5, 31), D(2024, 6, 30)}),
    )
    assert next_report_due(task, TODAY) == D(2024, 7, 31)


def test_a_gap_in_the_reports_is_the_next_due_even_if_later_ones_are_in():
    task = facts(
        report_dues=MONTH_ENDS,
        reported_dues=frozenset({D(2024, 3, 31), D(2024, 5, 31), D(2024, 6, 30)}),
    )
    assert next_report_due(task, TODAY) == D(2024, 4, 30)


def test_an_unreported_past_period_is_due_before_today():
    task = facts(report_dues=MONTH_ENDS, reported_dues=frozenset({D(2024, 3, 31)}))
    due = next_report_due(task, TODAY)
    assert due == D(2024, 4, 30)
    assert due < TODAY


def test_nothing_is_due_once_every_period_is_reported():
    task = facts(report_dues=MONTH_ENDS, reported_dues=frozenset(MONTH_ENDS))
    assert next_report_due(task, TODAY) is None


def test_nothing_is_due_when_no_period_needs_a_report():
    assert next_report_due(facts(), TODAY) is None


def test_nothing_is_due_once_the_task_is_completed():
    task = facts(baseline_status=TaskStatus.COMPLETED, report_dues=MONTH_ENDS)
    assert next_report_due(task, TODAY) is None


def test_the_owed_reports_are_the_late_unreported_periods_unless_asked_for_later_ones():
    reported = frozenset({D(2024, 4, 30)})
    assert owed_dues(MONTH_ENDS, reported, 2024, False, TODAY) == [
        D(2024, 3, 31), D(2024, 5, 31), D(2024, 6, 30),
    ]
    # A report due today is not late yet; with a later `until` it is owed all the same.
    assert owed_dues(MONTH_ENDS, reported, 2024, False, D(2024, 6, 30))[-1] == D(2024, 5, 31)
    assert owed_dues(MONTH_ENDS, reported, 2024, False, TODAY, until=D(2024, 7, 31))[-1] == (
        D(2024, 7, 31)
    )
    assert owed_dues(MONTH_ENDS, reported, 2024, True, TODAY) == []  # a completed task


def test_a_year_takes_its_reports_until_the_end_of_the_next_january():
    assert reporting_closes(2024) == D(2025, 1, 31)
    december = (*MONTH_ENDS, D(2024, 12, 31))
    assert owed_dues(december, frozenset(), 2024, False, D(2025, 1, 31))[-1] == D(2024, 12, 31)
    assert owed_dues(december, frozenset(), 2024, False, D(2025, 2, 1)) == []
    task = facts(report_dues=december)
    assert next_report_due(task, D(2025, 1, 31)) == D(2024, 3, 31)
    assert next_report_due(task, D(2025, 2, 1)) is None  # and the dashboard stops counting it


# ── thresholds and evaluate ──────────────────────────────────────────────────────────────


def test_a_wider_window_turns_a_milestone_fourteen_days_away_yellow():
    task = facts(milestones=(MilestoneFact(TODAY + datetime.timedelta(days=14)),), **ON_SCHEDULE)
    assert light(task, TODAY) == Light.GREEN
    assert light(task, TODAY, Thresholds(window_days=14)) == Light.YELLOW


def test_a_stricter_office_reads_a_twenty_point_gap_as_red():
    task = facts(target=Decimal("100"), achieved=Decimal("30"))
    assert light(task, TODAY) == Light.YELLOW
    assert light(task, TODAY, Thresholds(yellow_gap=5, red_gap=15)) == Light.RED


def test_a_laxer_office_reads_a_twenty_point_gap_as_green():
    task = facts(target=Decimal("100"), achieved=Decimal("30"))
    assert light(task, TODAY, Thresholds(yellow_gap=25, red_gap=50)) == Light.GREEN


def test_evaluate_gathers_status_light_next_due_and_gap():
    task = facts(
        milestones=(MilestoneFact(D(2024, 3, 31), done=True), MilestoneFact(D(2024, 7, 5))),
        has_approved_report=True,
        report_dues=MONTH_ENDS,
        reported_dues=frozenset(MONTH_ENDS[:4]),
        target=Decimal("6000"),
        achieved=Decimal("3000"),
    )
    assert evaluate(task, TODAY) == TaskState(
        status=TaskStatus.IN_PROGRESS,
        light=Light.YELLOW,
        next_report_due=D(2024, 7, 31),
        schedule_gap=0,
        valid_until=D(2024, 7, 6),  # the day the 5 July milestone is overdue
    )


def test_evaluate_passes_the_thresholds_on_to_the_light():
    task = facts(target=Decimal("100"), achieved=Decimal("30"))
    assert evaluate(task, TODAY, Thresholds(red_gap=15)).light == Light.RED


def test_a_task_whose_latest_statement_says_behind_is_at_least_yellow():
    assert light(facts(baseline_status=TaskStatus.BEHIND), TODAY) == Light.YELLOW


def test_a_past_years_verdict_is_frozen_at_its_close_while_it_owes_nothing_more():
    # Silent since November: yellow at the close (31 January), and still yellow a year on,
    # although the December report is no longer owed; no date will change it again.
    december = (D(2024, 11, 30), D(2024, 12, 31))
    task = facts(report_dues=december, reported_dues=frozenset({D(2024, 11, 30)}),
                 has_approved_report=True)
    at_close = evaluate(task, D(2025, 1, 31))
    assert (at_close.light, at_close.next_report_due) == (Light.YELLOW, D(2024, 12, 31))
    later = evaluate(task, D(2026, 11, 30))
    assert (later.status, later.light) == (at_close.status, at_close.light)
    assert later.next_report_due is None and later.valid_until is None
    # A multi-year task's milestone due after the close does not turn it red afterwards.
    running = facts(year_end=D(2025, 6, 30), milestones=(MilestoneFact(D(2025, 5, 31)),),
                    has_approved_report=True)
    assert evaluate(running, D(2026, 1, 1)).light == Light.GREEN
    assert evaluate(running, D(2026, 1, 1)).status == TaskStatus.IN_PROGRESS
