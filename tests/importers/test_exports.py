"""Official-layout exports (.docx, .xlsx): the layout offices expect, and exact round trips."""

import io
import json
import shutil
import subprocess

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl import load_workbook

from importers.exporters import FORMATS
from importers.interchange import dumps, program_to_dict
from importers.pipeline import import_document
from projects.models import Leader, Program, Unit
from tests.conftest import SEED_DOCUMENTS

SEEDS = sorted(SEED_DOCUMENTS)
QUARTERLY_HEADER = (
    "序号 事项名称 事项内容及目标 责任部门 一季度目标 二季度目标 三季度目标 四季度目标".split()
)


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def open_xlsx(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def cell_texts(row) -> list[str]:
    return [c.text for c in row.cells]


def paragraphs(cell) -> list[str]:
    return [p.text for p in cell.paragraphs]


def tc_property(cell, name: str):
    tc_pr = cell._tc.tcPr
    return None if tc_pr is None else tc_pr.find(qn(name))


def round_trip(program: Program, fmt: str) -> tuple[dict, dict]:
    """Export, empty the database, import the file back; both interchange dicts."""
    before = program_to_dict(program)
    data = FORMATS[fmt](program)
    Program.objects.all().delete()
    Unit.objects.all().delete()
    Leader.objects.all().delete()
    report = import_document(data, f"x.{fmt}", before["jurisdiction"], year=before["year"])
    after = program_to_dict(report.program)
    # The whole interchange dict: the reporting rule comes back from the preamble the
    # exports write, and a field added later cannot slip through.
    return before, after


def import_interchange(data: dict) -> Program:
    payload = {"format": "minsheng-program", "version": 1, **data}
    report = import_document(dumps(payload).encode(), "x.json", data["jurisdiction"])
    return report.program


# -- round trips --------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("key", SEEDS)
def test_seed_round_trip(import_seed, key, fmt):
    before, after = round_trip(import_seed(key).program, fmt)
    assert after == before


COMPLETION = {
    "jurisdiction": "440700",
    "year": 2023,
    "title": "2023年市十件民生实事完成情况汇总表",
    "declared_items": 5,
    "declared_matters": 3,
    "cadence": "monthly",
    "categories": [
        {"number": 1, "name": "提高底线民生保障水平", "declared_items": 2},
        {"number": 2, "name": "没有项目的大类", "declared_items": None},
        {"number": 3, "name": "改善交通出行", "declared_items": None},
    ],
    "tasks": [
        {
            "number": "1",
            "category": 1,
            "content": "提高低保标准。\n第二段内容。",
            "leaders": ["王长青", "李四"],
            # the lead is not the first unit: the content must name it
            "units": [
                {"name": "市民政局", "person": "谢鸿猷", "lead": False},
                {"name": "市财政局", "person": "李文聪", "lead": True},
            ],
            "deadline": "2023-11-30",
            "status": "behind",
            "progress": "（1）已印发通知。\n（2）资金未到位。",
        },
        {
            "number": "2",
            "category": 1,
            "content": "建设城市级项目。",
            "city_level": True,
            "leaders": ["王长青"],
            "units": [
                {"name": "各市（区）政府", "person": "各市（区）长", "lead": True},
                {"name": "市财政局", "person": "李文聪", "lead": False},
            ],
            "deadline": "2023-12-10",
            "status": "in_progress",
        },
        {
            "number": "3(1)",
            "category": 3,
            "content": "（1）新建公交站场1个。",
            "city_level": True,
            "units": [{"name": "市交通运输局", "person": "张璐", "lead": True}],
            "status": "completed",
            "progress": "已建成。",
        },
        {
            "number": "3(2)",
            "category": 3,
            "content": "（2）完善公共交通服务线路。",
            "units": [{"name": "市交通运输局", "person": "张璐", "lead": True}],
            "status": "not_started",
        },
        {
            "number": "4",
            "category": 3,
            "content": "改造道路。",
            "units": [{"name": "市住房城乡建设局", "person": "陈明", "lead": True}],
            "status": "completed",
        },
    ],
}

QUARTERLY = {
    "jurisdiction": "440704",
    "year": 2017,
    "title": "2017年高新区（江海区）十件民生实事计划",
    "declared_items": 3,
    "declared_matters": None,
    "cadence": "quarterly",
    "categories": [{"number": 1, "name": "保障底线民生", "declared_items": 3}],
    "tasks": [
        {
            "number": "1",
            "category": 1,
            "title": "提高低保标准",
            "content": "最低生活保障标准提高到660元。",
            "city_level": True,
            "units": [
                {"name": "社会事务局", "person": "", "lead": False},
                {"name": "财政局", "person": "", "lead": True},
            ],
            "milestones": [
                {"due": "2017-03-31", "text": "测算资金。", "quarters": [1, 1]},
                {"due": "2017-12-31", "text": "完成提标。", "quarters": [2, 4]},
            ],
        },
        {
            "number": "2(1)",
            "category": 1,
            "title": "推进公交一体化",
            "content": "（1）新建公交站场1个。",
            "city_level": True,
            "units": [{"name": "建设局", "person": "", "lead": True}],
            "milestones": [{"due": "2017-09-30", "text": "动工。", "quarters": [2, 3]}],
        },
        {
            "number": "2(2)",
            "category": 1,
            "title": "推进公交一体化",
            "content": "（2）完善线路。",
            "units": [{"name": "建设局", "person": "", "lead": True}],
            "milestones": [{"due": "2017-12-31", "text": "开通。", "quarters": [4, 4]}],
        },
        {
            "number": "3(1)",
            "category": 1,
            "title": "市政设施提升",
            "content": "（1）维修道路。",
            "city_level": True,
            "units": [{"name": "建设局", "person": "", "lead": True}],
            "milestones": [],
        },
        {
            "number": "3(2)",
            "category": 1,
            "title": "市政设施提升",
            "content": "（2）改造路灯。",
            "city_level": True,
            "units": [{"name": "建设局", "person": "", "lead": True}],
            "milestones": [],
        },
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("data", [COMPLETION, QUARTERLY], ids=["completion", "quarterly"])
def test_edge_cases_round_trip(data, fmt):
    """Lead unit not first, ★ on sub-items, a category without items, every status,
    deadlines in a completion table, targets merged across quarters."""
    program = import_interchange(data)
    before, after = round_trip(program, fmt)
    assert len(before["tasks"]) == len(data["tasks"])
    assert after == before


# -- layout -------------------------------------------------------------------------------
def test_docx_completion_layout(import_seed):
    document = open_docx(FORMATS["docx"](import_seed("000").program))
    assert document.paragraphs[0].text == "2019年市十件民生实事完成情况汇总表（共37项）"
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert len(document.tables) == 1
    table = document.tables[0]
    assert table.style.name == "Table Grid"
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert cell_texts(header) == "大类 序号 工作任务 分管市领导 责任单位 责任人 进展情况".split()
    first, second = table.rows[1], table.rows[2]
    assert first.cells[0].text == "一、提高底线民生保障水平"
    assert tc_property(first.cells[0], "w:vMerge").get(qn("w:val")) == "restart"
    assert tc_property(table.cell(2, 0), "w:vMerge") is not None  # continued
    assert second.cells[1].text == "2"
    assert paragraphs(first.cells[4]) == [
        "市人力资源社会保障局",
        "市财政局",
        "市社保局",
        "各市（区）政府",
    ]
    assert paragraphs(first.cells[5]) == ["钱杰润", "李文聪", "黄锐楼", "各市（区）长"]
    assert first.cells[2].text.endswith("（牵头单位：市人力资源社会保障局）")
    assert paragraphs(first.cells[6])[:2] == [
        "已完成。",
        "（1）本年度中央、省、市财政下达到各市（区）的第一批补助资金已到位。",
    ]
    run = first.cells[2].paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia"))
    title_run = document.paragraphs[0].runs[0]
    assert title_run.bold
    assert title_run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_docx_quarterly_layout(import_seed):
    document = open_docx(FORMATS["docx"](import_seed("003").program))
    assert document.paragraphs[0].text == "2017年高新区（江海区）十件民生实事计划（共44项）"
    table = document.tables[0]
    assert cell_texts(table.rows[0]) == QUARTERLY_HEADER
    heading = table.rows[1]._tr.tc_lst
    assert len(heading) == 1 and heading[0].grid_span == 8
    assert table.rows[1].cells[0].text == "（一）保障底线民生（共6项）"
    item = table.rows[2]
    assert item.cells[1].text == "★提高全区人均城乡最低生活保障标准"
    # "完成低保提标工作。" covers the third and fourth quarters: one cell across both
    assert [tc.grid_span for tc in item._tr.tc_lst][-1] == 2
    texts = [[c.text for c in row.cells] for row in table.rows]
    row14 = next(i for i, t in enumerate(texts) if t[0] == "14")
    assert texts[row14][2] == "（1）新增养老床位60张。"
    assert texts[row14 + 1][2].startswith("（2）")
    assert tc_property(table.cell(row14, 0), "w:vMerge").get(qn("w:val")) == "restart"
    assert tc_property(table.cell(row14 + 1, 0), "w:vMerge") is not None
    assert document.paragraphs[-1].text == "注：标有★的事项是市民生实事内容。"


def test_docx_plan_layouts(import_seed):
    document = open_docx(FORMATS["docx"](import_seed("002").program))
    assert document.paragraphs[0].text == "2021年市十件民生实事任务分解表（共10件，25项）"
    table = document.tables[0]
    assert (
        cell_texts(table.rows[0])
        == "项目分类 序号 工作任务 分管市领导 责任单位 责任人 完成时限".split()
    )
    assert table.rows[1].cells[6].text == "12月10日"

    Program.objects.all().delete()
    document = open_docx(FORMATS["docx"](import_seed("004").program))
    table = document.tables[0]
    assert cell_texts(table.rows[0]) == "项目分类 序号 具体内容 节点计划 责任单位".split()
    nodes = paragraphs(table.rows[1].cells[3])
    assert nodes[0].startswith("3月31日前：贯彻落实2024年江门市医保待遇政策")
    assert nodes[1].startswith("6月30日前：")


def test_xlsx_layout(import_seed):
    sheet = open_xlsx(FORMATS["xlsx"](import_seed("003").program))
    assert sheet["A1"].value == "2017年高新区（江海区）十件民生实事计划（共44项）"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A1:H1" in merged  # title
    # The notice's reporting rule, as the source states it, above the table.
    assert "A2:H2" in merged and "每季度的首月1日前" in sheet["A2"].value
    assert "A4:H4" in merged  # category heading row
    assert [c.value for c in sheet[3]] == QUARTERLY_HEADER
    assert sheet["A3"].font.bold
    assert sheet["D5"].value == "社会事务局\n财政局\n各街道办事处"
    assert sheet["D5"].alignment.wrap_text
    assert "G5:H5" in merged  # a target across the third and fourth quarters
    row14 = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 1).value == "14")
    assert f"A{row14}:A{row14 + 1}" in merged and f"B{row14}:B{row14 + 1}" in merged
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.freeze_panes == "A4"
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width


def test_xlsx_category_merged_down(import_seed):
    sheet = open_xlsx(FORMATS["xlsx"](import_seed("000").program))
    assert sheet["A1"].value == "2019年市十件民生实事完成情况汇总表（共37项）"
    assert sheet["A3"].value == "一、提高底线民生保障水平"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert any(r.startswith("A3:A") for r in merged)
    assert sheet["G3"].value.startswith("已完成。\n")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_reads_database_with_fixed_queries(import_seed, fmt, django_assert_max_num_queries):
    program = Program.objects.get(pk=import_seed("003").program.pk)
    with django_assert_max_num_queries(10):
        FORMATS[fmt](program)


def test_docx_converts_with_libreoffice(import_seed, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / "program.docx"
    source.write_bytes(FORMATS["docx"](import_seed("003").program))
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        timeout=180,
        capture_output=True,
    )
    assert (tmp_path / "program.pdf").exists()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_command_writes_the_file(import_seed, tmp_path, fmt):
    from django.core.management import call_command

    import_seed("002")
    output = tmp_path / f"program.{fmt}"
    call_command("export_program", jurisdiction="440700", year=2021, format=fmt, output=str(output))
    data = output.read_bytes()
    if fmt == "docx":
        assert open_docx(data).paragraphs[0].text.startswith("2021年市十件民生实事任务分解表")
    else:
        assert open_xlsx(data)["A1"].value.startswith("2021年市十件民生实事任务分解表")


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "xlsx", "json"])
def test_office_downloads_the_program_from_its_admin_page(fmt, admin_client, import_seed):
    from django.urls import reverse

    program = import_seed("004").program
    page = admin_client.get(reverse("admin:projects_program_change", args=[program.pk]))
    url = reverse("importers:download", args=[program.pk, fmt])
    assert url in page.content.decode()
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert f".{fmt}" in response["Content-Disposition"]
    body = response.content
    if fmt == "json":
        assert json.loads(body)["year"] == 2024
    else:
        assert body.startswith(b"PK")


