"""Every page tells the same state of a task on the same day, and the calendar moves it.

开平 2024 (published): task 1 (milestones 31 March and 30 June, no report filed), task 2 (no
milestones, no report) and task 3, completed by its imported completion table though none
of its milestones records a date. The states are computed once, on 10 March; from then on
no job runs: each page must bring them up to date itself.
"""

import datetime
from collections import Counter

import lxml.html
import pytest
import time_machine
from django.urls import reverse

from progress.models import ProgressRecord
from projects.choices import Light, MilestoneKind, MilestoneState, TaskStatus
from projects.models import Task, TaskUnit, refresh_states
from tests.progress.conftest import world  # noqa: F401

D = datetime.date

STATUS = {str(label): value for value, label in TaskStatus.choices}
LIGHT = {str(label): value for value, label in Light.choices}
MILESTONE = {str(label): value for value, label in MilestoneState.choices}

# task 1 on each day: status, light, its milestones' states, whether its report is overdue
EXPECTED = {
    D(2024, 3, 20): ("not_started", "green", ["pending", "pending"], False),
    D(2024, 3, 28): ("not_started", "yellow", ["due_soon", "pending"], False),
    D(2024, 4, 2): ("behind", "red", ["overdue", "pending"], True),
    D(2024, 6, 25): ("behind", "red", ["overdue", "due_soon"], True),
    D(2024, 7, 2): ("behind", "red", ["overdue", "overdue"], True),
}


@pytest.fixture
def plan(world, django_user_model):  # noqa: F811
    world.program.publish()
    world.task_c = Task.objects.create(
        program=world.program, category=world.task_a.category, number="3", content="建成长者饭堂。"
    )
    TaskUnit.objects.create(task=world.task_c, unit=world.civil, position=0, is_lead=True)
    for position, due in enumerate([D(2024, 3, 15), D(2024, 5, 31)]):
        world.task_c.milestones.create(
            position=position, kind=MilestoneKind.DATED, due=due, text=f"长者饭堂节点{position}"
        )
    ProgressRecord.objects.create(
        task=world.task_c, as_of=D(2024, 3, 1), status=TaskStatus.COMPLETED, narrative="已建成。"
    )
    refresh_states(Task.objects.all(), D(2024, 3, 10))
    world.admin = django_user_model.objects.create_superuser("root", "root@example.invalid", "x")
    return world


