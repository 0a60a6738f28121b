"""More tables in the shapes county and city offices publish for 民生实事 / 民生工程 / 为民办实事
(issue 13: "more real tables from other jurisdictions are held back"). Each is our own
fixture in a shape not tried by the other importer tests: a category column with investment
figures and a 合计 row, units listed with the lead marked, title and 填报 rows inside the
table with footnotes below it, a header with a blank first cell, items numbered ①②, a table
in a text box, milestones in a nested table, a long table with its header repeated on every
page, a 进展情况表 with 时间进度 | 进展情况 | 存在问题 | 下步计划, a completion sheet with 完成率
and a total, an Excel sheet naming the year only in its name, investment figures under a
two-row header, one header cell over two unit columns or over the category's and the
item's numbers. Every one goes through the real pipeline and the upload preview."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from importers.document import ImportFailed
from importers.layout import read_program
from importers.parsers import parse_file
from projects.models import Task
from tests.importers.builders import (
    Sheet,
    TextBox,
    WordTable,
    build_docx,
    build_xlsx,
    saves_then_changes_nothing,
)

D = datetime.date


def read(data: bytes, name: str, year: int | None = None):
    return read_program(parse_file(data, name), year=year)


def by_number(program) -> dict:
    return {task.number: task for task in program.tasks}


def extra(task) -> dict[str, str]:
    return {e["label"]: e["text"] for e in task.extra}


def kept_text(program) -> str:
    """Everything the import keeps or says: a cell not in here was dropped silently."""
    parts = [*program.warnings, *program.notes, program.title]
    parts += [c.name for c in program.categories]
    for task in program.tasks:
        parts += [task.number, task.content, task.title, task.progress or "", *task.units]
        parts += [*task.leaders, *task.persons]
        parts += [e["text"] for e in task.extra] + [m.text for m in task.milestones]
    return "\n".join(parts)


def assert_nothing_dropped(program, rows, skip=()):
    """Every filled cell of `rows` (below the header) is kept somewhere or named in a warning;
    `skip`: texts the reader turns into something else (a date, a percent, a category)."""
    kept = kept_text(program)
    for row in rows:
        for cell in row:
            if not cell or not isinstance(cell, str) or cell in skip:
                continue
            for line in cell.split("\n"):
                assert line.strip() in kept or re.sub(r"\s", "", line) in kept, line


# -- 1. a 项目类别 column, investment figures, 建设地点 and a 合计 row ---------------------------

INVESTMENT_HEADER = [
    "序号",
    "项目类别",
    "项目名称",
    "建设内容及规模",
    "建设地点",
    "总投资（万元）",
    "2025年计划投资（万元）",
    "牵头单位",
    "完成时限",
]
INVESTMENT_ROWS = [
    [
        "1",
        "教育",
        "城东小学",
        "新建教学楼1栋，建筑面积8000平方米，新增学位1350个。",
        "城东街道",
        "6500",
        "3000",
        "县教育局",
        "2025年12月底",
    ],
    [
        "2",
        "教育",
        "公办幼儿园",
        "新建公办幼儿园2所。",
        "城西街道、河口镇",
        "2400",
        "1200",
        "县教育局",
        "9月",
    ],
    [
        "3",
        "医疗卫生",
        "县人民医院住院楼",
        "建设住院楼1栋，床位500张。",
        "县城新区",
        "32000",
        "8000",
        "县卫健局",
        "2026年6月",
    ],
    ["4", "民生保障", "老年食堂", "", "各乡镇", "300", "300", "县民政局", "年底前"],
    ["合计", "", "4个项目", "", "", "41200", "12500", "", ""],
]


def investment_plan() -> bytes:
    return build_docx(
        "2025年某县为民办实事项目计划表",
        WordTable(rows=[INVESTMENT_HEADER, *INVESTMENT_ROWS]),
    )


def test_a_category_column_with_investment_figures_and_a_total_row():
    program = read(investment_plan(), "计划表.docx")
    assert [(c.number, c.name) for c in program.categories] == [
        (1, "教育"),
        (2, "医疗卫生"),
        (3, "民生保障"),
    ]
    tasks = by_number(program)
    assert sorted(tasks) == ["1", "2", "3", "4"]
    assert [tasks[n].category for n in "1234"] == [1, 1, 2, 3]
    first = tasks["1"]
    assert first.title == "城东小学"
    assert first.content == "新建教学楼1栋，建筑面积8000平方米，新增学位1350个。"
    assert first.units == ["县教育局"] and first.deadline == D(2025, 12, 31)
    # Figures stay under their header, which names their unit.
    assert extra(first) == {
        "建设地点": "城东街道",
        "总投资（万元）": "6500",
        "2025年计划投资（万元）": "3000",
    }
    assert tasks["3"].deadline == D(2026, 6, 30)
    # An item whose only words are its name: the name is its content, and that is said.
    assert tasks["4"].content == "老年食堂" and tasks["4"].deadline == D(2025, 12, 31)
    assert any(w.startswith("表1第5行 具体内容") and "老年食堂" in w for w in program.warnings)
    # The total is no item: kept as a note, and said.
    assert "合计：4个项目 41200 12500" in program.notes
    assert any(w.startswith("表1第6行") and "合计行" in w for w in program.warnings)
    assert not any("不是项目序号" in w for w in program.warnings)
    assert_nothing_dropped(program, INVESTMENT_ROWS, skip={"2025年12月底", "9月", "年底前"})


# -- 2. units listed with separators and the lead marked; numbered 1、 2、 ----------------------

UNIT_ROWS = [
    [
        "1、",
        "城区停车",
        "新增公共停车位2000个。",
        "县住建局（牵头）、县公安局、县自然资源局",
        "2025年12月底",
    ],
    [
        "2、",
        "医保服务",
        "医保业务“一站式”办理。",
        "牵头：县医保局\n配合：县卫健局，县财政局",
        "年底前",
    ],
    ["3、", "就业培训", "开展职业技能培训3000人次。", "县人社局/县总工会", "全年"],
    ["4、", "校园安全", "中小学校配备专职保安。", "县公安局、县教育局(牵头)", "2025.12"],
    ["5、", "农村供水", "解决1.2万人饮水问题。", "县水利局\n各乡镇人民政府", "2025-12-31"],
    ["6、", "图书馆", "新建乡镇图书分馆6个。", "县文广旅体局", "12月"],
    ["7、", "河道治理", "治理河道15公里。", "县水利局", "持续推进"],
]


def unit_lists() -> bytes:
    return build_xlsx(
        Sheet(
            "Sheet1",
            [
                ["2025年某县民生实事项目责任分工表"],
                ["序号", "实事项目", "工作目标", "责任单位", "完成时间"],
                *UNIT_ROWS,
            ],
            merges=["A1:E1"],
        )
    )


def test_units_listed_with_any_separator_and_the_lead_marked_lead_the_item():
    program = read(unit_lists(), "分工.xlsx")
    tasks = by_number(program)
    assert sorted(tasks) == ["1", "2", "3", "4", "5", "6", "7"]
    assert tasks["1"].units == ["县住建局", "县公安局", "县自然资源局"]
    assert tasks["2"].units == ["县医保局", "县卫健局", "县财政局"]
    assert tasks["3"].units == ["县人社局", "县总工会"]
    # The lead marked anywhere in the list is the lead, named first.
    assert tasks["4"].units == ["县教育局", "县公安局"]
    assert [tasks[n].lead_unit for n in "1234"] == ["县住建局", "县医保局", "县人社局", "县教育局"]
    assert tasks["5"].units == ["县水利局", "各乡镇人民政府"]
    assert [tasks[n].deadline for n in "1234567"] == [
        D(2025, 12, 31),
        D(2025, 12, 31),
        D(2025, 12, 31),
        D(2025, 12, 31),
        D(2025, 12, 31),
        D(2025, 12, 31),
        None,
    ]
    assert extra(tasks["7"]) == {"完成时限": "持续推进"}
    assert not any("牵头" in unit for task in program.tasks for unit in task.units)


# -- 3. title and 填报 rows inside the table, footnotes below it ---------------------------------

FILLED_IN_ROWS = [
    ["1", "改造老旧小区12个，惠及居民2000户。", "区住建局", "区财政局", "11月底前"],
    ["2", "新增城市书房5个。", "区文广旅体局", "各街道办事处", "10月底前"],
    ["3", "建成区级养老服务中心1个。", "区民政局", "", "12月底前"],
]


def filled_in_form() -> bytes:
    return build_docx(
        WordTable(
            rows=[
                ["2025年某区为民办实事工作台账", None, None, None, None],
                ["填报单位：区发展和改革局", None, None, "填报时间：2025年7月5日", None],
                ["序号", "主要目标任务", "牵头单位", "配合单位", "完成时限"],
                *FILLED_IN_ROWS,
                ["注：1.本表由各牵头单位每月5日前报区督查室。", None, None, None, None],
                ["2.完成时限以区政府工作报告为准。", None, None, None, None],
            ],
            merges=[(0, 0, 0, 4), (1, 0, 1, 2), (1, 3, 1, 4), (6, 0, 6, 4), (7, 0, 7, 4)],
        )
    )


def test_title_and_filled_in_rows_above_the_header_and_numbered_footnotes_below():
    program = read(filled_in_form(), "台账.docx")
    assert program.title == "2025年某区为民办实事工作台账" and program.year == 2025
    tasks = by_number(program)
    assert sorted(tasks) == ["1", "2", "3"]
    assert tasks["1"].units == ["区住建局", "区财政局"]
    assert tasks["2"].units == ["区文广旅体局", "各街道办事处"]
    assert tasks["3"].deadline == D(2025, 12, 31)
    assert program.notes == [
        "注：1.本表由各牵头单位每月5日前报区督查室。",
        "2.完成时限以区政府工作报告为准。",
    ]
    assert not any("未导入" in w for w in program.warnings)


# -- 4. a header whose first cell (over the numbers) is blank ------------------------------------

BLANK_FIRST_ROWS = [
    ["1", "城乡供水一体化", "新建水厂1座，铺设管网60公里。", "县水务局", "2025年11月"],
    ["2", "农村公路", "新改建农村公路40公里。", "县交通运输局", "2025年12月"],
]


def blank_first_header() -> bytes:
    return build_docx(
        "2025年某县民生工程项目表",
        WordTable(rows=[["", "项目名称", "建设内容", "责任单位", "完成时限"], *BLANK_FIRST_ROWS]),
    )


def test_a_header_with_a_blank_cell_over_the_numbers_reads_them_as_the_numbers():
    program = read(blank_first_header(), "工程.docx")
    assert program.columns[0] == "number"
    tasks = by_number(program)
    assert sorted(tasks) == ["1", "2"]
    assert tasks["1"].title == "城乡供水一体化" and tasks["1"].deadline == D(2025, 11, 30)
    assert tasks["2"].units == ["县交通运输局"]


# -- 5. a town's items numbered ①②③ -----------------------------------------------------------


def circled_items() -> bytes:
    return build_docx(
        "某镇2025年为民办实事项目",
        WordTable(
            rows=[
                ["序号", "实事内容", "责任单位", "完成时间"],
                ["①", "硬化村道8公里。", "镇村建办", "10月底"],
                ["②", "新建农村公厕5座。", "镇农业办", "11月底"],
                ["③", "安装太阳能路灯200盏。", "镇村建办", "12月底"],
            ]
        ),
    )


def test_items_numbered_with_circled_numbers_from_the_first_row_are_items():
    program = read(circled_items(), "镇.docx")
    assert [(t.number, t.content) for t in program.tasks] == [
        ("1", "硬化村道8公里。"),
        ("2", "新建农村公厕5座。"),
        ("3", "安装太阳能路灯200盏。"),
    ]
    assert program.tasks[2].deadline == D(2025, 12, 31)


# -- 6. a table drawn inside a text box ---------------------------------------------------------


def text_box_table() -> bytes:
    return build_docx(
        "2025年某区民生实事项目表",
        TextBox(
            WordTable(
                rows=[
                    ["序号", "工作任务", "责任单位", "完成时限"],
                    ["1", "新建社区卫生服务站3个。", "区卫健局", "9月底"],
                    ["2", "改造背街小巷20条。", "区城管局", "11月底"],
                ]
            )
        ),
        "注：表中项目由区政府督查室跟踪督办。",
    )


def test_a_table_inside_a_text_box_is_read_once():
    program = read(text_box_table(), "文本框.docx")
    assert program.title == "2025年某区民生实事项目表"
    assert [(t.number, t.content, t.units) for t in program.tasks] == [
        ("1", "新建社区卫生服务站3个。", ["区卫健局"]),
        ("2", "改造背街小巷20条。", ["区城管局"]),
    ]
    assert program.notes == ["注：表中项目由区政府督查室跟踪督办。"]


# -- 7. milestones in a table nested in the 节点计划 cell ---------------------------------------


def nested_milestones() -> bytes:
    return build_docx(
        "2025年某市民生实事任务分解表",
        WordTable(
            rows=[
                ["序号", "工作任务", "责任单位", "节点计划"],
                ["1", "建成市妇幼保健院新院区。", "市卫健局", ""],
                [
                    "2",
                    "新增公共充电桩500个。",
                    "市发改局",
                    "6月30日前：建成200个；\n12月31日前：全部建成。",
                ],
            ],
            nested={
                (1, 3): WordTable(rows=[["3月31日前", "完成竣工验收"], ["6月底前", "开诊运营"]])
            },
        ),
    )


def test_milestones_written_as_a_table_nested_in_the_cell_are_milestones():
    program = read(nested_milestones(), "分解表.docx")
    tasks = by_number(program)
    assert [(m.due, m.text) for m in tasks["1"].milestones] == [
        (D(2025, 3, 31), "完成竣工验收"),
        (D(2025, 6, 30), "开诊运营"),
    ]
    assert [(m.due, m.text) for m in tasks["2"].milestones] == [
        (D(2025, 6, 30), "建成200个；"),
        (D(2025, 12, 31), "全部建成。"),
    ]
    assert not any("节点计划" in w for w in program.warnings)


# -- 8. a long table with its header on every page ---------------------------------------------

LONG_HEADER = [["序号", "项目名称", "责任单位", "季度目标", None, None, None]]
LONG_SUB = [None, None, None, "一季度", "二季度", "三季度", "四季度"]


def long_table() -> bytes:
    rows: list[list[str | None]] = [LONG_HEADER[0], LONG_SUB]
    merges = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 0, 6)]
    for number in range(1, 31):
        if number in (11, 21):
            # The header again where Word broke the page (a table pasted from a PDF).
            at = len(rows)
            rows += [LONG_HEADER[0], LONG_SUB]
            merges += [(at, 0, at + 1, 0), (at, 1, at + 1, 1), (at, 2, at + 1, 2), (at, 3, at, 6)]
        rows.append(
            [str(number), f"第{number}号民生工程", "县发改局", "立项", "招标", "开工", "完工"]
        )
    return build_docx(
        "2025年某县民生工程季度目标表", WordTable(rows=rows, merges=merges, header_rows=2)
    )


def test_a_long_table_with_its_two_row_header_repeated_on_every_page():
    program = read(long_table(), "长表.docx")
    assert [t.number for t in program.tasks] == [str(n) for n in range(1, 31)]
    assert all(len(t.milestones) == 4 for t in program.tasks)
    assert program.tasks[29].milestones[-1].due == D(2025, 12, 31)
    assert not any("重复" in w or "未导入" in w or "序号" in w for w in program.warnings)


# -- 9. a 进展情况表: 项目 | 责任单位 | 时间进度 | 进展情况 | 存在问题 | 下步计划 ---------------

PROGRESS_ROWS = [
    [
        "1",
        "城区学校扩容",
        "县教育局",
        "50%",
        "已完成。新增学位1350个，已投入使用。",
        "无",
        "做好开学准备",
    ],
    [
        "2",
        "农贸市场改造",
        "县商务局\n各乡镇",
        "50%",
        "滞后。3个市场未开工",
        "资金未到位",
        "督促乡镇7月底前开工",
    ],
    ["3", "全民健身中心", "县文广旅体局", "50%", "未启动", "选址未定", "8月底前确定选址"],
    ["4", "公交候车亭", "县交通运输局", "50%", "60%(已建成30座)", "", "继续建设"],
]


def progress_report() -> bytes:
    return build_docx(
        "2025年某县民生实事项目进展情况表",
        "（截至2025年6月30日）",
        WordTable(
            rows=[
                ["序号", "项目", "责任单位", "时间进度", "进展情况", "存在问题", "下步计划"],
                *PROGRESS_ROWS,
            ]
        ),
    )


def test_a_progress_table_with_time_schedule_problems_and_next_steps():
    program = read(progress_report(), "进展.docx")
    assert program.is_completion
    assert program.columns == [
        "number",
        "content",
        "units",
        "extra",
        "progress",
        "extra",
        "plan",
    ]
    tasks = by_number(program)
    assert [(n, t.status, t.percent) for n, t in sorted(tasks.items())] == [
        ("1", "completed", None),
        ("2", "behind", None),
        ("3", "not_started", None),
        ("4", "in_progress", 60),
    ]
    assert tasks["1"].content == "城区学校扩容"
    assert tasks["1"].progress == "新增学位1350个，已投入使用。"
    assert tasks["2"].units == ["县商务局", "各乡镇"]
    assert extra(tasks["2"]) == {
        "时间进度": "50%",
        "存在问题": "资金未到位",
        "下步计划": "督促乡镇7月底前开工",
    }
    assert_nothing_dropped(
        program,
        PROGRESS_ROWS,
        skip={
            "已完成。新增学位1350个，已投入使用。",
            "滞后。3个市场未开工",
            "未启动",
            "60%(已建成30座)",
        },
    )


# -- 10. a completion sheet: 完成情况 | 完成率, a 合计 row, numbered footnotes -----------------

COMPLETION_ROWS = [
    [1, "棚户区改造", "改造棚户区800套", "已完成改造860套", 1.075, "县住建局"],
    [2, "义务教育", "新建学校2所", "1所已投用，1所主体完工", 0.8, "县教育局"],
    [3, "养老托育", "新增托位300个", "新增托位150个", 0.5, "县卫健局"],
]


def completion_sheet() -> bytes:
    return build_xlsx(
        Sheet(
            "完成情况",
            [
                ["2025年某县民生工程完成情况汇总表"],
                ["序号", "项目名称", "年度目标", "完成情况", "完成率", "责任单位"],
                *COMPLETION_ROWS,
                ["合计", None, None, None, 0.79, None],
                ["注：1.完成率=已完成量/年度目标。"],
                ["2.数据截至2025年12月20日。"],
            ],
            merges=["A1:F1", "A7:F7", "A8:F8"],
            formats={"E": "0.0%"},
        )
    )


def test_a_completion_sheet_with_percent_a_total_and_numbered_footnotes():
    program = read(completion_sheet(), "完成.xlsx")
    tasks = by_number(program)
    assert sorted(tasks) == ["1", "2", "3"]
    assert [(n, t.status, t.percent) for n, t in sorted(tasks.items())] == [
        ("1", "completed", 100),
        ("2", "in_progress", 80),
        ("3", "in_progress", 50),
    ]
    assert tasks["2"].progress == "1所已投用，1所主体完工"
    assert program.notes == [
        "合计：79%",
        "注：1.完成率=已完成量/年度目标。",
        "2.数据截至2025年12月20日。",
    ]
    assert not any("不是项目序号" in w or "未导入" in w for w in program.warnings)


def test_an_unformatted_completion_rate_over_one_is_read_as_excels_percentage_and_said():
    rows = [[1, "棚户区改造", "改造棚户区800套", "已完成改造860套", 1.075, "县住建局"],
            [2, "义务教育", "新建学校2所", "1所已投用，1所主体完工", 0.8, "县教育局"]]
    data = build_xlsx(Sheet("完成情况", [
        ["2025年某县民生工程完成情况汇总表"],
        ["序号", "项目名称", "年度目标", "完成情况", "完成率", "责任单位"],
        *rows,
    ]))
    program = read(data, "完成.xlsx")
    tasks = by_number(program)
    assert (tasks["1"].status, tasks["1"].percent) == ("completed", 100)
    assert {"label": "完成率", "text": "1.075"} in tasks["1"].extra  # over 100%: kept as written
    assert tasks["2"].percent == 80
    assert any("“1.075”没有百分号" in w and "107.5%" in w for w in program.warnings)


# -- 11. an Excel sheet naming the year only in the sheet's name -------------------------------


def year_in_sheet_name() -> bytes:
    return build_xlsx(
        Sheet(
            "2025年民生实事",
            [
                ["序号", "事项名称", "具体内容", "责任单位", "完成时限"],
                [1, "健康体检", "为65岁以上老人免费体检。", "县卫健局", "10月底"],
                [2, "助学", "资助困难学生1000名。", "县教育局", "9月底"],
            ],
        )
    )


def test_a_sheet_naming_the_programme_only_in_its_name_gives_the_title_and_year():
    program = read(year_in_sheet_name(), "实事.xlsx")
    assert (program.year, program.title) == (2025, "2025年民生实事")
    assert [t.title for t in program.tasks] == ["健康体检", "助学"]


def test_a_title_row_in_the_sheet_wins_over_the_sheets_name():
    data = build_xlsx(Sheet("2024年民生实事", [
        ["2025年某县十件民生实事"],
        ["序号", "事项名称", "具体内容", "责任单位", "完成时限"],
        [1, "健康体检", "为65岁以上老人免费体检。", "县卫健局", "10月底"],
    ]))
    program = read(data, "实事.xlsx")
    assert (program.year, program.title) == (2025, "2025年某县十件民生实事")


def test_a_sheet_named_otherwise_still_asks_for_the_year():
    data = build_xlsx(Sheet("Sheet1", [
        ["序号", "事项名称", "具体内容", "责任单位", "完成时限"],
        [1, "健康体检", "为65岁以上老人免费体检。", "县卫健局", "10月底"],
    ]))
    with pytest.raises(ImportFailed) as failure:
        read(data, "实事.xlsx")
    assert "请指定年度" in str(failure.value)


# -- 12. a table that cannot be saved: refused naming row and column -------------------------


def coded_items() -> bytes:
    return build_docx(
        "2025年某县民生实事项目库",
        WordTable(
            rows=[
                ["序号", "项目名称", "建设内容", "责任单位"],
                ["MS-01", "城区绿道", "建设绿道10公里。", "县住建局"],
                ["MS-02", "口袋公园", "建设口袋公园4个。", "县住建局"],
            ]
        ),
    )


def test_a_table_numbered_by_project_codes_is_refused_naming_each_row_and_the_column():
    with pytest.raises(ImportFailed) as failure:
        read(coded_items(), "库.docx")
    message = str(failure.value)
    assert "第2行 序号：“MS-01”不是项目序号" in message
    assert "第3行 序号：“MS-02”不是项目序号" in message
    assert "城区绿道" in message


# -- 13. 投资情况（万元） over three figures; a leader merged down over two items ---------------

INVESTMENT_SHEET = [
    ["2025年某县民生工程项目投资计划表"],
    [
        "序号",
        "项目名称",
        "建设内容及规模",
        "投资情况（万元）",
        None,
        None,
        "分管县领导",
        "责任单位",
        "完成时限",
    ],
    [None, None, None, "总投资", "2025年计划投资", "1-6月已完成投资", None, None, None],
    [
        1,
        "城区污水管网",
        "新建污水管网25公里。",
        5200,
        3000,
        1200,
        "王某某",
        "县住建局",
        "2025年12月底",
    ],
    [2, "乡镇污水处理", "新建乡镇污水处理站4座。", 1800, 1800, 600, None, "县生态环境局", "10月底"],
    [3, "农村饮水", "改造供水管网80公里。", 2600, 2000, None, "李某", "县水利局", "2025年11月底"],
]


def investment_sheet() -> bytes:
    merges = ["A1:I1", "A2:A3", "B2:B3", "C2:C3", "D2:F2", "G2:G3", "H2:H3", "I2:I3", "G4:G5"]
    return build_xlsx(Sheet("项目表", INVESTMENT_SHEET, merges=merges))


def test_investment_figures_under_one_heading_are_extra_fields_named_by_both_rows():
    program = read(investment_sheet(), "投资.xlsx")
    tasks = by_number(program)
    assert extra(tasks["1"]) == {
        "投资情况（万元）/总投资": "5200",
        "投资情况（万元）/2025年计划投资": "3000",
        "投资情况（万元）/1-6月已完成投资": "1200",
    }
    assert "投资情况（万元）/1-6月已完成投资" not in extra(tasks["3"])
    # The leader merged over items 1 and 2 leads both.
    assert [tasks[n].leaders for n in "123"] == [["王某某"], ["王某某"], ["李某"]]
    assert [tasks[n].deadline for n in "123"] == [D(2025, 12, 31), D(2025, 10, 31), D(2025, 11, 30)]
    for label in ("投资情况（万元）/总投资", "投资情况（万元）/2025年计划投资"):
        assert f"未识别的列“{label}”，按原文保留为其他列。" in program.warnings


# -- 14. one 责任单位 header cell over two columns (the lead, then the others) -------------------


def units_over_two_columns() -> bytes:
    return build_docx(
        "2025年某区民生实事项目表",
        WordTable(
            rows=[
                ["序号", "工作任务", "责任单位", None, "完成时限"],
                ["1", "新建公办幼儿园3所。", "区教育局", "区住建局", "8月底"],
                ["2", "改造农贸市场4个。", "区市场监管局", "各街道办事处", "11月底"],
            ],
            merges=[(0, 2, 0, 3)],
        ),
    )


def test_a_header_cell_over_two_unit_columns_keeps_both_units():
    tasks = by_number(read(units_over_two_columns(), "跨列.docx"))
    assert tasks["1"].units == ["区教育局", "区住建局"] and tasks["1"].lead_unit == "区教育局"
    assert tasks["2"].units == ["区市场监管局", "各街道办事处"]


# -- 15. 序号 over two columns: the category's 一、二 merged down, the items' 1, 2, 3 -----------


def numbers_in_two_columns() -> bytes:
    return build_docx(
        "2025年某市民生实事项目安排表",
        WordTable(
            rows=[
                ["序号", None, "项目内容", "责任单位", "完成时限"],
                ["一", "", "教育文化（2项）", "", ""],
                [None, "1", "新建市图书馆分馆5个。", "市文广旅体局", "10月底"],
                [None, "2", "新增公办学位3000个。", "市教育局", "8月底"],
                ["二", "", "医疗卫生（1项）", "", ""],
                [None, "3", "建设胸痛救治单元20个。", "市卫健局", "12月底"],
            ],
            merges=[(0, 0, 0, 1), (1, 0, 3, 0), (4, 0, 5, 0)],
        ),
    )


def test_a_number_header_over_category_ordinals_and_item_numbers():
    program = read(numbers_in_two_columns(), "两列序号.docx")
    assert [(c.number, c.name, c.declared_items) for c in program.categories] == [
        (1, "教育文化", 2),
        (2, "医疗卫生", 1),
    ]
    assert [(t.number, t.category) for t in program.tasks] == [("1", 1), ("2", 1), ("3", 2)]
    assert program.tasks[1].content == "新增公办学位3000个。"
    assert not any("重复" in w or "称共" in w for w in program.warnings)


# -- every table through the pipeline and the upload preview ----------------------------------

SHAPES = {
    "计划表.docx": (investment_plan, 4),
    "分工.xlsx": (unit_lists, 7),
    "台账.docx": (filled_in_form, 3),
    "工程.docx": (blank_first_header, 2),
    "镇.docx": (circled_items, 3),
    "文本框.docx": (text_box_table, 2),
    "分解表.docx": (nested_milestones, 2),
    "长表.docx": (long_table, 30),
    "进展.docx": (progress_report, 4),
    "完成.xlsx": (completion_sheet, 3),
    "投资.xlsx": (investment_sheet, 3),
    "跨列.docx": (units_over_two_columns, 2),
    "两列序号.docx": (numbers_in_two_columns, 3),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_table_saves_and_a_second_import_changes_nothing(name):
    build, count = SHAPES[name]
    saves_then_changes_nothing(build(), name, count)


@pytest.fixture
def office(admin_client, settings, tmp_path):
    """The office's browser, its uploads kept in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    return admin_client


