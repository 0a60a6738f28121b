"""A programme split into one table per category (issue 13): a heading line ("二、医疗卫生
（2件）") above each table, the tables sharing one header (written once or repeated), their
numbers continuing or restarting at 1. Our own fixtures, built here."""

import datetime

import pytest

from importers.layout import read_program
from importers.parsers import parse_file
from importers.pipeline import import_document
from projects.models import Task
from tests.importers.builders import Sheet, WordTable, build_docx, build_xlsx

HEADER = ["序号", "项目名称", "建设内容", "责任单位", "完成时限"]


def read(data: bytes, name: str, year: int | None = None):
    return read_program(parse_file(data, name), year=year)


def by_number(program) -> dict:
    return {task.number: task for task in program.tasks}


def split_plan(repeat_header: bool, restart: bool) -> bytes:
    """Three category tables; the header on the first only, or on each."""

    def table(rows, first=False):
        return WordTable(rows=[HEADER, *rows] if first or repeat_header else rows)

    second = 1 if restart else 3
    third = 1 if restart else 5
    return build_docx(
        "2025年某县民生实事项目计划",
        "一、教育（2件）",
        table(
            [
                ["1", "新建小学", "新建城东小学1所。", "县教育局", "8月底前"],
                ["2", "改造校舍", "改造农村校舍2所。", "县教育局", "12月底前"],
            ],
            first=True,
        ),
        "二、医疗卫生（2件）",
        table(
            [
                [str(second), "卫生院提升", "改造乡镇卫生院3所。", "县卫健局", "10月底前"],
                [str(second + 1), "家庭医生", "签约服务覆盖5万人。", "县卫健局", "持续推进"],
            ]
        ),
        "三、交通出行",
        table([[str(third), "农村公路", "新改建农村公路30公里。", "县交通局", "12月底前"]]),
        "注：以上项目由县督查室跟踪督办。",
    )


@pytest.mark.parametrize("repeat_header", [False, True])
def test_each_heading_above_a_table_is_the_category_of_its_items(repeat_header):
    program = read(split_plan(repeat_header, restart=False), "计划.docx")
    assert [(c.number, c.name, c.declared_items) for c in program.categories] == [
        (1, "教育", 2),
        (2, "医疗卫生", 2),
        (3, "交通出行", None),
    ]
    tasks = by_number(program)
    assert sorted(tasks) == ["1", "2", "3", "4", "5"]
    assert [tasks[n].category for n in "12345"] == [1, 1, 2, 2, 3]
    assert tasks["3"].content == "改造乡镇卫生院3所。"
    # The headings are neither the title nor notes; the closing line stays a note.
    assert program.title == "2025年某县民生实事项目计划"
    assert program.notes == ["注：以上项目由县督查室跟踪督办。"]
    assert not any("重复" in w or "称共" in w for w in program.warnings)
    # Warnings still name the table and row of the file: 持续推进 is in table 2.
    row = "表2第3行" if repeat_header else "表2第2行"
    assert any(w.startswith(f"{row} 完成时限") and "持续推进" in w for w in program.warnings)


@pytest.mark.parametrize("repeat_header", [False, True])
def test_numbers_restarting_in_each_table_follow_on_and_the_warning_says_how(repeat_header):
    program = read(split_plan(repeat_header, restart=True), "计划.docx")
    tasks = by_number(program)
    assert sorted(tasks) == ["1", "2", "3", "4", "5"]
    assert [tasks[n].content[:4] for n in "12345"] == [
        "新建城东",
        "改造农村",
        "改造乡镇",
        "签约服务",
        "新改建农",
    ]
    assert [tasks[n].category for n in "12345"] == [1, 1, 2, 2, 3]
    # The number in the file is kept on the item.
    assert {"label": "原序号", "text": "1"} in tasks["3"].extra
    assert {"label": "原序号", "text": "2"} in tasks["4"].extra
    assert not any(e["label"] == "原序号" for e in tasks["1"].extra)
    first = "表2第2行" if repeat_header else "表2第1行"
    third = "表3第2行" if repeat_header else "表3第1行"
    assert (
        f"{first} 序号：本表（或本大类）的序号从1重新开始，为免与前面的项目重复，"
        "第1至2项依次编为第3至4项，原序号保留为“原序号”。"
    ) in program.warnings
    assert any(
        w.startswith(f"{third} 序号：") and "第1至1项依次编为第5至5项" in w
        for w in program.warnings
    )
    assert not any("重复，保留" in w for w in program.warnings)


def test_a_table_continuing_a_restarted_one_keeps_its_shift():
    program = read(
        build_docx(
            "2025年某县民生实事",
            WordTable(rows=[HEADER, ["1", "甲", "甲项内容", "县教育局", "12月底前"]]),
            "二、医疗",
            WordTable(rows=[["1", "乙", "乙项内容", "县卫健局", "12月底前"]]),
            # the same category's table, broken at a page, carries on from 1
            WordTable(rows=[["2", "丙", "丙项内容", "县卫健局", "12月底前"]]),
        ),
        "续表.docx",
    )
    assert [(t.number, t.content) for t in program.tasks] == [
        ("1", "甲项内容"),
        ("2", "乙项内容"),
        ("3", "丙项内容"),
    ]


