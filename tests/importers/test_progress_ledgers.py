"""Progress and supervision tables as a 督查室 receives them from districts and towns (issue 13:
"more real tables from other jurisdictions are held back"): 进展情况表, 督查台账, 完成情况统计表,
月度 / 季度进度表, in .docx, .xlsx and .xls. Each is our own fixture in a shape the other importer
tests do not try: a progress column per month or per quarter, leaders, units, persons and their
telephone numbers, 是否完成 and 完成状态 columns, milestones written in one cell or one row per
node under a merged item, a three-row header, English and mixed header words, a ledger of
督办事项 with 销号情况, rows struck through or coloured, 小计 rows per category, an item broken
over two rows at a page break, status symbols, dates as Excel writes them, and a form header
(填报单位（盖章）…) above the table. Each goes through the pipeline and the upload preview."""

import datetime
import re

import pytest
from django.urls import reverse

from importers.pipeline import import_document
from projects.models import Task
from tests.importers.builders import Sheet, WordTable, build_docx, build_xls, build_xlsx
from tests.importers.test_more_offices import by_number, extra, kept_text, read, upload

D = datetime.date
PHONE_RE = re.compile(r"\d{3,4}-?\d{7,8}|1\d{10}")


def assert_nothing_dropped(program, rows, skip=()):
    """Every filled cell of `rows` is kept somewhere or named in a warning; `skip`: texts the
    reader turns into something else (a date, a percent, a status)."""
    kept = re.sub(r"\s", "", kept_text(program))
    for row in rows:
        for cell in row:
            if cell is None or cell == "" or str(cell) in skip:
                continue
            for line in str(cell).split("\n"):
                assert re.sub(r"\s", "", line) in kept, line


def assert_no_phone_or_seal(program):
    for task in program.tasks:
        for name in [*task.units, *task.persons, *task.leaders]:
            assert not PHONE_RE.search(name) and "盖章" not in name, name


# -- 1. one progress column per month (1月 … 6月), text in each ---------------------------------

MONTH_HEADER = ["序号", "项目名称", "责任单位", "1月", "2月", "3月", "4月", "5月", "6月"]
MONTH_ROWS = [
    [
        1,
        "城区学校扩容",
        "县教育局",
        "完成选址",
        "完成设计",
        "开工建设",
        "主体施工",
        "主体封顶",
        "已完成，新增学位1350个",
    ],
    [2, "农贸市场改造", "县商务局", "摸底调查", "制定方案", "招标", "", "", ""],
    [3, "公交候车亭", "县交通运输局", "", "", "", "", "", ""],
]


def monthly_progress() -> bytes:
    return build_xlsx(
        Sheet(
            "进度",
            [["2025年某县民生实事项目月度进展情况表"], MONTH_HEADER, *MONTH_ROWS],
            merges=["A1:I1"],
        )
    )


def test_a_progress_column_per_month_keeps_each_month_and_the_latest_gives_the_status():
    program = read(monthly_progress(), "月度.xlsx")
    tasks = by_number(program)
    assert sorted(tasks) == ["1", "2", "3"]
    first = tasks["1"]
    # The only text column, headed 项目名称, holds each item's content.
    assert first.content == "城区学校扩容" and first.units == ["县教育局"]
    assert extra(first)["1月"] == "完成选址" and extra(first)["6月"] == "已完成，新增学位1350个"
    # The latest month reported is the item's progress.
    assert (first.status, first.progress) == ("completed", "新增学位1350个")
    assert (tasks["2"].status, tasks["2"].progress) == ("in_progress", "招标")
    assert tasks["3"].status == "not_started" and tasks["3"].progress is None
    assert any("3月" in w and "第2项" in w for w in program.warnings)
    assert_nothing_dropped(program, MONTH_ROWS)


# -- 2. a 进度 column per quarter, with percentages --------------------------------------------

QUARTER_ROWS = [
    ["1", "新建公办幼儿园3所。", "县教育局", "25%", "60%", "", ""],
    ["2", "改造农村公路40公里。", "县交通运输局", "10%", "30%（进度滞后）", "", ""],
    ["3", "建成全民健身中心。", "县文广旅体局", "100%", "", "", ""],
]


