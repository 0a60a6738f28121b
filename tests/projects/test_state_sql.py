"""The queryset API says the state rules in SQL, and stored state never goes stale.

The dashboard and the admin filter milestones and tasks in the database; the pages compute the
same states in Python with projects.rules. Here both are asked the same questions.
"""

import datetime

import pytest

from progress.models import ProgressRecord
from projects.choices import Light, MilestoneKind, MilestoneState, TaskStatus
from projects.models import (
    Category,
    Milestone,
    Program,
    Task,
    refresh_if_stale,
    refresh_states,
)
from projects.rules import report_overdue
from tests.progress.conftest import world  # noqa: F401

D = datetime.date


@pytest.fixture
def cases(world):  # noqa: F811
    """开平 2024 (7 days' warning) and 江门 2024 (3 days'), with milestones in every state."""
    world.task_a.milestones.create(
        position=2, kind=MilestoneKind.DATED, due=D(2024, 3, 25), text="已完成的节点",
        done_on=D(2024, 3, 20),
    )
    jiangmen = Program.objects.create(jurisdiction=world.jiangmen, year=2024, title="江门 2024")
    world.jiangmen.warning_days = 3
    world.jiangmen.save()
    category = Category.objects.create(program=jiangmen, number=1, name="一")
    done = Task.objects.create(program=jiangmen, category=category, number="1", content="已完成")
    ProgressRecord.objects.create(task=done, as_of=D(2024, 3, 1), status=TaskStatus.COMPLETED)
    open_ = Task.objects.create(program=jiangmen, category=category, number="2", content="推进中")
    for task in (done, open_):
        for position, due in enumerate([D(2024, 3, 1), D(2024, 3, 31), D(2024, 6, 30)]):
            task.milestones.create(position=position, kind=MilestoneKind.DATED, due=due, text="节点")
    refresh_states(Task.objects.all(), D(2024, 3, 10))
    return world


TODAYS = [D(2024, 3, 20), D(2024, 3, 24), D(2024, 3, 28), D(2024, 3, 31), D(2024, 4, 1),
          D(2024, 6, 25), D(2024, 7, 1)]


@pytest.mark.parametrize("window", [None, 0, 3, 7, 20])
def test_the_milestone_queries_and_the_pure_rule_agree(cases, window):
    for today in TODAYS:
        Task.objects.refresh_stale(today)
        milestones = list(Milestone.objects.select_related("task__program__jurisdiction"))
        for state in MilestoneState.values:
            in_sql = set(
                Milestone.objects.in_state(state, today, window).values_list("pk", flat=True)
            )
            in_python = {m.pk for m in milestones if m.state(today, window) == state}
            assert in_sql == in_python, (today, window, state)
        assert set(Milestone.objects.overdue(today)) == set(
            Milestone.objects.in_state(MilestoneState.OVERDUE, today)
        )


def test_a_completed_tasks_milestones_are_done_in_sql_and_in_python(cases):
    completed = Task.objects.get(status=TaskStatus.COMPLETED)
    assert set(Milestone.objects.done().filter(task=completed)) == set(completed.milestones.all())
    assert not Milestone.objects.overdue(D(2024, 7, 1)).filter(task=completed).exists()
    assert {m.state(D(2024, 7, 1)) for m in completed.milestones.all()} == {MilestoneState.DONE}


def test_the_report_overdue_query_and_the_pure_rule_agree(cases):
    for today in TODAYS:
        Task.objects.refresh_stale(today)
        in_sql = set(Task.objects.report_overdue(today).values_list("pk", flat=True))
        in_python = {t.pk for t in Task.objects.all() if report_overdue(t.next_report_due, today)}
        assert in_sql == in_python, today
    assert in_sql  # the cases do hold overdue reports


# ── stored state cannot go stale ──────────────────────────────────────────────────────────


def test_a_task_read_past_its_valid_until_is_recomputed(world):  # noqa: F811
    world.task_a.refresh_state(D(2024, 3, 20))
    assert (world.task_a.light, world.task_a.state_valid_until) == (Light.GREEN, D(2024, 3, 24))

    assert Task.objects.refresh_stale(D(2024, 3, 23)) == 0  # not yet
    Task.objects.refresh_stale(D(2024, 4, 2))

    world.task_a.refresh_from_db()
    assert (world.task_a.status, world.task_a.light) == (TaskStatus.BEHIND, Light.RED)
    assert world.task_a.state_valid_until == D(2024, 6, 23)  # June's window opens


def test_nothing_stale_costs_one_query(world, django_assert_num_queries):  # noqa: F811
    refresh_states(Task.objects.all(), D(2024, 3, 20))
    with django_assert_num_queries(1):
        assert Task.objects.refresh_stale(D(2024, 3, 21)) == 0


def test_the_bulk_refresh_runs_five_reads_and_one_update_per_distinct_outcome(
    world, django_assert_num_queries  # noqa: F811
):
    # The ids, the tasks with program and jurisdiction, milestones, reports, progress
    # records; a savepoint (the test's transaction) around one UPDATE per outcome.
    with django_assert_num_queries(5 + 2 + 2):  # A red, B yellow
        assert refresh_states(Task.objects.all(), D(2024, 4, 2)) == 2
    for number in range(3, 43):
        task = Task.objects.create(
            program=world.program, category=world.task_a.category, number=str(number),
            content="任务",
        )
        task.milestones.create(position=0, kind=MilestoneKind.DATED, due=D(2024, 3, 31), text="节点")
    with django_assert_num_queries(5 + 2 + 3):  # the forty new ones all alike
        assert refresh_states(Task.objects.all(), D(2024, 4, 2)) == 40
    assert Task.objects.filter(light=Light.RED).count() == 41


def test_loaded_tasks_are_refreshed_in_place_and_fresh_ones_cost_nothing(
    world, django_assert_num_queries  # noqa: F811
):
    refresh_states(Task.objects.all(), D(2024, 3, 20))
    tasks = list(Task.objects.select_related("program__jurisdiction"))
    with django_assert_num_queries(0):
        assert refresh_if_stale(tasks, D(2024, 3, 22)) == 0
    refresh_if_stale(tasks, D(2024, 4, 2))
    assert {t.number: t.light for t in tasks} == {"1": Light.RED, "2": Light.YELLOW}
    assert Task.objects.get(pk=world.task_a.pk).light == Light.RED


def test_new_thresholds_make_the_jurisdictions_lights_stale(world):  # noqa: F811
    world.task_a.refresh_state(D(2024, 3, 20))
    world.kaiping.warning_days = 20
    world.kaiping.save()
    Task.objects.refresh_stale(D(2024, 3, 20))
    assert Task.objects.get(pk=world.task_a.pk).light == Light.YELLOW  # 31 March is 11 days off


def test_new_reporting_periods_make_the_programs_next_report_due_stale(world):  # noqa: F811
    world.task_b.refresh_state(D(2024, 3, 20))
    assert world.task_b.next_report_due == D(2024, 3, 31)
    world.program.first_report_due = D(2024, 4, 30)
    world.program.save()
    Task.objects.refresh_stale(D(2024, 3, 20))
    assert Task.objects.get(pk=world.task_b.pk).next_report_due == D(2024, 4, 30)
