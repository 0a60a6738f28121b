"""Tables copied from web pages as text: pipes, spaces, one cell per line, page metadata."""

import datetime

import pytest

from importers.document import ImportFailed
from importers.parsers import parse_file
from importers.pipeline import import_document
from projects.models import Task

METADATA = "索引号：11440700/2024-00123\n发布日期：2024-03-01\n来源：县政府办公室\n"
NOTICE = (
    "关于印发2024年某县十件民生实事的通知\n"
    "各镇人民政府，县直各单位：现将项目印发给你们，请认真贯彻落实。\n"
)


def tasks_of(text: str) -> list[Task]:
    report = import_document(text.encode("utf-8"), "web.txt", "440700", year=2024)
    return list(Task.objects.filter(category__program=report.program).order_by("number"))


def rows_of(text: str) -> list[list[str]]:
    document = parse_file(text.encode("utf-8"), "web.txt")
    return [row.texts() for table in document.tables for row in table.rows]


@pytest.mark.django_db
def test_a_pipe_table_under_page_metadata_imports_with_its_commas_kept():
    tasks = tasks_of(
        METADATA + NOTICE + "\n| 序号 | 工作任务 | 责任单位 | 完成时限 |\n|---|---|---|---|\n"
        "| 1 | 新建学校,新增学位3000个 | 县教育局 | 12月底 |\n"
        "| 2 | 改造老旧小区,共12个 | 县住建局 | 9月底 |\n"
    )
    assert [(t.number, t.content) for t in tasks] == [
        ("1", "新建学校,新增学位3000个"),
        ("2", "改造老旧小区,共12个"),
    ]
    assert tasks[1].deadline == datetime.date(2024, 9, 30)
    assert tasks[0].category.program.title == "2024年某县十件民生实事"


def test_a_pipe_table_without_outer_pipes_keeps_its_empty_cells_in_place():
    rows = rows_of(
        "2024年某县十件民生实事\n序号 | 工作任务 | 责任单位 | 完成时限\n"
        "1 | 新建学校 || 12月底\n2 | 改造老旧小区 | 县住建局 | \n"
    )
    assert rows == [
        ["序号", "工作任务", "责任单位", "完成时限"],
        ["1", "新建学校", "", "12月底"],
        ["2", "改造老旧小区", "县住建局", ""],
    ]


def test_a_pipe_table_with_a_trailing_pipe_only_and_runs_of_empty_cells():
    rows = rows_of(
        "2024年某县十件民生实事\n序号 | 工作任务 | 责任单位 | 完成时限 | 备注 |\n"
        "1 | 新建学校 ||||\n"
    )
    assert rows[1] == ["1", "新建学校", "", "", ""]


def test_metadata_lines_are_not_paragraphs_of_the_notice():
    document = parse_file(
        (METADATA + NOTICE + "序号 | 工作任务 | 责任单位\n1 | 新建学校 | 县教育局\n").encode(),
        "web.txt",
    )
    assert not any("索引号" in p or "发布日期" in p for p in document.paragraphs)
    assert document.paragraphs[0].startswith("关于印发2024年")


@pytest.mark.django_db
def test_rows_separated_by_spaces_import():
    tasks = tasks_of(
        "2024年某县十件民生实事\n"
        "序号  工作任务        责任单位    完成时限\n"
        "1     新建学校        县教育局    12月底\n"
        "2     改造老旧小区    县住建局    9月底\n"
    )
    assert [(t.number, t.content, t.deadline.month) for t in tasks] == [
        ("1", "新建学校", 12),
        ("2", "改造老旧小区", 9),
    ]


@pytest.mark.django_db
def test_one_cell_per_line_with_blank_lines_between_cells_imports():
    cells = [
        "序号",
        "工作任务",
        "责任单位",
        "1",
        "新建学校",
        "县教育局",
        "2",
        "改造老旧小区",
        "县住建局",
    ]
    tasks = tasks_of(METADATA + "\n2024年某县十件民生实事\n\n" + "\n\n".join(cells) + "\n")
    assert [(t.number, t.content, t.lead_unit.name) for t in tasks] == [
        ("1", "新建学校", "县教育局"),
        ("2", "改造老旧小区", "县住建局"),
    ]


def test_one_cell_per_line_with_a_missing_cell_starts_the_next_row_at_its_number():
    cells = [
        "序号",
        "工作任务",
        "责任单位",
        "完成时限",
        "1",
        "新建学校",
        "12月底",
        "2",
        "改造",
        "县住建局",
        "9月底",
    ]
    rows = rows_of("2024年某县十件民生实事\n\n" + "\n\n".join(cells) + "\n")
    assert rows[1] == ["1", "新建学校", "12月底"]
    assert rows[2] == ["2", "改造", "县住建局", "9月底"]


def test_a_file_with_no_table_says_which_layouts_are_read():
    with pytest.raises(ImportFailed, match="没有找到表格.*“\\|”"):
        parse_file("一段没有表格的文字。\n第二行。".encode(), "a.txt")
