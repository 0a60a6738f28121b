"""The demo loader also builds this year's 开平 programme (marked 演示) with an ordinary week of
reports, leaves the 2024 demo as it was, and adds nothing when run again."""

import io

import pytest
import time_machine
from django.core.management import call_command

from progress.choices import ReportState
from progress.models import Report
from projects.choices import Light
from projects.models import Program, Task

pytestmark = pytest.mark.django_db(transaction=False)

MONDAY = "2026-06-15 09:00 +0800"


def counts() -> dict:
    return {
        "programs": Program.objects.count(),
        "tasks": Task.objects.count(),
        "reports": sorted(Report.objects.values_list("task__program__year", "state")),
    }


@pytest.fixture
def demo():
    with time_machine.travel(MONDAY, tick=False):
        call_command("load_demo", stdout=io.StringIO())
        yield Program.objects.get(jurisdiction__code="440783", year=2026)


def test_this_years_demo_programme_is_labelled_and_its_dates_moved(demo):
    source = Program.objects.get(jurisdiction__code="440783", year=2024)
    assert demo.title == "2026年开平市十件民生实事项目（演示）"
    assert not demo.is_published  # a demo is not shown to the public
    assert source.is_published
    assert demo.tasks.count() == source.tasks.count()
    assert demo.first_report_due == source.first_report_due.replace(year=2026)
    old = sorted((m.due.month, m.due.day) for t in source.tasks.all() for m in t.milestones.all())
    new = sorted((m.due.month, m.due.day) for t in demo.tasks.all() for m in t.milestones.all())
    assert old == new
    assert {m.due.year for t in demo.tasks.all() for m in t.milestones.all()} == {2026}


def test_the_demo_week_shows_green_yellow_and_red_and_reports_in_every_state(demo):
    lights = set(demo.tasks.values_list("light", flat=True))
    assert {Light.GREEN, Light.YELLOW, Light.RED} <= lights
    states = set(Report.objects.filter(task__program=demo).values_list("state", flat=True))
    assert states == {ReportState.DRAFT, ReportState.SUBMITTED, ReportState.RETURNED,
                      ReportState.APPROVED}
    # One lead unit has not filed May's report: the to-do list and the dashboard show it.
    assert demo.tasks.filter(next_report_due__lt="2026-06-15").exists()
    # Every item has a supervising leader for the dashboard's leader column.
    assert not demo.tasks.filter(leaders__isnull=True).exists()


def test_the_2024_demo_keeps_its_reports(demo):
    states = set(Report.objects.filter(task__program__year=2024).values_list("state", flat=True))
    assert states == {ReportState.DRAFT, ReportState.SUBMITTED, ReportState.RETURNED,
                      ReportState.APPROVED}


def test_running_the_loader_again_adds_nothing(demo):
    before = counts()
    with time_machine.travel(MONDAY, tick=False):
        call_command("load_demo", stdout=io.StringIO())
    assert counts() == before
