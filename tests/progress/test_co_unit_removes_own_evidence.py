"""A co-unit (配合单位, here 市财政局 on task A) removes evidence it uploaded to the lead unit's
report while the report is a draft or returned — only its own, never the lead unit's."""

import io
import os

import lxml.html
import pytest
import time_machine
from django.urls import reverse
from PIL import Image

from accounts.choices import Role
from accounts.models import Account
from progress import workflow
from progress.choices import EventKind
from progress.models import Attachment, TaskEvent

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def april_15(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel("2024-04-15 10:00 +0800", tick=False):
        yield


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 160, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def draft(world):
    """The lead unit's March draft with one photo of its own and one of the co-unit's."""
    report = workflow.save_report(
        world.task_a, world.program.period("2024-03"), world.lead, narrative="本月按计划推进。",
        figure=3000, declares_complete=False, updates=[], version=None,
    )
    world.lead_photo = workflow.attach(report, world.lead, "牵头单位现场.png", png())
    world.co_photo = workflow.attach(report, world.co_unit, "财政拨款凭证.png", png())
    return report


def remove(client, attachment, **kwargs):
    return client.post(reverse("progress:attachment_remove", args=[attachment.pk]), **kwargs)


def removable_names(client, world) -> list[str]:
    url = reverse("progress:report", kwargs={"pk": world.task_a.pk, "period": "2024-03"})
    tree = lxml.html.fromstring(client.get(url).content)
    return [
        " ".join(li.xpath("./a/text()"))
        for li in tree.xpath("//section[@aria-labelledby='evidence-heading']//li")
        if li.xpath(".//form[contains(@action, '/remove/')]")
    ]


def test_a_co_unit_removes_the_evidence_it_uploaded_to_a_draft(
    client, world, draft, django_capture_on_commit_callbacks
):
    client.force_login(world.co_unit)
    assert removable_names(client, world) == ["财政拨款凭证.png"]
    stored = world.co_photo.file.path

    with django_capture_on_commit_callbacks(execute=True):
        response = remove(client, world.co_photo, follow=True)

    assert "已删除“财政拨款凭证.png”" in response.content.decode()
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["牵头单位现场.png"]
    assert not os.path.exists(stored)
    event = TaskEvent.objects.get(kind=EventKind.DETACHED)
    assert (event.actor, event.note, event.report) == (world.co_unit, "财政拨款凭证.png", draft)


def test_a_co_unit_cannot_remove_the_lead_units_evidence(client, world, draft):
    client.force_login(world.co_unit)
    assert remove(client, world.lead_photo).status_code == 403
    assert Attachment.objects.filter(pk=world.lead_photo.pk).exists()
    assert not TaskEvent.objects.filter(kind=EventKind.DETACHED).exists()


def test_another_reporter_of_the_same_co_unit_may_remove_its_evidence(client, world, draft):
    colleague = Account.create_user(
        username="finance-2", password=PASSWORD, role=Role.REPORTER,
        jurisdiction=world.kaiping, unit=world.finance,
    ).user
    client.force_login(colleague)
    assert remove(client, world.co_photo).status_code == 302
    assert not Attachment.objects.filter(pk=world.co_photo.pk).exists()


def test_a_unit_not_on_the_task_does_not_even_see_the_file(client, world, draft):
    client.force_login(world.other_unit)  # 市教育局 leads task B only
    assert remove(client, world.co_photo).status_code == 404
    assert Attachment.objects.filter(pk=world.co_photo.pk).exists()


def test_once_submitted_the_co_units_evidence_stays_until_the_report_is_returned(
    client, world, draft
):
    done = {"milestone": world.march, "state": "done", "done_on": "2024-03-28",
            "reason": "", "remedy": ""}
    draft = workflow.save_report(
        world.task_a, world.program.period("2024-03"), world.lead, narrative="本月按计划推进。",
        figure=3000, declares_complete=False, updates=[done], version=draft.version,
    )
    workflow.submit(draft, world.lead)
    client.force_login(world.co_unit)
    assert removable_names(client, world) == []
    response = remove(client, world.co_photo, follow=True)
    assert "报告已提交，不能再删除佐证材料。" in response.content.decode()
    assert Attachment.objects.filter(pk=world.co_photo.pk).exists()

    draft.refresh_from_db()
    workflow.return_report(draft, world.supervisor, "请补充拨款凭证的清晰照片")
    assert removable_names(client, world) == ["财政拨款凭证.png"]
    remove(client, world.co_photo)
    assert not Attachment.objects.filter(pk=world.co_photo.pk).exists()
