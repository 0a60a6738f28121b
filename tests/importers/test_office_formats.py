"""Word, Excel, CSV and old .doc files built here, read through parse_file and the reader."""

import datetime
import io
import random
import shutil
import zipfile

import pytest

from importers.document import ImportFailed
from importers.layout import read_program
from importers.parsers import parse_file
from importers.parsers.text import parse_text
from tests.conftest import seed_bytes
from tests.importers.builders import Sheet, WordTable, build_csv, build_docx, build_xlsx

D = datetime.date
QUARTERLY_HEADER = [
    "序号",
    "事项名称",
    "事项内容及目标",
    "责任部门",
    "一季度目标",
    "二季度目标",
    "三季度目标",
    "四季度目标",
]
LIST_HEADER = ["项目分类", "序号", "具体内容", "建议分管\n市领导", "责任单位", "责任人", "完成时限"]
TITLE_2021 = "2021 年市十件民生实事任务分解表"
DECLARED_2021 = "(共 10 件, 25 项)"


def read(data: bytes, name: str, year: int | None = None):
    return read_program(parse_file(data, name), year=year)


def numbers(program) -> list[str]:
    return [t.number for t in program.tasks]


def quarters(task) -> list[tuple[int | None, int | None, datetime.date, str]]:
    return [(m.first_quarter, m.last_quarter, m.due, m.text) for m in task.milestones]


def failure(data: bytes, name: str, **kwargs) -> str:
    with pytest.raises(ImportFailed) as caught:
        parse_file(data, name, **kwargs)
    return str(caught.value)


# -- .docx ----------------------------------------------------------------------------------
def quarterly_docx() -> bytes:
    return build_docx(
        "附件",
        "2017年高新区（江海区）十件民生实事计划",
        WordTable(
            rows=[
                QUARTERLY_HEADER,
                ["（一）保障底线民生（共2项）"] + [None] * 7,
                [
                    "1",
                    "★提高全区人均城乡最低生活保障标准",
                    "最低生活保障标准提高到660元。",
                    "社会事务局\n财政局\n各街道办事处",
                    "做好低保提标资金测算。",
                    "按照提标后的新标准发放最低生活保障金。",
                    None,
                    None,
                ],
                [
                    "2",
                    "困境妇女儿童帮扶",
                    "开展救助重症妇女儿童活动。",
                    "妇联\n慈善会",
                    "摸底调查。",
                    "推荐审核。",
                    "筹备颁发。",
                    "1.颁发资助金。\n2.总结。",
                ],
            ],
            merges=[(1, 0, 1, 7), (2, 5, 2, 7)],
        ),
        "注：标有★的事项是市民生实事内容。",
    )


def test_quarterly_docx_target_merged_across_quarters_is_one_exact_milestone():
    program = read(quarterly_docx(), "计划.docx")
    assert program.year == 2017
    assert program.title == "2017年高新区（江海区）十件民生实事计划"
    assert [(c.number, c.name, c.declared_items) for c in program.categories] == [
        (1, "保障底线民生", 2)
    ]
    first, second = program.tasks
    assert first.title == "提高全区人均城乡最低生活保障标准"
    assert first.city_level
    assert first.units == ["社会事务局", "财政局", "各街道办事处"]
    assert quarters(first) == [
        (1, 1, D(2017, 3, 31), "做好低保提标资金测算。"),
        (2, 4, D(2017, 12, 31), "按照提标后的新标准发放最低生活保障金。"),
    ]
    # Paragraphs of one cell stay apart.
    assert quarters(second)[-1] == (4, 4, D(2017, 12, 31), "1.颁发资助金。\n2.总结。")
    # Word stores the merge: nothing is guessed.
    assert not any("视为覆盖" in w for w in program.warnings)
    assert program.warnings == []
    assert program.notes == ["注：标有★的事项是市民生实事内容。"]


def list_table(*rows: list[str | None], merges=(), truncate_last: int = 0) -> WordTable:
    return WordTable(rows=[LIST_HEADER, *rows], merges=list(merges), truncate_last=truncate_last)


