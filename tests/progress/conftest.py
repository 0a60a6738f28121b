"""Personas for the reporting workflow (the healthchecks alice/bob/charlie habit).

开平市 2024 has two tasks. Task A is led by 市民政局 with 市财政局 as co-unit; task B is led by
市教育局. Reports are monthly, due at each month's end, the first one by 31 March.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from accounts.choices import Role
from accounts.models import Account
from projects.choices import MilestoneKind
from projects.models import Category, Jurisdiction, Milestone, Program, Task, TaskUnit, Unit

PASSWORD = "a-long-demo-password-2024"


@pytest.fixture
def world(db):
    kaiping = Jurisdiction.objects.get(code="440783")
    jiangmen = Jurisdiction.objects.get(code="440700")
    program = Program.objects.create(
        jurisdiction=kaiping,
        year=2024,
        title="2024年开平市十件民生实事项目",
        first_report_due=date(2024, 3, 31),
    )
    category = Category.objects.create(program=program, number=1, name="提升就业保障水平")
    civil = Unit.objects.create(jurisdiction=kaiping, name="市民政局")
    finance = Unit.objects.create(jurisdiction=kaiping, name="市财政局")
    education = Unit.objects.create(jurisdiction=kaiping, name="市教育局")

    task_a = Task.objects.create(
        program=program,
        category=category,
        number="1",
        content="新增就业6000人以上。",
        target_value=Decimal("6000"),
        target_unit="人",
    )
    TaskUnit.objects.create(task=task_a, unit=civil, position=0, is_lead=True, person="张璐")
    TaskUnit.objects.create(task=task_a, unit=finance, position=1, person="李四")
    march = Milestone.objects.create(
        task=task_a, position=0, kind=MilestoneKind.DATED, due=date(2024, 3, 31), text="出台方案"
    )
    june = Milestone.objects.create(
        task=task_a, position=1, kind=MilestoneKind.DATED, due=date(2024, 6, 30), text="完成过半"
    )
    task_b = Task.objects.create(
        program=program, category=category, number="2", content="新建幼儿园3所。"
    )
    TaskUnit.objects.create(task=task_b, unit=education, position=0, is_lead=True)

    def make(username, role, jurisdiction, unit=None):
        return Account.create_user(
            username=username,
            password=PASSWORD,
            role=role,
            jurisdiction=jurisdiction,
            unit=unit,
            first_name=username,
            email=f"{username}@example.invalid",
        ).user

    return SimpleNamespace(
        kaiping=kaiping,
        jiangmen=jiangmen,
        program=program,
        civil=civil,
        finance=finance,
        education=education,
        task_a=task_a,
        task_b=task_b,
        march=march,
        june=june,
        supervisor=make("kp-office", Role.SUPERVISOR, kaiping),
        city_supervisor=make("jm-office", Role.SUPERVISOR, jiangmen),
        lead=make("civil-reporter", Role.REPORTER, kaiping, civil),
        co_unit=make("finance-reporter", Role.REPORTER, kaiping, finance),
        other_unit=make("education-reporter", Role.REPORTER, kaiping, education),
    )


def report_post(milestones=(), *, version="", submit=False, **fields):
    """The report form's POST data; `milestones` maps a milestone to its line."""
    data = {"narrative": "本月新增就业800人。", "figure": "3000", "version": version}
    data.update(fields)
    for milestone, line in dict(milestones).items():
        for key, value in line.items():
            data[f"m{milestone.pk}-{key}"] = value
    data["submit" if submit else "save"] = "1"
    if submit:
        data.setdefault("confirm", "on")  # the unit ticks 「确认提交」
    return data
