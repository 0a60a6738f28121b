"""A category written once in a merged 事项名称 cell over several items (issue 13, item 2)."""

from importers.layout import read_program
from importers.parsers import parse_file
from tests.importers.builders import Sheet, WordTable, build_docx, build_xlsx

TITLE = "2025年某县十件民生实事"
HEADER = ["序号", "事项名称", "工作任务", "责任单位", "完成时限"]
ROWS = [
    HEADER,
    ["1", "教育提升", "新建幼儿园2所", "县教育局", "12月底"],
    ["2", None, "改造学校操场", "县教育局", "10月底"],
    ["3", "就医便利", "建设社区医院", "县卫健局", "12月底"],
    ["4", None, "新增家庭医生团队", "县卫健局", "9月底"],
    ["5", "供水保障", "改造供水管网", "县水务局", "12月底"],
]


def read(data: bytes, name: str):
    return read_program(parse_file(data, name), year=2025)


def assert_categories_not_titles(program):
    by_category = {
        c.name: [t.number for t in program.tasks if t.category == c.number]
        for c in program.categories
    }
    assert by_category == {"教育提升": ["1", "2"], "就医便利": ["3", "4"], "供水保障": ["5"]}
    # Merged over several items, the cell is their category; once the column holds
    # categories, an item alone under its cell (5) is a category of one.
    assert [t.title for t in program.tasks] == ["", "", "", "", ""]
    assert not any("供水保障" in w for w in program.warnings)


def test_a_merged_title_cell_over_several_items_of_a_word_table_is_their_category():
    table = WordTable(rows=ROWS, merges=[(1, 1, 2, 1), (3, 1, 4, 1)])
    assert_categories_not_titles(read(build_docx(TITLE, table), "plan.docx"))


def test_a_merged_title_range_over_several_items_of_a_sheet_is_their_category():
    sheet = Sheet("计划", [[TITLE], *ROWS], merges=["B3:B4", "B5:B6"])
    assert_categories_not_titles(read(build_xlsx(sheet), "plan.xlsx"))


def test_a_title_merged_over_the_sub_items_of_one_item_stays_their_title():
    rows = [
        HEADER,
        ["1(1)", "学位建设", "新建幼儿园2所", "县教育局", "12月底"],
        ["1(2)", None, "改造学校操场", "县教育局", "10月底"],
    ]
    table = WordTable(rows=rows, merges=[(1, 1, 2, 1)])
    program = read(build_docx(TITLE, table), "plan.docx")
    assert [(t.number, t.title) for t in program.tasks] == [
        ("1(1)", "学位建设"),
        ("1(2)", "学位建设"),
    ]
