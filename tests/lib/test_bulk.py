"""minsheng.lib.bulk writes what Django's bulk_create writes: the same stored values, ids
set on the objects, related rows saved after assignment lending their new ids."""

import copy

import pytest
from django.forms.models import model_to_dict

from minsheng.lib.bulk import bulk_insert
from projects.models import Milestone, Program, Task, TaskUnit, Unit

pytestmark = pytest.mark.django_db

MOVING = {"id", "program", "task", "created", "last_updated"}


def stored(queryset) -> list[dict]:
    """Every stored value but the ids and timestamps that differ between two copies."""
    return [
        {k: v for k, v in model_to_dict(row).items() if k not in MOVING}
        | {"task_number": getattr(getattr(row, "task", None), "number", None)}
        for row in queryset
    ]


def copy_program(program: Program, year: int) -> Program:
    twin = copy.copy(program)
    twin.pk, twin.year = None, year
    twin._state = type(program._state)()
    twin.save()
    return twin


def test_rows_written_in_bulk_are_those_bulk_create_writes(import_seed):
    import_seed("004")  # dates, decimal targets, JSON extras, milestones, units
    program = Program.objects.get()
    tasks = list(Task.objects.filter(program=program).order_by("sort_key"))
    milestones = list(Milestone.objects.filter(task__program=program).order_by("task", "position"))

    def clone(program_copy, insert):
        new_tasks = {}
        for task in tasks:
            twin = copy.copy(task)
            twin.pk, twin._state = None, type(task._state)()
            twin.program = program_copy
            new_tasks[task.pk] = twin
        insert(list(new_tasks.values()))
        new_milestones = []
        for milestone in milestones:
            twin = copy.copy(milestone)
            twin.pk, twin._state = None, type(milestone._state)()
            twin.task = new_tasks[milestone.task_id]  # saved just now: its id is lent
            new_milestones.append(twin)
        insert(new_milestones)
        return list(new_tasks.values()), new_milestones

    ours = copy_program(program, program.year + 1)
    django = copy_program(program, program.year + 2)
    our_tasks, our_milestones = clone(ours, bulk_insert)
    clone(django, lambda objects: type(objects[0]).objects.bulk_create(objects))

    assert all(t.pk and not t._state.adding for t in our_tasks + our_milestones)
    assert {t.pk for t in our_tasks} == set(
        Task.objects.filter(program=ours).values_list("pk", flat=True)
    )
    assert stored(Task.objects.filter(program=ours).order_by("sort_key")) == stored(
        Task.objects.filter(program=django).order_by("sort_key")
    )
    assert stored(
        Milestone.objects.filter(task__program=ours).order_by("task__sort_key", "position")
    ) == stored(
        Milestone.objects.filter(task__program=django).order_by("task__sort_key", "position")
    )
    assert len(our_milestones) == Milestone.objects.filter(task__program=ours).count() > 0


def test_a_related_row_never_saved_is_refused_as_bulk_create_refuses_it(import_seed):
    import_seed("003")
    task = Task.objects.first()
    unsaved = Unit(jurisdiction=task.program.jurisdiction, name="新单位")
    with pytest.raises(ValueError, match="unsaved related object"):
        bulk_insert([TaskUnit(task=task, unit=unsaved)])
    assert not TaskUnit.objects.filter(unit__name="新单位").exists()


def test_a_related_row_saved_after_assignment_lends_its_new_id(import_seed):
    import_seed("003")
    task = Task.objects.first()
    unit = Unit(jurisdiction=task.program.jurisdiction, name="后存单位")
    assignment = TaskUnit(task=task, unit=unit)
    bulk_insert([unit])
    bulk_insert([assignment])
    assert TaskUnit.objects.get(pk=assignment.pk).unit_id == unit.pk


def test_no_rows_is_no_insert(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from minsheng.lib.bulk import insert_rows

    fields = [Unit._meta.get_field("name")]
    with CaptureQueriesContext(connection) as queries:
        assert insert_rows(Unit, fields, [], returning=True) == []
    assert len(queries) == 0
