"""Which reports an item owes: the unit's to-do, the 催办 mail, the 通报 matrix and the
dashboard tell the same periods on the same day (projects.rules.owed_dues, one rule).

开平 2024, reports due at each month's end from 31 March:
  1 市民政局: March submitted, April sent back, May a draft, nothing since;
  2 市教育局: nothing at all;
  3 市档案局: completed (its completion table), nothing filed: it owes nothing;
  4 市交通局: March and April submitted, nothing since.
开平 2025 (first report 31 March 2025): 1 市民政局, nothing filed.
A year's program takes reports until 31 January of the next year; after that a past year's
unreported periods are owed no more (and its items leave the dashboard's missing list).
"""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from accounts.choices import Role
from accounts.models import Account
from minsheng.lib.periods import Period
from progress import workflow
from progress.choices import MilestoneProgressState
from progress.models import ProgressRecord
from projects.choices import TaskStatus
from projects.models import Category, Program, Task, Unit, refresh_states
from tests.conftest import session_queries
from tests.progress.conftest import PASSWORD

from .conftest import Page, add_task, file_report

pytestmark = pytest.mark.django_db

D = datetime.date


def months(year, first, last) -> list[str]:
    return [Period(year, m).key for m in range(first, last + 1)]


# The late reports each item owes on each day, by (year, number).
EXPECTED = {
    D(2024, 6, 5): {
        (2024, "1"): ["2024-04", "2024-05"], (2024, "2"): months(2024, 3, 5),
        (2024, "3"): [], (2024, "4"): ["2024-05"], (2025, "1"): [],
    },
    D(2024, 12, 31): {  # December's report is due today: not late yet
        (2024, "1"): months(2024, 4, 11), (2024, "2"): months(2024, 3, 11),
        (2024, "3"): [], (2024, "4"): months(2024, 5, 11), (2025, "1"): [],
    },
    D(2025, 1, 31): {  # the last day 2024 takes reports
        (2024, "1"): months(2024, 4, 12), (2024, "2"): months(2024, 3, 12),
        (2024, "3"): [], (2024, "4"): months(2024, 5, 12), (2025, "1"): [],
    },
    D(2025, 2, 1): {  # 2024 closed for reporting; 2025's first report is not due yet
        (2024, "1"): [], (2024, "2"): [], (2024, "3"): [], (2024, "4"): [], (2025, "1"): [],
    },
    D(2025, 6, 15): {
        (2024, "1"): [], (2024, "2"): [], (2024, "3"): [], (2024, "4"): [],
        (2025, "1"): months(2025, 3, 5),
    },
}


def reporter(world, unit, username):
    return Account.create_user(
        username=username, password=PASSWORD, role=Role.REPORTER, jurisdiction=world.kaiping,
        unit=unit, email=f"{username}@example.invalid",
    ).user


def draft(task, user, key):
    period = Period.parse(key)
    updates = [
        {"milestone": m, "state": MilestoneProgressState.ON_TRACK, "done_on": None,
         "reason": "", "remedy": ""}
        for m in workflow.milestones_for_period(task, period)
    ]
    return workflow.save_report(
        task, period, user, narrative="草稿", figure=1000 if task.target_value else None,
        declares_complete=False,
        updates=updates, version=None,
    )


