"""TaskSerializer builds its rows by hand for speed; they are exactly what DRF's generic
walk over the declared fields (the schema the documentation shows) gives."""

import datetime

import pytest
from rest_framework import serializers

from api.serializers import TaskSerializer
from api.views import TaskList
from progress.models import ProgressRecord
from projects.models import Milestone

pytestmark = pytest.mark.django_db


def test_every_task_row_is_what_the_declared_fields_give(plan, kaiping, rf):
    task = plan.program.tasks.order_by("pk").first()
    Milestone.objects.create(
        task=task, position=9, kind="dated", due=datetime.date(2024, 5, 31),
        original_due=datetime.date(2024, 4, 30), text="延期的节点",
        done_on=datetime.date(2024, 5, 20),
    )
    ProgressRecord.objects.create(
        task=task, as_of=datetime.date(2024, 5, 31), status="in_progress", narrative="",
    )
    request = rf.get("/api/v1/tasks/")
    tasks = list(TaskList().get_queryset())
    assert len(tasks) > 25
    serializer = TaskSerializer(tasks, many=True, context={"request": request})
    fast = serializer.data
    generic = [
        serializers.Serializer.to_representation(serializer.child, task) for task in tasks
    ]
    assert [dict(row) for row in fast] == [dict(row) for row in generic]
    assert [list(row) for row in fast] == [list(row) for row in generic]  # same key order
    moved = next(m for row in fast for m in row["milestones"] if m["text"] == "延期的节点")
    assert moved["original_due"] == "2024-04-30" and moved["done_on"] == "2024-05-20"
