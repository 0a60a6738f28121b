"""An .xlsx whose used range is absurd is refused before its cells are made.

One cell at row 5000, column 500 of a 5 KB file once became 2.5 million cells (38 s and
850 MB) while the sheet was read. The file says how far its cells reach, in the sheet's
<dimension> element or, without one, in its rows; either is read first.
"""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from importers.document import ImportFailed
from importers.models import ImportRecord
from importers.pipeline import import_document
from projects.models import Program, Task

pytestmark = pytest.mark.django_db

CODE = "440783"
PLAN = [
    ["2024年开平市十件民生实事"],
    ["序号", "工作任务", "责任单位"],
    [1, "新增养老床位60张。", "市民政局"],
    [2, "完善公共交通服务线路。", "市交通运输局"],
]


def plan_xlsx(far: tuple[int, int] | None = None, sheet: str = "表1") -> bytes:
    book = Workbook()
    book.active.title = sheet
    for values in PLAN:
        book.active.append(values)
    if far:
        book.active.cell(row=far[0], column=far[1], value="备注")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite_dimension(data: bytes, replacement: bytes) -> bytes:
    """The same workbook with each sheet's <dimension> element replaced (b"" drops it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                content, count = re.subn(rb"<dimension [^>]*/>", replacement, content)
                assert count == 1
            target.writestr(info.filename, content)
    return buffer.getvalue()


def refusal(data: bytes) -> str:
    with pytest.raises(ImportFailed) as failure:
        import_document(data, "计划.xlsx", CODE, year=2024)
    assert not Program.objects.exists() and not Task.objects.exists()
    assert not ImportRecord.objects.exists()
    return " ".join(failure.value.messages)


def test_the_plan_without_the_far_cell_imports():
    import_document(plan_xlsx(), "计划.xlsx", CODE, year=2024)
    assert Task.objects.count() == 2


def test_one_cell_at_row_5000_column_500_is_refused_naming_the_sheet_and_range():
    data = plan_xlsx(far=(5000, 500))
    assert len(data) < 10_000
    assert refusal(data) == (
        "计划.xlsx：工作表“表1”的使用范围 A1:SF5000（5000 行 × 500 列）过大，最多 20000 行、"
        "200 列。请删去表格以外的空白行列或多余内容后再导入。"
    )


def test_a_sheet_without_a_dimension_is_measured_by_its_rows():
    data = rewrite_dimension(plan_xlsx(far=(5000, 500), sheet="附表"), b"")
    assert "工作表“附表”的使用范围 A1:SF5000（5000 行 × 500 列）过大" in refusal(data)


def test_a_sheet_without_a_dimension_far_down_is_refused_at_the_row_limit():
    data = rewrite_dimension(plan_xlsx(far=(1_000_000, 1)), b"")
    assert "（20001 行 × 3 列）过大" in refusal(data)


def test_a_dimension_that_understates_the_cells_does_not_let_them_through():
    data = rewrite_dimension(plan_xlsx(far=(5000, 500)), b'<dimension ref="A1:C4"/>')
    assert "（5000 行 × 500 列）过大" in refusal(data)


@pytest.mark.parametrize(
    "far, measured",
    [((20_001, 1), "20001 行 × 3 列"), ((1, 201), "4 行 × 201 列"), ((15_000, 150), "15000 行 × 150 列")],
    ids=["rows", "columns", "cells"],
)
def test_each_limit_is_enforced(far, measured):
    assert f"（{measured}）过大" in refusal(plan_xlsx(far=far))
