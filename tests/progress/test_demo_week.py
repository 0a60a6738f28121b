"""The demo loader also builds this year's 开平 programme (marked 演示) with an ordinary week of
reports, leaves the 2024 demo as it was, and adds nothing when run again."""

import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from progress.choices import EventKind, ReportState
from progress.models import ChangeRequest, Report, TaskEvent
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
    # A request for more time waits for the office this week.
    assert ChangeRequest.objects.filter(milestone__task__program=demo, decided_at__isnull=True).exists()
    # Every item has a supervising leader for the dashboard's leader column.
    assert not demo.tasks.filter(leaders__isnull=True).exists()


def test_the_2024_demo_is_a_closed_year_filed_in_2024(demo):
    """A past year shows as it ended: every report approved (one returned and filed again),
    every request decided, and every stamp in 2024, not the day the demo was loaded."""
    reports = Report.objects.filter(task__program__year=2024)
    assert set(reports.values_list("state", flat=True)) == {ReportState.APPROVED}
    assert TaskEvent.objects.filter(task__program__year=2024, kind=EventKind.RETURNED).exists()
    stamps = [
        *reports.values_list("created", "submitted_at", "reviewed_at"),
        *ChangeRequest.objects.filter(milestone__task__program__year=2024).values_list(
            "requested_at", "decided_at"),
        *TaskEvent.objects.filter(task__program__year=2024).values_list("at"),
    ]
    assert stamps and {moment.year for row in stamps for moment in row} == {2024}
    assert not ChangeRequest.objects.filter(
        milestone__task__program__year=2024, decided_at__isnull=True).exists()


def test_the_demo_weeks_past_months_are_dated_in_their_months(demo):
    """Approved reports of past months carry their months in the handling record, so this
    week's activity is this week's, not every report the demo filed."""
    approved = TaskEvent.objects.filter(task__program=demo, kind=EventKind.APPROVED)
    months = {timezone.localtime(event.at).month for event in approved}
    assert len(months) >= 3 and max(months) <= 6
    this_week = TaskEvent.objects.filter(task__program=demo, at__gte="2026-06-08")
    assert this_week.count() < approved.count() / 4


def test_running_the_loader_again_adds_nothing(demo):
    before = counts()
    with time_machine.travel(MONDAY, tick=False):
        call_command("load_demo", stdout=io.StringIO())
    assert counts() == before
