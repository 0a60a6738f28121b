"""Evidence goes up with the report form, so what the unit typed is saved with it; a draft's
evidence can be removed; submitting needs a tick that says what happens next."""

import io
import os

import pytest
import time_machine
from django.urls import reverse
from PIL import Image

from progress import workflow
from progress.choices import EventKind, ReportState
from progress.models import Attachment, Report, TaskEvent

from .conftest import report_post

pytestmark = pytest.mark.django_db

APRIL_15 = "2024-04-15 10:00 +0800"
DONE_MARCH = {"state": "done", "done_on": "2024-03-28"}


@pytest.fixture(autouse=True)
def april_15(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(APRIL_15, tick=False):
        yield


def report_url(task, period="2024-03"):
    return reverse("progress:report", kwargs={"pk": task.pk, "period": period})


def photo(name="现场.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 160, 90)).save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def test_uploading_a_photo_saves_the_narrative_typed_with_it(client, world):
    client.force_login(world.lead)
    data = report_post({world.march: DONE_MARCH}, narrative="刚写的进展，还没保存。", figure="1200")
    data["upload"] = "1"
    del data["save"]
    data["evidence"] = photo()
    response = client.post(report_url(world.task_a), data, follow=True)

    report = Report.objects.get(task=world.task_a, period="2024-03")
    assert report.state == ReportState.DRAFT
    assert report.narrative == "刚写的进展，还没保存。"
    assert report.figure == 1200
    assert [a.original_name for a in report.attachments.all()] == ["现场.png"]
    page = response.content.decode()
    assert "刚写的进展，还没保存。" in page
    assert "已上传“现场.png”" in page


def test_a_disguised_file_is_refused_but_the_text_is_still_saved(client, world):
    client.force_login(world.lead)
    data = report_post({}, narrative="文字不能丢。")
    fake = io.BytesIO(b"MZ\x90\x00 not a picture")
    fake.name = "photo.jpg"
    data["evidence"] = fake
    response = client.post(report_url(world.task_a), data, follow=True)

    assert Report.objects.get().narrative == "文字不能丢。"
    assert not Attachment.objects.exists()
    assert "文字不能丢。" in response.content.decode()


def test_the_upload_sits_above_the_submit_button(client, world):
    client.force_login(world.lead)
    page = client.get(report_url(world.task_a)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert page.index('name="evidence"') < page.index('name="submit"')
    assert page.index('name="confirm"') < page.index('name="submit"')
    assert "审核通过或退回修改时会邮件通知本单位" in page


def test_a_draft_attachment_can_be_removed_and_its_file_goes(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.lead)
    draft = workflow.save_report(
        world.task_a, world.program.period("2024-03"), world.lead, narrative="旧的",
        figure=None, declares_complete=False, updates=[], version=None,
    )
    attachment = workflow.attach(draft, world.lead, "现场.png", photo().getvalue())
    stored = attachment.file.path
    data = report_post({}, narrative="改过的文字", version=draft.version)
    data["remove"] = str(attachment.pk)
    del data["save"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(report_url(world.task_a), data, follow=True)

    assert not Attachment.objects.exists()
    assert not os.path.exists(stored)
    assert Report.objects.get().narrative == "改过的文字"  # saved along the way
    assert "已删除“现场.png”" in response.content.decode()
    assert TaskEvent.objects.filter(kind=EventKind.DETACHED, note="现场.png").exists()


def test_evidence_of_a_submitted_report_cannot_be_removed(client, world):
    client.force_login(world.lead)
    client.post(report_url(world.task_a), report_post({world.march: DONE_MARCH}, submit=True))
    report = Report.objects.get()
    assert report.state == ReportState.SUBMITTED
    attachment = workflow.attach(report, world.lead, "现场.png", photo().getvalue())

    with pytest.raises(workflow.WorkflowError, match="报告已提交"):
        workflow.detach(attachment, world.lead)
    data = report_post({}, version=report.version)
    data["remove"] = str(attachment.pk)
    client.post(report_url(world.task_a), data)
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_submitting_without_the_confirmation_tick_keeps_a_draft_and_says_why(client, world):
    client.force_login(world.lead)
    data = report_post({world.march: DONE_MARCH}, submit=True, narrative="完成了。")
    del data["confirm"]
    response = client.post(report_url(world.task_a), data, follow=True)

    report = Report.objects.get()
    assert report.state == ReportState.DRAFT
    assert report.narrative == "完成了。"
    assert "提交前请勾选" in response.content.decode()

    data = report_post({world.march: DONE_MARCH}, submit=True, version=report.version)
    response = client.post(report_url(world.task_a), data, follow=True)
    assert Report.objects.get().state == ReportState.SUBMITTED
    assert "报告已提交，等待督查室审核" in response.content.decode()
