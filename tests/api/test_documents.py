"""The API builds its documents from values rows (api/documents.py) for speed. They are
exactly what the models give: a page of tasks is DRF's generic walk over TaskSerializer's
declared fields (the schema the documentation shows), a program is facts.public_data over
the tasks the program page loads. Same keys, same order, same values."""

import datetime
import json

import pytest
from django.utils import timezone, translation
from rest_framework import serializers

from api import documents
from api.serializers import TaskSerializer
from api.views import TaskList
from portal import facts
from progress.models import ProgressRecord
from projects.models import Milestone, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def edges(plan, kaiping):
    """A moved milestone done late, a statement with no text, and a sub-item."""
    task = plan.program.tasks.order_by("pk").first()
    Milestone.objects.create(
        task=task, position=9, kind="dated", due=datetime.date(2024, 5, 31),
        original_due=datetime.date(2024, 4, 30), text="延期的节点",
        done_on=datetime.date(2024, 5, 20),
    )
    ProgressRecord.objects.create(
        task=task, as_of=datetime.date(2024, 5, 31), status="in_progress", narrative="",
    )
    Task.objects.create(
        program=kaiping, category=kaiping.categories.first(), number="25(1)",
        content="子项", sort_key=Task.sort_key_for("25(1)"),
    )
    return task


def as_json(data):
    return json.dumps(data, ensure_ascii=False)  # keys in order


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_task_row_is_what_the_declared_fields_give(edges, rf, language):
    request = rf.get("/api/v1/tasks/")
    today = timezone.localdate()
    queryset = TaskList().get_queryset()
    with translation.override(language):
        rows = documents.task_rows(list(documents.task_values(queryset)), request, today)
        serializer = TaskSerializer(context={"request": request})
        generic = [
            serializers.Serializer.to_representation(serializer, task)
            for task in queryset.select_related("program__jurisdiction", "category")
        ]
    assert len(rows) > 25
    assert as_json(rows) == as_json(generic)
    moved = next(m for row in rows for m in row["milestones"] if m["text"] == "延期的节点")
    assert moved["original_due"] == "2024-04-30" and moved["done_on"] == "2024-05-20"
    sub = next(row for row in rows if row["number"] == "25(1)")
    prefix = "en/" if language == "en" else ""
    assert sub["links"]["page"] == f"http://testserver/{prefix}440783/2024/25(1)/"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_program_document_is_what_the_models_give(edges, plan, kaiping, language):
    today = timezone.localdate()
    for program in (plan.program, kaiping):
        with translation.override(language):
            fast = documents.program_document(program.jurisdiction.code, program.year, today)
            items = [facts.item_facts(task, today) for task in facts.public_tasks(program)]
            reference = facts.public_data(program, items)
        assert as_json(fast) == as_json(reference)
    assert any(task["number"] == "25(1)" for task in fast["tasks"])


def test_an_unpublished_or_missing_program_has_no_document(plan):
    today = timezone.localdate()
    assert documents.program_document("440700", 2023, today) is None
    plan.program.is_published = False
    plan.program.save()
    assert documents.program_document("440700", 2024, today) is None
