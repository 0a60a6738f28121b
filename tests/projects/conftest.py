"""A small plan of 江门市 for 2024, and a unit of 开平市 with the same name as one of 江门's."""

from datetime import date
from types import SimpleNamespace

import pytest

from progress.models import ProgressRecord
from projects.choices import MilestoneKind, TaskStatus
from projects.models import (
    Category,
    Jurisdiction,
    Leader,
    Milestone,
    Program,
    Task,
    TaskLeader,
    TaskUnit,
    Unit,
    UnitAlias,
)


@pytest.fixture
def plan(db):
    jiangmen = Jurisdiction.objects.get(code="440700")
    kaiping = Jurisdiction.objects.get(code="440783")
    program = Program.objects.create(
        jurisdiction=jiangmen, year=2024, title="2024年江门市十件民生实事", is_published=True
    )
    category = Category.objects.create(program=program, number=1, name="提高底线民生保障水平")
    civil = Unit.objects.create(jurisdiction=jiangmen, name="市民政局")
    health = Unit.objects.create(jurisdiction=jiangmen, name="市卫生健康局")
    medical = Unit.objects.create(jurisdiction=jiangmen, name="市医疗保障局")
    UnitAlias.objects.create(unit=medical, name="市医保局")
    kaiping_civil = Unit.objects.create(jurisdiction=kaiping, name="市民政局")
    leader = Leader.objects.create(jurisdiction=jiangmen, name="李明")

    allowance = Task.objects.create(
        program=program,
        category=category,
        number="1",
        title="提高城乡低保标准",
        content="城乡低保标准提高到每人每月1000元以上。",
        city_level=True,
        deadline=date(2024, 12, 10),
        status=TaskStatus.IN_PROGRESS,
    )
    # The lead unit is listed second on purpose: exports must still put it first.
    TaskUnit.objects.create(task=allowance, unit=health, position=0, person="王强")
    TaskUnit.objects.create(task=allowance, unit=civil, position=1, person="张璐", is_lead=True)
    TaskLeader.objects.create(task=allowance, leader=leader)
    Milestone.objects.create(
        task=allowance,
        position=0,
        kind=MilestoneKind.DATED,
        due=date(2024, 3, 31),
        text="出台实施方案",
    )
    Milestone.objects.create(
        task=allowance,
        position=1,
        kind=MilestoneKind.DATED,
        due=date(2024, 12, 10),
        text="全面落实新标准",
    )
    ProgressRecord.objects.create(
        task=allowance,
        as_of=date(2024, 6, 30),
        status=TaskStatus.IN_PROGRESS,
        narrative="实施方案已印发。",
    )

    insurance = Task.objects.create(
        program=program,
        category=category,
        number="2",
        content="城乡居民医保财政补助标准提高到每人每年670元。",
        status=TaskStatus.COMPLETED,
    )
    TaskUnit.objects.create(task=insurance, unit=medical, position=0, person="陈芳", is_lead=True)

    return SimpleNamespace(
        jiangmen=jiangmen,
        kaiping=kaiping,
        program=program,
        category=category,
        civil=civil,
        health=health,
        medical=medical,
        kaiping_civil=kaiping_civil,
        leader=leader,
        allowance=allowance,
        insurance=insurance,
    )


def add_tasks(program, category, unit, count, start):
    """`count` more tasks of `program`, each led by `unit`."""
    for number in range(start, start + count):
        task = Task.objects.create(
            program=program, category=category, number=str(number), content=f"第{number}项任务"
        )
        TaskUnit.objects.create(task=task, unit=unit, is_lead=True, person="赵六")
