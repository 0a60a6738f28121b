"""The 通报 for March, drafted on 15 April, gives March's figures: what was done, reported,
approved or extended in April does not change them (progress.as_of)."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.lib.periods import Period
from progress import workflow
from progress.as_of import states_on
from progress.choices import MilestoneProgressState
from projects.choices import Light, TaskStatus
from projects.models import Milestone, Task
from supervision.bulletins import draft_bulletin

from .conftest import TODAY, add_task, file_report, grant_extension, refresh

pytestmark = pytest.mark.django_db

D = datetime.date
MARCH, APRIL = Period(2024, 3), Period(2024, 4)


def overdue_at_close_of_march(program) -> list[Milestone]:
    """From the rows: due by 31 March and not done by then."""
    return [
        m for m in Milestone.objects.filter(task__program=program)
        if m.due <= D(2024, 3, 31) and (m.done_on is None or m.done_on > D(2024, 3, 31))
    ]


def test_a_milestone_completed_in_april_still_counts_as_overdue_in_marchs_bulletin(office):
    Milestone.objects.filter(pk=office.march.pk).update(done_on=D(2024, 4, 5))
    refresh(office.task_a, office.task_b)
    assert office.task_a.light != Light.RED  # today its March milestone is done

    figures = draft_bulletin(office.program, MARCH, TODAY)["figures"]
    assert overdue_at_close_of_march(office.program) == [office.march]
    assert figures["overdue"] == 1
    assert figures["red"] == 1  # task A, red at the close of March
    assert figures["as_of"] == D(2024, 3, 31)

    april = draft_bulletin(office.program, APRIL, TODAY)["figures"]
    assert april["overdue"] == 0
    assert april["red"] == Task.objects.filter(light=Light.RED).count() == 0


def test_a_task_completed_and_approved_in_april_is_not_completed_in_marchs_bulletin(office):
    done = {office.march.pk: {"state": MilestoneProgressState.DONE, "done_on": D(2024, 3, 28)},
            office.june.pk: {"state": MilestoneProgressState.DONE, "done_on": D(2024, 3, 29)}}
    with time_machine.travel("2024-03-30 10:00 +0800", tick=False):
        report = file_report(office.task_a, office.lead, states=done, declares_complete=True,
                             figure=6000)
    with time_machine.travel("2024-04-02 10:00 +0800", tick=False):
        workflow.approve(report, office.supervisor)
    refresh(office.task_a)
    assert office.task_a.status == TaskStatus.COMPLETED
    assert Milestone.objects.get(pk=office.march.pk).done_on == D(2024, 3, 28)

    march = draft_bulletin(office.program, MARCH, TODAY)
    # Both milestones were done in March (the dates the report gives), but the office
    # approved the completion on 2 April: March's bulletin counts none completed.
    assert march["figures"]["completed_tasks"] == 0
    assert "已完成0项" in march["headline"]
    april = draft_bulletin(office.program, APRIL, TODAY)["figures"]
    assert april["completed_tasks"] == Task.objects.filter(status=TaskStatus.COMPLETED).count() == 1


def test_a_report_sent_in_april_leaves_the_task_yellow_at_the_close_of_march(office):
    with time_machine.travel("2024-04-03 10:00 +0800", tick=False):
        file_report(office.task_b, office.other_unit)
    refresh(office.task_b)
    assert office.task_b.light == Light.GREEN  # reported, no milestones

    states = states_on(Task.objects.filter(pk=office.task_b.pk), D(2024, 3, 31),
                       evaluate_on=D(2024, 4, 1))
    assert states[office.task_b.pk].state.light == Light.YELLOW
    assert states[office.task_b.pk].state.next_report_due == D(2024, 3, 31)


def test_an_extension_granted_in_april_does_not_move_a_march_milestone_in_marchs_bulletin(
    office,
):
    task = add_task(office, 3, office.finance, dues=[D(2024, 3, 20)])
    milestone = grant_extension(office, task.milestones.get(), D(2024, 5, 31))
    assert milestone.due == D(2024, 5, 31)
    refresh(task)
    assert task.light != Light.RED

    march = states_on(Task.objects.filter(pk=task.pk), D(2024, 3, 31), D(2024, 4, 1))[task.pk]
    assert march.state.light == Light.RED
    assert march.overdue_milestones == 1
    april = states_on(Task.objects.filter(pk=task.pk), TODAY)[task.pk]
    assert april.overdue_milestones == 0


def test_the_past_states_take_the_same_queries_for_two_tasks_or_twenty(office):
    def queries():
        with CaptureQueriesContext(connection) as context:
            states_on(Task.objects.filter(program=office.program), D(2024, 3, 31))
        return len(context.captured_queries)

    with time_machine.travel("2024-03-30 10:00 +0800", tick=False):
        file_report(office.task_a, office.lead)
    few = queries()
    for number in range(3, 21):
        task = add_task(office, number, office.education, dues=[D(2024, 3, 20)])
        file_report(task, office.other_unit)
    assert queries() == few == 6
