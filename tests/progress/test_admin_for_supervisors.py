"""Supervisors read progress against each milestone in the admin, for their jurisdiction only."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from minsheng.lib.periods import Period
from progress import workflow
from progress.choices import MilestoneProgressState
from projects.models import Category, Program, Task

pytestmark = pytest.mark.django_db


@time_machine.travel("2024-04-15 10:00 +0800", tick=False)
def approved_march(world):
    updates = [
        {"milestone": world.march, "state": MilestoneProgressState.DONE,
         "done_on": datetime.date(2024, 3, 27), "reason": "", "remedy": ""}
    ]
    report = workflow.save_report(
        world.task_a, Period(2024, 3), world.lead, narrative="方案已出台。", figure=1000,
        declares_complete=False, updates=updates, version=None,
    )
    workflow.submit(report, world.lead)
    workflow.approve(report, world.supervisor)


def test_supervisor_reads_milestone_progress_on_the_task_admin_page(client, world):
    approved_march(world)
    client.force_login(world.supervisor)
    page = client.get(reverse("admin:projects_task_change", args=[world.task_a.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "2024年3月27日" in html  # done on
    assert "已完成" in html
    listing = client.get(reverse("admin:projects_milestone_changelist")).content.decode()
    assert "新增就业6000人以上" in listing and "3月31日前" in listing


def test_supervisor_cannot_change_the_plan_in_the_admin(client, world):
    client.force_login(world.supervisor)
    url = reverse("admin:projects_task_change", args=[world.task_a.pk])
    client.post(url, {"content": "改掉"})
    world.task_a.refresh_from_db()
    assert world.task_a.content == "新增就业6000人以上。"


def test_supervisor_does_not_see_another_jurisdictions_tasks_in_the_admin(client, world):
    program = Program.objects.create(jurisdiction=world.jiangmen, year=2024, title="江门2024")
    category = Category.objects.create(program=program, number=1, name="类")
    other = Task.objects.create(program=program, category=category, number="1", content="江门的任务")
    client.force_login(world.supervisor)
    listing = client.get(reverse("admin:projects_task_changelist")).content.decode()
    assert "新增就业6000人以上" in listing
    assert "江门的任务" not in listing
    response = client.get(reverse("admin:projects_task_change", args=[other.pk]))
    # Outside the scope answers 404 in the admin too (accounts.admin_site), no redirect.
    assert response.status_code == 404
    assert "江门的任务" not in response.content.decode()


def test_reporters_have_no_admin(client, world):
    client.force_login(world.lead)
    response = client.get(reverse("admin:projects_task_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


@time_machine.travel("2024-04-02 10:00 +0800", tick=False)
def test_changing_a_milestone_date_in_the_admin_recomputes_the_task(client, admin_user, world):
    world.task_a.refresh_state(datetime.date(2024, 4, 2))
    assert world.task_a.light == "red"
    client.force_login(admin_user)
    url = reverse("admin:projects_milestone_change", args=[world.march.pk])
    data = {
        "task": world.task_a.pk, "position": 0, "kind": "dated", "due": "2024-04-30",
        "text": "出台方案", "original_text": "", "reported_state": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    world.task_a.refresh_from_db()
    # Not red any more; yellow for the March report still missing (due 31 March).
    assert (world.task_a.status, world.task_a.light) == ("not_started", "yellow")
