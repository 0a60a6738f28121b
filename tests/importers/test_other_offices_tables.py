"""Tables in the shapes other county and city offices publish (issue 13, "more real tables
are held back"): each is our own fixture in a shape found on government sites (header words,
numbering, date wordings, unit lists), imported through the real pipeline."""

import datetime
import re
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from importers.layout import read_program
from importers.parsers import parse_file
from importers.pipeline import import_document
from projects.models import Task
from tests.importers.builders import Sheet, WordTable, build_docx, build_xlsx

D = datetime.date


def read(data: bytes, name: str, year: int | None = None):
    return read_program(parse_file(data, name), year=year)


def pipes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def by_number(program) -> dict:
    return {task.number: task for task in program.tasks}


# -- 1. "民生实事" heads the only text column (a county's 目标任务分解表) ----------------------


def county_breakdown() -> bytes:
    return build_docx(
        "某县人民政府办公室关于对2025年民生实事进行重点督办的通知",
        "请各责任单位于每季度末月20日前将完成情况书面报县政府督查室。",
        "2025年民生实事目标任务分解表",
        WordTable(
            rows=[
                ["序号", "民生实事", "责任单位", "完成时限"],
                ["1", "启动建设城区河道综合治理工程。", "县水务局\n县住建局", "12月底前"],
                ["2", "新建2座人行天桥。", "县住建局", "9月投入使用"],
                ["3", "开工建设县老年养护楼。", "县民政局", "5月底前动工"],
                ["", "开工建设老年大学。", "", "12月底前"],
                ["4", "城区新建1个农贸市场。", "县商务局", "12月底前"],
            ]
        ),
    )


def test_a_table_whose_only_text_column_is_headed_min_sheng_shi_shi_imports_it_as_content():
    program = read(county_breakdown(), "督办.docx")
    tasks = by_number(program)
    assert sorted(tasks) == ["1", "2", "3", "4"]
    assert tasks["1"].content == "启动建设城区河道综合治理工程。"
    assert tasks["1"].units == ["县水务局", "县住建局"]
    assert tasks["2"].deadline == D(2025, 9, 30)
    # The start date and the row without 序号 are milestones of item 3, each said.
    assert [(m.due, m.text) for m in tasks["3"].milestones] == [
        (D(2025, 5, 31), "5月底前动工"),
        (D(2025, 12, 31), "开工建设老年大学。"),
    ]
    assert any("第5行 序号：为空" in w and "第3项的节点" in w for w in program.warnings)


@pytest.mark.django_db
def test_the_county_table_saves_once_and_a_second_import_changes_nothing():
    first = import_document(county_breakdown(), "督办.docx", "440700")
    assert first.tasks_created == ["1", "2", "3", "4"]
    again = import_document(county_breakdown(), "督办.docx", "440700")
    assert again.tasks_created == [] and again.tasks_updated == []
    saved = Task.objects.get(category__program=first.program, number="1")
    assert saved.content == "启动建设城区河道综合治理工程。"
    assert saved.deadline == D(2025, 12, 31)


# -- 2. items numbered 一、二、三 (no group rows): items, not categories ----------------------


def ordinal_items() -> bytes:
    return build_xlsx(
        Sheet(
            "十件实事",
            [
                ["2025年某县十件民生实事项目表"],
                ["序号", "项目名称", "建设内容", "牵头单位", "完成时间"],
                [
                    "一",
                    "城区学校建设",
                    "新建小学1所，新增学位1350个。",
                    "县教育局",
                    "2025年12月底前",
                ],
                ["二", "农村公路提升", "改造农村公路50公里。", "县交通运输局", "年底"],
                ["三", "养老服务", "建设村级养老服务站3个。", "县民政局", "第三季度"],
            ],
            merges=["A1:E1"],
        )
    )


def test_items_numbered_with_chinese_ordinals_and_filled_units_are_items_not_categories():
    program = read(ordinal_items(), "实事.xlsx")
    tasks = by_number(program)
    assert sorted(tasks) == ["1", "2", "3"]
    assert tasks["1"].title == "城区学校建设"
    assert tasks["1"].content == "新建小学1所，新增学位1350个。"
    assert tasks["3"].units == ["县民政局"]
    assert tasks["3"].deadline == D(2025, 9, 30)
    assert {"label": "完成时限", "text": "第三季度"} in tasks["3"].extra
    assert [c.name for c in program.categories] == ["民生实事"]
    assert any("“一”、“二”、“三”" in w and "作为项目导入" in w for w in program.warnings)