def quarter_percentages() -> bytes:
    return build_docx(
        "2025年某县民生实事项目季度进度表",
        WordTable(
            rows=[
                [
                    "序号",
                    "工作任务",
                    "责任单位",
                    "一季度进度",
                    "二季度进度",
                    "三季度进度",
                    "四季度进度",
                ],
                *QUARTER_ROWS,
            ]
        ),
    )


def test_a_percent_column_per_quarter_is_kept_and_the_latest_gives_percent_and_status():
    program = read(quarter_percentages(), "季度.docx")
    tasks = by_number(program)
    # Quarter progress is no quarter target: no milestone is made of it.
    assert all(not t.milestones for t in program.tasks)
    assert extra(tasks["1"]) == {"一季度进度": "25%", "二季度进度": "60%"}
    assert [(n, t.status, t.percent) for n, t in sorted(tasks.items())] == [
        ("1", "in_progress", 60),
        ("2", "behind", 30),
        ("3", "completed", 100),
    ]
    assert tasks["2"].progress == "进度滞后"
    assert_nothing_dropped(program, QUARTER_ROWS)


# -- 3. 责任领导 | 责任单位 | 责任人 | 联系电话; phones written beside the persons ------------------

CONTACT_ROWS = [
    [1, "新增城镇就业6000人。", "王某某", "县人社局", "张三", "13912345678"],
    [
        2,
        "改造老旧小区12个。",
        "李某",
        "县住建局\n县财政局",
        "赵六（0750-3201234）\n钱七",
        "0750-3201234",
    ],
    [3, "新增托位300个。", "王某某", "县卫健局", "孙八 13800138000", ""],
]


def contacts() -> bytes:
    return build_xlsx(
        Sheet(
            "Sheet1",
            [
                ["2025年某县民生实事项目责任分工表"],
                ["序号", "工作任务", "责任领导", "责任单位", "责任人", "联系电话"],
                *CONTACT_ROWS,
            ],
        )
    )


def test_telephone_numbers_never_become_units_or_persons_and_are_kept():
    program = read(contacts(), "分工.xlsx")
    tasks = by_number(program)
    assert [tasks[n].leaders for n in "123"] == [["王某某"], ["李某"], ["王某某"]]
    assert tasks["1"].units == ["县人社局"] and tasks["1"].persons == ["张三"]
    assert extra(tasks["1"]) == {"联系电话": "13912345678"}
    assert tasks["2"].units == ["县住建局", "县财政局"]
    assert tasks["2"].persons == ["赵六", "钱七"]
    assert tasks["3"].persons == ["孙八"]
    # A phone written in the person's cell is kept with the item, not lost.
    assert {"label": "责任人电话", "text": "孙八 13800138000"} in tasks["3"].extra
    assert_no_phone_or_seal(program)
    assert_nothing_dropped(program, CONTACT_ROWS)


# -- 4. a 是否完成 column (是/否, √/×), as an old .xls ------------------------------------------

DONE_ROWS = [
    [1, "新建城市书房5个。", "县文广旅体局", "12月底", "是", ""],
    [2, "改造背街小巷20条。", "县城管局", "11月底", "否", "完成15条"],
    [3, "新增公共停车位2000个。", "县住建局", "10月底", "√", ""],
    [4, "建设口袋公园4个。", "县住建局", "9月底", "×", "2个在建"],
]


def done_flags() -> bytes:
    return build_xls(
        Sheet(
            "完成情况",
            [
                ["2025年某县民生实事完成情况统计表"],
                ["序号", "工作任务", "责任单位", "完成时限", "是否完成", "备注"],
                *DONE_ROWS,
            ],
            merges=["A1:F1"],
        )
    )


def test_a_yes_no_completion_column_gives_each_item_its_status():
    program = read(done_flags(), "统计.xls")
    tasks = by_number(program)
    assert [(n, t.status) for n, t in sorted(tasks.items())] == [
        ("1", "completed"),
        ("2", "in_progress"),
        ("3", "completed"),
        ("4", "in_progress"),
    ]
    assert [tasks[n].deadline for n in "1234"] == [
        D(2025, 12, 31),
        D(2025, 11, 30),
        D(2025, 10, 31),
        D(2025, 9, 30),
    ]
    assert extra(tasks["2"]) == {"是否完成": "否", "备注": "完成15条"}
    assert_nothing_dropped(program, DONE_ROWS, skip={"12月底", "11月底", "10月底", "9月底"})


