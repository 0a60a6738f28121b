"""The audit trail: who changed what, when, before and after; shown to supervisors."""

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from minsheng.lib.periods import Period
from progress import workflow
from progress.choices import MilestoneProgressState
from progress.models import Report
from projects.models import Milestone, Task

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).order_by("timestamp", "pk")


def test_an_admin_edit_of_a_milestone_is_recorded_with_before_and_after(client, admin_user, world):
    client.force_login(admin_user)
    url = reverse("admin:projects_milestone_change", args=[world.june.pk])
    client.post(url, {
        "task": world.task_a.pk, "position": 1, "kind": "dated", "due": "2024-07-15",
        "text": "完成过半", "original_text": "", "reported_state": "",
    })
    entry = entries_for(world.june).last()
    assert entry.actor == admin_user
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes_dict["due"] == ["2024-06-30", "2024-07-15"]


@time_machine.travel("2024-04-15 10:00 +0800", tick=False)
def test_workflow_steps_are_in_the_audit_trail_with_their_actor(world):
    updates = [{"milestone": world.march, "state": MilestoneProgressState.DONE,
                "done_on": datetime.date(2024, 3, 28), "reason": "", "remedy": ""}]
    report = workflow.save_report(
        world.task_a, Period(2024, 3), world.lead, narrative="初稿", figure=100,
        declares_complete=False, updates=updates, version=None,
    )
    workflow.save_report(
        world.task_a, Period(2024, 3), world.lead, narrative="定稿", figure=120,
        declares_complete=False, updates=updates, version=0,
    )
    workflow.submit(report, world.lead)
    workflow.approve(Report.objects.get(pk=report.pk), world.supervisor)
    trail = list(entries_for(report))
    edits = [e for e in trail if "narrative" in (e.changes_dict or {}) and e.action == LogEntry.Action.UPDATE]
    assert edits[-1].changes_dict["narrative"] == ["初稿", "定稿"]
    assert edits[-1].actor == world.lead
    states = [(e.changes_dict["state"], e.actor) for e in trail if "state" in (e.changes_dict or {}) and e.action == LogEntry.Action.UPDATE]
    assert (["draft", "submitted"], world.lead) in states
    assert (["submitted", "approved"], world.supervisor) in states
    done = [e.changes_dict for e in entries_for(world.march)]
    assert any(c.get("done_on") == ["None", "2024-03-28"] for c in done), done


def test_account_changes_are_recorded_without_the_password(client, admin_user, world):
    user = world.lead
    user.set_password("another-long-password-1")
    user.email = "new@example.invalid"
    user.save()
    entry = entries_for(user).last()
    assert "email" in entry.changes_dict
    assert "password" not in entry.changes_dict


def test_supervisors_see_the_audit_trail_on_the_task_and_reporters_do_not(client, admin_user, world):
    task = world.task_a
    client.force_login(admin_user)
    client.post(reverse("admin:projects_task_change", args=[task.pk]), {
        "program": task.program_id, "category": task.category_id, "number": "1",
        "title": "", "content": "新增就业6500人以上。", "city_level": "", "deadline": "",
        "target_value": "6500", "target_unit": "人",
        "assignments-TOTAL_FORMS": "0", "assignments-INITIAL_FORMS": "0",
        "taskleader_set-TOTAL_FORMS": "0", "taskleader_set-INITIAL_FORMS": "0",
        "milestones-TOTAL_FORMS": "0", "milestones-INITIAL_FORMS": "0",
        "progress_records-TOTAL_FORMS": "0", "progress_records-INITIAL_FORMS": "0",
    })
    assert Task.objects.get(pk=task.pk).content == "新增就业6500人以上。"
    url = reverse("progress:task", kwargs={"pk": task.pk})
    client.force_login(world.supervisor)
    page = client.get(url).content.decode()
    assert "修改记录" in page
    assert "<del>新增就业6000人以上。</del> → 新增就业6500人以上。" in page
    client.force_login(world.lead)
    assert "修改记录" not in client.get(url).content.decode()


def test_imports_record_the_file_its_checksum_and_who_imported_it(import_seed, django_user_model):
    from importers.models import ImportRecord

    import_seed("004")
    record = ImportRecord.objects.get()
    assert record.file_name.startswith("004_") and len(record.sha256) == 64
    assert Milestone.objects.exists()
