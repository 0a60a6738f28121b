"""Synthetic programs at the scale of a province, for benchmarks (not for real databases).

    python manage.py generate_scale_data [--jurisdictions 150] [--years 10] [--tasks 30]

Jurisdictions get codes 990001…; everything is drawn from a seeded random generator, so
the same arguments give the same data. Refuses to run on a database holding real programs
unless --force is given; running it again replaces the synthetic data it made before.
"""

import datetime
import random
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Account
from minsheng.lib.periods import PERIOD_END, required_periods
from progress.choices import MilestoneProgressState, ProgressSource, ReportState
from progress.models import ProgressRecord, Report
from projects import rules
from projects.choices import Cadence, MilestoneKind, TaskStatus
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
)

PREFIX = "99"
BENCH_USERNAME = "bench-supervisor"
BENCH_PASSWORD = "bench-supervisor-password"
MILESTONE_DAYS = [(3, 31), (6, 30), (9, 30), (12, 10)]
BATCH = 5000


def synthetic_jurisdictions():
    return Jurisdiction.objects.filter(code__startswith=PREFIX)


class Command(BaseCommand):
    help = "生成用于性能测试的合成数据（行政区代码 99 开头）；同样的参数生成同样的数据。"

    def add_arguments(self, parser):
        parser.add_argument("--jurisdictions", type=int, default=150)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--tasks", type=int, default=30, help="每个年度计划的项目数")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--today", help="按这一天生成报告和完成情况（YYYY-MM-DD）")
        parser.add_argument(
            "--force", action="store_true", help="数据库中已有真实数据时仍然生成"
        )

    def handle(self, *args, jurisdictions, years, tasks, seed, today=None, force=False, **opts):
        if min(jurisdictions, years, tasks) < 1 or jurisdictions > 9999:
            raise CommandError("行政区数应在 1–9999 之间，年数和项目数至少为 1。")
        real = Program.objects.exclude(jurisdiction__code__startswith=PREFIX)
        if real.exists() and not force:
            raise CommandError(
                f"数据库中已有 {real.count()} 个真实年度计划；合成数据只应放在专用的测试库里。"
                "确需生成请加 --force。"
            )
        today = datetime.date.fromisoformat(today) if today else timezone.localdate()
        started = time.monotonic()
        with transaction.atomic():
            self.clear()
            counts = Generator(random.Random(seed), today).run(jurisdictions, years, tasks)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, or the first queries plan badly
        counts["seconds"] = round(time.monotonic() - started, 1)
        self.stdout.write(
            "合成数据：" + "，".join(f"{name} {value}" for name, value in counts.items())
        )

    def clear(self):
        programs = Program.objects.filter(jurisdiction__code__startswith=PREFIX)
        # Reports and milestones go with their tasks; tasks before categories (RESTRICT).
        Task.objects.filter(program__in=programs).delete()
        programs.delete()
        Account.objects.filter(jurisdiction__code__startswith=PREFIX).delete()
        get_user_model().objects.filter(username=BENCH_USERNAME).delete()
        Unit.objects.filter(jurisdiction__code__startswith=PREFIX).delete()
        Leader.objects.filter(jurisdiction__code__startswith=PREFIX).delete()
        synthetic_jurisdictions().delete()


