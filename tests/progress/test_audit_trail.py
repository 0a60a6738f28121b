"""The office reads the audit trail in words: field and choice labels and object names, folded
below the human history."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from progress import workflow
from progress.choices import ChangeKind, MilestoneProgressState

pytestmark = pytest.mark.django_db


@time_machine.travel("2024-04-15 10:00 +0800", tick=False)
def test_the_audit_trail_speaks_in_labels_and_sits_folded_below_the_history(client, world):
    line = {"milestone": world.march, "state": MilestoneProgressState.BEHIND, "done_on": None,
            "reason": "选址未定", "remedy": "本周定点"}
    report = workflow.save_report(
        world.task_a, world.program.period("2024-03"), world.lead, narrative="三月",
        figure=100, declares_complete=False, updates=[line], version=None,
    )
    workflow.submit(report, world.lead)
    workflow.approve(report, world.supervisor)  # the task turns 滞后
    change = workflow.request_change(
        world.june, world.lead, kind=ChangeKind.EXTENSION, reason="雨季",
        proposed_due=datetime.date(2024, 8, 31),
    )
    workflow.decide_change(change, world.supervisor, grant=True)

    client.force_login(world.supervisor)
    page = client.get(reverse("progress:task", kwargs={"pk": world.task_a.pk})).content.decode()
    trail = page[page.index('<details class="audit-trail">'):page.index("</details>")]
    assert page.index('id="history-heading"') < page.index('<details class="audit-trail">')
    assert "状态：<del>已提交待审核</del> → 已审核通过" in trail
    assert "状态：<del>待审批</del> → 已同意" in trail
    assert "状态：<del>未启动</del> → 滞后" in trail
    for raw in ("not_started", "behind", "submitted", "change_requests", ".None", "pending"):
        assert raw not in trail, raw
