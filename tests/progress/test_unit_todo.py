"""A unit's to-do list (本期待办): on its workbench home and mailed weekly, with the same lines."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from progress import workflow
from progress.choices import MilestoneProgressState
from progress.models import WeeklyTodoLog
from projects.choices import MilestoneKind
from projects.models import Milestone
from supervision.choices import NoticeKind
from supervision.models import SupervisionNotice

pytestmark = pytest.mark.django_db

MAY_15 = "2024-05-15 09:00 +0800"


def save(world, key, narrative="进展", updates=()):
    return workflow.save_report(
        world.task_a, world.program.period(key), world.lead, narrative=narrative, figure=100,
        declares_complete=False, updates=list(updates), version=None,
    )


@pytest.fixture
def week(world):
    """On 15 May 2024: March returned with a comment, April never started, a May draft, a
    milestone due within 开平's 7-day window and a 交办单 to reply to by 20 May."""
    march_line = {"milestone": world.march, "state": MilestoneProgressState.DONE,
                  "done_on": datetime.date(2024, 3, 28), "reason": "", "remedy": ""}
    march = save(world, "2024-03", updates=[march_line])
    workflow.submit(march, world.lead)
    workflow.return_report(march, world.supervisor, "请补充现场照片。")
    save(world, "2024-05", narrative="五月草稿")
    Milestone.objects.create(
        task=world.task_a, position=5, kind=MilestoneKind.DATED, due=datetime.date(2024, 5, 20),
        text="完成招聘会筹备",
    )
    Milestone.objects.create(
        task=world.task_a, position=6, kind=MilestoneKind.DATED, due=datetime.date(2024, 9, 1),
        text="远期节点不在清单上",
    )
    SupervisionNotice.objects.create(
        jurisdiction=world.kaiping, task=world.task_a, unit=world.civil, kind=NoticeKind.ASSIGNMENT,
        number="开府督〔2024〕7号", issued_on=datetime.date(2024, 5, 10),
        reply_due=datetime.date(2024, 5, 20), content="请加快推进。",
    )
    return world


@time_machine.travel(MAY_15, tick=False)
def test_the_home_lists_every_owed_period_drafts_returned_milestones_and_notices(client, week):
    client.force_login(week.lead)
    page = client.get(reverse("progress:home")).content.decode()
    todo = page[page.index("本期待办"):]
    assert "第1项 · 2024年4月进展报告" in todo  # April: never started
    assert "2024年4月30日" in todo and "逾期 15 天" in todo
    assert "退回待修改" in todo and "请补充现场照片。" in todo  # March, with the comment
    assert "草稿未提交" in todo and "2024年5月进展报告" in todo
    assert "完成招聘会筹备" in todo and "2024年5月20日" in todo
    assert "远期节点不在清单上" not in todo
    assert "交办单 开府督〔2024〕7号" in todo and "回复期限 2024年5月20日" in todo
    assert "2024年5月31日" not in todo.split("草稿未提交")[0]  # May is not owed yet


@time_machine.travel(MAY_15, tick=False)
def test_a_unit_without_milestones_still_sees_every_owed_period(client, world):
    client.force_login(world.other_unit)  # 市教育局: task B has no milestones or target
    world.task_b.reports.all().delete()
    page = client.get(reverse("progress:home")).content.decode()
    assert "待报送 2 期" in page  # March and April


def test_a_co_unit_is_not_asked_to_file_the_lead_units_reports(client, week):
    with time_machine.travel(MAY_15, tick=False):
        client.force_login(week.co_unit)
        page = client.get(reverse("progress:home")).content.decode()
    assert "本单位目前没有待办事项" in page


def test_the_weekly_mail_goes_once_a_week_with_full_dates_and_site_links(
    week, mailoutbox, settings
):
    settings.SITE_URL = "https://minsheng.example.gov.cn/"
    with time_machine.travel(MAY_15, tick=False):
        mailoutbox.clear()
        call_command("send_weekly_todo")
        call_command("send_weekly_todo")  # the same week: nothing more
    assert sorted(m.to[0] for m in mailoutbox) == [
        "civil-reporter@example.invalid", "education-reporter@example.invalid"
    ]
    (mail,) = [m for m in mailoutbox if m.to == ["civil-reporter@example.invalid"]]
    assert mail.subject.startswith("【本周待办】市民政局")
    body = mail.body
    assert "2024年4月进展报告，截止2024年4月30日，已逾期15天" in body
    assert "督查室意见：请补充现场照片。" in body
    assert "完成招聘会筹备，截止2024年5月20日" in body
    assert "交办单 开府督〔2024〕7号（第1项），回复期限2024年5月20日" in body
    report = reverse("progress:report", kwargs={"pk": week.task_a.pk, "period": "2024-04"})
    assert f"https://minsheng.example.gov.cn{report}" in body
    assert "127.0.0.1" not in body
    assert set(WeeklyTodoLog.objects.values_list("week", flat=True)) == {"2024-W20"}

    with time_machine.travel("2024-05-20 09:00 +0800", tick=False):
        call_command("send_weekly_todo")
    assert len(mailoutbox) == 4  # a new week, a new list for each unit


def test_the_weekly_mail_skips_units_with_nothing_to_do(world, mailoutbox):
    with time_machine.travel("2024-01-10 09:00 +0800", tick=False):  # before any report is due
        call_command("send_weekly_todo")
    assert mailoutbox == []
    assert not WeeklyTodoLog.objects.exists()


def _drafts(page: str) -> str:
    section = page[page.index("草稿未提交"):]
    return section[: section.index("</ul>")]


def test_a_draft_says_when_it_is_due_today_and_when_it_is_late(client, week):
    client.force_login(week.lead)
    with time_machine.travel("2024-05-31 09:00 +0800", tick=False):
        drafts = _drafts(client.get(reverse("progress:home")).content.decode())
    assert "2024年5月进展报告" in drafts and "今天截止" in drafts and "已逾期" not in drafts
    with time_machine.travel("2024-06-03 09:00 +0800", tick=False):
        drafts = _drafts(client.get(reverse("progress:home")).content.decode())
    assert "2024年5月进展报告" in drafts and "已逾期" in drafts and "今天截止" not in drafts


def test_the_weekly_mail_says_due_today_and_late_as_the_home_does(week, mailoutbox):
    with time_machine.travel("2024-06-03 09:00 +0800", tick=False):  # a Monday
        mailoutbox.clear()
        call_command("send_weekly_todo")
    (mail,) = [m for m in mailoutbox if m.to == ["civil-reporter@example.invalid"]]
    assert "2024年5月进展报告，截止2024年5月31日（已逾期）" in mail.body  # the May draft