class Generator:
    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today

    def run(self, jurisdiction_count, years, task_count) -> dict:
        rng = self.rng
        jurisdictions = Jurisdiction.objects.bulk_create(
            Jurisdiction(
                code=f"{PREFIX}{i:04d}",
                path=f"{PREFIX}{i:04d}/",
                name=f"合成市{i}",
                short_name=f"合成{i}",
            )
            for i in range(1, jurisdiction_count + 1)
        )
        units = Unit.objects.bulk_create(
            Unit(jurisdiction=j, name=f"第{n}局") for j in jurisdictions for n in range(1, 13)
        )
        leaders = Leader.objects.bulk_create(
            Leader(jurisdiction=j, name=f"副市长{n}") for j in jurisdictions for n in range(1, 4)
        )
        units_of = {j.pk: [u for u in units if u.jurisdiction_id == j.pk] for j in jurisdictions}
        leaders_of = {
            j.pk: [x for x in leaders if x.jurisdiction_id == j.pk] for j in jurisdictions
        }
        Account.create_user(
            username=BENCH_USERNAME,
            password=BENCH_PASSWORD,
            role=Role.SUPERVISOR,
            jurisdiction=jurisdictions[0],
            first_name="合成督查室",
        )
        last_year = self.today.year
        programs = Program.objects.bulk_create(
            Program(
                jurisdiction=j,
                year=year,
                title=f"{year}年合成市十件民生实事",
                cadence=Cadence.MONTHLY,
                first_report_due=datetime.date(year, 3, 31),
            )
            for j in jurisdictions
            for year in range(last_year - years + 1, last_year + 1)
        )
        categories = Category.objects.bulk_create(
            Category(program=p, number=n, name=f"第{n}类民生实事")
            for p in programs
            for n in range(1, 11)
        )
        categories_of = {}
        for category in categories:
            categories_of.setdefault(category.program_id, []).append(category)

        tasks = []
        for program in programs:
            for n in range(1, task_count + 1):
                target = rng.random() < 0.5
                tasks.append(
                    Task(
                        program=program,
                        category=categories_of[program.pk][(n - 1) % 10],
                        number=str(n),
                        sort_key=n * 100,
                        content=f"合成项目{n}：完成第{n}项民生工程。",
                        target_value=Decimal(rng.choice([100, 500, 1000, 6000])) if target else None,
                        target_unit="人" if target else "",
                        deadline=datetime.date(program.year, 12, 10),
                    )
                )
        Task.objects.bulk_create(tasks, batch_size=BATCH)
        program_of = {p.pk: p for p in programs}

        assignments, task_leaders, milestones = [], [], []
        for task in tasks:
            program = program_of[task.program_id]
            lead, co = rng.sample(units_of[program.jurisdiction_id], 2)
            assignments.append(TaskUnit(task=task, unit=lead, position=0, is_lead=True, person="张三"))
            assignments.append(TaskUnit(task=task, unit=co, position=1, person="李四"))
            task_leaders.append(
                TaskLeader(task=task, leader=rng.choice(leaders_of[program.jurisdiction_id]))
            )
            for position, (month, day) in enumerate(MILESTONE_DAYS):
                due = datetime.date(program.year, month, day)
                done = due < self.today and rng.random() < 0.85
                milestones.append(
                    Milestone(
                        task=task,
                        position=position,
                        kind=MilestoneKind.DATED,
                        due=due,
                        text=f"{month}月{day}日前完成阶段目标{position + 1}",
                        done_on=due - datetime.timedelta(days=rng.randint(0, 20)) if done else None,
                        reported_state=MilestoneProgressState.DONE if done else "",
                    )
                )
        TaskUnit.objects.bulk_create(assignments, batch_size=BATCH)
        TaskLeader.objects.bulk_create(task_leaders, batch_size=BATCH)
        Milestone.objects.bulk_create(milestones, batch_size=BATCH)

        reports, records = self.reports(tasks, program_of)
        Report.objects.bulk_create(reports, batch_size=BATCH)
        ProgressRecord.objects.bulk_create(records, batch_size=BATCH)
        self.states(tasks, program_of, milestones, reports)
        return {
            "行政区": len(jurisdictions),
            "年度计划": len(programs),
            "项目": len(tasks),
            "节点": len(milestones),
            "报告": len(reports),
        }

    def reports(self, tasks, program_of):
        rng = self.rng
        reports, records = [], []
        for task in tasks:
            program = program_of[task.program_id]
            periods = required_periods(Cadence.MONTHLY, program.year, PERIOD_END, program.first_report_due)
            due_periods = [p for p in periods if p.start <= self.today]
            for index, period in enumerate(due_periods):
                last = index == len(due_periods) - 1
                roll = rng.random()
                if last and roll < 0.15:
                    continue  # not reported yet
                state = ReportState.APPROVED
                if last and roll < 0.25:
                    state = ReportState.SUBMITTED
                elif last and roll < 0.3:
                    state = ReportState.RETURNED
                elif last and roll < 0.35:
                    state = ReportState.DRAFT
                figure = None
                if task.target_value is not None:
                    share = min(1, (index + 1) / len(periods) + rng.uniform(-0.3, 0.1))
                    figure = (task.target_value * Decimal(max(share, 0))).quantize(Decimal("1"))
                report = Report(
                    task=task,
                    period=period.key,
                    due=period.due(PERIOD_END),
                    state=state,
                    narrative=f"{period.label}按计划推进。",
                    figure=figure,
                )
                if state != ReportState.DRAFT:
                    report.submitted_at = timezone.make_aware(
                        datetime.datetime.combine(period.end, datetime.time(17))
                    )
                reports.append(report)
                if state == ReportState.APPROVED and last:
                    task.achieved_value = figure
                    records.append(
                        ProgressRecord(
                            task=task,
                            source=ProgressSource.REPORT,
                            as_of=period.end,
                            status=TaskStatus.IN_PROGRESS,
                            narrative=report.narrative,
                        )
                    )
        return reports, records

    def states(self, tasks, program_of, milestones, reports):
        """Status, light and next report due through the same pure rules the portal uses."""
        milestones_of, reported_of = {}, {}
        for milestone in milestones:
            milestones_of.setdefault(milestone.task_id, []).append(milestone)
        for report in reports:
            if report.state in (ReportState.SUBMITTED, ReportState.APPROVED):
                reported_of.setdefault(report.task_id, set()).add(report.due)
        for task in tasks:
            program = program_of[task.program_id]
            periods = required_periods(Cadence.MONTHLY, program.year, PERIOD_END, program.first_report_due)
            facts = rules.TaskFacts(
                year_start=datetime.date(program.year, 1, 1),
                year_end=task.deadline,
                milestones=tuple(
                    rules.MilestoneFact(due=m.due, done=m.done_on is not None)
                    for m in milestones_of[task.pk]
                ),
                has_approved_report=task.achieved_value is not None,
                report_dues=tuple(p.due(PERIOD_END) for p in periods),
                reported_dues=frozenset(reported_of.get(task.pk, ())),
                target=task.target_value,
                achieved=task.achieved_value,
            )
            task.apply_state(rules.evaluate(facts, self.today))
        Task.objects.bulk_update(
            tasks,
            ["status", "light", "next_report_due", "state_valid_until", "achieved_value"],
            batch_size=BATCH,
        )