@pytest.fixture
def plan(world):
    world.archives = Unit.objects.create(jurisdiction=world.kaiping, name="市档案局")
    world.transport = Unit.objects.create(jurisdiction=world.kaiping, name="市交通局")
    world.archives_reporter = reporter(world, world.archives, "archives-reporter")
    world.transport_reporter = reporter(world, world.transport, "transport-reporter")
    with time_machine.travel("2024-03-01 10:00 +0800", tick=False):
        world.task_c = add_task(world, 3, world.archives, dues=[D(2024, 3, 15)])
        world.task_d = add_task(world, 4, world.transport)
        ProgressRecord.objects.create(
            task=world.task_c, as_of=D(2024, 3, 1), status=TaskStatus.COMPLETED, narrative="已建成。"
        )
    with time_machine.travel("2024-03-30 10:00 +0800", tick=False):
        file_report(world.task_a, world.lead, "2024-03")
        file_report(world.task_d, world.transport_reporter, "2024-03")
    with time_machine.travel("2024-04-29 10:00 +0800", tick=False):
        returned = file_report(world.task_a, world.lead, "2024-04")
        workflow.return_report(returned, world.supervisor, "请补充佐证材料")
        file_report(world.task_d, world.transport_reporter, "2024-04")
    with time_machine.travel("2024-05-20 10:00 +0800", tick=False):
        draft(world.task_a, world.lead, "2024-05")
    world.next_year = Program.objects.create(
        jurisdiction=world.kaiping, year=2025, title="2025年开平市十件民生实事项目",
        first_report_due=D(2025, 3, 31),
    )
    category = Category.objects.create(program=world.next_year, number=1, name="提升就业保障水平")
    world.task_e = add_task(world, 1, world.civil, category=category, program=world.next_year)
    refresh_states(Task.objects.all(), D(2024, 6, 1))
    assert Task.objects.get(pk=world.task_c.pk).status == TaskStatus.COMPLETED
    world.tasks = {
        (2024, "1"): (world.task_a, world.lead), (2024, "2"): (world.task_b, world.other_unit),
        (2024, "3"): (world.task_c, world.archives_reporter),
        (2024, "4"): (world.task_d, world.transport_reporter),
        (2025, "1"): (world.task_e, world.lead),
    }
    return world


def due(key) -> datetime.date:
    return Period.parse(key).end  # 开平: each month's report by the month's last day


def todo_late(client, user, task, today) -> list[str]:
    """The periods of `task` on `user`'s to-do (to file, to finish, to redo) already late."""
    client.force_login(user)
    page = Page(client.get(reverse("progress:home")))
    found = []
    for href in page.tree.xpath("//section[@aria-labelledby='todo-heading']//a/@href"):
        match = resolve(href)
        if match.url_name == "report" and match.kwargs["pk"] == task.pk:
            found.append(match.kwargs["period"])
    return sorted(k for k in found if due(k) < today)


def chased(client, plan, task) -> list[str]:
    """The periods the 催办 mail says were not reported."""
    client.force_login(plan.supervisor)
    mail.outbox.clear()
    response = client.post(reverse("supervision:remind", args=[task.pk]), {"confirmed": "1"})
    assert response.status_code == 302
    (sent,) = mail.outbox
    return [
        Period(int(y), int(m)).key
        for y, m in re.findall(r"^\d+\. (\d{4})年(\d{1,2})月（应于", sent.body, re.MULTILINE)
    ]


def matrix(client, plan, program) -> dict[str, dict[str, str]]:
    """The 报送情况 page for the whole year: {unit: {period key: cell}}."""
    client.force_login(plan.supervisor)
    page = Page(client.get(
        reverse("supervision:reporting", args=[program.pk]), {"month": f"{program.year}-12"}
    ))
    heads = page.tree.xpath("//table[@id='reporting-matrix']/thead//th/text()")[2:]
    keys = [Period(*map(int, re.match(r"(\d{4})年(\d+)月", h).groups())).key for h in heads]
    table = {}
    for tr in page.tree.xpath("//table[@id='reporting-matrix']/tbody/tr"):
        cells = [" ".join(c.text_content().split()) for c in tr.xpath("./th|./td")]
        table[cells[0]] = dict(zip(keys, cells[2:], strict=True))
    return table


def board(client, plan, year) -> Page:
    client.force_login(plan.supervisor)
    return Page(client.get(reverse("supervision:dashboard"), {"year": year}))


