"""Text copied from web pages, split into one table per category (issue 13): a heading line
("二、医疗卫生（2件）") above each table, the header written once or repeated, numbers
continuing or restarting at 1. Every text layout reads it as the same programme in .docx
reads: same categories and declared counts, numbers, 原序号, warnings and duplicates.
Our own fixtures, written here."""

import csv
import io
import re
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from importers.layout import read_program
from importers.parsers import parse_file
from projects.models import Task
from tests.importers.builders import WordTable, build_docx

TITLE = "2025年某县民生实事项目计划"
NOTE = "注：以上项目由县督查室跟踪督办。"
HEADER = ["序号", "项目名称", "建设内容", "责任单位", "完成时限"]
EDUCATION = [
    ["1", "新建小学", "新建城东小学1所", "县教育局", "8月底前"],
    ["2", "改造校舍", "改造农村校舍2所", "县教育局", "12月底前"],
]


def health(first: int):
    return [
        [str(first), "卫生院提升", "改造乡镇卫生院3所", "县卫健局", "10月底前"],
        [str(first + 1), "家庭医生", "签约服务覆盖5万人", "县卫健局", "持续推进"],
    ]


def roads(first: int):
    return [[str(first), "农村公路", "新改建农村公路30公里", "县交通局", "12月底前"]]


def parts_of(restart: bool, duplicate: bool = False):
    """(heading, rows) of each table; `duplicate`: the first table pasted again under its
    own heading."""
    parts = [
        ("一、教育（2件）", EDUCATION),
        ("二、医疗卫生（2件）", health(1 if restart else 3)),
        ("三、交通出行", roads(1 if restart else 5)),
    ]
    if duplicate:
        parts.insert(1, parts[0])
    return parts


# Each layout: (header and rows → the lines of one table, heading → its line(s)).
def _tab_rows(rows):
    return ["\t".join(row) for row in rows]


def _tab_cells(rows):
    lines = []
    for row in rows:
        lines += [f"\t{cell}" for cell in row] + [""]
    return lines


def _pipes(rows):
    return ["| " + " | ".join(row) + " |" for row in rows]


def _bare_pipes(rows):
    return [" | ".join(row) for row in rows]


def _spaces(rows):
    return ["    ".join(row) for row in rows]


def _blocks(rows):
    return [line for row in rows for cell in row for line in (cell, "")]


def _markdown(rows):
    # A Markdown table: a rule under the header, as a page converted to Markdown has it.
    lines = _pipes(rows)
    if rows and rows[0] == HEADER:
        lines.insert(1, "|" + "---|" * len(HEADER))
    return lines


LAYOUTS = {
    "TAB 行": (_tab_rows, lambda h: [h]),
    "TAB 单元格": (_tab_cells, lambda h: [h, ""]),
    "竖线": (_pipes, lambda h: [h]),
    "Markdown": (_markdown, lambda h: ["", h, ""]),
    "无外框竖线": (_bare_pipes, lambda h: [h]),
    "空格对齐": (_spaces, lambda h: [h]),
    "一格一行": (_blocks, lambda h: [h, ""]),
}


def text_of(layout: str, parts, repeat_header: bool) -> bytes:
    table, heading = LAYOUTS[layout]
    lines = ["索引号：11440700/2025-00123", "发布日期：2025-03-01", TITLE, ""]
    for index, (title, rows) in enumerate(parts):
        lines += heading(title)
        lines += table([HEADER, *rows] if index == 0 or repeat_header else rows)
    lines += ["", NOTE]
    return ("\n".join(lines) + "\n").encode()