# -- 3. sub-items written 1-1, 1-2 ----------------------------------------------------------


def test_dashed_sub_item_numbers_are_read_as_sub_items():
    program = read(
        pipes(
            "2025年某区民生实事项目清单",
            "序号 | 工作任务 | 责任单位 | 完成时限",
            "1-1 | 新增公办学位1000个 | 区教育局 | 2025年8月底",
            "1-2 | 改造薄弱学校校舍2所 | 区教育局 | 2025年12月",
            "2-1 | 新建口袋公园3个 | 区住建局 | 全年",
        ),
        "清单.txt",
    )
    assert [t.number for t in program.tasks] == ["1(1)", "1(2)", "2(1)"]
    assert program.tasks[0].deadline == D(2025, 8, 31)
    assert not any("不是项目序号" in w for w in program.warnings)


# -- 4. circled sub-items under an item -----------------------------------------------------


def test_circled_numbers_are_sub_items_of_the_item_above_which_gives_them_its_title():
    data = build_docx(
        "2025年某区民生实事任务分解表",
        WordTable(
            rows=[
                ["序号", "工作任务", "责任单位", "完成时限"],
                ["1", "教育提升工程", "区教育局", "年底"],
                ["①", "新增学位1000个", "", "6月"],
                ["②", "改造校舍2所", "区住建局", ""],
                ["2", "新建社区公园3个", "区城管局", "10月底前"],
            ]
        ),
    )
    program = read(data, "分解表.docx")
    tasks = by_number(program)
    assert sorted(tasks) == ["1(1)", "1(2)", "2"]
    assert tasks["1(1)"].title == tasks["1(2)"].title == "教育提升工程"
    # What the item's own row said holds for its sub-items unless they say otherwise.
    assert tasks["1(1)"].units == ["区教育局"] and tasks["1(1)"].deadline == D(2025, 6, 30)
    assert tasks["1(2)"].units == ["区住建局"] and tasks["1(2)"].deadline == D(2025, 12, 31)
    assert tasks["2"].content == "新建社区公园3个"


# -- 5. items numbered (1), (2), (3) ---------------------------------------------------------


def test_items_numbered_in_brackets_are_items():
    program = read(
        pipes(
            "2025年某镇民生实事",
            "序号 | 项目内容 | 实施单位 | 完成时限",
            "（1） | 村道硬化5公里 | 镇农业办 | 10月",
            "（2） | 改造公厕4座 | 镇城建办 | 11月",
            "（3） | 新增路灯300盏 | 镇城建办 | 12月",
        ),
        "镇.txt",
    )
    assert [t.number for t in program.tasks] == ["1", "2", "3"]
    assert [t.deadline.month for t in program.tasks] == [10, 11, 12]


# -- 6. other header words: 实事项目, 主要目标, 牵头领导, 配合单位, 完成期限 ----------------------


def other_words() -> bytes:
    return build_xlsx(
        Sheet(
            "Sheet1",
            [
                ["附件"],
                ["2025年某县民生实事项目责任分解表"],
                ["序号", "实事项目", "主要目标", "牵头领导", "牵头单位", "配合单位", "完成期限"],
                [
                    1,
                    "饮水安全",
                    "解决2万人饮水问题",
                    "张三",
                    "县水利局",
                    "各镇（街道）",
                    "2025年11月",
                ],
                [
                    2,
                    "托育服务",
                    "新增托位200个",
                    "李四",
                    "县卫健局",
                    "县教育局、县财政局",
                    "三季度末",
                ],
                [
                    3,
                    "路灯亮化",
                    "安装路灯500盏",
                    "王五",
                    "各县（市、区）政府",
                    "县财政局",
                    "2026年6月底前",
                ],
            ],
        )
    )


def test_other_header_words_find_their_roles_and_partner_units_follow_the_lead_unit():
    program = read(other_words(), "分解.xlsx")
    assert program.columns == [
        "number",
        "title",
        "content",
        "leaders",
        "units",
        "partners",
        "deadline",
    ]
    assert not any("未识别的列" in w for w in program.warnings)
    tasks = by_number(program)
    assert tasks["1"].title == "饮水安全" and tasks["1"].leaders == ["张三"]
    assert tasks["1"].units == ["县水利局", "各镇（街道）"]
    assert tasks["1"].lead_unit == "县水利局"
    assert tasks["2"].units == ["县卫健局", "县教育局", "县财政局"]
    # A list inside brackets is one name.
    assert tasks["3"].units == ["各县（市、区）政府", "县财政局"]
    assert tasks["1"].deadline == D(2025, 11, 30)
    assert tasks["2"].deadline == D(2025, 9, 30)
    # A project running into the next year keeps its own year, and says so.
    assert tasks["3"].deadline == D(2026, 6, 30)
    assert any(
        "“2026年6月底前”按2026年6月30日读作完成时限，不在2025年内" in w for w in program.warnings
    )