# -- 5. a 完成状态 column in words --------------------------------------------------------------

STATE_ROWS = [
    ["1", "新增就业6000人。", "县人社局", "已超额完成", "新增就业6520人。"],
    ["2", "新建学校2所。", "县教育局", "推进中", "1所主体完工。"],
    ["3", "建设体育公园。", "县文广旅体局", "未启动", "选址未定。"],
    ["4", "改造供水管网。", "县水务局", "滞后", "资金未到位。"],
    ["5", "新增托位300个。", "县卫健局", "已完成", ""],
]


def state_words() -> bytes:
    return build_docx(
        "2025年某县民生实事项目推进情况表",
        WordTable(rows=[["序号", "工作任务", "责任单位", "完成状态", "进展情况"], *STATE_ROWS]),
    )


def test_a_status_column_in_words_gives_the_status_and_the_progress_its_text():
    program = read(state_words(), "状态.docx")
    tasks = by_number(program)
    assert [(n, t.status) for n, t in sorted(tasks.items())] == [
        ("1", "completed"),
        ("2", "in_progress"),
        ("3", "not_started"),
        ("4", "behind"),
        ("5", "completed"),
    ]
    assert tasks["1"].progress == "新增就业6520人。"
    assert_nothing_dropped(program, STATE_ROWS, skip={"推进中", "未启动", "滞后", "已完成"})


# -- 6. 时间节点 written "3月底前：…；6月底前：…" in one cell ------------------------------------


def nodes_in_one_cell() -> bytes:
    return build_docx(
        "2025年某区民生实事项目节点推进表",
        WordTable(
            rows=[
                ["序号", "工作任务", "责任单位", "时间节点", "进展情况"],
                [
                    "1",
                    "建成区级养老服务中心1个。",
                    "区民政局",
                    "3月底前：完成立项；6月底前：主体开工；9月30日前：主体完工；12月底前：投入使用。",
                    "立项已批复。",
                ],
                [
                    "2",
                    "新增城市书房5个。",
                    "区文广旅体局",
                    "6月底前：选址；11月底前：建成开放。",
                    "",
                ],
            ]
        ),
    )


def test_time_nodes_written_in_one_cell_are_the_items_milestones():
    program = read(nodes_in_one_cell(), "节点.docx")
    tasks = by_number(program)
    assert [(m.due, m.text) for m in tasks["1"].milestones] == [
        (D(2025, 3, 31), "完成立项；"),
        (D(2025, 6, 30), "主体开工；"),
        (D(2025, 9, 30), "主体完工；"),
        (D(2025, 12, 31), "投入使用。"),
    ]
    assert [m.due for m in tasks["2"].milestones] == [D(2025, 6, 30), D(2025, 11, 30)]
    assert (tasks["1"].status, tasks["1"].progress) == ("in_progress", "立项已批复。")


# -- 7. one row per node under a merged item cell ----------------------------------------------

NODE_ROWS = [
    ["1", "建成市妇幼保健院新院区。", "市卫健局", "3月底前", "完成竣工验收"],
    [None, None, None, "6月底前", "开诊运营"],
    [None, None, None, "12月底前", "床位使用率达60%"],
    ["2", "新增公共充电桩500个。", "市发改局", "6月30日前", "建成200个"],
    [None, None, None, "12月31日前", "全部建成"],
]


def node_rows() -> bytes:
    return build_docx(
        "2025年某市民生实事任务节点表",
        WordTable(
            rows=[["序号", "工作任务", "责任单位", "时间节点", "节点目标"], *NODE_ROWS],
            merges=[
                (1, 0, 3, 0),
                (1, 1, 3, 1),
                (1, 2, 3, 2),
                (4, 0, 5, 0),
                (4, 1, 5, 1),
                (4, 2, 5, 2),
            ],
        ),
    )


