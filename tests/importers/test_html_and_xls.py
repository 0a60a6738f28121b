"""Old Excel .xls workbooks and HTML tables (a web page saved as .html, the ".xls" an office
system exports that is really an HTML table, Excel's XML spreadsheet): the same plan table
in each reads as it does in .xlsx, through the pipeline, the command and the upload preview."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from importers.document import ImportFailed
from importers.layout import read_program
from importers.parsers import parse_file
from projects.models import Task
from tests.importers.builders import Sheet, build_xls, build_xlsx, imported_as_interchange

D = datetime.date
TITLE = "2025年某县十件民生实事工作任务分解表"
HEADER = ["项目分类", "序号", "事项名称", "工作任务", "责任单位", "完成时限"]
# The plan as a sheet: the title merged over the table, each category merged down its items.
PLAN_ROWS = [
    [TITLE],
    ["（共4项）"],
    HEADER,
    [
        "一、教育民生",
        1,
        "新建学校",
        "新建城东小学，新增学位810个。",
        "县教育局\n县住建局",
        D(2025, 12, 10),
    ],
    [None, 2, "校园安全", "完成30所学校视频监控改造。", "县教育局", "11月底"],
    ["二、医疗卫生", 3, "家庭医生", "家庭医生签约率达到83%。", "县卫健局", D(2025, 10, 31)],
    [None, 4, "医保服务", "医保服务站覆盖全部乡镇。", "县医保局", "12月底"],
]
PLAN_SHEET = Sheet("计划", PLAN_ROWS, merges=["A1:F1", "A2:F2", "A4:A5", "A6:A7"])

EXPECTED = [
    (
        "1",
        "新建学校",
        "新建城东小学，新增学位810个。",
        ["县教育局", "县住建局"],
        D(2025, 12, 10),
        "教育民生",
    ),
    ("2", "校园安全", "完成30所学校视频监控改造。", ["县教育局"], D(2025, 11, 30), "教育民生"),
    ("3", "家庭医生", "家庭医生签约率达到83%。", ["县卫健局"], D(2025, 10, 31), "医疗卫生"),
    ("4", "医保服务", "医保服务站覆盖全部乡镇。", ["县医保局"], D(2025, 12, 31), "医疗卫生"),
]

# The plan as a government web page saved from the browser: navigation, metadata lines,
# the title in h1, the notice, the table with a header section, a category over two rows
# (rowspan), units on two lines (<br>), a cell of two paragraphs, a footer.
WEB_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>某县人民政府门户网站</title>
<style>td { padding: 2px }</style>
<script>var template = "<table><tr><td>序号</td><td>工作任务</td></tr></table>";</script>
</head>
<body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<div class="meta"><p>索引号：11440700/2025-00012</p><p>发布日期：2025-02-14</p></div>
<h1>2025年某县&nbsp;十件民生实事工作任务分解表</h1>
<p>各乡镇人民政府，县直各单位：现将今年的民生实事任务分解（共4项）印发给你们，请认真贯彻落实。</p>
<table border="1" cellspacing="0">
<thead><tr><th>项目分类</th><th>序号</th><th>事项名称</th><th>工作任务</th><th>责任单位</th>
<th>完成时限</th></tr></thead>
<tbody>
<tr><td rowspan="2">一、教育民生</td><td>1</td><td>新建学校</td>
<td><p>新建城东小学，</p>新增学位810个。</td><td>县教育局<br>县住建局</td><td>12月10日</td></tr>
<tr><td>2</td><td>校园安全</td><td>完成30所学校视频监控改造。&nbsp;</td><td>县教育局</td>
<td>11月底</td></tr>
<tr><td rowspan="2">二、医疗卫生</td><td>3</td><td>家庭医生</td><td>家庭医生签约率达到83%。</td>
<td>县卫健局</td><td>10月31日</td></tr>
<tr><td>4</td><td>医保服务</td><td>医保服务站
    覆盖全部乡镇。</td><td>县医保局</td><td>12月底</td></tr>
</tbody></table>
<p>注：本表由县政府办公室负责解释。</p>
<div class="footer">版权所有：某县人民政府办公室</div>
</body></html>"""

