"""The unit hears of the office's decisions by mail; prefill, extension and figures follow the
rules the unit would expect."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from progress import workflow
from progress.choices import ChangeKind, ChangeState, MilestoneProgressState, ReportState
from progress.models import ChangeRequest, Report
from projects.models import Task, TaskUnit

from .conftest import report_post

pytestmark = pytest.mark.django_db

APRIL_15 = "2024-04-15 10:00 +0800"
DONE_MARCH = {"state": "done", "done_on": "2024-03-28"}


@pytest.fixture(autouse=True)
def april_15(settings):
    settings.SITE_URL = "https://minsheng.example.gov.cn"
    with time_machine.travel(APRIL_15, tick=False):
        yield


def report_url(task, period="2024-03"):
    return reverse("progress:report", kwargs={"pk": task.pk, "period": period})


def submitted_march(world, narrative="三月进展"):
    line = {"milestone": world.march, "state": MilestoneProgressState.DONE,
            "done_on": datetime.date(2024, 3, 28), "reason": "", "remedy": ""}
    report = workflow.save_report(
        world.task_a, world.program.period("2024-03"), world.lead, narrative=narrative,
        figure=Decimal(1000), declares_complete=False, updates=[line], version=None,
    )
    workflow.submit(report, world.lead)
    return Report.objects.get(pk=report.pk)


# -- mails ------------------------------------------------------------------------------


def test_returning_a_report_mails_the_lead_unit_the_comment_and_a_link(world, mailoutbox):
    workflow.return_report(submitted_march(world), world.supervisor, "请补充照片。")
    (mail,) = mailoutbox
    assert mail.to == ["civil-reporter@example.invalid"]
    assert mail.subject == "【退回修改】开平市 2024年 第1项 2024年3月进展报告"
    assert "督查室意见：请补充照片。" in mail.body
    assert "2024年4月15日退回" in mail.body and "2024年3月31日" in mail.body
    assert f"https://minsheng.example.gov.cn{report_url(world.task_a)}" in mail.body


def test_approving_a_report_mails_the_lead_unit(world, mailoutbox):
    workflow.approve(submitted_march(world), world.supervisor, "很好")
    (mail,) = mailoutbox
    assert mail.subject.startswith("【审核通过】")
    assert "2024年4月15日审核通过" in mail.body and "督查室意见：很好" in mail.body


def test_an_extension_decision_mails_the_lead_unit_with_the_new_date(world, mailoutbox):
    change = workflow.request_change(
        world.june, world.lead, kind=ChangeKind.EXTENSION, reason="雨季",
        proposed_due=datetime.date(2024, 8, 31),
    )
    workflow.decide_change(change, world.supervisor, grant=True, comment="同意")
    (mail,) = mailoutbox
    assert mail.subject.startswith("【同意申请延期】")
    assert "由2024年6月30日调整为2024年8月31日" in mail.body


def test_a_refused_extension_says_the_date_stands(world, mailoutbox):
    change = workflow.request_change(
        world.june, world.lead, kind=ChangeKind.EXTENSION, reason="雨季",
        proposed_due=datetime.date(2024, 8, 31),
    )
    workflow.decide_change(change, world.supervisor, grant=False, comment="理由不足")
    (mail,) = mailoutbox
    assert "不同意，节点仍按2024年6月30日完成" in mail.body and "理由不足" in mail.body


def test_issuing_a_notice_mails_the_unit_it_is_addressed_to(client, world, mailoutbox):
    client.force_login(world.supervisor)
    response = client.post(
        reverse("supervision:notice_new", kwargs={"pk": world.task_a.pk}),
        {"kind": "assignment", "unit": world.civil.pk, "issued_on": "2024-04-15",
         "reply_due": "2024-04-25", "content": "请加快推进。", "contact": "督查室 0750-1234567"},
    )
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert mail.to == ["civil-reporter@example.invalid"]
    assert "开督〔2024〕1号" in mail.subject  # numbered by the office's sequence
    assert "请于2024年4月25日前书面回复" in mail.body


def test_a_mail_failure_does_not_undo_the_decision(world, settings):
    settings.EMAIL_BACKEND = "tests.progress.test_decision_mails_and_forms.BrokenBackend"
    report = submitted_march(world)
    workflow.approve(report, world.supervisor)
    assert Report.objects.get(pk=report.pk).state == ReportState.APPROVED


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


# -- prefill ----------------------------------------------------------------------------


def test_a_report_awaiting_review_is_not_copied_into_the_next_period(client, world):
    submitted_march(world, "三月，尚未审核")
    client.force_login(world.lead)
    page = client.get(report_url(world.task_a, "2024-04")).content.decode()
    assert "三月，尚未审核" not in page
    assert "已按" not in page
    assert "已预填上一期的内容" not in page


def test_prefill_comes_from_the_last_approved_report_and_names_its_period(client, world):
    workflow.approve(submitted_march(world, "三月，已审核"), world.supervisor)
    client.force_login(world.lead)
    page = client.get(report_url(world.task_a, "2024-04")).content.decode()
    assert "三月，已审核" in page
    assert "已按2024年3月的报告预填" in page
    assert "已预填上一期的内容" in page


def test_a_saved_draft_carries_no_prefill_hint(client, world):
    workflow.approve(submitted_march(world), world.supervisor)
    client.force_login(world.lead)
    client.post(report_url(world.task_a, "2024-04"), report_post({}, narrative="四月"))
    page = client.get(report_url(world.task_a, "2024-04")).content.decode()
    assert "已按" not in page and "已预填上一期的内容" not in page


# -- the extension form -----------------------------------------------------------------


def test_the_extension_form_offers_only_open_milestones_and_refuses_a_done_one(client, world):
    world.march.done_on = datetime.date(2024, 3, 28)
    world.march.save()
    client.force_login(world.lead)
    url = reverse("progress:change_new", kwargs={"pk": world.task_a.pk})
    page = client.get(url).content.decode()
    assert f'value="{world.june.pk}"' in page
    assert f'value="{world.march.pk}"' not in page

    response = client.post(url, {
        "milestone": world.march.pk, "kind": "extension", "proposed_due": "2024-05-31",
        "reason": "想再延一点",
    })
    assert response.status_code == 200
    assert not ChangeRequest.objects.exists()
    with pytest.raises(workflow.WorkflowError, match="该节点已完成"):
        workflow.request_change(
            world.march, world.lead, kind=ChangeKind.EXTENSION, reason="x",
            proposed_due=datetime.date(2024, 5, 31),
        )
    assert not ChangeRequest.objects.filter(state=ChangeState.PENDING).exists()


# -- figures ----------------------------------------------------------------------------


def test_a_target_of_whole_things_refuses_a_decimal_figure(client, world):
    world.task_a.target_value = Decimal("15")
    world.task_a.target_unit = "家"
    world.task_a.save()
    client.force_login(world.lead)
    response = client.post(report_url(world.task_a), report_post({}, figure="15.5"))
    assert "完成数请填写整数" in response.content.decode()
    assert not Report.objects.exists()
    client.post(report_url(world.task_a), report_post({}, figure="15"))
    assert Report.objects.get().figure == 15


def test_a_target_with_decimals_takes_as_many(client, world):
    task = Task.objects.create(
        program=world.program, category=world.task_a.category, number="3",
        content="改造道路2.5公里。", target_value=Decimal("2.5"), target_unit="公里",
    )
    TaskUnit.objects.create(task=task, unit=world.civil, position=0, is_lead=True)
    client.force_login(world.lead)
    response = client.post(report_url(task), report_post({}, figure="1.25"))
    assert "最多保留 1 位小数" in response.content.decode()
    client.post(report_url(task), report_post({}, figure="1.5"))
    assert Report.objects.get(task=task).figure == Decimal("1.5")
