"""A demo programme for the current year, so a newcomer sees an ordinary week.

The 2024 demo lies in the past: every one of its items is red. This copies 开平 2024 to
this year (开平, today's year, its title marked 演示), moves every date by the years between,
and files its reports through the real workflow: most items approved and green, one reported
behind (yellow), one with its milestone overdue (red), and for the last period due one report
awaiting review, one returned, one draft and one not filed, and a request for more time
awaiting the office. Past months are dated in their months (`filed_on`). Running it again
adds nothing.
"""

import datetime
from contextlib import contextmanager

from auditlog.models import LogEntry
from django.db import transaction
from django.utils import timezone

from minsheng.lib.periods import Period
from projects.models import Category, Leader, Milestone, Program, Task, TaskLeader, TaskUnit

from . import workflow
from .choices import ChangeKind, MilestoneProgressState
from .models import ChangeRequest, ProgressRecord, Report, TaskEvent

DEMO_MARK = "（演示）"
DEMO_LEADERS = ["王副市长", "李副市长", "陈副市长"]


def moved(day: datetime.date | None, years: int) -> datetime.date | None:
    """`day` in the same month and day `years` later (29 February becomes the 28th)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def load_current_year_demo(source, reporters, supervisor, today=None) -> list[str]:
    """Copy `source` (开平 2024) to today's year and give it a week's worth of reports."""
    today = today or timezone.localdate()
    years = today.year - source.year
    if years <= 0:
        return []
    program = Program.objects.filter(jurisdiction=source.jurisdiction, year=today.year).first()
    lines = []
    if program is None:
        program = copy_program(source, today.year, years)
        lines.append(f"已生成演示计划：{program.title}（日期由{source.year}年顺延）。")
    elif DEMO_MARK not in program.title:
        return []  # a real programme of this year: never touch it
    if not Report.objects.filter(task__program=program).exists():
        file_week(program, reporters, supervisor, today)
        lines.append(f"已生成{program.title}的演示报告（按时、滞后、逾期、待审核、退回、草稿各有）。")
    return lines


def copy_program(source, year: int, years: int) -> Program:
    program = Program.objects.create(
        jurisdiction=source.jurisdiction, year=year,
        title=f"{year}年开平市十件民生实事项目{DEMO_MARK}",
        declared_items=source.declared_items, declared_matters=source.declared_matters,
        cadence=source.cadence, report_due_rule=source.report_due_rule,
        first_report_due=moved(source.first_report_due, years),
    )
    leaders = [
        Leader.objects.get_or_create(jurisdiction=source.jurisdiction, name=name)[0]
        for name in DEMO_LEADERS
    ]
    categories = {}
    for category in source.categories.order_by("number"):
        categories[category.pk] = Category.objects.create(
            program=program, number=category.number, name=category.name,
            declared_items=category.declared_items,
        )
    for index, task in enumerate(Task.objects.for_program(source).prefetch_related(
        "assignments", "milestones"
    )):
        copy = Task.objects.create(
            program=program, category=categories[task.category_id], number=task.number,
            title=task.title, content=task.content, city_level=task.city_level,
            deadline=moved(task.deadline, years), target_value=task.target_value,
            target_unit=task.target_unit,
        )
        for assignment in task.assignments.all():
            TaskUnit.objects.create(
                task=copy, unit_id=assignment.unit_id, position=assignment.position,
                is_lead=assignment.is_lead, person=assignment.person,
            )
        for milestone in task.milestones.all():
            Milestone.objects.create(
                task=copy, position=milestone.position, kind=milestone.kind,
                first_quarter=milestone.first_quarter, last_quarter=milestone.last_quarter,
                due=moved(milestone.due, years), text=milestone.text,
            )
        # The leader column of the dashboard: each item supervised by one demo leader.
        TaskLeader.objects.create(task=copy, leader=leaders[index % len(leaders)], position=0)
    return program


def punctual(period: Period, rule: str) -> datetime.datetime:
    """Two days before the report is due, at ten: when a punctual unit files it."""
    day = period.due(rule) - datetime.timedelta(days=2)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


# What filing a report writes, with the time columns it stamps.
STAMPED = [
    (Report, ("created", "last_updated", "submitted_at", "reviewed_at")),
    (TaskEvent, ("at",)),
    (ChangeRequest, ("requested_at", "decided_at")),
    (ProgressRecord, ("created", "last_updated")),
    (LogEntry, ("timestamp",)),
]


@contextmanager
def filed_on(moment: datetime.datetime):
    """Everything the block files carries `moment`, as if done then: the reports, their
    handling records, change requests, progress texts and audit trail of a past month (the
    workflow stamps the present, so whatever it stamped from the block's start on)."""
    started = timezone.now()
    yield
    for model, fields in STAMPED:
        for field in fields:
            model.objects.filter(**{f"{field}__gte": started}).update(**{field: moment})


def file_week(program, reporters, supervisor, today) -> None:
    rule = program.report_due_rule
    due = [p for p in program.reporting_periods() if p.due(rule) < today]
    tasks = [t for t in Task.objects.for_program(program).prefetch_related(
        "assignments__unit", "milestones") if t.lead_unit and t.lead_unit.pk in reporters]
    if not due or len(tasks) < 6:
        return
    red, yellow, waiting, returned, drafting, silent = tasks[:6]

    def file(task, period, *, done=True, behind=False, submit=True):
        user = reporters[task.lead_unit.pk]
        updates = []
        for milestone in workflow.milestones_for_period(task, period):
            finished = done and milestone.due <= period.end and task is not red
            update = {"milestone": milestone, "state": MilestoneProgressState.ON_TRACK,
                      "done_on": None, "reason": "", "remedy": ""}
            if finished:
                update.update(state=MilestoneProgressState.DONE,
                              done_on=min(milestone.due, period.end) - datetime.timedelta(days=3))
            elif behind:
                update.update(state=MilestoneProgressState.BEHIND,
                              reason="项目用地手续仍在办理。", remedy="已协调自然资源部门加快审批，下月补上进度。")
            updates.append(update)
        figure = task.target_value * period.index // 12 if task.target_value is not None else None
        report = workflow.save_report(
            task, period, user, narrative=f"{period.label}按计划推进第{task.number}项工作。",
            figure=figure, declares_complete=False, updates=updates, version=None,
        )
        if submit:
            workflow.submit(report, user)
        return report

    for task in tasks:
        for period in due:
            last = period == due[-1]
            if last and task in (waiting, returned, drafting, silent):
                continue
            with filed_on(punctual(period, rule)):
                report = file(task, period, behind=task is yellow and last)
                workflow.approve(report, supervisor, "情况属实。")
    # The last period due: one waiting for review, one returned, one a draft, one not filed.
    last = due[-1]
    file(waiting, last)
    workflow.return_report(file(returned, last), supervisor, "请补充现场照片和资金拨付凭证。")
    file(drafting, last, submit=False)
    # This week's request for more time, waiting for the office's decision.
    ahead = next((m for t in tasks[6:] for m in t.milestones.all() if m.due > today), None)
    if ahead is not None:
        workflow.request_change(
            ahead, reporters[ahead.task.lead_unit.pk], kind=ChangeKind.EXTENSION,
            proposed_due=ahead.due + datetime.timedelta(days=20),
            reason="受施工许可审批时间影响，申请顺延20天。",
        )
    for task in tasks:
        task.refresh_state(today)