def date_text(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.mark.parametrize("today", list(EXPECTED))
def test_the_to_do_the_chase_the_bulletin_and_the_dashboard_owe_the_same(client, plan, today):
    with time_machine.travel(f"{today.isoformat()} 10:00 +0800", tick=False):
        pages = {
            year: (matrix(client, plan, program), board(client, plan, year))
            for year, program in ((2024, plan.program), (2025, plan.next_year))
        }
        seen = {
            key: {
                "to-do": todo_late(client, user, task, today),
                "chase": chased(client, plan, task),
            }
            for key, (task, user) in plan.tasks.items()
        }

    for (year, number), late in EXPECTED[today].items():
        task, _user = plan.tasks[year, number]
        unit = task.lead_unit.name
        cells, page = pages[year]
        assert seen[year, number] == {"to-do": late, "chase": late}, (year, number)
        # The 通报 matrix: 未报 or 退回 exactly where a late report is owed.
        assert sorted(k for k, c in cells[unit].items() if c in ("未报", "退回")) == late
        # The dashboard lists the item while it owes a late report, from the earliest one.
        rows = [r for r in page.rows("missing") if r[0].startswith(f"开平市 {year} · 第{number}项")]
        assert [r[1] for r in rows] == ([date_text(due(late[0]))] if late else [])
        assert page.table("unit")[unit][3] == str(bool(late) * 1)

    # Past its due date, a report no longer owed (completed item, closed year) is 无需报送.
    archives = pages[2024][0]["市档案局"]
    assert {c for k, c in archives.items() if due(k) < today} <= {"无需报送"}
    if today > D(2025, 1, 31):
        assert set(pages[2024][0]["市教育局"].values()) == {"无需报送"}


@time_machine.travel("2024-06-05 10:00 +0800", tick=False)
def test_the_to_do_keeps_a_draft_of_a_period_not_yet_due(client, plan):
    draft(plan.task_b, plan.other_unit, "2024-06")
    client.force_login(plan.other_unit)
    page = Page(client.get(reverse("progress:home")))
    todo = " ".join(page.tree.xpath("string(//section[@aria-labelledby='todo-heading'])").split())
    assert "草稿未提交 第2项 · 2024年6月进展报告" in todo
    assert "待报送 3 期" in todo  # March to May, never begun


def test_a_closed_years_milestones_leave_the_to_do_too(client, plan):
    with time_machine.travel("2025-01-31 10:00 +0800", tick=False):
        client.force_login(plan.lead)
        before = Page(client.get(reverse("progress:home"))).html
    with time_machine.travel("2025-02-01 10:00 +0800", tick=False):
        client.force_login(plan.lead)
        after = Page(client.get(reverse("progress:home"))).html
    assert "完成过半" in before  # task 1's June 2024 milestone, overdue
    assert "完成过半" not in after
    assert "本单位目前没有待办事项" in after


# -- queries ------------------------------------------------------------------------------


def count(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
        assert response.status_code in (200, 302)
    return len(queries)


# The 催办 of one item: 4 to know the user (besides its session), 2 for the item with its
# units (progress.access.task_for), then its milestones, its lead unit's reporters'
# addresses, its reports (the owed ones among them) and the REMINDED event.
CHASE = 10 + session_queries()
# The 报送情况 page: 4 for the user, 1 for the program, 2 for the matrix (the lead units
# with their items, then the items' reports).
MATRIX = 7 + session_queries()


@time_machine.travel("2024-12-31 10:00 +0800", tick=False)
def test_the_chase_and_the_matrix_read_the_owed_reports_in_fixed_queries(
    client, plan, django_assert_num_queries
):
    client.force_login(plan.supervisor)
    remind = reverse("supervision:remind", args=[plan.task_b.pk])
    reporting = reverse("supervision:reporting", args=[plan.program.pk])
    month = {"month": "2024-12"}
    count(client, "get", reporting, month)  # warm the content-type cache
    count(client, "post", remind, {"confirmed": "1"})
    with django_assert_num_queries(CHASE):
        client.post(remind, {"confirmed": "1"})
    with django_assert_num_queries(MATRIX):
        client.get(reporting, month)
    # More reports of item 2, and twenty more items with their own lead units.
    with time_machine.travel("2024-12-20 10:00 +0800", tick=False):
        for key in months(2024, 3, 9):
            file_report(plan.task_b, plan.other_unit, key)
    for number in range(10, 30):
        add_task(plan, number, Unit.objects.create(jurisdiction=plan.kaiping, name=f"单位{number}"))
    with django_assert_num_queries(CHASE):
        client.post(remind, {"confirmed": "1"})
    with django_assert_num_queries(MATRIX):
        client.get(reporting, month)