def test_category_and_number_merged_down_continue_on_every_row():
    data = build_docx(
        TITLE_2021,
        list_table(
            [
                "一、提升公共医疗卫生服务能力",
                "13",
                "提升全市核酸检测能力。（牵头单位：市卫生健康局）",
                "赖燕芬",
                "市卫生健康局",
                "刘学文",
                "12 月 10 日",
            ],
            [
                None,
                "14",
                "（1）免费实施出生缺陷筛查项目。",
                None,
                "市卫生健康局\n市财政局",
                "刘学文\n李文聪",
                "11 月底",
            ],
            [None, None, "（2）为新生儿免费听力筛查。", None, "市卫生健康局", "刘学文", "10月底"],
            [
                "二、提高底线民生保障水平",
                "15",
                "加强低保、特困人员基本生活保障。（牵头单位：市民政局）",
                "王长青",
                "市民政局 市财政局 市审计局",
                "谢鸿猷 李文聪 陈新汉",
                "12 月 10 日",
            ],
            # category, number and leader merged down
            merges=[(1, 0, 3, 0), (2, 1, 3, 1), (1, 3, 3, 3)],
        ),
    )
    program = read(data, "分解表.docx")
    assert program.year == 2021
    assert numbers(program) == ["13", "14(1)", "14(2)", "15"]
    assert [(c.number, c.name) for c in program.categories] == [
        (1, "提升公共医疗卫生服务能力"),
        (2, "提高底线民生保障水平"),
    ]
    assert [t.category for t in program.tasks] == [1, 1, 1, 2]
    sub1, sub2 = program.tasks[1:3]
    assert sub1.content == "（1）免费实施出生缺陷筛查项目。"
    assert sub1.units == ["市卫生健康局", "市财政局"]
    assert sub1.persons == ["刘学文", "李文聪"]
    assert sub1.deadline == D(2021, 11, 30)
    assert sub2.deadline == D(2021, 10, 31)
    assert [t.leaders for t in program.tasks] == [["赖燕芬"]] * 3 + [["王长青"]]
    last = program.tasks[3]
    assert last.units == ["市民政局", "市财政局", "市审计局"]
    assert last.persons == ["谢鸿猷", "李文聪", "陈新汉"]
    assert last.lead_unit == "市民政局"
    assert last.where == "表1第5行"
    assert program.warnings == []


def test_a_title_typed_into_the_first_table_row_is_the_title():
    data = build_docx(
        WordTable(
            rows=[
                ["2021年市十件民生实事任务分解表（共1项）"] + [None] * 6,
                LIST_HEADER,
                ["一、提升医疗", "1", "内容一。", "赖燕芬", "市卫生健康局", "刘学文", "12月10日"],
            ],
            merges=[(0, 0, 0, 6)],
        )
    )
    program = read(data, "x.docx")
    assert (program.year, program.declared_items) == (2021, 1)
    assert program.title == "2021年市十件民生实事任务分解表"
    assert program.tasks[0].where == "表1第3行"


def test_a_docx_renamed_to_txt_is_still_read_as_docx():
    program = read(quarterly_docx(), "计划.txt")
    assert numbers(program) == ["1", "2"]


def test_an_unknown_column_is_named_in_a_warning_and_kept_as_an_extra_field():
    data = build_docx(
        TITLE_2021,
        WordTable(
            rows=[
                [*LIST_HEADER, "备注"],
                [
                    "一、提升公共医疗卫生服务能力",
                    "1",
                    "内容一。",
                    "赖燕芬",
                    "市卫生健康局",
                    "刘学文",
                    "12 月 10 日",
                    "已列入预算",
                ],
            ]
        ),
    )
    program = read(data, "x.docx")
    assert "未识别的列“备注”，按原文保留为其他列。" in program.warnings
    assert program.tasks[0].extra == [{"label": "备注", "text": "已列入预算"}]
    assert numbers(program) == ["1"]
    assert program.tasks[0].units == ["市卫生健康局"]
    assert program.tasks[0].deadline == D(2021, 12, 10)


def test_a_truncated_last_row_is_read_with_what_it_has():
    data = build_docx(
        TITLE_2021,
        list_table(
            ["一、提升医疗", "1", "内容一。", "赖燕芬", "市卫生健康局", "刘学文", "12月10日"],
            ["一、提升医疗", "2", "内容二。", "赖燕芬", "市卫生健康局", "刘学文", "12月10日"],
            truncate_last=3,  # 责任单位, 责任人 and 完成时限 are missing
        ),
    )
    program = read(data, "x.docx")
    assert numbers(program) == ["1", "2"]
    second = program.tasks[1]
    assert (second.content, second.units, second.deadline) == ("内容二。", [], None)
    assert "表1第3行 第2项：没有责任单位。" in program.warnings


