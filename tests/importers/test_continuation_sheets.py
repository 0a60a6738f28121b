""".xlsx programmes whose long table goes on to a sheet without a header of its own
("Sheet2", "续表"), the first row already an item (issue 13). Our own fixtures, built here."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from importers.layout import read_program
from importers.parsers import parse_file
from projects.models import Task
from tests.importers.builders import Sheet, build_xlsx

HEADER = ["序号", "项目名称", "建设内容", "责任单位", "完成时限"]
FIRST = Sheet(
    "计划",
    [
        ["2025年某县民生实事项目表"],
        ["一、教育（3件）"],
        HEADER,
        [1, "新建小学", "新建城东小学1所。", "县教育局", "8月底前"],
        [2, "改造校舍", "改造农村校舍2所。", "县教育局", "12月底前"],
    ],
    merges=["A1:E1", "A2:E2"],
)


def continued(*rows, title="续表") -> Sheet:
    return Sheet(title, [list(row) for row in rows])


def read(*sheets: Sheet):
    return read_program(parse_file(build_xlsx(*sheets), "计划.xlsx"))


def test_a_sheet_without_header_continues_the_table_when_its_rows_are_numbered_items():
    program = read(
        FIRST,
        continued(
            [3, "新建幼儿园", "新建公办幼儿园2所。", "县教育局", "9月底前"],
            # a second row of item 3, without a number: its milestone, as on the first sheet
            [None, None, "新增学位810个。", "县教育局", "12月底前"],
            ["二、医疗卫生（1件）"],
            [4, "卫生院提升", "改造乡镇卫生院3所。", "县卫健局", "10月底前"],
            ["注：以上项目由县督查室跟踪督办。"],
            title="Sheet2",
        ),
    )
    assert [(t.number, t.category, t.content) for t in program.tasks] == [
        ("1", 1, "新建城东小学1所。"),
        ("2", 1, "改造农村校舍2所。"),
        ("3", 1, "新建公办幼儿园2所。"),
        ("4", 2, "改造乡镇卫生院3所。"),
    ]
    assert [m.text for m in program.tasks[2].milestones] == ["新增学位810个。"]
    assert [(c.name, c.declared_items) for c in program.categories] == [
        ("教育", 3),
        ("医疗卫生", 1),
    ]
    assert program.tasks[2].where == "工作表“Sheet2”第1行"
    assert program.notes == ["注：以上项目由县督查室跟踪督办。"]
    assert (
        "工作表“Sheet2”没有表头，列数与上一张表相同、各行有序号，按续表导入。" in program.warnings
    )
    assert not any("未导入" in w for w in program.warnings)


def test_a_continuation_restarting_at_one_under_a_new_category_follows_on_with_the_warning():
    program = read(
        FIRST,
        continued(
            ["二、医疗卫生"],
            [1, "卫生院提升", "改造乡镇卫生院3所。", "县卫健局", "10月底前"],
            [2, "家庭医生", "签约服务覆盖5万人。", "县卫健局", "12月底前"],
        ),
    )
    assert [(t.number, t.category) for t in program.tasks] == [
        ("1", 1),
        ("2", 1),
        ("3", 2),
        ("4", 2),
    ]
    assert {"label": "原序号", "text": "1"} in program.tasks[2].extra
    assert any(
        w.startswith("工作表“续表”第2行 序号：") and "第1至2项依次编为第3至4项" in w
        for w in program.warnings
    )


def test_a_continuation_repeating_the_first_sheets_items_is_skipped_as_duplicates():
    program = read(FIRST, continued([1, "新建小学", "新建城东小学1所。", "县教育局", "8月底前"]))
    assert [t.number for t in program.tasks] == ["1", "2"]
    assert any(
        w.startswith("工作表“续表”第1行 序号：1 与工作表“计划”第4行重复") for w in program.warnings
    )


def test_a_sheet_of_another_width_is_left_out_and_the_warning_says_which_and_why():
    program = read(
        FIRST,
        continued(
            [3, "新建幼儿园", "新建公办幼儿园2所。", "县教育局", "9月底前", "300万元"],
            [4, "卫生院提升", "改造乡镇卫生院3所。", "县卫健局", "10月底前", "500万元"],
            title="资金",
        ),
        continued([1, "城东小学"], [2, "城西小学"], title="学校名单"),
    )
    assert [t.number for t in program.tasks] == ["1", "2"]
    assert (
        "工作表“资金”没有表头，有6列，与上一张表的5列不同，未导入；如是续表，请补上表头。"
        in program.warnings
    )
    assert (  # two columns: no 建设内容 under the header's
        "工作表“学校名单”没有表头，有2列，与上一张表的5列不同，未导入；如是续表，请补上表头。"
        in program.warnings
    )


def test_a_continuation_whose_last_column_is_blank_all_the_way_down_is_still_read():
    program = read(
        FIRST,
        continued(
            [3, "新建幼儿园", "新建公办幼儿园2所。", "县教育局"],
            [4, "卫生院提升", "改造乡镇卫生院3所。", "县卫健局"],
        ),
    )
    assert [(t.number, t.units) for t in program.tasks][2:] == [
        ("3", ["县教育局"]),
        ("4", ["县卫健局"]),
    ]
    assert any("工作表“续表”没有表头" in w and "按续表导入" in w for w in program.warnings)


def test_a_sheet_of_free_text_as_wide_as_the_table_is_left_out_and_named():
    program = read(
        FIRST,
        continued(
            ["县教育局", "县卫健局", "县住建局", "县交通局", "县民政局"],
            ["填表", "请按", "月报送", "进展", "情况"],
            title="单位列表",
        ),
    )
    assert [t.number for t in program.tasks] == ["1", "2"]
    assert (
        "工作表“单位列表”没有表头，内容不是按序号排列的项目行，未导入；如是续表，请补上表头。"
        in program.warnings
    )


def test_a_sheet_without_header_before_the_first_table_is_left_out_and_named():
    program = read(
        continued([1, "说明", "请逐项填写。", "县政府办", "每月"], title="填表说明"), FIRST
    )
    assert [t.number for t in program.tasks] == ["1", "2"]
    assert (
        "工作表“填表说明”没有表头，前面没有带表头的工作表，未导入；如是续表，请补上表头。"
        in program.warnings
    )


CONTINUED = build_xlsx(
    FIRST,
    continued(
        [3, "新建幼儿园", "新建公办幼儿园2所。", "县教育局", "9月底前"],
        title="Sheet2",
    ),
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_upload_preview_shows_the_continued_items_and_says_so(admin_client, media):
    response = admin_client.post(
        reverse("importers:upload"),
        {
            "file": SimpleUploadedFile("计划.xlsx", CONTINUED, "application/octet-stream"),
            "jurisdiction": "440700",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = admin_client.get(response["Location"])
    assert preview.context["parsed"].item_numbers == [1, 2, 3]
    body = preview.content.decode()
    assert "新建公办幼儿园2所。" in body
    assert "工作表“Sheet2”没有表头，列数与上一张表相同、各行有序号，按续表导入。" in body
    assert Task.objects.count() == 0


@pytest.mark.django_db
def test_the_import_command_saves_the_continued_items(tmp_path):
    path = tmp_path / "计划.xlsx"
    path.write_bytes(CONTINUED)
    out = StringIO()
    call_command("import_document", str(path), "--jurisdiction", "440700", stdout=out)
    assert "新增3项" in out.getvalue()
    assert Task.objects.get(number="3").content == "新建公办幼儿园2所。"