@pytest.mark.django_db
def test_downloads_are_for_staff_only(client, import_seed):
    from django.urls import reverse

    program = import_seed("004").program
    response = client.get(reverse("importers:download", args=[program.pk, "xlsx"]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.django_db
def test_a_plan_can_be_downloaded_as_its_completion_summary_and_back(admin_client, import_seed):
    from django.urls import reverse
    from openpyxl import load_workbook

    program = import_seed("002").program
    url = reverse("importers:download", args=[program.pk, "xlsx"])

    summary = admin_client.get(url + "?table=summary")
    assert (
        "%E5%AE%8C%E6%88%90%E6%83%85%E5%86%B5%E6%B1%87%E6%80%BB%E8%A1%A8"
        in summary["Content-Disposition"]
    )  # 完成情况汇总表
    sheet = load_workbook(io.BytesIO(summary.content)).active
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "2021年市十件民生实事完成情况汇总表（共10件，25项）"
    assert "进展情况" in rows[1]
    assert "未启动。" in rows[2]

    plan = load_workbook(io.BytesIO(admin_client.get(url + "?table=plan").content)).active
    header = [c for c in next(plan.iter_rows(min_row=2, max_row=2, values_only=True)) if c]
    assert "进展情况" not in header and "完成时限" in header
    assert admin_client.get(url + "?table=other").status_code == 404


@pytest.mark.parametrize(
    ("key", "sentence"),
    [
        ("003", "各牵头单位于每季度的首月1日前以表格形式将上季度完成情况报送督查室。"),
        ("004", "各牵头单位于每月底前将工作任务落实情况报送督查室（首次报送时间为3月31日）。"),
    ],
)
def test_the_docx_writes_the_reporting_rule_the_way_the_source_notice_does(
    import_seed, key, sentence
):
    document = open_docx(FORMATS["docx"](import_seed(key).program))
    assert document.paragraphs[1].text == sentence


def test_a_program_with_the_assumed_rule_gets_no_preamble(import_seed):
    document = open_docx(FORMATS["docx"](import_seed("002").program))
    assert not any("报送" in p.text for p in document.paragraphs)