def test_one_row_per_node_under_a_merged_item_gives_the_item_its_milestones():
    program = read(node_rows(), "节点表.docx")
    tasks = by_number(program)
    assert sorted(tasks) == ["1", "2"]
    assert [(m.due, m.text) for m in tasks["1"].milestones] == [
        (D(2025, 3, 31), "完成竣工验收"),
        (D(2025, 6, 30), "开诊运营"),
        (D(2025, 12, 31), "床位使用率达60%"),
    ]
    assert [(m.due, m.text) for m in tasks["2"].milestones] == [
        (D(2025, 6, 30), "建成200个"),
        (D(2025, 12, 31), "全部建成"),
    ]
    assert tasks["1"].units == ["市卫健局"]
    assert not any("子项" in w for w in program.warnings)


# -- 8. a three-row header: 进展情况 over 本月 | 累计 over 数量 | 百分比 ----------------------

THREE_ROWS = [
    [1, "城区停车", "新增公共停车位2000个", "县住建局", 300, 0.15, 1200, 0.6],
    [2, "农村供水", "解决1.2万人饮水问题", "县水利局", 1000, 0.08, 9000, 0.75],
]


def three_row_header() -> bytes:
    return build_xlsx(
        Sheet(
            "进展",
            [
                ["2025年某县民生实事项目进展情况表"],
                ["序号", "项目名称", "工作任务", "责任单位", "进展情况", None, None, None],
                [None, None, None, None, "本月", None, "累计", None],
                [None, None, None, None, "数量", "百分比", "数量", "百分比"],
                *THREE_ROWS,
            ],
            merges=["A1:H1", "A2:A4", "B2:B4", "C2:C4", "D2:D4", "E2:H2", "E3:F3", "G3:H3"],
            formats={"F": "0%", "H": "0%"},
        )
    )


def test_a_three_row_header_names_each_figure_by_all_three_rows():
    program = read(three_row_header(), "三行表头.xlsx")
    tasks = by_number(program)
    assert sorted(tasks) == ["1", "2"]
    assert extra(tasks["1"]) == {
        "进展情况/本月/数量": "300",
        "进展情况/本月/百分比": "15%",
        "进展情况/累计/数量": "1200",
        "进展情况/累计/百分比": "60%",
    }
    assert tasks["1"].title == "城区停车" and tasks["1"].content == "新增公共停车位2000个"
    assert not any("子项" in w or "未导入" in w for w in program.warnings)


# -- 9. header words in English or mixed, 序　号 with a full-width space ------------------------


def mixed_header() -> bytes:
    return build_docx(
        "2025年某区民生实事项目表",
        WordTable(
            rows=[
                [
                    "No.",
                    "项目名称\nProject",
                    "工作任务 Task",
                    "责任单位（盖章）",
                    "完成时限 Deadline",
                    "Remarks备注",
                ],
                ["1", "社区食堂", "新建社区食堂6个。", "区民政局", "2025/6/30", "省定项目"],
                ["2", "城市书房", "新增城市书房5个。", "区文广旅体局", "10月底", ""],
            ]
        ),
    )


def full_width_space_header() -> bytes:
    return build_xlsx(
        Sheet(
            "Sheet1",
            [
                ["2025年某镇为民办实事项目"],
                ["序\u3000号", "事\u3000项", "具 体 内 容", "责任单位\n（盖章）", "完成\u3000时限"],
                [1, "村道硬化", "硬化村道8公里。", "镇村建办", "10月底"],
                [2, "农村公厕", "新建农村公厕5座。", "镇农业办", "11月底"],
            ],
        )
    )


def test_english_and_mixed_header_words_find_their_columns():
    program = read(mixed_header(), "mixed.docx")
    tasks = by_number(program)
    assert sorted(tasks) == ["1", "2"]
    assert tasks["1"].title == "社区食堂" and tasks["1"].content == "新建社区食堂6个。"
    assert tasks["1"].units == ["区民政局"] and tasks["1"].deadline == D(2025, 6, 30)
    assert extra(tasks["1"]) == {"Remarks备注": "省定项目"}
    assert_no_phone_or_seal(program)


def test_header_words_spaced_with_full_width_spaces_find_their_columns():
    program = read(full_width_space_header(), "镇.xlsx")
    tasks = by_number(program)
    assert [(t.title, t.units, t.deadline) for t in program.tasks] == [
        ("村道硬化", ["镇村建办"], D(2025, 10, 31)),
        ("农村公厕", ["镇农业办"], D(2025, 11, 30)),
    ]
    assert tasks["1"].content == "硬化村道8公里。"