def test_a_real_duplicate_within_one_table_is_still_skipped_and_named():
    program = read(
        build_docx(
            "2025年某县民生实事",
            WordTable(
                rows=[
                    HEADER,
                    ["1", "甲", "甲项内容", "县教育局", "12月底前"],
                    ["2", "乙", "乙项内容", "县教育局", "12月底前"],
                    ["2", "丙", "丙项内容", "县教育局", "12月底前"],
                ]
            ),
        ),
        "重复.docx",
    )
    assert [t.number for t in program.tasks] == ["1", "2"]
    assert any(w.startswith("表1第4行 序号：2 与表1第3行重复") for w in program.warnings)


def test_an_excel_sheet_whose_categories_restart_their_numbers_under_merged_heading_rows():
    sheet = Sheet(
        "计划",
        [
            ["2025年某县民生实事项目表", None, None, None, None],
            HEADER,
            ["一、教育（2件）", None, None, None, None],
            [1, "新建小学", "新建城东小学1所。", "县教育局", "8月底前"],
            [2, "改造校舍", "改造农村校舍2所。", "县教育局", "12月底前"],
            ["二、医疗卫生（1件）", None, None, None, None],
            [1, "卫生院提升", "改造乡镇卫生院3所。", "县卫健局", "10月底前"],
        ],
        merges=["A1:E1", "A3:E3", "A6:E6"],
    )
    program = read(build_xlsx(sheet), "计划.xlsx")
    tasks = by_number(program)
    assert sorted(tasks) == ["1", "2", "3"]
    assert tasks["3"].content == "改造乡镇卫生院3所。" and tasks["3"].category == 2
    assert any(
        w.startswith("工作表“计划”第7行 序号：") and "第1至1项依次编为第3至3项" in w
        for w in program.warnings
    )


def test_an_excel_workbook_with_one_sheet_per_category_reads_each_sheets_heading():
    def sheet(title, heading, rows):
        return Sheet(title, [["2025年某县民生实事项目表"], [heading], HEADER, *rows])

    program = read(
        build_xlsx(
            sheet(
                "教育", "一、教育", [[1, "新建小学", "新建城东小学1所。", "县教育局", "8月底前"]]
            ),
            sheet(
                "医疗",
                "二、医疗卫生",
                [[1, "卫生院", "改造乡镇卫生院3所。", "县卫健局", "10月底前"]],
            ),
        ),
        "分表.xlsx",
    )
    assert [(c.number, c.name) for c in program.categories] == [(1, "教育"), (2, "医疗卫生")]
    assert [(t.number, t.category) for t in program.tasks] == [("1", 1), ("2", 2)]
    assert any(w.startswith("工作表“医疗”第4行 序号：") for w in program.warnings)


@pytest.mark.django_db
def test_a_split_programme_saves_once_and_a_second_import_changes_nothing():
    data = split_plan(repeat_header=True, restart=True)
    report = import_document(data, "计划.docx", "440700")
    assert len(report.tasks_created) == 5
    saved = Task.objects.filter(category__program__year=2025).select_related("category")
    assert {(t.number, t.category.name) for t in saved} == {
        ("1", "教育"),
        ("2", "教育"),
        ("3", "医疗卫生"),
        ("4", "医疗卫生"),
        ("5", "交通出行"),
    }
    assert saved.get(number="1").deadline == datetime.date(2025, 8, 31)
    again = import_document(data, "计划.docx", "440700")
    assert again.tasks_created == again.tasks_updated == [] and not again.changed


def test_a_single_tables_own_heading_is_its_category_and_stays_out_of_the_title():
    program = read(
        build_docx(
            "2025年某县民生实事",
            "一、教育（1件）",
            WordTable(rows=[HEADER, ["1", "新建小学", "新建城东小学1所。", "县教育局", "8月底前"]]),
        ),
        "一表.docx",
    )
    assert program.title == "2025年某县民生实事"
    assert [(c.name, c.declared_items) for c in program.categories] == [("教育", 1)]


def test_a_section_of_the_notice_above_a_table_naming_its_own_categories_is_not_one():
    program = read(
        build_docx(
            "关于印发2025年某县民生实事的通知",
            "一、总体要求。各单位要高度重视。",
            "二、项目安排",
            WordTable(
                rows=[
                    HEADER,
                    ["一、教育", None, None, None, None],
                    ["1", "新建小学", "新建城东小学1所。", "县教育局", "8月底前"],
                    ["二、医疗", None, None, None, None],
                    ["2", "卫生院", "改造乡镇卫生院3所。", "县卫健局", "10月底前"],
                ],
                merges=[(1, 0, 1, 4), (3, 0, 3, 4)],
            ),
        ),
        "通知.docx",
    )
    assert [(c.number, c.name) for c in program.categories] == [(1, "教育"), (2, "医疗")]
    assert not any("两个不同的名称" in w for w in program.warnings)


def test_a_table_repeated_without_a_heading_of_its_own_is_not_renumbered_as_new_items():
    # The same table pasted twice: its items are duplicates (skipped and named), never
    # items 3 and 4 under new numbers.
    rows = [
        ["1", "新建小学", "新建城东小学1所。", "县教育局", "8月底前"],
        ["2", "改造校舍", "改造农村校舍2所。", "县教育局", "12月底前"],
    ]
    program = read(
        build_docx(
            "2025年某县民生实事项目计划",
            WordTable(rows=[HEADER, *rows]),
            WordTable(rows=[HEADER, *rows]),
        ),
        "计划.docx",
    )
    assert sorted(by_number(program)) == ["1", "2"]
    assert not any("依次编为" in w for w in program.warnings)
    assert any("重复" in w for w in program.warnings)
