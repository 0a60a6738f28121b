"""Plan tables as government portals publish them (issue 13: "more real tables from other
jurisdictions are held back"): the page a clerk saves from a 县/区 government site's
政府信息公开 or 通知公告 column, whole (menus, breadcrumbs, side bar, the metadata table,
附件 links, 打印本页, the footer with 网站标识码 and ICP备案号), in GBK, as a single-file
web page (.mht) saved by IE or WPS, and the attachments offered under it (.xls with a
填报单位 line and a signature line, .docx with a two-row header and a contact list after
the plan, a .docx written by WPS). Each is our own fixture in a shape found on government
sites, imported through the real pipeline and the upload preview."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from importers.layout import read_program
from importers.parsers import parse_file
from projects.models import Task
from tests.importers.builders import (
    Sheet,
    WordTable,
    as_wps,
    build_docx,
    build_mht,
    build_xls,
    imported_as_interchange,
    saves_then_changes_nothing,
)

D = datetime.date
TITLE = "2025年清平县民生实事项目工作任务分解表"
NOTICE_TITLE = "清平县人民政府办公室关于印发2025年清平县民生实事项目工作任务分解表的通知"
HEADER = ["序号", "事项名称", "工作任务", "责任单位", "完成时限", "备注"]
PLAN = [
    ["1", "城区学校扩容", "新建城东小学，新增学位1350个。", "县教育局\n县住建局", "8月底", ""],
    [
        "2",
        "长者饭堂",
        "建成长者饭堂12个，为80岁以上老人提供助餐服务。",
        "县民政局",
        "10月31日",
        "省民生实事",
    ],
    ["3", "背街小巷改造", "改造背街小巷8条，长度3.2公里。", "县住建局\n各镇人民政府", "12月底", ""],
    ["4", "家庭医生签约", "重点人群家庭医生签约率达到75%。", "县卫健局", "11月底", ""],
]
# What the clerk checks: number, title, content, units, deadline, the 备注 kept.
EXPECTED = [
    (
        "1",
        "城区学校扩容",
        "新建城东小学，新增学位1350个。",
        ["县教育局", "县住建局"],
        D(2025, 8, 31),
        {},
    ),
    (
        "2",
        "长者饭堂",
        "建成长者饭堂12个，为80岁以上老人提供助餐服务。",
        ["县民政局"],
        D(2025, 10, 31),
        {"备注": "省民生实事"},
    ),
    (
        "3",
        "背街小巷改造",
        "改造背街小巷8条，长度3.2公里。",
        ["县住建局", "各镇人民政府"],
        D(2025, 12, 31),
        {},
    ),
    ("4", "家庭医生签约", "重点人群家庭医生签约率达到75%。", ["县卫健局"], D(2025, 11, 30), {}),
]
# Every word of the portal's frame: none may become an item, a title or a category.
FRAME_WORDS = [
    "首页",
    "政务公开",
    "当前位置",
    "通知公告",
    "索引号",
    "11441234007890123X",
    "主题分类",
    "发文机关",
    "成文日期",
    "发布日期",
    "清府办〔2025〕3号",
    "打印本页",
    "关闭窗口",
    "网站标识码",
    "4412340001",
    "ICP备",
    "公网安备",
    "附件",
    "浏览次数",
    "规划计划",
]


def read(data: bytes, name: str, year: int | None = None):
    return read_program(parse_file(data, name), year=year)


def found(program) -> list[tuple]:
    return [
        (
            t.number,
            t.title,
            t.content.replace("\n", ""),
            t.units,
            t.deadline,
            {e["label"]: e["text"] for e in t.extra},
        )
        for t in program.tasks
    ]


def item_text(program) -> str:
    """Everything that became part of an item, a category or the title."""
    parts = [program.title, *(c.name for c in program.categories)]
    for task in program.tasks:
        parts += [task.number, task.title, task.content, *task.units, *task.persons]
        parts += [e["label"] + e["text"] for e in task.extra]
    return "\n".join(parts)


def assert_frame_left_out(program) -> None:
    text = item_text(program)
    for word in FRAME_WORDS:
        assert word not in text, word


def html_table(rows, header=HEADER, attributes='border="1" cellspacing="0"') -> str:
    def cell(text: str, tag: str) -> str:
        return f"<{tag}>{text.replace(chr(10), '<br/>')}</{tag}>"

    head = "<tr>" + "".join(cell(h, "th") for h in header) + "</tr>"
    body = "".join("<tr>" + "".join(cell(c, "td") for c in row) + "</tr>\n" for row in rows)
    return f"<table {attributes}><thead>{head}</thead><tbody>\n{body}</tbody></table>"


def portal_page(article: str, charset: str = "utf-8", meta: str = "") -> str:
    """The page a 县 government's portal shows for one notice, as the browser saves it."""
    meta = meta or f'<meta charset="{charset}">'
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>{meta}
<title>{NOTICE_TITLE}_通知公告_清平县人民政府门户网站</title>
<meta name="SiteName" content="清平县人民政府门户网站"><meta name="ArticleTitle" content="{NOTICE_TITLE}">
<link rel="stylesheet" href="/css/style.css"><script src="/js/jquery.min.js"></script>
<script>var _hmt = _hmt || []; document.write("<table><tr><td>序号</td></tr></table>");</script>
</head>
<body>
<div class="topbar"><span>欢迎访问清平县人民政府门户网站！</span><a href="#">无障碍</a> <a href="#">长者模式</a>
<a href="#">简</a>|<a href="#">繁</a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjqp/">走进清平</a></li></ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt;
<a href="/zwgk/tzgg/">通知公告</a></div>
<div class="side"><h3>政务公开</h3><ul><li>政府文件</li><li>通知公告</li><li>人事信息</li>
<li>规划计划</li><li>财政资金</li></ul></div>
<div class="main">
<table class="xxgk-meta" width="100%">
<tr><td>索&nbsp;引&nbsp;号：</td><td>11441234007890123X/2025-00031</td><td>主题分类：</td><td>综合政务</td></tr>
<tr><td>发文机关：</td><td>清平县人民政府办公室</td><td>成文日期：</td><td>2025-02-10</td></tr>
<tr><td>标　　题：</td><td colspan="3">{NOTICE_TITLE}</td></tr>
<tr><td>文　　号：</td><td>清府办〔2025〕3号</td><td>发布日期：</td><td>2025-02-12</td></tr>
</table>
<h1 class="title">{NOTICE_TITLE}</h1>
<div class="info">发布时间：2025-02-12 09:30 来源：县政府办公室 浏览次数：1024 【字体：大 中 小】</div>
<div class="article">
{article}
</div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a>
<a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="footer"><table width="100%"><tr><td>主办：清平县人民政府办公室 承办：清平县政务服务数据管理局</td></tr>
<tr><td>网站标识码：4412340001 <a href="https://beian.miit.gov.cn/">粤ICP备12345678号</a>
<img src="/images/ga.png">粤公网安备 44123402000123号</td></tr></table></div>
</body></html>"""


NOTICE = f"""<p>各镇人民政府，县府直属各单位：</p>
<p>　　现将《{TITLE}》印发给你们，请认真组织实施。各牵头单位于每月25日前将进展情况报县政府督查室。</p>
<p style="text-align:right">清平县人民政府办公室</p><p style="text-align:right">2025年2月10日</p>"""
ATTACHMENTS = f"""<p>附件：<a href="/attachment/0/12/12345/1.xls">{TITLE}.xls</a></p>
<p><a href="/attachment/0/12/12346/2.docx">2.民生实事项目联系人名单.docx</a></p>"""


def whole_portal_page() -> bytes:
    article = (
        f'{NOTICE}<p align="center"><strong>{TITLE}</strong></p>{html_table(PLAN)}{ATTACHMENTS}'
    )
    return portal_page(article).encode()


# -- 2. a page with the plan and a 资金安排 table ---------------------------------------------

FUNDS_HEADER = ["序号", "项目名称", "资金来源", "金额（万元）"]
FUNDS = [
    ["1", "城区学校扩容", "县财政", "3000"],
    ["2", "长者饭堂", "省级补助资金", "240"],
    ["合计", "", "", "3240"],
]


def plan_and_funds_page() -> bytes:
    article = (
        f"{NOTICE}<p><strong>一、项目安排</strong></p>{html_table(PLAN)}"
        f"<p><strong>二、资金安排</strong></p>{html_table(FUNDS, FUNDS_HEADER)}{ATTACHMENTS}"
    )
    return portal_page(article).encode()


# -- 3. the plan split over tables under headings 一、… 二、… ----------------------------------


def split_by_headings_page() -> bytes:
    article = (
        f'{NOTICE}<p align="center"><b>{TITLE}</b></p>'
        f"<h3>一、教育卫生（2项）</h3>{html_table([PLAN[0], PLAN[3]])}"
        f"<p><strong>二、民生保障（2项）</strong></p>{html_table([PLAN[1], PLAN[2]])}"
    )
    return portal_page(article).encode()


# -- 4. a <th> header over two rows: 季度目标 over 一季度…四季度 ---------------------------------

QUARTER_PAGE = f"""<p>{TITLE}</p>
<table border="1">
<tr><th rowspan="2">序号</th><th rowspan="2">事项名称</th><th rowspan="2">工作任务</th>
<th colspan="4">季度目标</th><th rowspan="2">责任单位</th></tr>
<tr><th>一季度</th><th>二季度</th><th>三季度</th><th>四季度</th></tr>
<tr><td>1</td><td>城区学校扩容</td><td>新建城东小学，新增学位1350个。</td><td>完成招标</td>
<td>主体封顶</td><td colspan="2">竣工验收并投入使用</td><td>县教育局</td></tr>
<tr><td>2</td><td>长者饭堂</td><td>建成长者饭堂12个。</td><td>选址</td><td>建成4个</td>
<td>建成8个</td><td>建成12个</td><td>县民政局</td></tr>
</table>"""


# -- 5. cells of <p>/<span style>/<font>/<strong> soup, &nbsp; padding, full-width spaces ----

SOUP_PAGE = f"""<div class="article">
<p class="MsoNormal" align="center" style="text-align:center"><b><span style="font-size:16pt;
font-family:方正小标宋简体">{TITLE}</span></b><o:p></o:p></p>
<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0">
<tr><td><p align="center"><b><span style="font-family:黑体">序&nbsp;号</span></b></p></td>
<td><p align="center"><strong><font face="黑体">事项<br/>名称</font></strong></p></td>
<td><p><b>工作任务</b></p></td><td><b>责任<span>单位</span></b></td>
<td><b>完成<br>时限</b></td><td><b>备注</b></td></tr>
<tr><td>&nbsp;1&nbsp;</td><td><p><span style="font-family:仿宋_GB2312">城区学校</span><span
style="font-family:仿宋_GB2312">扩容</span></p></td>
<td><p style="text-indent:2em"><span>新建城东小学，</span></p><p><font color="#000000">新增学位1350个。</font></p></td>
<td>县教育局<br/>县住建局<br/></td><td>&nbsp;8月底&nbsp;</td><td></td></tr>
<tr><td><p>2</p></td><td>　长者饭堂　</td>
<td><span style="font-size:12pt">建成长者饭堂12个，为80岁以上老人提供助餐服务。</span></td>
<td><p>县民政局</p></td><td>10月31日</td><td><p><span>省民生实事</span></p></td></tr>
<tr><td>3</td><td>背街小巷改造</td><td>改造背街小巷8条，<span>长度3.2公里。</span></td>
<td><p>县住建局</p><p>各镇人民政府</p></td><td>12月底</td><td>&nbsp;</td></tr>
<tr><td>4</td><td><strong>家庭医生签约</strong></td><td>重点人群家庭医生签约率达到75%。&nbsp;&nbsp;</td>
<td>县卫健局&nbsp;</td><td><span lang="EN-US">11</span>月底</td><td><p>&nbsp;</p></td></tr>
<tr><td></td><td></td><td></td><td></td><td></td><td>&nbsp;</td></tr>
</table></div>"""


# -- 6. a page in GBK declared with http-equiv -------------------------------------------------


def gbk_page() -> bytes:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />'
    article = f'{NOTICE}<p align="center">{TITLE}</p>{html_table(PLAN)}'
    return portal_page(article, meta=meta).encode("gbk")


# -- 7. the page saved as a single-file web page (.mht) ---------------------------------------


def ie_mht() -> bytes:
    page = portal_page(
        f'{NOTICE}<p align="center">{TITLE}</p>{html_table(PLAN)}',
        meta='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    )
    return build_mht(page, charset="gb2312", transfer="quoted-printable")


def wps_mht() -> bytes:
    page = f'<html><body><p align="center">{TITLE}</p>{html_table(PLAN)}</body></html>'
    return build_mht(page, charset="utf-8", transfer="base64", saved_by="WPS Office")


def excel_mht() -> bytes:
    """Excel's 单个文件网页: the first part a frame page naming the sheets, the table in
    the part of its sheet."""
    frame = """<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head>