# -- 10. a 督查台账: 督办事项 | 办理时限 | 办理情况 | 督查意见 | 销号情况 ---------------------------

LEDGER_ROWS = [
    [
        "1",
        "新建公办幼儿园3所",
        "县教育局",
        "2025年8月31日",
        "3所均已完工并招生。",
        "同意销号",
        "已销号",
    ],
    [
        "2",
        "改造农贸市场4个",
        "县商务局",
        "2025年11月30日",
        "2个完工，2个在建。",
        "加快推进",
        "未销号",
    ],
    ["3", "建设城区污水管网25公里", "县住建局", "2025年12月31日", "完成12公里。", "", ""],
]


def ledger() -> bytes:
    return build_xlsx(
        Sheet(
            "督查台账",
            [
                ["2025年民生实事督查台账"],
                ["序号", "督办事项", "责任单位", "办理时限", "办理情况", "督查意见", "销号情况"],
                *LEDGER_ROWS,
            ],
            merges=["A1:G1"],
        )
    )


def test_a_supervision_ledger_reads_its_matters_deadlines_progress_and_closure():
    program = read(ledger(), "台账.xlsx")
    tasks = by_number(program)
    assert tasks["1"].content == "新建公办幼儿园3所"
    assert [tasks[n].deadline for n in "123"] == [D(2025, 8, 31), D(2025, 11, 30), D(2025, 12, 31)]
    assert tasks["2"].progress == "2个完工，2个在建。"
    assert extra(tasks["1"])["督查意见"] == "同意销号"
    assert [tasks[n].status for n in "123"] == ["completed", "in_progress", "in_progress"]
    assert extra(tasks["2"])["销号情况"] == "未销号"
    assert_nothing_dropped(
        program, LEDGER_ROWS, skip={"2025年8月31日", "2025年11月30日", "2025年12月31日", "已销号"}
    )


# -- 11. rows struck through or coloured in Word ---------------------------------------------


def formatted_rows() -> bytes:
    return build_docx(
        "2025年某区民生实事项目进展情况表",
        WordTable(
            rows=[
                ["序号", "工作任务", "责任单位", "进展情况"],
                ["1", "新建社区卫生服务站3个。", "区卫健局", "已完成。"],
                ["2", "改造背街小巷20条。", "区城管局", "滞后。完成8条。"],
                ["3", "新增停车位500个。", "区住建局", "推进中。"],
            ],
            row_formats={1: {"strike"}, 2: {"red", "shaded"}},
        ),
    )


def test_rows_struck_through_or_coloured_keep_their_text():
    program = read(formatted_rows(), "格式.docx")
    assert [(t.number, t.content, t.status) for t in program.tasks] == [
        ("1", "新建社区卫生服务站3个。", "completed"),
        ("2", "改造背街小巷20条。", "behind"),
        ("3", "新增停车位500个。", "in_progress"),
    ]


# -- 12. a 小计 row per category and a 合计 row at the end --------------------------------------


def subtotals() -> bytes:
    return build_docx(
        "2025年某县民生实事项目完成情况统计表",
        WordTable(
            rows=[
                ["序号", "工作任务", "责任单位", "计划投资（万元）", "完成情况"],
                ["一、", "教育", "", "", ""],
                ["1", "新建小学1所。", "县教育局", "6500", "主体完工。"],
                ["2", "新建幼儿园2所。", "县教育局", "2400", "已完成。"],
                ["小计", "", "", "8900", ""],
                ["二、", "医疗卫生", "", "", ""],
                ["3", "建设胸痛中心。", "县卫健局", "800", "已完成。"],
                ["小计", "", "", "800", ""],
                ["合计", "", "", "9700", ""],
            ]
        ),
    )


def test_a_subtotal_per_category_and_a_total_are_notes_naming_their_category():
    program = read(subtotals(), "统计.docx")
    assert [(c.number, c.name) for c in program.categories] == [(1, "教育"), (2, "医疗卫生")]
    assert [(t.number, t.category) for t in program.tasks] == [("1", 1), ("2", 1), ("3", 2)]
    assert program.notes == ["教育 小计：8900", "医疗卫生 小计：800", "合计：9700"]
    assert sum("合计行" in w for w in program.warnings) == 3


# -- 13. an item broken over two rows at a page break, nothing repeated -----------------------