def upload(client, name: str, data: bytes):
    """Upload `data` for 江门市; the preview's address and page."""
    response = client.post(
        reverse("importers:upload"),
        {"file": SimpleUploadedFile(name, data), "jurisdiction": "440700"},
    )
    assert response.status_code == 302
    return response["Location"], client.get(response["Location"])


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_table_shows_its_items_in_the_upload_preview_and_confirms(name, office):
    build, count = SHAPES[name]
    address, preview = upload(office, name, build())
    assert len(preview.context["rows"]) == count
    assert preview.context["can_confirm"]
    key = re.search(r"/imports/([0-9a-f-]{36})/preview/", address).group(1)
    done = office.post(reverse("importers:confirm", args=[key]))
    assert done.status_code == 302 and "/result/" in done["Location"]
    assert Task.objects.filter(category__program__year=2025).count() == count


@pytest.mark.django_db
def test_the_preview_reads_the_year_of_a_sheet_that_names_it_only_in_its_name(office):
    _address, preview = upload(office, "实事.xlsx", year_in_sheet_name())
    assert len(preview.context["rows"]) == 2 and preview.context["can_confirm"]
    assert "2025年民生实事" in preview.content.decode()


@pytest.mark.django_db
def test_the_preview_of_a_refused_table_names_the_rows_and_the_column(office):
    _address, preview = upload(office, "库.docx", coded_items())
    assert not preview.context["can_confirm"]
    assert "第2行 序号：“MS-01”不是项目序号" in preview.content.decode()


# -- a notice whose sentence names the programme and its year -------------------------------


def test_a_title_named_in_the_notices_sentence_is_the_title_not_the_sentence():
    data = build_docx(
        "某县人民政府办公室关于印发2025年某县民生实事项目的通知",
        "各镇人民政府，县直各单位：",
        "现将《2025年某县民生实事项目计划》印发给你们，请认真组织实施。",
        WordTable([
            ["序号", "事项名称", "工作任务", "责任单位", "完成时限"],
            ["1", "健康体检", "为65岁以上老人免费体检。", "县卫健局", "10月底"],
        ]),
    )
    program = read(data, "通知.docx")
    assert program.title == "2025年某县民生实事项目计划"
    assert program.year == 2025


def test_a_sentence_is_the_title_only_when_nothing_else_names_the_programme():
    data = build_docx(
        "各镇人民政府，县直各单位：",
        "2025年县政府将继续实施民生实事项目，现将有关事项通知如下。",
        WordTable([
            ["序号", "事项名称", "工作任务", "责任单位", "完成时限"],
            ["1", "健康体检", "为65岁以上老人免费体检。", "县卫健局", "10月底"],
        ]),
    )
    assert read(data, "通知.docx").year == 2025
