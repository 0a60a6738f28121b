"""Header words of other offices: the vocabulary file, two-row headers, extra columns kept."""

import datetime

import pytest
from django.urls import reverse

from importers import vocabulary
from importers.exporters import LABELS
from importers.layout import read_program, role_of
from importers.parsers import parse_file
from importers.pipeline import import_document
from projects.models import Task
from tests.importers.builders import WordTable, build_docx

TITLE = "2025年某区十件民生实事项目"


def read(data: bytes, name: str = "x.docx"):
    return read_program(parse_file(data, name), year=2025)


def test_the_vocabulary_file_names_every_role_the_exporters_write():
    assert vocabulary.PATH.name == "vocabulary.toml"
    for role, label in LABELS.items():
        assert role_of(label) == role, label
    assert LABELS["content"] == vocabulary.EXPORT_LABELS["content"]


@pytest.mark.parametrize(
    ("word", "role"),
    [
        ("民生实事", "title"),
        ("项目名称", "title"),
        ("项目内容", "content"),
        ("目标任务", "content"),
        ("子项目", "content"),
        ("当前进度", "progress"),
        ("起止年限", "deadline"),
        ("业主单位", "units"),
        ("市级牵头责任单位", "units"),
        ("工程\n名称", "title"),
        ("7月工作计划", "plan"),
        ("备注", None),
    ],
)
def test_header_words_of_other_offices_name_their_role(word, role):
    assert role_of(word) == role


def test_quarter_targets_under_one_merged_header_cell_are_all_read():
    table = WordTable(
        rows=[
            ["序号", "项目\n名称", "工作任务", "责任单位", "季度目标", None, None, None],
            [None, None, None, None, "一季度", "二季度", "三季度", "四季度"],
            ["1", "学校", "新建学校", "区教育局", "选址", "立项", "动工", "完工"],
        ],
        merges=[(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 1, 3), (0, 4, 0, 7)],
    )
    program = read(build_docx(TITLE, table))
    task = program.tasks[0]
    assert task.title == "学校"
    assert [(m.first_quarter, m.text) for m in task.milestones] == [
        (1, "选址"),
        (2, "立项"),
        (3, "动工"),
        (4, "完工"),
    ]
    assert not any("未识别" in w for w in program.warnings)


def test_progress_and_next_months_plan_under_a_year_heading_are_two_fields():
    table = WordTable(
        rows=[
            ["序号", "项目名称", "项目内容", "牵头单位", "2025年进展情况", None, "备注"],
            [None, None, None, None, "截至6月底进展", "7月工作计划", None],
            ["1", "学校", "新建学校", "区教育局", "主体完工", "装修", "省重点"],
        ],
        merges=[(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 1, 3), (0, 4, 0, 5), (0, 6, 1, 6)],
    )
    program = read(build_docx(TITLE, table))
    task = program.tasks[0]
    assert task.progress == "主体完工"
    assert task.extra == [
        {"label": "2025年进展情况/7月工作计划", "text": "装修"},
        {"label": "备注", "text": "省重点"},
    ]


def test_a_second_column_of_one_role_is_kept_not_dropped():
    table = WordTable(
        rows=[
            ["序号", "工作任务", "责任单位", "进展情况", "具体完成情况"],
            ["1", "新建学校", "区教育局", "推进中", "已完成主体"],
        ]
    )
    program = read(build_docx(TITLE, table))
    assert program.tasks[0].extra == [{"label": "具体完成情况", "text": "已完成主体"}]
    assert any("具体完成情况" in w and "保留" in w for w in program.warnings)


@pytest.mark.django_db
def test_extra_fields_are_saved_and_shown_on_the_public_item_page(client):
    text = (
        "2025年某区十件民生实事项目\n序号 | 工作任务 | 责任单位 | 完成时限 | 备注\n"
        "1 | 新建学校 | 区教育局 | 12月底 | 列入省重点项目\n"
    )
    report = import_document(text.encode(), "web.txt", "440700", year=2025)
    task = Task.objects.get(category__program=report.program, number="1")
    assert task.extra == [{"label": "备注", "text": "列入省重点项目"}]
    assert task.deadline == datetime.date(2025, 12, 31)
    report.program.publish()
    page = client.get(reverse("portal:task", args=["440700", 2025, "1"]))
    assert "列入省重点项目" in page.content.decode()