BROKEN_ROWS = [
    ["1", "新建公办幼儿园3所。", "县教育局", "8月底", "已完成。"],
    ["2", "新建城东小学，新建教学楼1栋，建筑面积", "县人力资源", "12月底", "主体完工，正在"],
    ["", "8000平方米，新增学位1350个。", "社会保障局", "", "室内装修。"],
    ["3", "建成全民健身中心。", "县文广旅体局", "11月底", "推进中。"],
]


def page_break() -> bytes:
    return build_docx(
        "2025年某县民生实事项目进展情况表",
        WordTable(rows=[["序号", "工作任务", "责任单位", "完成时限", "进展情况"], *BROKEN_ROWS]),
    )


def test_an_item_broken_over_two_rows_by_a_page_break_is_joined_not_a_new_item():
    program = read(page_break(), "跨页.docx")
    tasks = by_number(program)
    assert sorted(tasks) == ["1", "2", "3"]
    second = tasks["2"]
    assert second.content == "新建城东小学，新建教学楼1栋，建筑面积8000平方米，新增学位1350个。"
    assert second.units == ["县人力资源社会保障局"]
    assert second.progress == "主体完工，正在室内装修。"
    assert second.deadline == D(2025, 12, 31)
    assert any(w.startswith("表1第4行") and "第2项" in w and "接续" in w for w in program.warnings)


# -- 14. status as symbols (●◐○, ★) and in a 备注 ---------------------------------------------

SYMBOL_ROWS = [
    ["1", "新建公办幼儿园3所。", "县教育局", "●"],
    ["2", "改造农贸市场4个。", "县商务局", "◐"],
    ["3", "建设体育公园。", "县文广旅体局", "○"],
    ["4", "新增就业6000人。", "县人社局", "★"],
]


def symbols() -> bytes:
    return build_docx(
        "2025年某县民生实事项目完成情况表",
        WordTable(rows=[["序号", "工作任务", "责任单位", "完成状态"], *SYMBOL_ROWS]),
        "注：●已完成 ◐推进中 ○未启动 ★超额完成",
    )


def test_status_symbols_give_the_status_and_one_without_a_meaning_is_kept_and_said():
    program = read(symbols(), "符号.docx")
    tasks = by_number(program)
    assert [tasks[n].status for n in "123"] == ["completed", "in_progress", "not_started"]
    # ★ is explained by the note below the table: 超额完成 is completed.
    assert tasks["4"].status == "completed"
    assert_nothing_dropped(program, SYMBOL_ROWS, skip={"●", "◐", "○"})


def remarks_status() -> bytes:
    return build_docx(
        "2025年某县民生实事项目表",
        WordTable(
            rows=[
                ["序号", "工作任务", "责任单位", "完成时限", "备注"],
                ["1", "新建公办幼儿园3所。", "县教育局", "8月底", "已完成，待验收"],
                ["2", "改造农贸市场4个。", "县商务局", "11月底", "省定项目"],
                ["3", "建设体育公园。", "县文广旅体局", "12月底", "滞后，征地未完成"],
            ]
        ),
    )


def test_a_status_written_in_the_remarks_gives_the_status_and_the_remark_is_kept():
    program = read(remarks_status(), "备注.docx")
    tasks = by_number(program)
    assert [tasks[n].status for n in "123"] == ["completed", "not_started", "behind"]
    assert extra(tasks["1"]) == {"备注": "已完成，待验收"}
    assert extra(tasks["2"]) == {"备注": "省定项目"}
    assert any("第1项" in w and "备注" in w and "已完成" in w for w in program.warnings)


# -- 15. dates as Excel writes them: serial numbers, 2025/6/30, 6.30, 6月 ---------------------

DATE_ROWS = [
    [1, "新建社区食堂6个。", "县民政局", 45838],
    [2, "新增城市书房5个。", "县文广旅体局", "2025/9/30"],
    [3, "改造老旧小区12个。", "县住建局", "6.30"],
    [4, "新增托位300个。", "县卫健局", "6月"],
    [5, "建设口袋公园4个。", "县住建局", datetime.datetime(2025, 11, 30)],
]


def excel_dates() -> bytes:
    return build_xlsx(
        Sheet(
            "Sheet1",
            [
                ["2025年某县民生实事项目表"],
                ["序号", "工作任务", "责任单位", "完成时限"],
                *DATE_ROWS,
            ],
        )
    )


