"""Workbench pages run a fixed number of queries, however many tasks, reports and events."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minsheng.lib.periods import Period
from progress import workflow
from progress.choices import MilestoneProgressState
from projects.choices import MilestoneKind
from projects.models import Milestone, Task, TaskUnit
from tests.conftest import session_queries

pytestmark = pytest.mark.django_db


def add_tasks(world, count):
    """`count` more tasks led by 市民政局 with 市财政局 helping, each with two milestones."""
    for number in range(10, 10 + count):
        task = Task.objects.create(
            program=world.program, category=world.task_a.category, number=str(number),
            content=f"第{number}项任务",
        )
        TaskUnit.objects.create(task=task, unit=world.civil, position=0, is_lead=True)
        TaskUnit.objects.create(task=task, unit=world.finance, position=1)
        for position, month in enumerate((3, 6)):
            Milestone.objects.create(
                task=task, position=position, kind=MilestoneKind.DATED,
                due=datetime.date(2024, month, 28), text=f"节点{position}",
            )


def file_reports(world, task, months):
    for month in months:
        period = Period(2024, month)
        updates = [
            {"milestone": m, "state": MilestoneProgressState.ON_TRACK, "done_on": None,
             "reason": "", "remedy": ""}
            for m in workflow.milestones_for_period(task, period)
        ]
        report = workflow.save_report(
            task, period, world.lead, narrative=f"{month}月进展", figure=100,
            declares_complete=False, updates=updates, version=None,
        )
        workflow.submit(report, world.lead)
        workflow.approve(report, world.supervisor, "")


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["lead", "supervisor"])
def test_home_runs_the_same_queries_for_two_tasks_or_thirty(client, world, persona):
    client.force_login(getattr(world, persona))
    small = count(client, reverse("progress:home"))
    add_tasks(world, 30)
    assert count(client, reverse("progress:home")) == small


def test_home_query_counts_are_pinned(client, world, django_assert_num_queries):
    client.force_login(world.lead)
    # 8 for the task cards (the years listed, the count of the pager) + 4 for the to-do
    # list (its tasks, their reports, their open milestones, the unit's notices): fixed
    # whatever the number of tasks (test above; test_workbench_pages.py for every page).
    with django_assert_num_queries(12 + session_queries()):
        client.get(reverse("progress:home"))
    client.force_login(world.supervisor)
    with django_assert_num_queries(11 + session_queries()):
        client.get(reverse("progress:home"))


def test_task_page_queries_do_not_grow_with_its_history(client, world, django_assert_num_queries):
    client.force_login(world.supervisor)
    url = reverse("progress:task", kwargs={"pk": world.task_a.pk})
    file_reports(world, world.task_a, [3])
    count(client, url)  # warms Django's content-type cache (the audit trail looks types up)
    one = count(client, url)
    file_reports(world, world.task_a, [4, 5, 6, 7])
    assert count(client, url) == one
    with django_assert_num_queries(one):
        client.get(url)


def test_report_page_queries_do_not_grow_with_milestones(client, world):
    client.force_login(world.supervisor)
    file_reports(world, world.task_a, [3])
    url = reverse("progress:report", kwargs={"pk": world.task_a.pk, "period": "2024-03"})
    before = count(client, url)
    for position in range(2, 8):
        Milestone.objects.create(
            task=world.task_a, position=position, kind=MilestoneKind.DATED,
            due=datetime.date(2024, 3, 20 + position), text=f"追加节点{position}",
        )
    assert count(client, url) == before


def test_report_form_query_counts_are_pinned(client, world, django_assert_num_queries):
    """The lead unit's form, whatever the number of milestones (test above): the login's
    user, account and two permission reads; the task with its units and milestones (3);
    the report (with its updates, files and contributions when saved); then for a new one
    the last approved report and its statements to prefill from, for a draft its three
    prefetches."""
    file_reports(world, world.task_a, [3])
    client.force_login(world.lead)
    url = reverse("progress:report", kwargs={"pk": world.task_a.pk, "period": "2024-04"})
    with django_assert_num_queries(10 + session_queries()):  # new, prefilled from March
        assert client.get(url).status_code == 200
    march = reverse("progress:report", kwargs={"pk": world.task_a.pk, "period": "2024-03"})
    with django_assert_num_queries(12 + session_queries()):  # approved: read with its files
        assert client.get(march).status_code == 200