# The same plan as an office system exports it: a ".xls" that is Excel's "save as web page",
# in GBK, the title inside the table across every column, the numbers marked x:num.
EXCEL_WEB_PAGE = f"""<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Excel.Sheet>
<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet>
<x:Name>计划</x:Name></x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]-->
</head>
<body link=blue vlink=purple>
<table border=0 cellpadding=0 cellspacing=0 width=900 style='border-collapse:collapse'>
 <col width=90><col width=40><col width=120><col width=300><col width=150><col width=90>
 <tr height=40><td colspan=6 height=40 class=xl65 width=900>{TITLE}</td></tr>
 <tr><td colspan=6 class=xl66>（共4项）</td></tr>
 <tr><td class=xl67>项目分类</td><td class=xl67>序号</td><td class=xl67>事项名称</td>
 <td class=xl67>工作任务</td><td class=xl67>责任单位</td><td class=xl67>完成时限</td></tr>
 <tr><td rowspan=2 class=xl68>一、教育民生</td><td x:num>1</td><td>新建学校</td>
 <td class=xl69>新建城东小学，新增学位810个。</td><td class=xl69>县教育局<br>县住建局</td>
 <td class=xl70 x:num="46001">12月10日</td></tr>
 <tr><td x:num>2</td><td>校园安全</td><td>完成30所学校视频监控改造。</td><td>县教育局</td>
 <td>11月底</td></tr>
 <tr><td rowspan=2 class=xl68>二、医疗卫生</td><td x:num>3</td><td>家庭医生</td>
 <td>家庭医生签约率达到83%。</td><td>县卫健局</td><td x:num="45961">10月31日</td></tr>
 <tr><td x:num>4</td><td>医保服务</td><td>医保服务站覆盖全部乡镇。</td><td>县医保局</td>
 <td>12月底</td></tr>
 <![if supportMisc]><tr height=0 style='display:none'><td width=90></td></tr><![endif]>
</table>
</body>
</html>"""

# The same plan in Excel 2003's XML spreadsheet, which some systems also name ".xls".
SPREADSHEET_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:x="urn:schemas-microsoft-com:office:excel">
 <Styles><Style ss:ID="date"><NumberFormat ss:Format="Short Date"/></Style></Styles>
 <Worksheet ss:Name="说明"><Table><Row><Cell><Data ss:Type="String">填表说明</Data></Cell></Row>
 </Table><WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">
 <Visible>SheetHidden</Visible></WorksheetOptions></Worksheet>
 <Worksheet ss:Name="计划"><Table>
  <Row><Cell ss:MergeAcross="5"><Data ss:Type="String">{TITLE}</Data></Cell></Row>
  <Row><Cell ss:MergeAcross="5"><Data ss:Type="String">（共4项）</Data></Cell></Row>
  <Row>{"".join(f'<Cell><Data ss:Type="String">{h}</Data></Cell>' for h in HEADER)}</Row>
  <Row><Cell ss:MergeDown="1"><Data ss:Type="String">一、教育民生</Data></Cell>
   <Cell><Data ss:Type="Number">1</Data></Cell><Cell><Data ss:Type="String">新建学校</Data></Cell>
   <Cell><Data ss:Type="String">新建城东小学，新增学位810个。</Data></Cell>
   <Cell><Data ss:Type="String">县教育局&#10;县住建局</Data></Cell>
   <Cell ss:StyleID="date"><Data ss:Type="DateTime">2025-12-10T00:00:00.000</Data></Cell></Row>
  <Row><Cell ss:Index="2"><Data ss:Type="Number">2</Data></Cell>
   <Cell><Data ss:Type="String">校园安全</Data></Cell>
   <Cell><Data ss:Type="String">完成30所学校视频监控改造。</Data></Cell>
   <Cell><Data ss:Type="String">县教育局</Data></Cell><Cell><Data ss:Type="String">11月底</Data></Cell></Row>
  <Row><Cell ss:MergeDown="1"><Data ss:Type="String">二、医疗卫生</Data></Cell>
   <Cell><Data ss:Type="Number">3</Data></Cell><Cell><Data ss:Type="String">家庭医生</Data></Cell>
   <Cell><Data ss:Type="String">家庭医生签约率达到83%。</Data></Cell>
   <Cell><Data ss:Type="String">县卫健局</Data></Cell>
   <Cell ss:StyleID="date"><Data ss:Type="DateTime">2025-10-31T00:00:00.000</Data></Cell></Row>
  <Row><Cell><Data ss:Type="Number">4</Data></Cell><Cell><Data ss:Type="String">医保服务</Data></Cell>
   <Cell><Data ss:Type="String">医保服务站覆盖全部乡镇。</Data></Cell>
   <Cell><Data ss:Type="String">县医保局</Data></Cell><Cell><Data ss:Type="String">12月底</Data></Cell></Row>
 </Table></Worksheet>