def test_deadlines_written_as_excel_serials_slashes_dots_and_months():
    program = read(excel_dates(), "日期.xlsx")
    tasks = by_number(program)
    assert [tasks[n].deadline for n in "12345"] == [
        D(2025, 6, 30),
        D(2025, 9, 30),
        D(2025, 6, 30),
        D(2025, 6, 30),
        D(2025, 11, 30),
    ]
    assert any("45838" in w and "6月30日" in w for w in program.warnings)


# -- 16. a form header above the table: 填报单位（盖章）：…  联系人：…  电话：…  日期：… -----------


def form_header() -> bytes:
    return build_xlsx(
        Sheet(
            "进展",
            [
                ["2025年民生实事项目进展情况表"],
                [
                    "填报单位（盖章）：县住建局",
                    None,
                    "联系人：王五",
                    "电话：0750-3201234",
                    "日期：2025年7月5日",
                ],
                ["序号", "工作任务", "责任单位", "完成时限", "进展情况"],
                [1, "改造老旧小区12个。", "县住建局", "11月底", "已完成8个。"],
                [2, "新增公共停车位2000个。", "县住建局", "12月底", "已完成。"],
            ],
            merges=["A1:E1", "A2:B2"],
        )
    )


def test_a_form_header_above_the_table_is_said_and_never_becomes_a_unit_or_person():
    program = read(form_header(), "填报.xlsx")
    assert program.title == "2025年民生实事项目进展情况表"
    tasks = by_number(program)
    assert [t.units for t in program.tasks] == [["县住建局"], ["县住建局"]]
    assert tasks["1"].progress == "已完成8个。" and tasks["2"].status == "completed"
    assert_no_phone_or_seal(program)
    said = "\n".join(program.warnings)
    for text in (
        "填报单位（盖章）：县住建局",
        "联系人：王五",
        "电话：0750-3201234",
        "日期：2025年7月5日",
    ):
        assert text in said


# -- every table through the pipeline and the upload preview ----------------------------------

SHAPES = {
    "月度.xlsx": (monthly_progress, 3),
    "季度.docx": (quarter_percentages, 3),
    "分工.xlsx": (contacts, 3),
    "统计.xls": (done_flags, 4),
    "状态.docx": (state_words, 5),
    "节点.docx": (nodes_in_one_cell, 2),
    "节点表.docx": (node_rows, 2),
    "三行表头.xlsx": (three_row_header, 2),
    "mixed.docx": (mixed_header, 2),
    "镇.xlsx": (full_width_space_header, 2),
    "台账.xlsx": (ledger, 3),
    "格式.docx": (formatted_rows, 3),
    "小计.docx": (subtotals, 3),
    "跨页.docx": (page_break, 3),
    "符号.docx": (symbols, 4),
    "备注.docx": (remarks_status, 3),
    "日期.xlsx": (excel_dates, 5),
    "填报.xlsx": (form_header, 2),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_table_saves_and_a_second_import_changes_nothing(name):
    build, count = SHAPES[name]
    first = import_document(build(), name, "440700")
    assert len(first.tasks_created) == count
    tasks = Task.objects.filter(category__program=first.program)
    assert tasks.count() == count
    assert not any(
        PHONE_RE.search(u.unit.name) or "盖章" in u.unit.name
        for task in tasks
        for u in task.assignments.select_related("unit")
    )
    again = import_document(build(), name, "440700")
    assert not again.changed


@pytest.mark.django_db
def test_the_saved_statuses_and_percent_are_what_the_table_says():
    report = import_document(quarter_percentages(), "季度.docx", "440700")
    tasks = {t.number: t for t in Task.objects.filter(category__program=report.program)}
    assert [(n, t.status, t.reported_percent) for n, t in sorted(tasks.items())] == [
        ("1", "in_progress", 60),
        ("2", "behind", 30),
        ("3", "completed", 100),
    ]
    report = import_document(ledger(), "台账.xlsx", "440700")
    statuses = Task.objects.filter(category__program=report.program).order_by("number")
    assert [t.status for t in statuses] == ["completed", "in_progress", "in_progress"]


@pytest.fixture
def office(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return admin_client


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
