"""The whole reporting flow through the web forms, with the database after every step."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from PIL import Image

from progress import workflow
from progress.choices import ChangeState, EventKind, ReportState
from progress.models import ChangeRequest, Contribution, ProgressRecord, Report, TaskEvent
from projects.choices import Light, TaskStatus

from .conftest import report_post

pytestmark = pytest.mark.django_db

APRIL_15 = "2024-04-15 10:00 +0800"


def report_url(task, period="2024-03"):
    return reverse("progress:report", kwargs={"pk": task.pk, "period": period})


def events(task):
    return list(TaskEvent.objects.filter(task=task).order_by("at", "pk").values_list("kind", flat=True))


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (0, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


DONE_MARCH = {"state": "done", "done_on": "2024-03-28"}
ON_TRACK = {"state": "on_track"}


@time_machine.travel(APRIL_15, tick=False)
def test_draft_submit_return_resubmit_approve(client, world):
    task = world.task_a
    client.force_login(world.lead)

    # The March form lists the March milestone and, since it is the only one due, nothing more.
    page = client.get(report_url(task))
    assert page.status_code == 200
    assert "出台方案" in page.content.decode()

    # 1. Save a draft with half the lines filled in.
    response = client.post(report_url(task), report_post({world.march: ON_TRACK}))
    assert response.status_code == 302
    report = Report.objects.get(task=task, period="2024-03")
    assert report.state == ReportState.DRAFT
    assert report.figure == 3000
    assert report.version == 0
    assert report.milestone_updates.get().state == "on_track"

    # 2. Resume the draft: the form shows what was saved, then submit it.
    page = client.get(report_url(task)).content.decode()
    assert "本月新增就业800人。" in page
    response = client.post(
        report_url(task), report_post({world.march: DONE_MARCH}, version=0, submit=True)
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert report.submitted_by == world.lead
    assert report.version == 1
    task.refresh_from_db()
    assert task.next_report_due == datetime.date(2024, 4, 30)  # March is reported

    # 3. A submitted report is locked: the lead unit's further edits are refused.
    client.post(report_url(task), report_post({world.march: ON_TRACK}, version=1, narrative="改"))
    report.refresh_from_db()
    assert report.narrative == "本月新增就业800人。"
    assert report.state == ReportState.SUBMITTED

    # 4. The office returns it with a comment.
    client.force_login(world.supervisor)
    review = reverse("progress:review", kwargs={"pk": report.pk})
    response = client.post(review, {"decision": "return", "comment": ""})
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED  # a return needs a comment
    client.post(review, {"decision": "return", "comment": "请补充新增就业人数的统计口径。"})
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    assert report.review_comment == "请补充新增就业人数的统计口径。"
    task.refresh_from_db()
    assert task.next_report_due == datetime.date(2024, 3, 31)  # March is due again

    # 5. The unit sees the comment, revises and resubmits.
    client.force_login(world.lead)
    page = client.get(report_url(task)).content.decode()
    assert "请补充新增就业人数的统计口径。" in page
    client.post(
        report_url(task),
        report_post(
            {world.march: DONE_MARCH}, version=1, submit=True, narrative="按人社统计口径新增800人。"
        ),
    )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert report.narrative == "按人社统计口径新增800人。"

    # 6. The office approves: milestones, figure, status and public record follow.
    client.force_login(world.supervisor)
    client.post(review, {"decision": "approve", "comment": "同意。"})
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    assert report.reviewed_by == world.supervisor
    world.march.refresh_from_db()
    assert world.march.done_on == datetime.date(2024, 3, 28)
    task.refresh_from_db()
    assert task.achieved_value == 3000
    assert task.status == TaskStatus.IN_PROGRESS
    assert task.light == Light.GREEN
    record = ProgressRecord.objects.get(report=report)
    assert record.narrative == "按人社统计口径新增800人。"
    assert record.as_of == datetime.date(2024, 3, 31)

    assert events(task) == [
        EventKind.DRAFT_SAVED,
        EventKind.DRAFT_SAVED,
        EventKind.SUBMITTED,
        EventKind.RETURNED,
        EventKind.DRAFT_SAVED,
        EventKind.SUBMITTED,
        EventKind.APPROVED,
    ]
    # The history is shown on the task page, with who did it.
    page = client.get(reverse("progress:task", kwargs={"pk": task.pk})).content.decode()
    assert "退回修改" in page and "审核通过" in page and "civil-reporter" in page


@time_machine.travel(APRIL_15, tick=False)
def test_the_next_period_opens_prefilled_with_the_last_one(client, world):
    client.force_login(world.lead)
    client.post(
        report_url(world.task_a),
        report_post({world.march: DONE_MARCH}, submit=True, narrative="三月：方案已出台。"),
    )
    # Prefill copies what the office approved (tests/progress/test_prefill_and_forms.py).
    workflow.approve(Report.objects.get(period="2024-03"), world.supervisor)
    page = client.get(report_url(world.task_a, "2024-04")).content.decode()
    assert "三月：方案已出台。" in page
    assert 'value="3000"' in page
    assert "已按2024年3月的报告预填" in page
    # Nothing is saved by opening the form.
    assert not Report.objects.filter(period="2024-04").exists()


@time_machine.travel(APRIL_15, tick=False)
def test_submitting_needs_every_milestone_the_figure_and_the_narrative(client, world):
    client.force_login(world.lead)
    client.post(report_url(world.task_a), report_post({}, submit=True, narrative="", figure=""))
    report = Report.objects.get(task=world.task_a)
    assert report.state == ReportState.DRAFT  # saved as a draft, not submitted
    page = client.get(report_url(world.task_a)).content.decode()
    assert "请填写本期工作进展" in page
    assert "请填写累计完成数" in page
    assert "请填写节点“3月31日前”的完成情况" in page


@time_machine.travel(APRIL_15, tick=False)
def test_a_behind_milestone_needs_reason_and_remedy_and_a_done_one_needs_its_date(client, world):
    client.force_login(world.lead)
    response = client.post(report_url(world.task_a), report_post({world.march: {"state": "behind"}}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "滞后的节点请说明原因" in page and "滞后的节点请填写整改措施" in page
    response = client.post(report_url(world.task_a), report_post({world.march: {"state": "done"}}))
    assert "已完成的节点请填写完成日期" in response.content.decode()
    response = client.post(
        report_url(world.task_a), report_post({world.march: {"state": "done", "done_on": "2024-05-01"}})
    )
    assert "完成日期不能晚于今天" in response.content.decode()
    assert not Report.objects.exists()
    # What the unit typed is still in the form.
    assert "本月新增就业800人。" in response.content.decode()


@time_machine.travel(APRIL_15, tick=False)
def test_a_negative_or_malformed_figure_is_refused(client, world):
    client.force_login(world.lead)
    for figure in ("-5", "三千", "1" * 20):
        response = client.post(report_url(world.task_a), report_post({}, figure=figure))
        assert response.status_code == 200
        assert "field-error" in response.content.decode()
    assert not Report.objects.exists()


@time_machine.travel(APRIL_15, tick=False)
def test_double_submission_submits_once(client, world):
    client.force_login(world.lead)
    data = report_post({world.march: DONE_MARCH}, submit=True)
    client.post(report_url(world.task_a), data)
    second = client.post(report_url(world.task_a), {**data, "version": "0"}, follow=True)
    assert "该报告已提交，不能再修改" in second.content.decode()
    assert Report.objects.count() == 1
    assert events(world.task_a).count(EventKind.SUBMITTED) == 1


@time_machine.travel(APRIL_15, tick=False)
def test_two_reporters_saving_one_draft_lose_nothing(client, world, django_user_model):
    """Both opened version 0; the second save is refused and keeps its text in the form."""
    from accounts.choices import Role
    from accounts.models import Account

    colleague = Account.create_user(
        username="civil-2", password="x-long-password-1", role=Role.REPORTER,
        jurisdiction=world.kaiping, unit=world.civil,
    ).user
    client.force_login(world.lead)
    client.post(report_url(world.task_a), report_post({}, narrative="初稿"))
    client.post(report_url(world.task_a), report_post({}, version=0, narrative="甲的修改"))
    client.force_login(colleague)
    response = client.post(report_url(world.task_a), report_post({}, version=0, narrative="乙的修改"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "刚被他人修改过" in page
    assert "乙的修改" in page  # the colleague's text is still in the form
    report = Report.objects.get()
    assert report.narrative == "甲的修改"
    assert report.version == 1


@time_machine.travel(APRIL_15, tick=False)
def test_two_reporters_starting_the_same_report_at_once(client, world):
    client.force_login(world.lead)
    client.post(report_url(world.task_a), report_post({}, narrative="先到"))
    # A second form opened before the report existed carries no version.
    response = client.post(report_url(world.task_a), report_post({}, narrative="后到"))
    assert "刚被他人创建" in response.content.decode()
    assert Report.objects.get().narrative == "先到"


@time_machine.travel(APRIL_15, tick=False)
def test_two_supervisors_approving_at_once_approve_once(client, world):
    from progress import workflow

    client.force_login(world.lead)
    client.post(report_url(world.task_a), report_post({world.march: DONE_MARCH}, submit=True))
    report = Report.objects.get()
    stale = Report.objects.get(pk=report.pk)
    workflow.approve(report, world.supervisor)
    with pytest.raises(workflow.WorkflowError):
        workflow.approve(stale, world.supervisor)
    assert events(world.task_a).count(EventKind.APPROVED) == 1
    assert ProgressRecord.objects.filter(report=report).count() == 1


@time_machine.travel(APRIL_15, tick=False)
def test_co_unit_adds_its_contribution_to_the_lead_units_report(client, world):
    client.force_login(world.lead)
    client.post(report_url(world.task_a), report_post({}))
    report = Report.objects.get()
    client.force_login(world.co_unit)
    url = reverse("progress:contribute", kwargs={"pk": report.pk})
    client.post(url, {"text": "已拨付就业补助资金200万元。"})
    client.post(url, {"text": "已拨付就业补助资金300万元。"})  # a correction replaces it
    contribution = Contribution.objects.get()
    assert contribution.unit == world.finance
    assert contribution.text == "已拨付就业补助资金300万元。"
    client.force_login(world.supervisor)
    assert "已拨付就业补助资金300万元。" in client.get(report_url(world.task_a)).content.decode()


@time_machine.travel(APRIL_15, tick=False)
def test_evidence_upload_checks_size_and_content(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.lead)
    client.post(report_url(world.task_a), report_post({}))
    report = Report.objects.get()
    url = reverse("progress:attach", kwargs={"pk": report.pk})

    def upload(name, data):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(url, {"file": SimpleUploadedFile(name, data)}, follow=True)

    page = upload("现场照片.png", png_bytes()).content.decode()
    assert "已上传“现场照片.png”" in page
    disguised = upload("照片.jpg", b"MZ\x90\x00" + b"\x00" * 200).content.decode()
    assert "内容与文件名不符" in disguised
    html = upload("报告.pdf", b"<html><script>alert(1)</script></html>").content.decode()
    assert "内容与文件名不符" in html
    settings.EVIDENCE_MAX_BYTES = 20
    too_big = upload("大照片.png", png_bytes()).content.decode()
    assert "太大" in too_big
    assert [a.original_name for a in report.attachments.all()] == ["现场照片.png"]

    # The stored file is served back as an image, never sniffed as HTML.
    attachment = report.attachments.get()
    response = client.get(reverse("progress:attachment", kwargs={"pk": attachment.pk}))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == png_bytes()
    assert not attachment.file.name.endswith(".html")


@time_machine.travel(APRIL_15, tick=False)
def test_extension_granted_moves_the_date_and_keeps_the_original(client, world):
    client.force_login(world.lead)
    url = reverse("progress:change_new", kwargs={"pk": world.task_a.pk})
    response = client.post(
        url,
        {"milestone": world.june.pk, "kind": "extension", "proposed_due": "2024-07-31", "reason": "审批延误"},
    )
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert change.state == ChangeState.PENDING
    assert change.original_due == datetime.date(2024, 6, 30)

    client.force_login(world.supervisor)
    client.post(reverse("progress:change_decide", kwargs={"pk": change.pk}), {"decision": "grant"})
    change.refresh_from_db()
    world.june.refresh_from_db()
    assert change.state == ChangeState.GRANTED
    assert world.june.due == datetime.date(2024, 7, 31)
    assert world.june.original_due == datetime.date(2024, 6, 30)
    page = client.get(reverse("progress:task", kwargs={"pk": world.task_a.pk})).content.decode()
    assert "原定 2024年6月30日" in page
    assert events(world.task_a) == [EventKind.CHANGE_REQUESTED, EventKind.CHANGE_GRANTED]


@time_machine.travel(APRIL_15, tick=False)
def test_extension_refused_keeps_the_date(client, world):
    client.force_login(world.lead)
    url = reverse("progress:change_new", kwargs={"pk": world.task_a.pk})
    client.post(
        url, {"milestone": world.june.pk, "kind": "extension", "proposed_due": "2024-08-31", "reason": "人手不足"}
    )
    change = ChangeRequest.objects.get()
    client.force_login(world.supervisor)
    decide = reverse("progress:change_decide", kwargs={"pk": change.pk})
    client.post(decide, {"decision": "refuse", "comment": ""})  # a refusal needs a reason
    change.refresh_from_db()
    assert change.state == ChangeState.PENDING
    client.post(decide, {"decision": "refuse", "comment": "请按原计划推进。"})
    change.refresh_from_db()
    world.june.refresh_from_db()
    assert change.state == ChangeState.REFUSED
    assert world.june.due == datetime.date(2024, 6, 30)
    assert world.june.original_due is None
    # Deciding twice changes nothing.
    client.post(decide, {"decision": "grant"})
    change.refresh_from_db()
    assert change.state == ChangeState.REFUSED


@time_machine.travel(APRIL_15, tick=False)
def test_an_extension_must_move_the_date_later(client, world):
    client.force_login(world.lead)
    url = reverse("progress:change_new", kwargs={"pk": world.task_a.pk})
    response = client.post(
        url, {"milestone": world.june.pk, "kind": "extension", "proposed_due": "2024-06-01", "reason": "x"}
    )
    assert response.status_code == 200
    assert "延期后的日期须晚于现在的截止日期" in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_the_lights_follow_the_calendar_and_the_reports(world):
    task = world.task_a
    task.refresh_state(datetime.date(2024, 3, 1))
    assert (task.status, task.light) == (TaskStatus.NOT_STARTED, Light.GREEN)
    task.refresh_state(datetime.date(2024, 3, 26))
    assert task.light == Light.YELLOW  # the March milestone falls due within 7 days
    task.refresh_state(datetime.date(2024, 4, 2))
    assert (task.status, task.light) == (TaskStatus.BEHIND, Light.RED)
    assert task.next_report_due == datetime.date(2024, 3, 31)
