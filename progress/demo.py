"""Demo logins and reports on 开平市 2024, so every workbench screen has something to show.

Everything goes through the real workflow functions. Running it again adds nothing twice.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.choices import Role
from accounts.models import Account
from minsheng.lib.periods import Period
from projects.models import Jurisdiction, Program, Task

from . import workflow
from .choices import ChangeKind, MilestoneProgressState
from .demo_week import DEMO_MARK, filed_on, load_current_year_demo, punctual
from .models import Report

DEMO_PASSWORD = "minsheng-demo"
SUPERVISORS = [("jm-dcs", "440700", "江门市督查室"), ("kp-dcs", "440783", "开平市督查室")]
KAIPING, DEMO_YEAR = "440783", 2024


def demo_reporter_username(index: int) -> str:
    return f"kp-unit{index:02d}"


@transaction.atomic
def load_reporting_demo() -> list[str]:
    lines = []
    User = get_user_model()
    supervisors = {}
    for username, code, name in SUPERVISORS:
        user = User.objects.filter(username=username).first()
        if user is None:
            account = Account.create_user(
                username=username,
                password=DEMO_PASSWORD,
                role=Role.SUPERVISOR,
                jurisdiction=Jurisdiction.objects.get(code=code),
                first_name=name,
                email=f"{username}@example.invalid",
            )
            user = account.user
            lines.append(f"已创建督查室账号 {username} / {DEMO_PASSWORD}")
        supervisors[code] = user
    program = Program.objects.filter(jurisdiction__code=KAIPING, year=DEMO_YEAR).first()
    if program is None:
        return lines
    tasks = list(Task.objects.for_program(program).prefetch_related("assignments__unit"))
    lead_units = []
    for task in tasks:
        unit = task.lead_unit
        if unit is not None and unit not in lead_units:
            lead_units.append(unit)
    reporters = {}
    for index, unit in enumerate(lead_units, start=1):
        username = demo_reporter_username(index)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = Account.create_user(
                username=username,
                password=DEMO_PASSWORD,
                role=Role.REPORTER,
                jurisdiction=program.jurisdiction,
                unit=unit,
                first_name=f"{unit.name}填报员",
                email=f"{username}@example.invalid",
            ).user
            lines.append(f"已创建单位账号 {username}（{unit.name}）/ {DEMO_PASSWORD}")
        reporters[unit.pk] = user
    if not Report.objects.filter(task__program=program).exists():
        file_demo_reports(tasks, reporters, supervisors[KAIPING], program.report_due_rule)
        lines.append("已生成开平市2024年演示报告（按月报送并已审核，日期在2024年）。")
    # This year's copy of 开平 2024, so the demo shows an ordinary week (see demo_week).
    lines += load_current_year_demo(program, reporters, supervisors[KAIPING])
    for task in Task.objects.select_related("program__jurisdiction"):
        task.refresh_state()
    # The five source documents were published by their governments: so are the programs
    # (not the demo copy of this year).
    published = sum(
        p.publish() for p in Program.objects.filter(year__lt=2100).exclude(title__contains=DEMO_MARK)
    )
    if published:
        lines.append(f"已公开 {published} 个年度计划。")
    return lines


def file_demo_reports(tasks, reporters, supervisor, rule) -> None:
    """A year that has closed: every report filed in its month and approved (one returned
    first and filed again), the change requests decided, all dated in 2024."""
    march, april = Period(DEMO_YEAR, 3), Period(DEMO_YEAR, 4)

    def file(task, period, narrative, done=True, version=None):
        user = reporters[task.lead_unit.pk]
        updates = []
        for milestone in workflow.milestones_for_period(task, period):
            if milestone.due <= period.end and done:
                updates.append(
                    {"milestone": milestone, "state": MilestoneProgressState.DONE,
                     "done_on": min(milestone.due, period.end) - datetime.timedelta(days=3),
                     "reason": "", "remedy": ""}
                )
            else:
                updates.append(
                    {"milestone": milestone, "state": MilestoneProgressState.ON_TRACK,
                     "done_on": None, "reason": "", "remedy": ""}
                )
        figure = task.target_value / 2 if task.target_value is not None else None
        report = workflow.save_report(
            task, period, user, narrative=narrative, figure=figure,
            declares_complete=False, updates=updates, version=version,
        )
        workflow.submit(report, user)
        return report

    # March: most lead units reported and the office approved.
    for task in tasks[:8]:
        with filed_on(punctual(march, rule)):
            report = file(task, march, f"已按节点计划推进第{task.number}项工作，一季度节点目标已完成。")
            workflow.approve(report, supervisor, "情况属实。")
    # April: approved; one returned for more detail and approved once completed.
    with filed_on(punctual(april, rule)):
        report = file(tasks[0], april, "4月继续做好政策宣传和经办培训，举办现场宣传活动1场。")
        workflow.approve(report, supervisor, "情况属实。")
        returned = file(tasks[1], april, "4月工作正常推进。")
        workflow.return_report(returned, supervisor, "请补充宣传活动场次和印发手册数量。")
    with filed_on(punctual(april, rule) + datetime.timedelta(days=1)):
        returned.refresh_from_db()
        completed = file(tasks[1], april, "4月举办宣传活动2场，印发宣传手册2000份。",
                         version=returned.version)
        workflow.approve(completed, supervisor, "情况属实。")
        report = file(tasks[2], april, "4月新增2家定点医疗机构开通异地就医直接结算。")
        workflow.approve(report, supervisor, "情况属实。")
    # An extension and a target adjustment, both decided.
    later = [t for t in tasks[3:] if t.milestones.exists()]
    if len(later) >= 2:
        first, second = (t.milestones.order_by("-due").first() for t in later[:2])
        with filed_on(punctual(april, rule) + datetime.timedelta(days=5)):
            extension = workflow.request_change(
                first, reporters[later[0].lead_unit.pk], kind=ChangeKind.EXTENSION,
                proposed_due=first.due + datetime.timedelta(days=20),
                reason="受施工许可审批时间影响，申请顺延20天。",
            )
            change = workflow.request_change(
                second, reporters[later[1].lead_unit.pk], kind=ChangeKind.ADJUSTMENT,
                proposed_text=second.text + "（按上级最新要求调整）",
                proposed_due=second.due + datetime.timedelta(days=10),
                reason="上级部门调整了工作要求。",
            )
            workflow.decide_change(extension, supervisor, grant=True, comment="同意顺延。")
            workflow.decide_change(change, supervisor, grant=True, comment="同意调整。")
