"""The supervision office's morning on 15 April 2024, and helpers to read its dashboard.

On top of the personas (`world`): 王副市长 supervises task A, 陈副市长 task B; every task's
stored light, status and next report date are recomputed for 15 April before a test runs.
"""

import datetime

import lxml.html
import pytest
import time_machine
from django.urls import reverse

from minsheng.lib.periods import Period
from progress import workflow
from progress.choices import MilestoneProgressState
from projects.choices import MilestoneKind
from projects.models import Category, Leader, Milestone, Program, Task, TaskLeader, TaskUnit, Unit
from tests.progress.conftest import world  # noqa: F401

APRIL_15 = "2024-04-15 10:00 +0800"
TODAY = datetime.date(2024, 4, 15)
DASHBOARD = "supervision:dashboard"


@pytest.fixture
def frozen():
    with time_machine.travel(APRIL_15, tick=False):
        yield TODAY


@pytest.fixture
def office(frozen, world):  # noqa: F811
    """The personas on 15 April, with a supervising leader on each task."""
    world.wang = Leader.objects.create(jurisdiction=world.kaiping, name="王副市长")
    world.chen = Leader.objects.create(jurisdiction=world.kaiping, name="陈副市长")
    TaskLeader.objects.create(task=world.task_a, leader=world.wang, position=0)
    TaskLeader.objects.create(task=world.task_b, leader=world.chen, position=0)
    refresh(world.task_a, world.task_b)
    return world


@pytest.fixture
def jiangmen_task(office):
    """江门's own 2024 programme, with one task whose April milestone is overdue."""
    program = Program.objects.create(
        jurisdiction=office.jiangmen, year=2024, title="2024年江门市十件民生实事",
        first_report_due=datetime.date(2024, 3, 31),
    )
    category = Category.objects.create(program=program, number=1, name="办好人民满意教育")
    unit = Unit.objects.create(jurisdiction=office.jiangmen, name="江门市人社局")
    return add_task(
        office, 7, unit, dues=[datetime.date(2024, 4, 1)], category=category, program=program
    )


def refresh(*tasks):
    for task in tasks:
        Task.objects.get(pk=task.pk).refresh_state(TODAY)
        task.refresh_from_db()


def add_task(personas, number, lead, *, dues=(), leaders=(), category=None, co_units=(),
             person="", program=None):
    """A task of 开平 2024 (or `program`) led by `lead`, with dated milestones due on `dues`."""
    program = program or personas.program
    task = Task.objects.create(
        program=program, category=category or personas.task_a.category, number=str(number),
        content=f"第{number}项民生实事",
    )
    TaskUnit.objects.create(task=task, unit=lead, position=0, is_lead=True, person=person)
    for position, unit in enumerate(co_units, start=1):
        TaskUnit.objects.create(task=task, unit=unit, position=position)
    for position, due in enumerate(dues):
        Milestone.objects.create(
            task=task, position=position, kind=MilestoneKind.DATED, due=due,
            text=f"第{number}项节点{position + 1}",
        )
    for position, leader in enumerate(leaders):
        TaskLeader.objects.create(task=task, leader=leader, position=position)
    refresh(task)
    return task


def add_milestone(task, due, text):
    position = task.milestones.count()
    milestone = Milestone.objects.create(
        task=task, position=position, kind=MilestoneKind.DATED, due=due, text=text
    )
    refresh(task)
    return milestone


def add_category(personas, number, name):
    return Category.objects.create(program=personas.program, number=number, name=name)


def file_report(task, user, period="2024-03", states=None, *, declares_complete=False,
                figure=None):
    """Save and submit the lead unit's report; milestones not in `states` are on track."""
    period = Period.parse(period)
    states = states or {}
    updates = []
    for milestone in workflow.milestones_for_period(task, period):
        update = {"milestone": milestone, "state": MilestoneProgressState.ON_TRACK,
                  "done_on": None, "reason": "", "remedy": ""}
        update.update(states.get(milestone.pk, {}))
        updates.append(update)
    if figure is None and task.target_value is not None:
        figure = 1000
    report = workflow.save_report(
        task, period, user, narrative="本月按计划推进。", figure=figure,
        declares_complete=declares_complete, updates=updates, version=None,
    )
    workflow.submit(report, user)
    report.refresh_from_db()
    task.refresh_from_db()
    return report


def grant_extension(personas, milestone, new_due):
    request = workflow.request_change(
        milestone, personas.lead, kind="extension", reason="资金未到位", proposed_due=new_due
    )
    workflow.decide_change(request, personas.supervisor, grant=True, comment="同意")
    milestone.refresh_from_db()
    milestone.task.refresh_from_db()
    return milestone


class Page:
    """The dashboard as its reader sees it: sections, their counts and their table rows."""

    def __init__(self, response):
        assert response.status_code == 200, response.status_code
        self.response = response
        self.html = response.content.decode()
        self.tree = lxml.html.fromstring(self.html)

    def section(self, name):
        (section,) = self.tree.xpath(f"//section[@aria-labelledby='{name}-heading']")
        return section

    def heading(self, name) -> str:
        return self.section(name).xpath("string(.//h2)").strip()

    def count(self, name) -> int:
        return int(self.section(name).xpath("string(.//h2/span[@class='count'])"))

    def rows(self, name) -> list[list[str]]:
        """The cells' text of each row of the section's table, empty-state row left out."""
        rows = []
        for tr in self.section(name).xpath(".//table/tbody/tr"):
            if tr.xpath("./td[contains(@class, 'empty-state')]"):
                continue
            rows.append([" ".join(cell.text_content().split()) for cell in tr.xpath("./th|./td")])
        return rows

    def row(self, name, containing) -> list[str]:
        found = [r for r in self.rows(name) if any(containing in cell for cell in r)]
        assert len(found) == 1, (containing, self.rows(name))
        return found[0]

    def listed(self, name) -> str:
        return " | ".join(" ".join(r) for r in self.rows(name))

    def lights(self) -> dict[str, int]:
        return {
            light: int(self.tree.xpath(
                f"string(//li[contains(@class, 'light-count--{light}')]"
                "/span[@class='light-count__n'])"
            ))
            for light in ("red", "yellow", "green")
        }

    def has(self, name) -> bool:
        return bool(self.tree.xpath(f"//section[@aria-labelledby='{name}-heading']"))

    def refusal(self) -> str:
        """The error shown instead of the figures when a filter is refused ("" if none)."""
        return " ".join(self.tree.xpath("string(//*[@id='filter-refused'])").split())

    def table(self, name) -> dict[str, list[str]]:
        """A summary table keyed by the row header (unit, leader, category, month)."""
        return {r[0]: r[1:] for r in self.rows(name)}


def dashboard(client, **params) -> Page:
    return Page(client.get(reverse(DASHBOARD), params))
