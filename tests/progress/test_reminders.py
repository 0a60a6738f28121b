"""The daily send_reminders job: who gets mail, when, and only once.

开平 2024 wants each month's report by the month's end, the first one by 31 March. Task A is
led by 市民政局 (co-unit 市财政局), task B by 市教育局.
"""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from accounts.choices import Role
from accounts.models import Account
from minsheng.lib.periods import Period
from progress import workflow
from progress.choices import EventKind, ReminderKind
from progress.models import ReminderLog, TaskEvent
from projects.choices import Light, TaskStatus
from projects.models import Task, TaskUnit, Unit

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

SITE = "https://minsheng.example.cn"


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def remind(day: str, **options) -> tuple[str, str]:
    """Run the job as cron would on the morning of `day`; return its stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with time_machine.travel(f"{day} 08:00 +0800", tick=False):
        call_command("send_reminders", days=3, today=day, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def mails_to(outbox, address):
    return [m for m in outbox if address in m.to]


def march_link(task) -> str:
    return SITE + reverse("progress:report", kwargs={"pk": task.pk, "period": "2024-03"})


def submit_march(world):
    with time_machine.travel("2024-03-28 16:00 +0800", tick=False):
        report = workflow.save_report(
            world.task_a,
            Period(2024, 3),
            world.lead,
            narrative="三月新增就业2600人。",
            figure=Decimal("2600"),
            declares_complete=False,
            updates=[
                {
                    "milestone": world.march,
                    "state": "done",
                    "done_on": datetime.date(2024, 3, 28),
                    "reason": "",
                    "remedy": "",
                }
            ],
            version=None,
        )
        workflow.submit(report, world.lead)


# -- due soon ----------------------------------------------------------------------------------


def test_a_report_due_within_three_days_is_announced_to_the_lead_unit_only(world, mailoutbox):
    remind("2024-03-29")

    [mail] = [m for m in mailoutbox if "第1项" in m.subject]
    assert mail.to == [world.lead.email]
    assert world.co_unit.email not in mail.to + mail.cc + mail.bcc
    assert "2024年3月" in mail.subject
    assert "即将到期" in mail.subject
    assert "3月31日前" in mail.body
    assert march_link(world.task_a) in mail.body
    assert "市民政局" in mail.body


def test_each_lead_unit_gets_its_own_mail(world, mailoutbox):
    remind("2024-03-29")

    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.lead.email, world.other_unit.email])
    assert not mails_to(mailoutbox, world.co_unit.email)
    assert not mails_to(mailoutbox, world.supervisor.email)


def test_a_report_due_later_than_the_window_is_not_announced_yet(world, mailoutbox):
    remind("2024-03-27")

    assert mailoutbox == []
    assert not ReminderLog.objects.exists()


def test_running_again_the_same_day_sends_nothing_more(world, mailoutbox):
    remind("2024-03-29")
    sent = len(mailoutbox)

    out, _err = remind("2024-03-29")

    assert sent == 2
    assert len(mailoutbox) == sent
    assert "发送提醒 0 封" in out


def test_the_reminder_is_logged_and_written_to_the_task_history(world, mailoutbox):
    remind("2024-03-29")

    log = ReminderLog.objects.get(task=world.task_a)
    assert (log.period, log.kind) == ("2024-03", ReminderKind.DUE_SOON)
    assert log.recipients == world.lead.email
    event = TaskEvent.objects.get(task=world.task_a, kind=EventKind.REMINDED)
    assert event.actor is None
    assert "2024年3月" in event.note
    assert "即将到期" in event.note


# -- overdue -----------------------------------------------------------------------------------


def test_an_overdue_report_is_chased_once(world, mailoutbox):
    remind("2024-03-29")
    remind("2024-04-02")

    chasers = [m for m in mails_to(mailoutbox, world.lead.email) if "已逾期" in m.subject]
    assert len(chasers) == 1
    [chaser] = chasers
    assert chaser.subject.startswith("【催报】")
    assert "2024年3月" in chaser.subject
    assert "至今尚未提交" in chaser.body
    assert march_link(world.task_a) in chaser.body

    remind("2024-04-02")
    remind("2024-04-03")
    assert len([m for m in mailoutbox if "已逾期" in m.subject]) == 2  # one per task, ever
    assert set(
        ReminderLog.objects.filter(task=world.task_a).values_list("period", "kind")
    ) == {("2024-03", ReminderKind.DUE_SOON), ("2024-03", ReminderKind.OVERDUE)}
    assert TaskEvent.objects.filter(task=world.task_a, kind=EventKind.REMINDED).count() == 2


def test_without_today_the_job_uses_the_date_in_china(world, mailoutbox):
    # 1 April 04:00 in 开平 is still 31 March in UTC: the March report is already late.
    with time_machine.travel("2024-04-01 04:00 +0800", tick=False):
        call_command("send_reminders", stdout=io.StringIO(), stderr=io.StringIO())

    assert mails_to(mailoutbox, world.lead.email)
    assert all("已逾期" in m.subject for m in mailoutbox)


# -- who is left alone -------------------------------------------------------------------------


def test_a_task_whose_march_report_was_submitted_gets_no_march_reminder(world, mailoutbox):
    submit_march(world)

    remind("2024-03-29")
    remind("2024-04-02")

    assert not mails_to(mailoutbox, world.lead.email)
    assert not ReminderLog.objects.filter(task=world.task_a).exists()
    assert mails_to(mailoutbox, world.other_unit.email)  # task B is still due


def test_after_submitting_march_the_next_reminder_is_for_april(world, mailoutbox):
    submit_march(world)

    remind("2024-04-28")

    [mail] = mails_to(mailoutbox, world.lead.email)
    assert "2024年4月" in mail.subject
    assert "2024年3月" not in mail.subject
    assert ReminderLog.objects.get(task=world.task_a).period == "2024-04"


def test_a_lead_unit_without_any_account_is_skipped_without_error(world, mailoutbox):
    housing = Unit.objects.create(jurisdiction=world.kaiping, name="市住建局")
    task_c = Task.objects.create(
        program=world.program, category=world.task_a.category, number="3", content="改造老旧小区5个。"
    )
    TaskUnit.objects.create(task=task_c, unit=housing, position=0, is_lead=True)

    out, err = remind("2024-03-29")

    assert "第3项" in err
    assert "无人可发 1 项" in out
    assert not ReminderLog.objects.filter(task=task_c).exists()
    assert not TaskEvent.objects.filter(task=task_c, kind=EventKind.REMINDED).exists()
    assert len(mailoutbox) == 2  # tasks A and B are reminded all the same


def test_a_deactivated_reporter_gets_no_mail(world, mailoutbox):
    world.lead.is_active = False
    world.lead.save(update_fields=["is_active"])

    remind("2024-03-29")

    assert not mails_to(mailoutbox, world.lead.email)
    assert not ReminderLog.objects.filter(task=world.task_a).exists()


def test_every_active_reporter_of_the_lead_unit_is_addressed(world, mailoutbox):
    Account.create_user(
        username="civil-deputy",
        password=PASSWORD,
        role=Role.REPORTER,
        jurisdiction=world.kaiping,
        unit=world.civil,
        email="deputy@example.invalid",
    )

    remind("2024-03-29")

    [mail] = [m for m in mailoutbox if "第1项" in m.subject]
    assert sorted(mail.to) == sorted([world.lead.email, "deputy@example.invalid"])


# -- lights ------------------------------------------------------------------------------------


def test_the_job_turns_a_task_with_an_overdue_milestone_red(world, mailoutbox):
    assert world.task_a.light == Light.GREEN

    remind("2024-04-02")

    task_a = Task.objects.get(pk=world.task_a.pk)
    assert task_a.light == Light.RED  # 出台方案 was due on 31 March
    assert task_a.status == TaskStatus.BEHIND
    assert task_a.next_report_due == datetime.date(2024, 3, 31)
    # No milestones, but its March report is overdue: yellow, never green beside 报告已逾期.
    assert Task.objects.get(pk=world.task_b.pk).light == Light.YELLOW


def test_the_summary_counts_refreshed_tasks_and_mails(world, mailoutbox):
    out, err = remind("2024-03-29")

    assert "刷新状态 2 项" in out
    assert "发送提醒 2 封" in out
    assert err == ""


# -- arguments ---------------------------------------------------------------------------------


@pytest.mark.parametrize("today", ["29/03/2024", "2024-02-30", "tomorrow"])
def test_a_malformed_today_is_refused(world, today, mailoutbox):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", today=today, stdout=io.StringIO())

    assert mailoutbox == []
    assert not ReminderLog.objects.exists()


def test_negative_days_are_refused(world, mailoutbox):
    with pytest.raises(CommandError, match="--days"):
        call_command("send_reminders", days=-1, today="2024-03-29", stdout=io.StringIO())

    assert mailoutbox == []
