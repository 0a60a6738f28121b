"""Daily job: recompute every open task's state, then remind units of reports due or overdue.

Run once a day from cron, e.g. at 08:00:
    0 8 * * *  cd /srv/minsheng && .venv/bin/python manage.py send_reminders
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account
from progress.choices import EventKind, ReminderKind
from progress.models import ReminderLog
from progress.workflow import record
from projects.choices import TaskStatus
from projects.models import Task, refresh_states


class Command(BaseCommand):
    help = (
        "刷新未完成项目的状态和预警灯，并给报告即将到期（--days 天内）或已逾期的牵头单位"
        "填报员发邮件提醒；每个项目每期每种提醒只发一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3, help="提前几天提醒（默认 3）")
        parser.add_argument("--today", help="按这一天计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, days, today=None, **options):
        if days < 0:
            raise CommandError("--days 不能为负数。")
        try:
            today = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today 应写作 YYYY-MM-DD，而不是“{today}”。") from exc
        refreshed = self.refresh_states(today)
        sent, skipped = self.send_due(today, days)
        self.stdout.write(f"刷新状态 {refreshed} 项；发送提醒 {sent} 封；无人可发 {skipped} 项。")

    def refresh_states(self, today) -> int:
        """Every open task, in bulk: pages refresh what they read past its state_valid_until,
        and this catches anything else (a task saved without its state computed)."""
        return refresh_states(Task.objects.exclude(status=TaskStatus.COMPLETED), today)

    def send_due(self, today, days) -> tuple[int, int]:
        sent = skipped = 0
        horizon = today + datetime.timedelta(days=days)
        tasks = (
            Task.objects.report_due_by(horizon)
            .exclude(status=TaskStatus.COMPLETED)
            .select_related("program__jurisdiction")
            .prefetch_related("assignments__unit")
        )
        for task in tasks:
            kind = ReminderKind.OVERDUE if task.report_overdue(today) else ReminderKind.DUE_SOON
            period = task.program.period_due_on(task.next_report_due)
            recipients = self.recipients(task)
            if not recipients:
                skipped += 1
                self.stderr.write(f"{task.program} 第{task.number}项：牵头单位没有可接收邮件的账号。")
                continue
            if self.remind(task, period, kind, recipients):
                sent += 1
        return sent, skipped

    def recipients(self, task) -> list[str]:
        lead = task.lead_unit
        if lead is None:
            return []
        return Account.objects.reporter_emails(lead)

    def remind(self, task, period, kind, recipients) -> bool:
        """Claim the reminder first, then send: a run killed midway never sends twice."""
        try:
            with transaction.atomic():
                log = ReminderLog.objects.create(
                    task=task, period=period.key, kind=kind, recipients=", ".join(recipients)
                )
        except IntegrityError:
            return False  # sent on an earlier run
        due = task.next_report_due
        if kind == ReminderKind.OVERDUE:
            subject = f"【催报】{task.program} 第{task.number}项 {period.label}进展报告已逾期"
            opening = f"{period.label}的进展报告应于{due.month}月{due.day}日前报送，至今尚未提交。"
        else:
            subject = f"【提醒】{task.program} 第{task.number}项 {period.label}进展报告即将到期"
            opening = f"{period.label}的进展报告请于{due.month}月{due.day}日前报送。"
        link = settings.SITE_URL.rstrip("/") + reverse(
            "progress:report", kwargs={"pk": task.pk, "period": period.key}
        )
        body = (
            f"{task.lead_unit}：\n\n{opening}\n\n"
            f"项目：第{task.number}项 {task.title or task.content[:60]}\n"
            f"填报地址：{link}\n\n{task.program.jurisdiction}人民政府办公室督查室"
        )
        try:
            send_mail(subject, body, None, recipients)
        except Exception:
            log.delete()  # not sent: the next run tries again
            raise
        record(task, EventKind.REMINDED, None, note=f"{ReminderKind(kind).label}：{period.label}")
        return True
