"""Weekly job: mail each unit its to-do list (本期待办), the one on its workbench home.

Once per unit and ISO week, however often it runs; run it on Monday morning, e.g.
    0 8 * * 1  cd /srv/minsheng && .venv/bin/python manage.py send_weekly_todo
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account
from minsheng.lib.mail import absolute_url, send_templated
from progress.models import WeeklyTodoLog
from progress.todo import unit_todo
from projects.models import Unit


class Command(BaseCommand):
    help = "给每个有待办事项的责任单位的填报员发送本周待办清单；每个单位每周只发一次。"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按这一天计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, today=None, **options):
        try:
            today = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today 应写作 YYYY-MM-DD，而不是“{today}”。") from exc
        year, week, _weekday = today.isocalendar()
        week_key = f"{year}-W{week:02d}"
        sent = already = empty = 0
        units = Unit.objects.filter(accounts__isnull=False).distinct().order_by("pk")
        for unit in units:
            recipients = Account.objects.reporter_emails(unit)
            if not recipients:
                continue
            todo = unit_todo(unit, today)
            if not todo:
                empty += 1
                continue
            if self.send(unit, week_key, todo, recipients):
                sent += 1
            else:
                already += 1
        self.stdout.write(
            f"{week_key}：发送待办 {sent} 封；本周已发过 {already} 个单位；无待办 {empty} 个单位。"
        )

    def send(self, unit, week_key, todo, recipients) -> bool:
        """Claim the week first, then send: a second run the same week sends nothing."""
        try:
            with transaction.atomic():
                log = WeeklyTodoLog.objects.create(
                    unit=unit, week=week_key, recipients=", ".join(recipients)
                )
        except IntegrityError:
            return False
        context = {
            "unit": unit,
            "todo": todo,
            "week": week_key,
            "home": absolute_url(reverse("progress:home")),
        }
        _add_links(todo)
        try:
            send_templated("weekly_todo", context, recipients)
        except Exception:
            log.delete()  # not sent: the next run tries again
            raise
        return True


def _add_links(todo) -> None:
    """Give every line of the list its absolute address, for the mail to print."""
    for line in todo.owed:
        line.link = _report_link(line.task.pk, line.period.key)
    for report in todo.drafts + todo.returned:
        report.link = _report_link(report.task_id, report.period)
    for thing in todo.milestones + todo.notices:
        thing.link = absolute_url(reverse("progress:task", kwargs={"pk": thing.task_id}))


def _report_link(task_id, period) -> str:
    return absolute_url(reverse("progress:report", kwargs={"pk": task_id, "period": period}))