def csv_of(parts, repeat_header: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([TITLE])
    for index, (title, rows) in enumerate(parts):
        writer.writerow([title])
        writer.writerows([HEADER, *rows] if index == 0 or repeat_header else rows)
    writer.writerow([NOTE])
    return buffer.getvalue().encode("utf-8-sig")


def docx_of(parts, repeat_header: bool) -> bytes:
    blocks: list = [TITLE]
    for index, (title, rows) in enumerate(parts):
        blocks += [title, WordTable(rows=[HEADER, *rows] if index == 0 or repeat_header else rows)]
    return build_docx(*blocks, NOTE)


def reading(program) -> dict:
    """What the office gets, rows named by place only ("表2第3行", "第9行" → "@")."""
    return {
        "title": program.title,
        "declared": program.declared_items,
        "categories": [(c.number, c.name, c.declared_items) for c in program.categories],
        "tasks": [
            (t.number, t.category, t.title, t.content, t.units, t.deadline, t.extra)
            for t in program.tasks
        ],
        "notes": program.notes,
        "warnings": [
            re.sub(r"(?:表\d+)?第\d+行|表\d+上方的段落", "@", w) for w in program.warnings
        ],
    }


def read(data: bytes, name: str):
    return read_program(parse_file(data, name))


CASES = [
    pytest.param(repeat, restart, duplicate, id=f"{'每表' if repeat else '一次'}表头-{why}")
    for repeat in (False, True)
    for restart, duplicate, why in (
        (False, False, "接续编号"),
        (True, False, "每表从1编号"),
        (True, True, "同一表重复粘贴"),
    )
]


@pytest.mark.parametrize("layout", [*LAYOUTS, "CSV"])
@pytest.mark.parametrize(("repeat_header", "restart", "duplicate"), CASES)
def test_every_text_layout_reads_a_split_programme_as_the_docx_does(
    layout, repeat_header, restart, duplicate
):
    parts = parts_of(restart, duplicate)
    if layout == "CSV":
        data, name = csv_of(parts, repeat_header), "web.csv"
    else:
        data, name = text_of(layout, parts, repeat_header), "web.txt"
    expected = reading(read(docx_of(parts, repeat_header), "计划.docx"))
    assert reading(read(data, name)) == expected
    # What the .docx reads, spelled out once: the three categories, five distinct items.
    assert expected["categories"] == [(1, "教育", 2), (2, "医疗卫生", 2), (3, "交通出行", None)]
    assert [(t[0], t[1]) for t in expected["tasks"]] == [
        ("1", 1),
        ("2", 1),
        ("3", 2),
        ("4", 2),
        ("5", 3),
    ]
    assert expected["notes"] == [NOTE]
    renumbered = [w for w in expected["warnings"] if "依次编为" in w]
    duplicates = [w for w in expected["warnings"] if "重复，保留" in w]
    if restart:
        assert {"label": "原序号", "text": "1"} in expected["tasks"][2][6]
        assert [w.split("，")[1] for w in renumbered] == ["为免与前面的项目重复"] * 2
        assert "第1至2项依次编为第3至4项" in renumbered[0]
        assert "第1至1项依次编为第5至5项" in renumbered[1]
    else:
        assert not renumbered
    assert len(duplicates) == (2 if duplicate else 0)


def test_the_warnings_name_the_lines_of_the_text_file():
    program = read(text_of("竖线", parts_of(restart=True), repeat_header=False), "web.txt")
    # Line 10 is the first row under "二、医疗卫生（2件）" (line 9), lines 1-4 metadata,
    # title and a blank line, 5 the first heading, 6 the header.
    assert (
        "第10行 序号：本表（或本大类）的序号从1重新开始，为免与前面的项目重复，"
        "第1至2项依次编为第3至4项，原序号保留为“原序号”。"
    ) in program.warnings
    assert any(w.startswith("第11行 完成时限") and "持续推进" in w for w in program.warnings)


def test_a_heading_like_line_wrapped_inside_a_pipe_cell_stays_in_the_cell():
    # "| 2 | 改造 | …" cut after its second cell: the next line is the rest of that cell,
    # even when it reads like a heading, and no category is made of it.
    text = (
        f"{TITLE}\n| 序号 | 项目名称 | 建设内容 | 责任单位 |\n"
        "| 1 | 新建小学 | 新建城东小学1所 | 县教育局 |\n"
        "| 2 | 改造校舍 | 改造农村校舍：\n（一）城东校区\n| 县教育局 |\n"
    )
    program = read(text.encode(), "web.txt")
    assert [c.name for c in program.categories] == ["民生实事"]
    assert program.tasks[1].content == "改造农村校舍：\n（一）城东校区"


def test_a_numbered_list_split_by_category_restarts_and_skips_duplicates_like_a_table():
    text = (
        f"{TITLE}\n一、教育（2件）\n1.新建小学\n新建城东小学1所。\n责任单位：县教育局\n"
        "2.改造校舍\n改造农村校舍2所。\n责任单位：县教育局\n"
        "二、医疗卫生（1件）\n1.卫生院提升\n改造乡镇卫生院3所。\n责任单位：县卫健局\n"
        "二、医疗卫生（1件）\n1.卫生院提升\n改造乡镇卫生院3所。\n责任单位：县卫健局\n"
    )
    program = read(text.encode(), "list.txt")
    assert [(c.name, c.declared_items) for c in program.categories] == [
        ("教育", 2),
        ("医疗卫生", 1),
    ]
    assert [(t.number, t.category) for t in program.tasks] == [("1", 1), ("2", 1), ("3", 2)]
    assert {"label": "原序号", "text": "1"} in program.tasks[2].extra
    assert any("第1至1项依次编为第3至3项" in w for w in program.warnings)
    assert any("序号：3 与" in w and "重复" in w for w in program.warnings)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_upload_preview_shows_the_categories_and_the_renumbering(admin_client, media):
    data = text_of("竖线", parts_of(restart=True), repeat_header=True)
    response = admin_client.post(
        reverse("importers:upload"),
        {"file": SimpleUploadedFile("web.txt", data, "text/plain"), "jurisdiction": "440700"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = admin_client.get(response["Location"])
    assert preview.status_code == 200
    parsed = preview.context["parsed"]
    assert [(c.name, c.declared_items) for c in parsed.categories] == [
        ("教育", 2),
        ("医疗卫生", 2),
        ("交通出行", None),
    ]
    assert parsed.item_numbers == [1, 2, 3, 4, 5]
    body = preview.content.decode()
    assert "第1至2项依次编为第3至4项" in body
    assert "医疗卫生" in body
    assert Task.objects.count() == 0


@pytest.mark.django_db
def test_the_import_command_saves_a_split_text_programme_once(tmp_path):
    path = tmp_path / "web.txt"
    path.write_bytes(text_of("TAB 单元格", parts_of(restart=True), repeat_header=False))
    out = StringIO()
    call_command("import_document", str(path), "--jurisdiction", "440700", stdout=out)
    assert "新增5项" in out.getvalue()
    saved = Task.objects.select_related("category").order_by("number")
    assert [(t.number, t.category.name, t.extra[0]) for t in list(saved)[2:4]] == [
        ("3", "医疗卫生", {"label": "原序号", "text": "1"}),
        ("4", "医疗卫生", {"label": "原序号", "text": "2"}),
    ]
    again = StringIO()
    call_command("import_document", str(path), "--jurisdiction", "440700", stdout=again)
    assert "新增0项，更新0项，未变5项" in again.getvalue()
