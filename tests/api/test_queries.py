"""tasks/ runs the same queries for a page of three tasks or of forty: the tasks read past
their state_valid_until (none), the count, the tasks with their program, jurisdiction and
category, then units, milestones and statements."""

import datetime

import pytest

from progress.models import ProgressRecord
from projects.models import Milestone, Task
from tests.projects.conftest import add_tasks

from .conftest import PROGRAMS, TASKS

pytestmark = pytest.mark.django_db

QUERIES = 6


def grow(plan, count, start):
    add_tasks(plan.program, plan.category, plan.civil, count, start)
    for task in Task.objects.filter(program=plan.program, milestones__isnull=True):
        for position, month in enumerate((3, 6, 9)):
            Milestone.objects.create(
                task=task, position=position, kind="dated",
                due=datetime.date(2024, month, 28), text=f"第{position + 1}个节点",
            )
        for month in (3, 6):
            ProgressRecord.objects.create(
                task=task, as_of=datetime.date(2024, month, 28), status="in_progress",
                narrative=f"{month}月进展",
            )


def test_the_task_list_runs_the_same_queries_for_3_and_for_40_tasks(
    client, plan, django_assert_num_queries
):
    grow(plan, 1, start=3)
    with django_assert_num_queries(QUERIES):
        response = client.get(TASKS)
    assert len(response.json()["results"]) == 3

    grow(plan, 37, start=4)
    with django_assert_num_queries(QUERIES):
        response = client.get(TASKS)
    results = response.json()["results"]
    assert len(results) == 40
    assert results[-1]["progress"] == "6月进展"
    assert len(results[-1]["milestones"]) == 3


def test_the_program_list_runs_four_queries(client, plan, django_assert_num_queries):
    # Stale tasks (none), the count, the programs, then their items' numbers and statement
    # dates (portal.facts).
    with django_assert_num_queries(4):
        assert client.get(PROGRAMS).status_code == 200


def test_a_program_reads_its_tasks_once_whatever_its_size(
    client, plan, kaiping, django_assert_num_queries
):
    # The program with its jurisdiction, its categories, its tasks (with the day their
    # state goes stale: none is), then their leaders, units, milestones and statements.
    for program in (plan.program, kaiping):
        with django_assert_num_queries(7):
            response = client.get(f"{PROGRAMS}{program.jurisdiction.code}/{program.year}/")
        assert response.status_code == 200
        assert len(response.json()["tasks"]) == program.tasks.count()


def test_a_program_with_stale_tasks_shows_them_refreshed(client, kaiping):
    # Its tasks' query brings their state_valid_until: a stale one is recomputed (more
    # queries) and the tasks read again, so the document never shows a stale status.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from projects.models import STALE

    task = kaiping.tasks.order_by("sort_key").first()
    fresh = task.status
    stale = "completed" if fresh != "completed" else "not_started"
    Task.objects.filter(pk=task.pk).update(status=stale, state_valid_until=STALE)
    with CaptureQueriesContext(connection) as captured:
        data = client.get(f"{PROGRAMS}{kaiping.jurisdiction.code}/{kaiping.year}/").json()
    assert len(captured) > 7
    assert data["tasks"][0]["number"] == task.number
    assert data["tasks"][0]["status"] == fresh
    task.refresh_from_db()
    assert (task.status, task.state_valid_until != STALE) == (fresh, True)
