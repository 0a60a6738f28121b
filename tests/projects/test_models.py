import datetime

import pytest
from django.db import IntegrityError, transaction

from projects.choices import MilestoneKind, MilestoneState, TaskStatus
from projects.models import (
    Category,
    Jurisdiction,
    Milestone,
    Program,
    Task,
    TaskUnit,
    Unit,
    UnitAlias,
)


@pytest.fixture
def program(db):
    jiangmen = Jurisdiction.objects.get(code="440700")
    program = Program.objects.create(jurisdiction=jiangmen, year=2021, title="2021年民生实事")
    Category.objects.create(program=program, number=1, name="提高底线民生保障水平")
    return program


def make_task(program, number, **kwargs):
    return Task.objects.create(
        program=program, category=program.categories.get(), number=number, content="内容", **kwargs
    )


def test_sub_items_sort_after_their_number_and_before_the_next(program):
    for number in ["10", "2", "14(2)", "14(1)", "15"]:
        make_task(program, number)
    assert list(program.tasks.values_list("number", flat=True)) == [
        "2",
        "10",
        "14(1)",
        "14(2)",
        "15",
    ]


def test_a_number_is_unique_within_a_program(program):
    make_task(program, "1")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_task(program, "1")


def test_a_malformed_number_is_refused_by_the_database(program):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_task(program, "1a")


def test_one_program_per_jurisdiction_and_year(program):
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.create(jurisdiction=program.jurisdiction, year=2021, title="again")


def test_a_task_has_one_lead_unit_at_most(program):
    task = make_task(program, "1")
    first = Unit.objects.create(jurisdiction=program.jurisdiction, name="市民政局")
    second = Unit.objects.create(jurisdiction=program.jurisdiction, name="市财政局")
    TaskUnit.objects.create(task=task, unit=first, is_lead=True, position=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskUnit.objects.create(task=task, unit=second, is_lead=True, position=1)


def test_category_reads_with_its_chinese_ordinal(program):
    assert str(program.categories.get()) == "一、提高底线民生保障水平"


def test_milestone_state_follows_today_and_the_task(program):
    task = make_task(program, "1")
    milestone = Milestone.objects.create(
        task=task, position=0, kind=MilestoneKind.DATED, due=datetime.date(2021, 6, 30), text="节点"
    )
    assert milestone.state(datetime.date(2021, 6, 22)) == MilestoneState.PENDING
    # Within the jurisdiction's warning days (7), up to and including its due date.
    assert milestone.state(datetime.date(2021, 6, 23)) == MilestoneState.DUE_SOON
    assert milestone.state(datetime.date(2021, 6, 30)) == MilestoneState.DUE_SOON
    assert milestone.state(datetime.date(2021, 6, 30), window_days=0) == MilestoneState.DUE_SOON
    assert milestone.state(datetime.date(2021, 6, 29), window_days=0) == MilestoneState.PENDING
    assert milestone.state(datetime.date(2021, 7, 1)) == MilestoneState.OVERDUE
    task.status = TaskStatus.COMPLETED
    assert milestone.state(datetime.date(2021, 7, 1)) == MilestoneState.DONE
    assert milestone.period_label == "6月30日前"


def test_quarter_span_must_be_ordered(program):
    task = make_task(program, "1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.create(
            task=task,
            position=0,
            kind=MilestoneKind.QUARTER,
            first_quarter=4,
            last_quarter=2,
            due=datetime.date(2021, 6, 30),
            text="倒过来的季度",
        )


def test_merging_units_moves_tasks_and_keeps_the_old_name_as_alias(program):
    task_a, task_b = make_task(program, "1"), make_task(program, "2")
    kept = Unit.objects.create(jurisdiction=program.jurisdiction, name="市医疗保障局")
    other = Unit.objects.create(jurisdiction=program.jurisdiction, name="市医保局")
    UnitAlias.objects.create(unit=other, name="医保局")
    TaskUnit.objects.create(task=task_a, unit=other, is_lead=True, person="张慧琳")
    TaskUnit.objects.create(task=task_b, unit=kept, is_lead=True)
    TaskUnit.objects.create(task=task_b, unit=other, position=1)

    kept.merge(other)

    assert not Unit.objects.filter(pk=other.pk).exists()
    assert list(task_a.assignments.values_list("unit__name", "person", "is_lead")) == [
        ("市医疗保障局", "张慧琳", True)
    ]
    assert task_b.assignments.count() == 1  # it was on task b twice: once is enough
    assert set(kept.aliases.values_list("name", flat=True)) == {"医保局", "市医保局"}


def test_units_of_different_jurisdictions_cannot_merge(program):
    from django.core.exceptions import ValidationError

    jiangmen = Unit.objects.create(jurisdiction=program.jurisdiction, name="市民政局")
    kaiping = Unit.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="440783"), name="市民政局"
    )
    with pytest.raises(ValidationError):
        jiangmen.merge(kaiping)
    assert Unit.objects.filter(pk=kaiping.pk).exists()


def test_jurisdiction_names_include_other_names(db):
    jianghai = Jurisdiction.objects.get(code="440704")
    assert "高新区（江海区）" in jianghai.names()
    assert "江海区" in jianghai.names()
    assert Jurisdiction.objects.get(code="440783").parent.code == "440700"


def test_merging_away_a_lead_unit_leaves_the_task_a_lead(program):
    task = make_task(program, "1")
    kept = Unit.objects.create(jurisdiction=program.jurisdiction, name="市民政局")
    other = Unit.objects.create(jurisdiction=program.jurisdiction, name="市民政局（旧）")
    TaskUnit.objects.create(task=task, unit=other, is_lead=True, position=0)
    TaskUnit.objects.create(task=task, unit=kept, is_lead=False, position=1)

    kept.merge(other)

    assert list(task.assignments.values_list("unit__name", "is_lead")) == [("市民政局", True)]


def test_report_dues_follow_a_change_of_the_programs_reporting_rule(program):
    from projects.choices import Cadence, ReportDueRule

    program.cadence, program.report_due_rule = Cadence.QUARTERLY, ReportDueRule.PERIOD_END
    assert program.report_dues()["2021-Q1"] == datetime.date(2021, 3, 31)
    program.report_due_rule = ReportDueRule.NEXT_PERIOD_START
    assert program.report_dues()["2021-Q1"] == datetime.date(2021, 4, 1)
    program.year = 2022
    assert list(program.report_dues()) == ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"]
