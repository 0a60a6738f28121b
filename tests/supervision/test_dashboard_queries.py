"""The dashboard runs a fixed number of queries, however many tasks, milestones and reports
the programme holds: every list and every summary is one query over the filtered tasks."""

import datetime

import pytest
from django.urls import reverse

from progress import workflow
from projects.models import Leader, Task, Unit
from tests.conftest import session_queries

from .conftest import DASHBOARD, add_task, dashboard, file_report

pytestmark = pytest.mark.django_db

D = datetime.date

# 5 to know the user (session, user, account, two permission lookups), 3 for the filter
# form (the jurisdictions in scope, which serve as its choices and validation; the years;
# the categories), 6 for the tasks with their people, leaders, open milestones, reports
# under way and the two month counts, 1 for the programme in view, 2 for the unit and leader
# choices, 1 for the tasks read past their state_valid_until (none: their stored state holds).
PLAIN = 17 + session_queries()
# A unit and a leader in the URL are each read once to validate them: two more.
FILTERED = 19 + session_queries()


def grow(world, count=40):
    """`count` more tasks, each with its own lead unit, one of five leaders, a co-unit and
    four milestones (one overdue, one due this week); every third files a March report, and
    every sixth has it returned."""
    leaders = [Leader.objects.create(jurisdiction=world.kaiping, name=f"领导{n}") for n in range(5)]
    for n in range(count):
        unit = Unit.objects.create(jurisdiction=world.kaiping, name=f"单位{n}")
        task = add_task(
            world, 100 + n, unit, person=f"责任人{n}",
            dues=[D(2024, 4, 1), D(2024, 4, 19), D(2024, 7, 31), D(2024, 11, 30)],
            leaders=[leaders[n % 5]], co_units=[world.finance],
        )
        if n % 3 == 0:
            report = file_report(task, world.lead)
            if n % 2 == 0:
                workflow.return_report(report, world.supervisor, "请补充")


def test_the_dashboard_runs_the_same_queries_for_two_tasks_or_forty_two(
    client, office, django_assert_num_queries
):
    client.force_login(office.supervisor)
    url = reverse(DASHBOARD)
    with django_assert_num_queries(PLAIN):
        assert client.get(url).status_code == 200

    grow(office)
    assert Task.objects.count() == 42
    with django_assert_num_queries(PLAIN):
        assert client.get(url).status_code == 200

    # …and the page did list the larger programme.
    page = dashboard(client)
    assert page.count("overdue") == 41
    assert page.count("soon") == 40
    assert page.count("returned") == 7
    assert page.count("review") == 7
    assert len(page.rows("unit")) == 42
    assert len(page.rows("leader")) == 7


def test_a_filtered_dashboard_runs_the_same_queries_for_two_tasks_or_forty_two(
    client, office, django_assert_num_queries
):
    client.force_login(office.supervisor)
    params = {"light": "red", "unit": office.finance.pk, "leader": office.wang.pk, "window": 3}
    with django_assert_num_queries(FILTERED):
        assert client.get(reverse(DASHBOARD), params).status_code == 200
    grow(office)
    with django_assert_num_queries(FILTERED):
        assert client.get(reverse(DASHBOARD), params).status_code == 200