@pytest.mark.django_db
def test_partner_units_are_saved_as_units_of_the_item_after_its_lead():
    report = import_document(other_words(), "分解.xlsx", "440700")
    task = Task.objects.get(category__program=report.program, number="2")
    assignments = sorted(task.assignments.select_related("unit"), key=lambda a: a.position)
    assert [(a.unit.name, a.is_lead) for a in assignments] == [
        ("县卫健局", True),
        ("县教育局", False),
        ("县财政局", False),
    ]


# -- 7. a progress table with its own 完成率 column and 序时 wording -------------------------


def progress_sheet() -> bytes:
    return build_xlsx(
        Sheet(
            "进展",
            [
                ["2025年某市民生实事1-9月进展情况表"],
                [
                    "序号",
                    "项目名称",
                    "年度目标任务",
                    "责任单位",
                    "截至9月底进展情况",
                    "完成率",
                    "存在问题",
                ],
                [
                    1,
                    "老旧小区改造",
                    "改造小区30个",
                    "市住建局",
                    "按序时推进，已开工25个",
                    0.83,
                    "无",
                ],
                [2, "公办幼儿园", "新建3所", "市教育局", "进度慢于序时，1所未开工", "40%", "征地"],
                [3, "稳岗就业", "新增就业5000人", "市人社局", "已提前完成全年任务", "120%", None],
                [4, "城市公厕", "新建公厕20座", "市城管局", "推进缓慢", "过半", "资金"],
            ],
        )
    )


def test_a_progress_table_reads_its_percent_column_and_schedule_words():
    program = read(progress_sheet(), "进展.xlsx")
    assert program.is_completion
    tasks = by_number(program)
    assert (tasks["1"].status, tasks["1"].percent) == ("in_progress", 83)
    assert (tasks["2"].status, tasks["2"].percent) == ("behind", 40)
    assert (tasks["3"].status, tasks["3"].percent) == ("completed", 100)
    assert {"label": "完成率", "text": "120%"} in tasks["3"].extra
    assert tasks["4"].status == "behind" and tasks["4"].percent is None
    assert {"label": "完成率", "text": "过半"} in tasks["4"].extra
    assert any("第6行 完成率：“过半”不是百分数" in w for w in program.warnings)
    assert {"label": "存在问题", "text": "征地"} in tasks["2"].extra


# -- 8. the ways offices write a completion date -----------------------------------------------


@pytest.mark.parametrize(
    ("written", "due", "warned"),
    [
        ("2025年12月31日", D(2025, 12, 31), False),
        ("2025-10-31", D(2025, 10, 31), False),
        ("2025.12", D(2025, 12, 31), False),
        ("2025年底前", D(2025, 12, 31), False),
        ("6月至12月", D(2025, 12, 31), True),
        ("3-11月", D(2025, 11, 30), True),
        ("第三季度", D(2025, 9, 30), True),
        ("二季度末", D(2025, 6, 30), True),
        ("上半年", D(2025, 6, 30), True),
        ("下半年", D(2025, 12, 31), True),
        ("持续推进", None, True),
    ],
)
def test_completion_dates_as_offices_write_them(written, due, warned):
    program = read(
        pipes(
            "2025年某县民生实事",
            "序号 | 工作任务 | 责任单位 | 完成时限",
            f"1 | 甲 | 县教育局 | {written}",
        ),
        "t.txt",
    )
    task = program.tasks[0]
    assert task.deadline == due
    said = [w for w in program.warnings if "完成时限" in w]
    assert bool(said) == warned, said
    if warned:
        # Whatever was guessed, the words stay with the item.
        assert {"label": "完成时限", "text": written} in task.extra
        assert "第3行 完成时限：" in said[0] and f"“{written}”" in said[0]


# -- 9. a two-row header: 责任单位 over 牵头单位 | 配合单位 ----------------------------------


