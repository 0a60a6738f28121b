"""The promise to an office with any table: it imports, with a warning for every cell that
could not be placed, or it is refused with the row and column named."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.document import ImportFailed
from importers.layout import read_program
from importers.parsers import parse_file

WORDS = "学校道路医院养老就业新建改造提升服务社区公园供水"
TEXT = st.text(alphabet=WORDS, min_size=2, max_size=12)
UNITS = ["区教育局", "区住建局", "区卫健局", ""]
DEADLINES = [
    "12月底", "5月底前动工", "9月投入使用", "下个月", "", "年底前", "2025-2026年",
    "第三季度", "6月至12月", "2026年6月底前", "2025.12", "持续推进",
]
# Header word → the kind of value its cells hold; 备注 and 工程类型 have no role.
COLUMNS = {
    "序号": "number",
    "工作任务": "text",
    "项目名称": "text",
    "责任单位": "unit",
    "完成时限": "deadline",
    "备注": "text",
    "工程类型": "text",
    "配合单位": "unit",
}
# Where a refusal names its row and its column.
ROW_RE = re.compile(r"第\d+行")
FILE_LEVEL = ("没有找到表头", "没有找到任何项目", "没有找到表格")


@st.composite
def tables(draw):
    header = draw(st.lists(st.sampled_from(sorted(COLUMNS)), min_size=3, max_size=6, unique=True))
    rows = []
    for index in range(draw(st.integers(1, 6))):
        row = []
        for word in header:
            kind = COLUMNS[word]
            if kind == "number":
                cell = draw(
                    st.sampled_from(
                        [str(index + 1), str(index + 1), "", "9*", "一、", "一", "1-1", "①", "（1）"]
                    )
                )
            elif kind == "unit":
                cell = draw(st.sampled_from(UNITS))
            elif kind == "deadline":
                cell = draw(st.sampled_from(DEADLINES))
            else:
                cell = draw(st.one_of(TEXT, st.just("")))
            row.append(cell)
        rows.append(row)
    return header, rows


def pipe_text(header, rows) -> str:
    lines = ["2025年某区十件民生实事", " | ".join(header)]
    lines += [" | ".join(row) for row in rows]
    return "\n".join(lines) + "\n"


def everything_kept(program) -> str:
    parts = [*program.warnings, *program.notes, *(c.name for c in program.categories)]
    for task in program.tasks:
        parts += [task.content, task.title, task.progress or "", *task.units]
        parts += [e["text"] for e in task.extra] + [m.text for m in task.milestones]
    return "\n".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables())
def test_any_table_imports_with_every_text_cell_kept_or_warned_or_is_refused_by_row_and_column(
    table,
):
    header, rows = table
    assert_kept_or_refused(pipe_text(header, rows).encode(), "t.txt", header, rows)


def assert_kept_or_refused(data: bytes, name: str, header, rows) -> None:
    """The file imports with every text cell kept or warned about, or is refused naming
    the row and the column."""
    try:
        program = read_program(parse_file(data, name), year=2025)
    except ImportFailed as failure:
        for message in failure.messages:
            if any(word in message for word in FILE_LEVEL):
                continue
            assert ROW_RE.search(message), message
            assert any(w in message for w in [*COLUMNS, "具体内容", "大类"]), message
        return
    kept = everything_kept(program)
    for row in rows:
        for word, cell in zip(header, row, strict=True):
            if COLUMNS[word] in ("text", "unit") and cell:
                assert cell in kept, (word, cell)


@st.composite
def split_tables(draw):
    """The same tables as a .docx split into one table per category: a heading line above
    each part, the header on the first only or on each, numbers restarting or not."""
    header, rows = draw(tables())
    cuts = sorted(draw(st.sets(st.integers(1, max(len(rows) - 1, 1)), max_size=2)))
    parts = [rows[a:b] for a, b in zip([0, *cuts], [*cuts, len(rows)], strict=True)]
    repeat = draw(st.booleans())
    restart = draw(st.booleans())
    return header, [p for p in parts if p], repeat, restart


def restarted(header, part):
    """`part` numbered again from 1 in its 序号 column, as a table of a new category is."""
    if "序号" not in header:
        return part
    at = header.index("序号")
    return [
        [str(n + 1) if c == at and cell.isdigit() else cell for c, cell in enumerate(row)]
        for n, row in enumerate(part)
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=split_tables())
def test_a_table_split_by_category_keeps_or_warns_every_cell_and_numbers_stay_distinct(table):
    from tests.importers.builders import WordTable, build_docx

    header, parts, repeat, restart = table
    blocks: list = ["2025年某区民生实事"]
    written = []
    for index, part in enumerate(parts):
        part = restarted(header, part) if restart else part
        written += part
        blocks.append(f"{'一二三'[index]}、第{index + 1}类")
        blocks.append(WordTable(rows=[header, *part] if index == 0 or repeat else part))
    try:
        program = read_program(parse_file(build_docx(*blocks), "t.docx"), year=2025)
    except ImportFailed as failure:
        for message in failure.messages:
            if any(word in message for word in FILE_LEVEL):
                continue
            assert ROW_RE.search(message), message
        return
    numbers = [task.number for task in program.tasks]
    assert len(numbers) == len(set(numbers)), numbers
    kept = everything_kept(program)
    for row in written:
        for word, cell in zip(header, row, strict=True):
            if COLUMNS[word] in ("text", "unit") and cell:
                assert cell in kept, (word, cell)


def html_page(header, rows) -> bytes:
    from html import escape

    def tr(cells, tag="td"):
        return "<tr>" + "".join(f"<{tag}>{escape(c)}</{tag}>" for c in cells) + "</tr>"

    body = "\n".join(tr(row) for row in rows)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
        f"<h1>2025年某区十件民生实事</h1><p>发布日期：2025-01-01</p>"
        f"<table><thead>{tr(header, 'th')}</thead><tbody>{body}</tbody></table></body></html>"
    ).encode()


def xls_book(header, rows) -> bytes:
    from tests.importers.builders import Sheet, build_xls

    return build_xls(Sheet("计划", [["2025年某区十件民生实事"], header, *rows]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables(), fmt=st.sampled_from(["html", "xls"]))
def test_any_table_as_a_web_page_or_an_xls_keeps_or_warns_every_cell_or_is_refused(table, fmt):
    header, rows = table
    data = html_page(header, rows) if fmt == "html" else xls_book(header, rows)
    assert_kept_or_refused(data, f"t.{fmt}", header, rows)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=split_tables(), layout=st.sampled_from(["竖线", "无外框竖线", "TAB 行", "TAB 单元格"]))
def test_a_text_table_split_by_category_reads_as_the_same_docx_does(table, layout):
    """The same split table as text copied from a web page (a heading line above each part)
    and as .docx: the same categories, items, numbers, kept cells and warnings, or both
    refused with the same messages."""
    from tests.importers.builders import WordTable, build_docx
    from tests.importers.test_category_text_tables import LAYOUTS, reading

    header, parts, repeat, restart = table
    write, heading = LAYOUTS[layout]
    blocks: list = ["2025年某区民生实事"]
    lines = ["2025年某区民生实事"]
    for index, part in enumerate(parts):
        part = restarted(header, part) if restart else part
        rows = [header, *part] if index == 0 or repeat else part
        blocks += [f"{'一二三'[index]}、第{index + 1}类", WordTable(rows=rows)]
        lines += heading(f"{'一二三'[index]}、第{index + 1}类") + write(rows)
    text = ("\n".join(lines) + "\n").encode()

    def outcome(data):
        try:  # the file is told by its content, so both go by one name
            return reading(read_program(parse_file(data, "计划"), year=2025))
        except ImportFailed as failure:
            return [re.sub(r"(?:表\d+)?第\d+行", "@", m) for m in failure.messages]

    as_text, as_docx = outcome(text), outcome(build_docx(*blocks))
    if "序号" not in header and isinstance(as_text, list):
        # Without a 序号 in its header, text shows no table at all where Word shows one
        # without a header: both refused, each saying what the office must give.
        assert isinstance(as_docx, list) and as_text and as_docx
        return
    assert as_text == as_docx