</Workbook>"""

FILES = {
    "计划.xls": lambda: build_xls(PLAN_SHEET),
    "计划.html": lambda: WEB_PAGE.encode(),
    "系统导出.xls": lambda: EXCEL_WEB_PAGE.encode("gb18030"),
    "表格.xml": lambda: SPREADSHEET_XML.encode(),
}


def read(data: bytes, name: str, year: int | None = None):
    return read_program(parse_file(data, name), year=year)


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_plan_reads_with_its_items_units_deadlines_categories_and_count(name):
    program = read(FILES[name](), name)
    assert program.title == TITLE and program.year == 2025
    assert program.declared_items == 4
    assert [(c.number, c.name) for c in program.categories] == [(1, "教育民生"), (2, "医疗卫生")]
    names = {c.number: c.name for c in program.categories}
    found = [
        (t.number, t.title, t.content.replace("\n", ""), t.units, t.deadline, names[t.category])
        for t in program.tasks
    ]
    assert found == EXPECTED
    assert program.warnings == []


def test_a_web_page_leaves_out_its_metadata_scripts_and_styles_and_keeps_its_notes():
    document = parse_file(WEB_PAGE.encode(), "计划.html")
    text = "\n".join(document.paragraphs + document.notes)
    assert "索引号" not in text and "发布日期" not in text
    assert "template" not in text and "padding" not in text
    assert document.notes == ["注：本表由县政府办公室负责解释。", "版权所有：某县人民政府办公室"]
    assert len(document.tables) == 1
    first, second = document.tables[0].rows[1:3]
    assert first.cells[4].text == "县教育局\n县住建局"
    assert first.cells[3].text == "新建城东小学，\n新增学位810个。"
    # The category over two rows continues on the second, as a vertical merge in Word.
    assert (second.cells[0].text, second.cells[0].continued) == ("一、教育民生", True)
    assert second.cells[3].text == "完成30所学校视频监控改造。"


def test_a_page_laid_out_in_a_table_holding_the_data_table_reads_the_data_table():
    page = WEB_PAGE.replace("<h1>", '<table width="100%"><tr><td><h1>').replace(
        "<p>注：", "</td></tr></table><p>注："
    )
    program = read(page.encode("gb18030").replace(b"utf-8", b"gbk"), "计划.htm")
    assert program.title == TITLE
    assert [t.number for t in program.tasks] == ["1", "2", "3", "4"]


def test_colspan_and_rowspan_place_each_cell_in_its_column():
    page = """<table>
    <tr><th>序号</th><th>工作任务</th><th colspan="2">责任单位</th><th>完成时限</th></tr>
    <tr><td>1</td><td rowspan="3">新建养老服务中心</td><td>县民政局</td><td>县财政局</td>
    <td>12月底</td></tr>
    <tr><td>2</td><td colspan="2">县住建局</td><td>11月底</td></tr>
    <tr><td>3</td><td>县卫健局</td></tr>
    </table>"""
    rows = parse_file(page.encode(), "表.html").tables[0].rows
    shape = [[(c.text, c.span, c.continued) for c in row.cells] for row in rows]
    assert shape[2] == [
        ("2", 1, False),
        ("新建养老服务中心", 1, True),
        ("县住建局", 2, False),
        ("11月底", 1, False),
    ]
    assert shape[3] == [("3", 1, False), ("新建养老服务中心", 1, True), ("县卫健局", 1, False)]


def test_a_table_in_a_cell_gives_one_line_a_row():
    page = """<p>2025年某区民生实事</p><table>
    <tr><td>序号</td><td>工作任务</td><td>责任单位</td></tr>
    <tr><td>1</td><td>新建公园
    <table><tr><td>3月底前</td><td>完成设计</td></tr><tr><td>9月底前</td><td>完工</td></tr></table>
    </td><td>区住建局</td></tr></table>"""
    rows = parse_file(page.encode(), "表.html").tables[0].rows
    assert rows[1].cells[1].text == "新建公园\n3月底前 完成设计\n9月底前 完工"


def test_xls_cells_read_as_in_xlsx_over_several_sheets_with_dates_percent_and_merges():
    progress = Sheet(
        "进展",
        [
            ["2025年某县民生实事进展情况表"],
            ["序号", "工作任务", "责任单位", "完成进度", "完成时间", "投资（万元）"],
            [1, "新建学校", "县教育局", 0.83, D(2025, 6, 30), 1250.5],
            [2, "改造道路", "县交通局", 1, datetime.datetime(2025, 5, 1, 9, 30), 300],
        ],
        merges=["A1:F1"],
        formats={"D": "0%"},
    )
    hidden = Sheet("下拉列表", [["县教育局"], ["县交通局"]], hidden=True)
    notes = Sheet("说明", [["本表每月更新。"]])
    xls = parse_file(build_xls(PLAN_SHEET, progress, hidden, notes), "两表.xls")
    xlsx = parse_file(build_xlsx(PLAN_SHEET, progress, hidden, notes), "两表.xls")
    assert xls == xlsx
    row = xls.tables[1].rows[1]
    assert [c.text for c in row.cells] == ["1", "新建学校", "县教育局", "83%", "6月30日", "1250.5"]
    assert xls.warnings == ["工作表“说明”没有表头，有1列，与上一张表的6列不同，未导入；如是续表，请补上表头。"]


@pytest.mark.django_db
def test_the_same_table_as_xlsx_and_as_xls_imports_the_same_program():
    as_xlsx = imported_as_interchange(build_xlsx(PLAN_SHEET), "计划.xlsx")
    assert as_xlsx["title"] == TITLE and len(as_xlsx["tasks"]) == 4
    assert imported_as_interchange(build_xls(PLAN_SHEET), "计划.xls") == as_xlsx
    assert imported_as_interchange(EXCEL_WEB_PAGE.encode("gb18030"), "系统导出.xls") == as_xlsx
    assert imported_as_interchange(SPREADSHEET_XML.encode(), "表格.xml") == as_xlsx


def test_a_damaged_xls_is_refused_naming_the_file():
    data = build_xls(PLAN_SHEET)
    damaged = data[:512] + bytes(600) + data[1112:]  # the workbook stream's first records
    with pytest.raises(ImportFailed) as refused:
        parse_file(damaged, "已损坏.xls")
    assert refused.value.messages[0].startswith("已损坏.xls：旧版 Excel 文件（.xls）已损坏")


def test_a_password_protected_xls_is_refused_asking_to_remove_the_password():
    data = build_xls(PLAN_SHEET)
    # A FILEPASS record (0x002F) right after the workbook's BOF marks an encrypted file:
    # written over the INTERFACEHDR record that follows the BOF, of the same length.
    bof = data.index(b"\x09\x08\x10\x00\x00\x06\x05\x00")
    at = bof + 4 + 16
    encrypted = data[:at] + b"\x2f\x00\x02\x00\x00\x00" + data[at + 6 :]
    with pytest.raises(ImportFailed) as refused:
        parse_file(encrypted, "加密.xls")
    assert refused.value.messages == ["加密.xls：文件设置了打开密码，请取消密码后再上传。"]


def test_a_word_xml_document_is_still_refused_with_what_to_do():
    data = b'<?xml version="1.0"?><?mso-application progid="Word.Document"?><w:wordDocument/>'
    with pytest.raises(ImportFailed, match="XML 格式的 Word 文档，请在 Word 中另存为 .docx"):
        parse_file(data, "通知.xml")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(FILES))
def test_each_file_imports_from_the_command_line(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(FILES[name]())
    out = io.StringIO()
    call_command("import_document", str(path), "--jurisdiction", "440700", stdout=out)
    tasks = Task.objects.filter(category__program__year=2025).order_by("number")
    assert [(t.number, t.title) for t in tasks] == [(e[0], e[1]) for e in EXPECTED]
    units = tasks.get(number="1").assignments.order_by("position")
    assert [a.unit.name for a in units] == ["县教育局", "县住建局"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(FILES))
def test_each_file_shows_its_items_in_the_upload_preview_and_confirms(
    name, admin_client, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    response = admin_client.post(
        reverse("importers:upload"),
        {"file": SimpleUploadedFile(name, FILES[name]()), "jurisdiction": "440700"},
    )
    assert response.status_code == 302
    preview = admin_client.get(response["Location"])
    assert len(preview.context["rows"]) == 4 and preview.context["can_confirm"]
    assert "医保服务站覆盖全部乡镇" in preview.content.decode()
    key = re.search(r"/imports/([0-9a-f-]{36})/preview/", response["Location"]).group(1)
    done = admin_client.post(reverse("importers:confirm", args=[key]))
    assert done.status_code == 302
    assert Task.objects.filter(category__program__year=2025).count() == 4


@pytest.mark.django_db
def test_the_upload_form_names_xls_and_web_pages(admin_client):
    page = admin_client.get(reverse("importers:upload")).content.decode()
    assert ".xls" in page and "网页" in page


def test_a_menu_and_a_footer_laid_out_in_tables_are_the_pages_text_not_rows():
    page = WEB_PAGE.replace(
        '<div class="nav">',
        '<table><tr><td>首页</td><td>政务公开</td><td>办事服务</td></tr></table><div class="nav">',
    ).replace(
        '<div class="footer">',
        "<table><tr><td>主办：某县人民政府</td><td>备案号：粤ICP备00000000号</td></tr></table>"
        '<div class="footer">',
    )
    document = parse_file(page.encode(), "计划.html")
    assert len(document.tables) == 1
    assert document.paragraphs[0] == "首页 政务公开 办事服务"
    assert "主办：某县人民政府 备案号：粤ICP备00000000号" in document.notes
    program = read_program(document)
    assert len(program.tasks) == 4 and program.warnings == []