def test_a_two_row_header_splitting_lead_and_partner_units():
    data = build_docx(
        "2025年某市十件民生实事工作任务分解表",
        WordTable(
            rows=[
                ["序号", "实事名称", "工作任务", "责任单位", None, "完成时间"],
                [None, None, None, "牵头单位", "配合单位", None],
                ["1", "学位供给", "新增公办学位6000个", "市教育局", "市财政局\n各区政府", "8月底"],
                ["2", "养老服务", "新增养老床位500张", "市民政局", "", "12月底"],
            ],
            merges=[(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 0, 4), (0, 5, 1, 5)],
        ),
    )
    program = read(data, "分解.docx")
    tasks = by_number(program)
    assert sorted(tasks) == ["1", "2"]
    assert tasks["1"].units == ["市教育局", "市财政局", "各区政府"]
    assert tasks["1"].lead_unit == "市教育局"
    assert tasks["2"].units == ["市民政局"]


# -- 10. the title inside the table, figures and dates as Excel stores them ------------------


def test_the_title_in_a_merged_first_row_and_excel_numbers_and_dates():
    data = build_xlsx(
        Sheet(
            "Sheet1",
            [
                ["2025年某区民生实事项目表（共2项）"],
                ["序号", "项目名称", "工作内容", "责任单位", "完成时间", "备注"],
                [1.0, "学校", "新建学校1所", "区教育局", datetime.datetime(2025, 12, 31), None],
                [2, "道路", "改造道路3公里", "区交通局", datetime.datetime(2025, 9, 30), "续建"],
                ["注：以上项目由区政府督查室跟踪督办。"],
            ],
            merges=["A1:F1", "A5:F5"],
        )
    )
    program = read(data, "表.xlsx")
    assert (program.year, program.declared_items) == (2025, 2)
    assert [(t.number, t.deadline) for t in program.tasks] == [
        ("1", D(2025, 12, 31)),
        ("2", D(2025, 9, 30)),
    ]
    assert program.notes == ["注：以上项目由区政府督查室跟踪督办。"]


# -- the same shapes through the upload and the command ------------------------------------------


