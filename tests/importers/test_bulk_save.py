"""Imports save in bulk: a first import in a few dozen queries, an unchanged re-import
writes nothing, and the audit trail and task states are what row-by-row saves gave."""

import datetime
import json

import pytest
import time_machine
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from importers.document import ImportFailed
from importers.interchange import dumps, program_to_dict
from importers.pipeline import import_document
from projects.models import Category, Milestone, Program, Task, TaskUnit, Unit
from tests.conftest import SEED_DOCUMENTS, seed_bytes

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith(WRITES)]


def entries(model, action) -> int:
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), action=action
    ).count()


@pytest.mark.parametrize("key", ["000", "003", "004"])
def test_a_first_import_takes_a_few_dozen_queries_at_most(import_seed, key):
    with CaptureQueriesContext(connection) as queries:
        report = import_seed(key)
    assert report.program_created
    # One insert per kind of row, whatever the seed's size: 21-23 in the benchmark, up to 28
    # here on PostgreSQL (content types not yet cached in a fresh test database).
    assert len(queries) <= 30, f"{key}: {len(queries)} queries"


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_reimporting_an_unchanged_file_writes_nothing_but_the_import_record(import_seed, key):
    import_seed(key)
    stamps = dict(Task.objects.values_list("pk", "last_updated"))
    logged = LogEntry.objects.count()

    with CaptureQueriesContext(connection) as queries:
        report = import_seed(key)

    assert report.tasks_created == [] and report.tasks_updated == []
    changed = writes(queries)
    assert len(changed) == 1 and "importers_importrecord" in changed[0], changed
    assert len(queries) == 17, len(queries)
    assert dict(Task.objects.values_list("pk", "last_updated")) == stamps
    assert LogEntry.objects.count() == logged


def test_an_import_is_in_the_audit_trail_with_its_actor(import_seed, admin_user):
    with set_actor(admin_user):
        import_seed("004")
    program = Program.objects.get(jurisdiction__code="440783", year=2024)
    assert entries(Program, LogEntry.Action.CREATE) == 1
    assert entries(Category, LogEntry.Action.CREATE) == program.categories.count() == 10
    assert entries(Task, LogEntry.Action.CREATE) == Task.objects.count() == 25
    assert entries(TaskUnit, LogEntry.Action.CREATE) == TaskUnit.objects.count()
    assert entries(Milestone, LogEntry.Action.CREATE) == Milestone.objects.count()
    assert entries(Unit, LogEntry.Action.CREATE) == Unit.objects.count()
    item = Task.objects.get(program=program, number="5")
    created = LogEntry.objects.get_for_object(item).get()
    assert created.actor == admin_user
    assert created.changes_dict["content"] == ["None", item.content]
    assert created.changes_dict["target_value"] == ["None", "6000"]
    assert created.changes_dict["status"] == ["None", item.status]


def test_a_corrected_import_records_each_change_before_and_after(import_seed):
    import_seed("004")
    text = seed_bytes("004").decode()
    text = text.replace("6月30日前：累计实现24家", "6月30日前：累计实现25家")
    text = text.replace("市医疗保障局\n", "市卫生健康局\n", 1)
    import_document(text.encode(), SEED_DOCUMENTS["004"][0], "440783")

    node = Milestone.objects.get(task__number="3", position=1)
    change = LogEntry.objects.get_for_object(node).filter(action=LogEntry.Action.UPDATE).get()
    assert change.changes_dict["text"] == [
        "累计实现24家定点医疗机构成功开展异地就医直接结算服务。",
        "累计实现25家定点医疗机构成功开展异地就医直接结算服务。",
    ]
    assert entries(TaskUnit, LogEntry.Action.DELETE) == 1


@time_machine.travel("2024-07-15 10:00 +0800", tick=False)
@pytest.mark.parametrize("key", ["000", "003", "004"])
def test_task_states_after_an_import_are_those_refresh_state_computes(import_seed, key):
    import_seed(key)
    import_seed(key)
    tasks = list(Task.objects.select_related("program__jurisdiction"))
    assert tasks
    assert [t.number for t in tasks if t.refresh_state()] == []


@time_machine.travel("2024-07-15 10:00 +0800", tick=False)
def test_states_follow_a_kept_office_decision_on_the_date_of_reimport(import_seed):
    import_seed("004")
    assert {t.light for t in Task.objects.all()} == {"red"}  # June nodes are overdue
    import_seed("004")
    assert [t.number for t in Task.objects.select_related("program__jurisdiction")
            if t.refresh_state()] == []


def test_a_file_that_repeats_a_number_is_refused_naming_it(import_seed):
    import_seed("004")
    exported = json.loads(dumps(program_to_dict(Program.objects.get())))
    exported["tasks"].append(dict(exported["tasks"][2]))
    before = Task.objects.count()
    with pytest.raises(ImportFailed) as failure:
        import_document(dumps(exported).encode(), "again.json", "440783")
    assert "序号：3 与前面的项目重复" in str(failure.value)
    assert Task.objects.count() == before


def test_a_dry_run_of_a_first_import_saves_nothing(import_seed):
    report = import_seed("003", dry_run=True)
    assert len(report.tasks_created) == 48
    assert not Program.objects.exists() and not Unit.objects.exists()
    assert not LogEntry.objects.exists()


def test_units_new_in_a_document_are_created_once_even_when_two_items_name_them(import_seed):
    report = import_seed("004")
    assert len(report.units_created) == len(set(report.units_created)) == Unit.objects.count()
    assert TaskUnit.objects.filter(task__number="1", unit__name="市医疗保障局").exists()
    assert TaskUnit.objects.filter(task__number="2", unit__name="市医疗保障局").exists()


def test_imported_sort_keys_order_sub_items(import_seed):
    import_seed("003")
    numbers = list(Task.objects.values_list("number", flat=True))
    assert numbers.index("14(1)") < numbers.index("14(2)") < numbers.index("15")
    assert Task.objects.get(number="14(2)").sort_key == 1402


def test_a_completion_table_reimported_later_keeps_one_final_record(import_seed):
    import_seed("000")
    import_seed("000")
    from progress.models import ProgressRecord

    assert ProgressRecord.objects.count() == Task.objects.count() == 36
    assert {t.status for t in Task.objects.all()} == {"completed"}
    assert datetime.date(2019, 12, 31) == ProgressRecord.objects.first().as_of
