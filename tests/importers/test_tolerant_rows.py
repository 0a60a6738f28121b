"""Odd rows real tables have: each is read with a warning instead of refusing the file."""

import datetime

import pytest

from importers.document import ImportFailed
from importers.exporters import FORMATS
from importers.interchange import program_to_dict
from importers.layout import read_program
from importers.parsers import parse_file
from importers.pipeline import import_document
from projects.models import Milestone, Program, Task, Unit

TITLE = "2025年某区十件民生实事项目"
HEADER = "序号 | 工作任务 | 责任单位 | 完成时限"


def read(*rows: str, header: str = HEADER):
    text = "\n".join([TITLE, header, *rows]) + "\n"
    return read_program(parse_file(text.encode(), "x.txt"), year=2025)


def test_a_row_without_a_number_and_with_its_own_date_is_a_milestone_of_the_item_above():
    program = read("1 | 新建学校，新增学位1200个 | 区教育局 | 12月底", " | 新增学位810个 | | 9月底")
    (task,) = program.tasks
    assert task.number == "1"
    assert [(m.due, m.text) for m in task.milestones] == [
        (datetime.date(2025, 9, 30), "新增学位810个")
    ]
    assert any("第4行" in w and "第1项的节点" in w for w in program.warnings)


def test_a_row_without_a_number_or_date_is_the_next_sub_item_of_the_item_above():
    program = read("5 | 改造老旧小区 | 区住建局 | 12月底", " | 加装电梯20台 | 区住建局 | ")
    assert [(t.number, t.content) for t in program.tasks] == [
        ("5(1)", "改造老旧小区"),
        ("5(2)", "加装电梯20台"),
    ]
    assert any("作为第5项的子项5(2)" in w for w in program.warnings)


def test_a_marked_number_is_the_item_with_its_mark_kept():
    program = read("9* | 新建公园 | 区城管局 | 12月底")
    task = program.tasks[0]
    assert task.number == "9"
    assert {"label": "序号标记", "text": "*"} in task.extra


def test_a_start_of_works_date_is_a_milestone_not_the_deadline():
    program = read("2 | 新建体育馆 | 区文体局 | 5月底前动工")
    task = program.tasks[0]
    assert task.deadline is None
    assert [(m.due, m.text) for m in task.milestones] == [
        (datetime.date(2025, 5, 31), "5月底前动工")
    ]
    assert any("开工时间" in w for w in program.warnings)


def test_a_month_with_words_is_read_as_the_month_and_its_words_kept():
    program = read("3 | 新建医院 | 区卫健局 | 9月投入使用")
    task = program.tasks[0]
    assert task.deadline == datetime.date(2025, 9, 30)
    assert {"label": "完成时限", "text": "9月投入使用"} in task.extra


def test_a_deadline_without_a_date_is_kept_as_text_with_a_warning():
    program = read("3 | 新建医院 | 区卫健局 | 2024-2026年")
    task = program.tasks[0]
    assert task.deadline is None
    assert {"label": "完成时限", "text": "2024-2026年"} in task.extra
    assert any("第3行 完成时限：读不懂“2024-2026年”" in w for w in program.warnings)


def test_group_rows_and_numbering_levels_are_categories_projects_and_sub_items():
    program = read(
        "一、 | 教育保障 | | ",
        "（一） | 新建学校 | 区教育局 | ",
        "1. | 新建第一小学 | | 9月底",
        "2. | 新建第二小学 | 区住建局 | 12月底",
        "二、 | 医疗卫生 | | ",
        "（二） | 新建医院 | 区卫健局 | 12月底",
    )
    assert [(c.number, c.name) for c in program.categories] == [(1, "教育保障"), (2, "医疗卫生")]
    assert [(t.number, t.category, t.title, t.units) for t in program.tasks] == [
        ("1(1)", 1, "新建学校", ["区教育局"]),
        ("1(2)", 1, "新建学校", ["区住建局"]),
        ("2", 2, "", ["区卫健局"]),
    ]


def test_a_table_whose_only_row_has_no_number_is_refused_naming_row_and_column():
    # The row alone is skipped (see test_odd_rows_are_skipped); with nothing left, refused.
    with pytest.raises(ImportFailed) as failure:
        read(" | 新建学校 | 区教育局 | 12月底")
    assert any("第3行 序号" in m for m in failure.value.messages)