@pytest.mark.django_db
def test_the_upload_preview_shows_an_ordinal_numbered_table_as_items(
    admin_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = admin_client.post(
        reverse("importers:upload"),
        {"file": SimpleUploadedFile("实事.xlsx", ordinal_items()), "jurisdiction": "440700"},
    )
    assert response.status_code == 302
    body = admin_client.get(response["Location"]).content.decode()
    assert "找到 3 项" in body
    assert "作为项目导入，不作大类" in body
    key = re.search(r"/imports/([0-9a-f-]{36})/preview/", response["Location"]).group(1)
    response = admin_client.post(reverse("importers:confirm", args=[key]))
    assert response.status_code == 302 and "/result/" in response["Location"]
    assert Task.objects.filter(category__program__year=2025, title="农村公路提升").exists()


@pytest.mark.django_db
def test_the_command_imports_a_dashed_numbered_text_table(tmp_path):
    path = tmp_path / "清单.txt"
    path.write_bytes(
        pipes(
            "2025年某区民生实事项目清单",
            "序号 | 工作任务 | 责任单位 | 完成时限",
            "1-1 | 新增公办学位1000个 | 区教育局 | 2025年8月底",
            "1-2 | 改造薄弱学校校舍2所 | 区教育局 | 持续推进",
        )
    )
    out = StringIO()
    call_command("import_document", str(path), "--jurisdiction", "440700", stdout=out)
    assert "导入完成" in out.getvalue()
    numbers = Task.objects.filter(category__program__year=2025).values_list("number", flat=True)
    assert sorted(numbers) == ["1(1)", "1(2)"]
    kept = Task.objects.get(category__program__year=2025, number="1(2)")
    assert kept.deadline is None and {"label": "完成时限", "text": "持续推进"} in kept.extra


# -- the reader's warnings in English (Django i18n), unchanged in Chinese ------------------------


def test_the_readers_warnings_follow_the_users_language():
    from django.utils import translation

    data = pipes(
        "2025年某县民生实事",
        "序号 | 工作任务 | 责任单位 | 完成时限 | 存在问题",
        "1 | 新建学校 | 县教育局 | 第三季度 | 无",
        "1 | 重复的一行 | 县教育局 | 年底 | 无",
    )
    with translation.override("zh-hans"):
        chinese = read(data, "t.txt").warnings
    with translation.override("en"):
        english = read(data, "t.txt").warnings
    assert "未识别的列“存在问题”，按原文保留为其他列。" in chinese
    assert "Column “存在问题” not recognised; kept as written as an extra column." in english
    assert "第3行 完成时限：“第三季度”按9月30日读作完成时限，原文保留在第1项中。" in chinese
    assert (
        "第3行 完成时限: “第三季度” is read as the deadline 9/30; the words are kept with item 1."
        in english
    )
    assert any(w.startswith("第4行 序号 (number): 1 repeats 第3行") for w in english)
    assert "The table has no categories: every item goes into “民生实事”." in english
    assert len(english) == len(chinese)


# -- 11. a numbered list with labelled lines, no table (text from a web page, or Word) --------

LISTED = [
    "2025年某市十件民生实事",
    "发布日期：2025-02-10",
    "一、教育类（2件）",
    "1.新建中小学校",
    "新建中小学5所，新增学位6000个。",
    "责任单位：市教育局、市财政局",
    "完成时限：2025年12月底前",
    "2.改善校园安全",
    "为全市中小学配备专职安保人员。牵头单位：市教育局 配合单位：市公安局",
    "二、医疗类（1件）",
    "3.基层医疗提升",
    "建设社区卫生服务中心3个。",
    "责任单位：市卫健局",
]


def check_listed(program):
    assert [(c.name, c.declared_items) for c in program.categories] == [
        ("教育类", 2),
        ("医疗类", 1),
    ]
    assert program.declared_items == 3 and not program.missing_numbers
    tasks = by_number(program)
    assert tasks["1"].title == "新建中小学校"
    assert tasks["1"].content == "新建中小学5所，新增学位6000个。"
    assert tasks["1"].units == ["市教育局", "市财政局"]
    assert tasks["1"].deadline == D(2025, 12, 31)
    # 牵头单位 on one item and 责任单位 on another are one column; 配合单位 follow the lead.
    assert tasks["2"].units == ["市教育局", "市公安局"] and tasks["2"].lead_unit == "市教育局"
    assert tasks["2"].content == "为全市中小学配备专职安保人员。"
    assert (tasks["3"].category, tasks["3"].units) == (2, ["市卫健局"])
    assert not any("其他列" in w for w in program.warnings)


def test_a_numbered_list_with_labelled_lines_reads_as_a_table():
    check_listed(read(pipes(*LISTED), "list.txt"))


def test_a_word_document_written_as_a_numbered_list_reads_the_same():
    check_listed(read(build_docx(*LISTED), "list.docx"))


def test_a_progress_list_with_every_label_on_the_item_line():
    program = read(
        pipes(
            "2025年某市政府民生实事项目1-6月份进展情况",
            "1.轨道交通1号线一期工程投入试运营。 牵头领导：林某 责任单位：市轨道交通工程建设指挥部"
            " 项目责任人：尹某 实际完成情况：已完成，5月30日通车试运营。",
            "2.新增安装300套路口视频采集设备。 牵头领导：王某 责任单位：市公安局 项目责任人：王某某"
            " 配合单位：市城管局、市财政局 实际完成情况：整体进度已完成年度目标任务的55%。",
        ),
        "进展.txt",
    )
    tasks = by_number(program)
    assert tasks["1"].content == "轨道交通1号线一期工程投入试运营。"
    assert (tasks["1"].leaders, tasks["1"].persons) == (["林某"], ["尹某"])
    assert tasks["1"].status == "completed"
    assert tasks["2"].units == ["市公安局", "市城管局", "市财政局"]
    assert tasks["2"].progress == "整体进度已完成年度目标任务的55%"
    # The person is the lead unit's; the partners have none, and that is not a mismatch.
    assert not any("未能一一对应" in w for w in program.warnings)


@pytest.mark.django_db
def test_a_listed_programme_imports_and_reimports_unchanged():
    data = pipes(*LISTED)
    first = import_document(data, "list.txt", "440700")
    assert first.tasks_created == ["1", "2", "3"]
    again = import_document(data, "list.txt", "440700")
    assert not again.changed


def test_the_other_columns_of_an_items_own_row_hold_for_its_circled_sub_items():
    program = read(
        pipes(
            "2025年某区民生实事",
            "序号 | 工作任务 | 责任单位 | 完成时限 | 备注",
            "1 | 教育提升工程 | 区教育局 | 年底 | 市级考核项目",
            "① | 新增学位1000个 | | 6月 |",
            "② | 改造校舍2所 | | | 续建",
        ),
        "t.txt",
    )
    tasks = by_number(program)
    assert tasks["1(1)"].extra == [{"label": "备注", "text": "市级考核项目"}]
    assert tasks["1(2)"].extra == [
        {"label": "备注", "text": "续建"},
        {"label": "备注", "text": "市级考核项目"},
    ]