def tree(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return lxml.html.fromstring(response.content.decode())


def text(node, xpath) -> str:
    return " ".join(node.xpath(f"string({xpath})").split())


def workbench(client, task) -> dict:
    page = tree(client, reverse("progress:task", args=[task.pk]))
    (light,) = page.xpath("//p[@class='task-state']/span[contains(@class, 'light ')]/@class")
    return {
        "status": STATUS[text(page, "//p[@class='task-state']/span[@class='status']")],
        "light": light.split("light--")[1],
        "milestones": page.xpath("//li[@class='milestone']/@data-state"),
        "report_overdue": bool(page.xpath("//p[@class='task-state']//span[contains(@class, 'due--late')]")),
    }


def public(client, task) -> dict:
    """The public item page carries the shared state in data attributes; its words are the
    public's (portal.facts): an item nobody has reported on reads 暂无进展数据, not 未启动."""
    page = tree(client, f"/440783/2024/{task.number}/")
    (status,) = page.xpath("//p[@class='item__meta']/span/@data-status")
    return {
        "status": status,
        "milestones": page.xpath("//li[contains(@class, 'timeline__item')]/@data-state"),
        "label": text(page, "//p[@class='item__meta']/span"),
    }


def admin(client, task) -> dict:
    page = tree(client, reverse("admin:projects_task_change", args=[task.pk]))

    def readonly(name):
        return text(page, f"//div[contains(@class, 'fieldBox') and contains(@class, 'field-{name}')]"
                          "//div[@class='readonly']")

    return {
        "status": STATUS[readonly("status")],
        "light": LIGHT[readonly("light")],
        "milestones": [
            MILESTONE[" ".join(td.text_content().split())]
            for td in page.xpath(
                "//tr[not(contains(@class, 'empty-form'))]/td[contains(@class, 'field-milestone_state')]"
            )
        ],
    }


def api(client) -> dict:
    data = client.get("/api/v1/tasks/", {"jurisdiction": "440783", "year": 2024}).json()
    return {
        t["number"]: {"status": t["status"], "milestones": [m["state"] for m in t["milestones"]]}
        for t in data["results"]
    }


def dashboard(client) -> dict:
    page = tree(client, reverse("supervision:dashboard"))

    def rows(section, task):
        return len([
            tr for tr in page.xpath(f"//section[@aria-labelledby='{section}-heading']//tbody/tr")
            if f"第{task.number}项" in text(tr, "./td[1]")
        ])

    lights = {
        light: int(text(page, f"//li[contains(@class, 'light-count--{light}')]/span"))
        for light in Light.values
    }
    return {"lights": lights, "rows": rows}


@pytest.mark.parametrize("day", list(EXPECTED))
def test_every_page_tells_the_same_state_on_the_same_day(client, plan, day):
    tasks = [plan.task_a, plan.task_b, plan.task_c]
    with time_machine.travel(f"{day.isoformat()} 10:00 +0800", tick=False):
        client.force_login(plan.supervisor)
        seen = {task.number: workbench(client, task) for task in tasks}
        board = dashboard(client)
        client.logout()
        published = {task.number: public(client, task) for task in tasks}
        answered = api(client)
        client.force_login(plan.admin)
        in_admin = {task.number: admin(client, task) for task in tasks}

    for task in tasks:
        mine = seen[task.number]
        label = published[task.number].pop("label")
        assert published[task.number] == {"status": mine["status"], "milestones": mine["milestones"]}
        # Task 3's completion table speaks; nobody has said anything about tasks 1 and 2.
        assert label == ("已完成" if task == plan.task_c else "暂无进展数据")
        assert answered[task.number] == {"status": mine["status"], "milestones": mine["milestones"]}
        assert in_admin[task.number] == {
            "status": mine["status"], "light": mine["light"], "milestones": mine["milestones"]
        }
        assert board["rows"]("overdue", task) == mine["milestones"].count("overdue")
        assert board["rows"]("soon", task) == mine["milestones"].count("due_soon")
        assert board["rows"]("missing", task) == int(mine["report_overdue"])
    assert board["lights"] == {**dict.fromkeys(Light.values, 0), **Counter(
        s["light"] for s in seen.values()
    )}

    status, light, milestones, report_overdue = EXPECTED[day]
    assert seen["1"] == {
        "status": status, "light": light, "milestones": milestones,
        "report_overdue": report_overdue,
    }
    # Task 2 has nothing but its reports: yellow once its March report is overdue.
    assert seen["2"]["light"] == ("yellow" if report_overdue else "green")
    assert seen["3"] == {
        "status": "completed", "light": "green", "milestones": ["done", "done"],
        "report_overdue": False,
    }


# ── the two contradictions of issue 11 ───────────────────────────────────────────────────


@time_machine.travel("2024-04-02 10:00 +0800", tick=False)
def test_the_workbench_never_calls_a_milestone_of_a_completed_task_overdue(client, plan):
    client.force_login(plan.lead)
    page = tree(client, reverse("progress:task", args=[plan.task_c.pk]))
    badges = [text(b, ".") for b in page.xpath("//li[@class='milestone']//span[contains(@class, 'badge')]")]
    assert badges == ["已完成", "已完成"]  # the portal says 已完成 too; never 已逾期


@time_machine.travel("2024-04-02 10:00 +0800", tick=False)
def test_a_task_whose_report_is_overdue_does_not_read_green_beside_it(client, plan):
    client.force_login(plan.supervisor)
    home = tree(client, reverse("progress:home"))
    page = tree(client, reverse("progress:task", args=[plan.task_b.pk]))
    state = text(page, "//p[@class='task-state']")
    assert "报告已逾期" in state
    assert "黄灯" in state and "绿灯" not in state
    (row,) = [tr for tr in home.xpath("//tr") if "新建幼儿园" in text(tr, ".")]
    assert "黄灯" in text(row, ".") and "报告已逾期" in text(row, ".")


def test_the_light_moves_with_the_calendar_without_the_daily_job(client, plan):
    client.force_login(plan.lead)
    for day, light in [("2024-03-20", "绿灯"), ("2024-03-28", "黄灯"), ("2024-04-01", "红灯")]:
        with time_machine.travel(f"{day} 10:00 +0800", tick=False):
            page = tree(client, reverse("progress:home"))
        assert light in text(page, "//li[contains(@class, 'task-card')]//span[contains(@class, 'light ')]")


READERS = {
    "workbench home": lambda p: (p.supervisor, reverse("progress:home")),
    "workbench task page": lambda p: (p.supervisor, reverse("progress:task", args=[p.task_a.pk])),
    "dashboard": lambda p: (p.supervisor, reverse("supervision:dashboard")),
    "dashboard export": lambda p: (p.supervisor, reverse("supervision:export")),
    "admin task list": lambda p: (p.admin, reverse("admin:projects_task_changelist")),
    "admin task page": lambda p: (p.admin, reverse("admin:projects_task_change", args=[p.task_a.pk])),
    "admin milestone list": lambda p: (p.admin, reverse("admin:projects_milestone_changelist")),
    "portal home": lambda p: (None, "/"),
    "public program page": lambda p: (None, "/440783/2024/"),
    "public item page": lambda p: (None, "/440783/2024/1/"),
    "public search": lambda p: (None, "/search/?status=behind"),
    "public CSV": lambda p: (None, "/440783/2024/download.csv"),
    "public Excel": lambda p: (None, "/440783/2024/download.xlsx"),
    "API tasks": lambda p: (None, "/api/v1/tasks/"),
    "API programs": lambda p: (None, "/api/v1/programs/"),
    "API program": lambda p: (None, "/api/v1/programs/440783/2024/"),
}


@pytest.mark.parametrize("reader", list(READERS))
def test_each_reader_brings_the_state_it_reads_up_to_date(client, plan, reader):
    user, url = READERS[reader](plan)
    with time_machine.travel("2024-04-02 10:00 +0800", tick=False):
        if user:
            client.force_login(user)
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    task_a = Task.objects.get(pk=plan.task_a.pk)
    assert (task_a.status, task_a.light) == (TaskStatus.BEHIND, Light.RED)
    assert task_a.state_valid_until == D(2024, 6, 23)