def test_a_row_cut_before_its_content_is_skipped_with_a_warning_naming_the_row():
    # Issue 13 item 4: was a refusal of the whole file; now item 1 imports and the cut row
    # is skipped with its row and column named.
    data = build_docx(
        TITLE_2021,
        list_table(
            ["一、提升医疗", "1", "内容一。", "赖燕芬", "市卫生健康局", "刘学文", "12月10日"],
            ["一、提升医疗", "2", "", "", "", "", ""],
            truncate_last=5,
        ),
    )
    program = read(data, "x.docx")
    assert numbers(program) == ["1"]
    assert any(w.startswith("表1第3行 具体内容：第2项没有内容，本行") for w in program.warnings)


def test_word_row_offsets_and_tracked_insertions_are_read():
    """gridBefore shifts a row's cells right; text inside w:ins (track changes) counts."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    data = build_docx(
        TITLE_2021,
        list_table(
            ["一、提升医疗", "1", "内容一。", "赖燕芬", "市卫生健康局", "刘学文", "12月10日"],
            ["", "2", "内容二。", "赖燕芬", "市民政局", "谢鸿猷", "12月10日"],
        ),
    )
    word = Document(io.BytesIO(data))
    rows = word.tables[0].rows
    tr = rows[2]._tr
    tr.remove(tr.tc_lst[0])  # the category cell is left out …
    tr.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="1"/></w:trPr>'))
    paragraph = rows[1].cells[2].paragraphs[0]._p  # … and an insertion is tracked
    paragraph.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="督查室" w:date="2021-01-05T00:00:00Z">'
            "<w:r><w:t>（已修订）</w:t></w:r></w:ins>"
        )
    )
    buffer = io.BytesIO()
    word.save(buffer)
    program = read(buffer.getvalue(), "x.docx")
    assert numbers(program) == ["1", "2"]
    assert program.tasks[0].content == "内容一。（已修订）"
    assert (program.tasks[1].category, program.tasks[1].units) == (1, ["市民政局"])


def test_seed_002_as_a_word_document_reads_like_the_text():
    """The real 2021 plan, one Word table a page (header repeated), categories merged down."""
    text_document = parse_text(seed_bytes("002"), "002.txt")
    expected = read_program(text_document)
    tables: list[WordTable] = []
    for row in text_document.tables[0].rows:
        values = row.texts()
        if values[1] == "序号":
            tables.append(WordTable(rows=[values]))
            continue
        table = tables[-1]
        if not values[0] and len(table.rows) > 1:
            # An empty category cell is Word's merge with the category above.
            first = max(i for i, r in enumerate(table.rows) if r[0] is not None)
            table.merges = [m for m in table.merges if m[0] != first]
            table.merges.append((first, 0, len(table.rows), 0))
            values = [None, *values[1:]]
        table.rows.append(values)
    assert len(tables) > 5
    program = read(build_docx(*text_document.paragraphs, *tables), "002.docx")

    assert (program.year, program.declared_items, program.declared_matters) == (2021, 25, 10)
    assert program.title == expected.title == "2021年市十件民生实事任务分解表"
    assert program.categories == expected.categories
    assert len(program.categories) == 10

    def summary(p):
        return [
            (
                t.number,
                t.category,
                t.content,
                t.leaders,
                t.units,
                t.persons,
                t.lead_unit,
                t.deadline,
            )
            for t in p.tasks
        ]

    assert summary(program) == summary(expected)
    assert len(program.tasks) == 25
    assert program.warnings == expected.warnings == []
    assert program.tasks[1].where == "表2第2行"
    ten = program.tasks[9]
    assert ten.deadline == D(2021, 11, 30)
    assert ten.persons[1] == "张璐"


# -- .xlsx ----------------------------------------------------------------------------------
def plan_xlsx() -> bytes:
    header = ["项目分类", "序号", "具体内容", "建议分管市领导", "责任单位", "责任人", "完成时限"]
    first = Sheet(
        title="2021年",
        rows=[
            ["2021年市十件民生实事任务分解表"],
            [DECLARED_2021],
            [],
            [],
            header,
            [
                "一、提升公共医疗卫生服务能力",
                1,
                "提升全市核酸检测能力。",
                "赖燕芬",
                "市卫生健康局",
                "刘学文",
                datetime.datetime(2021, 12, 10),
            ],
            [
                None,
                2.0,
                "（1）免费实施出生缺陷筛查项目。",
                "赖燕芬",
                "市卫生健康局\n市财政局",
                "刘学文\n李文聪",
                "11月底",
            ],
            [
                None,
                None,
                "（2）新生儿听力筛查。",
                "赖燕芬",
                "市卫生健康局",
                "刘学文",
                D(2021, 10, 31),
            ],
        ],
        # title across, category down three rows, number down over the sub-items
        merges=["A1:G1", "A6:A8", "B7:B8"],
    )
    second = Sheet(
        title="续表",
        rows=[
            header,
            ["二、提高底线民生保障水平"],
            [
                None,
                3,
                "低保标准不低于932元/人/月。",
                "王长青",
                "市民政局 市财政局",
                "谢鸿猷 李文聪",
                datetime.datetime(2021, 12, 10),
            ],
            [],
            ["注：各市（区）参照执行。"],
        ],
        merges=["A2:G2"],
    )
    lists = Sheet(title="下拉选项", rows=[["市民政局"], ["市财政局"]], hidden=True)
    instructions = Sheet(title="填表说明", rows=[["请按表头填写。"], ["日期请写成12月10日。"]])
    empty = Sheet(title="Sheet3", rows=[])
    return build_xlsx(first, lists, second, instructions, empty)


def test_xlsx_title_rows_sheets_merges_numbers_and_dates():
    program = read(plan_xlsx(), "分解表.xlsx")
    assert (program.year, program.declared_items, program.declared_matters) == (2021, 25, 10)
    assert program.title == "2021年市十件民生实事任务分解表"
    assert numbers(program) == ["1", "2(1)", "2(2)", "3"]
    assert [(c.number, c.name) for c in program.categories] == [
        (1, "提升公共医疗卫生服务能力"),
        (2, "提高底线民生保障水平"),
    ]
    assert [t.category for t in program.tasks] == [1, 1, 1, 2]
    assert [t.deadline for t in program.tasks] == [
        D(2021, 12, 10),
        D(2021, 11, 30),
        D(2021, 10, 31),
        D(2021, 12, 10),
    ]
    assert program.tasks[1].units == ["市卫生健康局", "市财政局"]
    assert program.tasks[3].persons == ["谢鸿猷", "李文聪"]
    assert program.tasks[0].where == "工作表“2021年”第6行"
    assert program.tasks[3].where == "工作表“续表”第3行"
    assert program.notes == ["注：各市（区）参照执行。"]
    assert program.warnings == [
        "文件称共25项，表格中找到3项，缺少第4、5、6、7、8、9、10、11、12、13、14、15、16、17、18、19、20、21、22、23、24、25项。",
        # A visible sheet without a header that does not continue the table is left out,
        # and the report says which and why.
        "工作表“填表说明”没有表头，有1列，与上一张表的7列不同，未导入；如是续表，请补上表头。",
    ]


def test_xlsx_quarter_target_merged_across_is_exact():
    rows = [
        ["2017年高新区（江海区）十件民生实事计划"],
        QUARTERLY_HEADER,
        ["（一）保障底线民生（共1项）"],
        [1, "提高低保", "提高到660元。", "社会事务局", "测算。", "按月发放。"],
    ]
    data = build_xlsx(Sheet("Sheet1", rows, merges=["A1:H1", "A3:H3", "F4:H4"]))
    program = read(data, "计划.xlsx")
    assert quarters(program.tasks[0]) == [
        (1, 1, D(2017, 3, 31), "测算。"),
        (2, 4, D(2017, 12, 31), "按月发放。"),
    ]
    assert program.warnings == []


def test_an_xlsx_renamed_to_csv_is_still_read_as_xlsx():
    assert numbers(read(plan_xlsx(), "分解表.csv")) == ["1", "2(1)", "2(2)", "3"]


# -- .csv -----------------------------------------------------------------------------------
CSV_ROWS = [
    ["2021年市十件民生实事任务分解表", "", "", "", "", "", ""],
    ["", "", "", "", "", "", ""],
    ["项目分类", "序号", "具体内容", "建议分管市领导", "责任单位", "责任人", "完成时限"],
    [
        "一、提升公共医疗卫生服务能力",
        "1",
        "提升全市核酸检测能力, 日检测量达 6 万份以上。\n（牵头单位：市卫生健康局）",
        "赖燕芬",
        "市卫生健康局",
        "刘学文",
        "12月10日",
    ],
    ["", "2", "免费实施出生缺陷筛查项目。", "赖燕芬", "市卫生健康局 市财政局", "刘学文 李文聪"],
    [
        "二、提高底线民生保障水平",
        "3",
        "低保标准不低于932元。",
        "王长青",
        "市民政局",
        "谢鸿猷",
        "11月底",
    ],
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_and_gb18030(encoding):
    data = build_csv(CSV_ROWS, encoding)
    program = read(data, "分解表.csv")
    assert program.year == 2021
    assert numbers(program) == ["1", "2", "3"]
    assert [t.category for t in program.tasks] == [1, 1, 2]
    first = program.tasks[0]
    # A comma and a line break inside a quoted cell belong to the cell.
    assert first.content == "提升全市核酸检测能力, 日检测量达 6 万份以上。"
    assert first.lead_unit == "市卫生健康局"
    assert program.tasks[1].persons == ["刘学文", "李文聪"]
    assert program.tasks[1].deadline is None  # the short row has no deadline cell
    assert program.tasks[2].deadline == D(2021, 11, 30)
    assert program.tasks[2].where == "第6行"


def test_csv_is_recognised_by_content_whatever_the_name():
    program = read(build_csv(CSV_ROWS, "gb18030"), "导出数据.txt")
    assert numbers(program) == ["1", "2", "3"]


# -- old .doc -------------------------------------------------------------------------------
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_old_word_doc_is_converted_with_libreoffice():
    from importers.parsers.doc import convert

    docx_data = build_docx(
        TITLE_2021,
        list_table(
            ["一、提升医疗", "14", "（1）甲。", "赖燕芬", "市卫生健康局", "刘学文", "12月10日"],
            [
                None,
                None,
                "（2）乙。",
                "赖燕芬",
                "市卫生健康局\n市财政局",
                "刘学文\n李文聪",
                "11月底",
            ],
            ["一、提升医疗", "15", "丙。", "赖燕芬", "市卫生健康局", "刘学文", "12月10日"],
            merges=[(1, 0, 3, 0), (1, 1, 2, 1)],
        ),
    )
    doc_data = convert(docx_data, "x.docx", ".docx", "doc")
    assert doc_data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    program = read(doc_data, "分解表.doc")
    assert program.year == 2021
    assert numbers(program) == ["14(1)", "14(2)", "15"]
    assert program.tasks[1].units == ["市卫生健康局", "市财政局"]
    assert program.tasks[1].deadline == D(2021, 11, 30)
    assert [t.category for t in program.tasks] == [1, 1, 1]


def test_old_word_doc_without_libreoffice_says_how_to_fix_it(monkeypatch):
    from importers.parsers import doc

    monkeypatch.setattr(doc, "soffice_path", lambda: None)
    fake_doc = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "WordDocument".encode("utf-16-le")
    )
    message = failure(fake_doc, "旧计划.doc")
    assert "旧版 Word 格式" in message
    assert "另存为 .docx" in message


# -- files that are not plans -----------------------------------------------------------------
def corrupt_document_xml() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(quarterly_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(info, data)
    return buffer.getvalue()


def other_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (PNG, "计划.docx", "不是可导入的文件类型（支持 .docx、.xlsx、.xls、.csv、.doc、网页和文本）"),
        (random.Random(7).randbytes(4000), "计划.docx", "不是可导入的文件类型"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "计划.pdf", "不是可导入的文件类型"),
        (b"", "计划.docx", "文件是空的"),
        (b" \r\n\t ", "计划.txt", "文件是空的"),
        (b"PK\x03\x04" + b"\x00" * 40, "计划.docx", "文件已损坏或不是有效的 Word/Excel 文件"),
        (other_zip(), "计划.docx", "不是 Word 或 Excel 文件"),
        (corrupt_document_xml(), "计划.docx", "文件已损坏或不是有效的 Word 文件"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "Workbook".encode("utf-16-le"),
            "计划.xls",
            "另存为 .xlsx",
        ),
        ("一段没有表格的文字。\n第二行。".encode(), "计划.txt", "没有找到表格"),
    ],
    ids=[
        "png",
        "random",
        "pdf",
        "empty",
        "blank",
        "bad-zip",
        "other-zip",
        "bad-xml",
        "xls",
        "prose",
    ],
)
def test_files_that_are_not_plans_fail_with_a_clear_message(data, name, expected):
    message = failure(data, name)
    assert name in message
    assert expected in message


def test_a_truncated_docx_is_reported_as_damaged():
    data = quarterly_docx()
    assert "文件已损坏" in failure(data[: len(data) // 2], "计划.docx")


def test_an_oversize_file_names_the_limit():
    data = quarterly_docx()
    message = failure(data + b"\x00" * (1024 * 1024), "计划.docx", max_bytes=1024 * 1024)
    assert "超过上限 1 MB" in message
    assert numbers(read_program(parse_file(data, "计划.docx", max_bytes=1024 * 1024))) == ["1", "2"]