<meta name="Excel Workbook Frameset"><link id="shLink" href="sheet001.htm"></head>
<frameset rows="*,39"><frame src="sheet001.htm" name="frSheet"></frameset></html>"""
    sheet = (
        '<html><head><meta http-equiv=Content-Type content="text/html; charset=gb2312"></head>'
        f"<body><table><tr><td colspan=6>{TITLE}</td></tr>"
        + html_table(PLAN)
        .split("<thead>")[1]
        .replace("</thead><tbody>", "")
        .replace("</tbody></table>", "")
        + "</table></body></html>"
    )
    return build_mht(
        frame,
        charset="gb2312",
        transfer="quoted-printable",
        saved_by="Microsoft Excel",
        parts={"file:///C:/x.files/sheet001.htm": sheet},
    )


# -- 8. the .xls attachment: title, 填报单位 line, the plan, a signature line -------------------


def xls_attachment() -> bytes:
    rows = [
        [TITLE, None, None, None, None, None],
        [
            "填报单位（盖章）：清平县人民政府办公室",
            None,
            None,
            None,
            "填报日期：2025年2月10日",
            None,
        ],
        HEADER,
        *PLAN,
        [None] * 6,
        ["审核人：张明", None, "填表人：李华", None, "联系电话：0768-1234567", None],
    ]
    return build_xls(Sheet("Sheet1", rows, merges=["A1:F1", "A2:D2", "E2:F2"]))


# -- 9. the .docx attachment: a two-row header with vertical merges, then 附件2 contacts -------

DOCX_HEADER = [
    ["序号", "事项名称", "工作任务", "责任单位", None, "完成时限"],
    [None, None, None, "牵头单位", "配合单位", None],
]
DOCX_PLAN = [
    ["1", "城区学校扩容", "新建城东小学，新增学位1350个。", "县教育局", "县住建局", "8月底"],
    ["2", "长者饭堂", "建成长者饭堂12个，为80岁以上老人提供助餐服务。", "县民政局", "", "10月31日"],
    ["3", "背街小巷改造", "改造背街小巷8条，长度3.2公里。", "县住建局", "各镇人民政府", "12月底"],
]
CONTACTS = [
    ["单位", "联系人", "职务", "联系电话"],
    ["县教育局", "王芳", "副局长", "0768-2221111"],
    ["县民政局", "赵强", "科长", "13800138000"],
    ["县住建局", "孙丽", "股长", "0768-2223333"],
]


def docx_attachment() -> bytes:
    return build_docx(
        "附件1",
        TITLE,
        WordTable(
            rows=[*DOCX_HEADER, *DOCX_PLAN],
            merges=[(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 0, 4), (0, 5, 1, 5)],
            header_rows=2,
        ),
        "附件2",
        "民生实事项目联系人名单",
        WordTable(rows=CONTACTS),
    )


# -- 10. the same .docx as WPS writes it -------------------------------------------------------


def wps_docx() -> bytes:
    return as_wps(
        build_docx(
            TITLE,
            WordTable(
                rows=[["序号", "事项名称", "工作任务", "责任单位", None, "完成时限"], *DOCX_PLAN],
                merges=[(0, 3, 0, 4)],
            ),
        )
    )


# -- 11. the 序号 column last, or no 序号 at all ------------------------------------------------


def number_last_page() -> bytes:
    header = [*HEADER[1:], "序号"]
    rows = [[*row[1:], row[0]] for row in PLAN]
    return f"<p>{TITLE}</p>{html_table(rows, header)}".encode()


def no_number_docx() -> bytes:
    return build_docx(TITLE, WordTable(rows=[HEADER[1:], *(row[1:] for row in PLAN)]))


# -- 12. the same table as a page and as .docx ------------------------------------------------


def same_as_docx() -> bytes:
    return build_docx(
        NOTICE_TITLE,
        f"现将《{TITLE}》印发给你们，请认真组织实施。",
        WordTable(rows=[HEADER, *PLAN]),
    )


# -- what the clerk checks in each ---------------------------------------------------------

FILES = {
    "通知.html": whole_portal_page,
    "两表.html": plan_and_funds_page,
    "分类.html": split_by_headings_page,
    "格式.html": lambda: SOUP_PAGE.encode(),
    "GBK.htm": gbk_page,
    "IE保存.mht": ie_mht,
    "WPS保存.mht": wps_mht,
    "Excel保存.mht": excel_mht,
    "序号在后.html": number_last_page,
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_plan_reads_whole_and_the_portals_frame_stays_out(name):
    program = read(FILES[name](), name)
    assert program.title == TITLE and program.year == 2025
    expected = EXPECTED if name != "分类.html" else [EXPECTED[0], EXPECTED[3], *EXPECTED[1:3]]
    assert found(program) == expected
    assert_frame_left_out(program)
    assert set(program.warnings) <= {
        "未识别的列“备注”，按原文保留为其他列。",
        "表格没有大类，全部项目归入“民生实事”。",
    }


def test_the_metadata_table_with_spread_labels_is_left_out_of_the_title_block():
    document = parse_file(whole_portal_page(), "通知.html")
    text = "\n".join(document.paragraphs)
    assert "索" not in text and "11441234007890123X" not in text and "清府办〔2025〕3号" not in text
    assert "标\u3000\u3000题" not in text and "发布时间" not in text
    # The page's own lines after the table are notes of the page, never items.
    assert "网站标识码：4412340001 粤ICP备12345678号 粤公网安备 44123402000123号" in document.notes


def test_a_funds_table_after_the_plan_is_kept_as_notes_and_its_headings_are_not_categories():
    program = read(plan_and_funds_page(), "两表.html")
    assert [t.number for t in program.tasks] == ["1", "2", "3", "4"]
    assert [c.name for c in program.categories] == ["民生实事"]  # not "项目安排"
    assert "1 城区学校扩容 县财政 3000" in program.notes and "合计 3240" in program.notes


def test_tables_under_headings_are_the_categories_with_their_declared_counts():
    program = read(split_by_headings_page(), "分类.html")
    assert [(c.number, c.name, c.declared_items) for c in program.categories] == [
        (1, "教育卫生", 2),
        (2, "民生保障", 2),
    ]
    assert program.declared_items == 4
    names = {t.number: t.category for t in program.tasks}
    assert names == {"1": 1, "4": 1, "2": 2, "3": 2}


def test_a_th_header_over_two_rows_gives_each_quarter_its_target():
    program = read(QUARTER_PAGE.encode(), "季度.html")
    first, second = program.tasks
    assert [(m.first_quarter, m.last_quarter, m.text) for m in first.milestones] == [
        (1, 1, "完成招标"),
        (2, 2, "主体封顶"),
        (3, 4, "竣工验收并投入使用"),
    ]
    assert [m.text for m in second.milestones] == ["选址", "建成4个", "建成8个", "建成12个"]
    assert second.units == ["县民政局"] and first.title == "城区学校扩容"


def test_cells_of_tag_soup_read_as_their_text():
    program = read(SOUP_PAGE.encode(), "格式.html")
    assert program.header[:5] == ["序号", "事项名称", "工作任务", "责任单位", "完成时限"]
    first = program.tasks[0]
    assert first.content == "新建城东小学，\n新增学位1350个。" and first.title == "城区学校扩容"
    assert program.tasks[1].title == "长者饭堂"  # full-width spaces around it gone
    assert len(program.tasks) == 4  # the empty last row is no item


def test_a_gbk_page_and_its_mht_read_the_same_as_the_utf8_page():
    utf8 = found(read(whole_portal_page(), "通知.html"))
    assert found(read(gbk_page(), "GBK.htm")) == utf8
    assert found(read(ie_mht(), "IE保存.mht")) == utf8
    assert found(read(ie_mht(), "page.txt")) == utf8  # told by its content, not its name


def test_the_xls_attachment_keeps_its_fill_in_and_signature_lines_as_notes():
    program = read(xls_attachment(), "附件1.xls")
    assert program.title == TITLE
    assert found(program) == EXPECTED
    assert program.notes == ["审核人：张明 填表人：李华 联系电话：0768-1234567"]
    assert not [w for w in program.warnings if "审核人" in w or "不是项目序号" in w]


def test_the_docx_attachment_reads_its_two_row_header_and_leaves_out_the_contact_list():
    program = read(docx_attachment(), "附件.docx")
    assert program.title == TITLE
    assert [(t.number, t.units, t.deadline) for t in program.tasks] == [
        ("1", ["县教育局", "县住建局"], D(2025, 8, 31)),
        ("2", ["县民政局"], D(2025, 10, 31)),
        ("3", ["县住建局", "各镇人民政府"], D(2025, 12, 31)),
    ]
    # The contact list is named in one warning, none of its people or phones in an item.
    assert (
        "表2第1行：表格（单位 | 联系人 | 职务 | 联系电话，3行）的列与计划表不同，不是计划的一部分，未导入。"
        in (program.warnings)
    )
    text = item_text(program)
    assert "王芳" not in text and "13800138000" not in text
    assert not [w for w in program.warnings if "不是项目序号" in w]


def test_a_wps_docx_reads_as_the_word_one():
    program = read(wps_docx(), "WPS.docx")
    assert [(t.number, t.title, t.units) for t in program.tasks] == [
        ("1", "城区学校扩容", ["县教育局", "县住建局"]),
        ("2", "长者饭堂", ["县民政局"]),
        ("3", "背街小巷改造", ["县住建局", "各镇人民政府"]),
    ]


def test_a_column_with_a_blank_header_is_kept_as_an_extra_field():
    page = f"<p>{TITLE}</p>" + html_table([[*r, "县财政局"] for r in PLAN], [*HEADER, ""])
    program = read(page.encode(), "空表头.html")
    assert all({"label": "第7列", "text": "县财政局"} in t.extra for t in program.tasks)


def test_a_table_without_numbers_numbers_its_items_in_order_and_says_so():
    program = read(no_number_docx(), "无序号.docx")
    assert found(program) == EXPECTED
    assert (
        "表格没有序号列：4个项目按行的顺序编为第1至第4项，请核对编号是否与原文一致。"
        in program.warnings
    )


@pytest.mark.django_db
def test_the_same_table_as_a_portal_page_an_mht_and_a_docx_imports_the_same_program():
    notes = {}

    def imported(data: bytes, name: str) -> dict:
        result = imported_as_interchange(data, name)
        # The page's furniture is kept as the office's notes; the items are the same.
        notes[name] = result.pop("notes")
        return result

    as_docx = imported(same_as_docx(), "分解表.docx")
    assert as_docx["title"] == TITLE and len(as_docx["tasks"]) == 4
    assert imported(whole_portal_page(), "通知.html") == as_docx
    assert notes["分解表.docx"] == []
    assert "【打印本页】 【关闭窗口】" in notes["通知.html"]
    assert imported(ie_mht(), "通知.mht") == as_docx
    assert imported(gbk_page(), "通知.htm") == as_docx


# -- every shape through the pipeline and the upload preview --------------------------------

SHAPES = {
    **{name: (build, 4) for name, build in FILES.items()},
    "季度.html": (lambda: QUARTER_PAGE.encode(), 2),
    "附件1.xls": (xls_attachment, 4),
    "附件.docx": (docx_attachment, 3),
    "WPS.docx": (wps_docx, 3),
    "无序号.docx": (no_number_docx, 4),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_shape_saves_and_a_second_import_changes_nothing(name):
    build, count = SHAPES[name]
    saves_then_changes_nothing(build(), name, count)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_shape_shows_its_items_in_the_upload_preview_and_confirms(
    name, admin_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    build, count = SHAPES[name]
    response = admin_client.post(
        reverse("importers:upload"),
        {"file": SimpleUploadedFile(name, build()), "jurisdiction": "440700"},
    )
    assert response.status_code == 302
    preview = admin_client.get(response["Location"])
    assert len(preview.context["rows"]) == count and preview.context["can_confirm"]
    page = preview.content.decode()
    assert "网站标识码" not in "".join(str(r["task"].content) for r in preview.context["rows"])
    if name == "无序号.docx":
        assert "表格没有序号列" in page
    key = re.search(r"/imports/([0-9a-f-]{36})/preview/", response["Location"]).group(1)
    done = admin_client.post(reverse("importers:confirm", args=[key]))
    assert done.status_code == 302
    assert Task.objects.filter(category__program__year=2025).count() == count