@pytest.mark.django_db
def test_tolerated_rows_are_saved_with_their_milestones_and_extra_fields():
    text = "\n".join(
        [TITLE, HEADER, "9* | 新建学校 | 区教育局 | 12月底", " | 新增学位810个 | | 9月底"]
    )
    report = import_document(text.encode(), "x.txt", "440700", year=2025)
    task = Task.objects.get(category__program=report.program, number="9")
    assert task.extra == [{"label": "序号标记", "text": "*"}]
    assert list(Milestone.objects.filter(task=task).values_list("text", flat=True)) == [
        "新增学位810个"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_marks_deadlines_kept_as_text_and_extra_columns_survive_an_export(fmt):
    text = "\n".join(
        [
            TITLE,
            HEADER + " | 备注",
            "9* | 新建学校 | 区教育局 | 9月投入使用 | 省重点",
            "10 | 新建医院 | 区卫健局 | 2024-2026年 | ",
            "11 | 新建公园 | 区城管局 | 12月底 | 已立项",
        ]
    )
    report = import_document(text.encode(), "x.txt", "440700", year=2025)
    before = program_to_dict(report.program)
    data = FORMATS[fmt](report.program)
    Program.objects.all().delete()
    Unit.objects.all().delete()
    after = program_to_dict(import_document(data, f"x.{fmt}", "440700", year=2025).program)
    assert after == before
    assert before["tasks"][0]["extra"] == [
        {"label": "序号标记", "text": "*"},
        {"label": "完成时限", "text": "9月投入使用"},
        {"label": "备注", "text": "省重点"},
    ]


def test_a_unit_name_wrapped_over_two_lines_is_one_unit():
    from tests.importers.builders import WordTable, build_docx

    table = WordTable(
        rows=[
            ["序号", "工作任务", "责任单位"],
            ["1", "新增就业", "市人力资源\n社会保障局\n市财政局"],
        ]
    )
    program = read_program(parse_file(build_docx(TITLE, table), "x.docx"), year=2025)
    assert program.tasks[0].units == ["市人力资源社会保障局", "市财政局"]
    assert any("折行" in w for w in program.warnings)


def test_a_second_row_with_the_same_number_is_skipped_and_both_rows_are_named():
    program = read("3 | 建设公园 | 区住建局 | 12月底", "3 | 建设绿道 | 区住建局 | 10月底")
    assert [(t.number, t.content) for t in program.tasks] == [("3", "建设公园")]
    assert any(
        w.startswith("第4行 序号：3 与第3行重复，保留第3行的项目") and "建设绿道" in w
        for w in program.warnings
    )


def test_a_date_that_does_not_exist_is_kept_as_text_naming_row_and_column():
    program = read("1 | 建设公园 | 区住建局 | 11月31日", "2 | 建设绿道 | 区住建局 | 10月底")
    first, second = program.tasks
    assert first.deadline is None
    assert {"label": "完成时限", "text": "11月31日"} in first.extra
    assert second.deadline == datetime.date(2025, 10, 31)
    assert any(w.startswith("第3行 完成时限：“11月31日”不是有效日期") for w in program.warnings)


def test_a_last_row_cut_off_mid_row_is_flagged():
    program = read("1 | 建设公园 | 区住建局 | 12月底", "2 | 建设绿道，全长")
    assert [t.number for t in program.tasks] == ["1", "2"]
    assert any(w.startswith("第4行：表格最后一行只有2列") for w in program.warnings)


def test_a_last_cell_with_a_bracket_left_open_is_flagged():
    program = read("1 | 建设公园 | 区住建局 | 12月底", "2 | 建设绿道 | 区住建局 | 12月底（含驿")
    assert any(w.startswith("第4行：表格最后一行") and "括号未闭合" in w for w in program.warnings)
    # A row above with the same bracket is an ordinary cell, not a cut.
    program = read("1 | 建设公园 | 区住建局 | 12月底（含驿", "2 | 建设绿道 | 区住建局 | 12月底")
    assert not any("截断" in w for w in program.warnings)
