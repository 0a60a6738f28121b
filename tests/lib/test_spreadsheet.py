"""The one rule for cells: a text a spreadsheet would run as a formula stays text."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from minsheng.lib.spreadsheet import is_formula_like, keep_text, read_csv_cell, safe_cell

FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "\t=1", "-"]
PLAIN = ["新增就业6000人以上。", "—", "5%", "", "1-2月", "'引号开头"]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_is_quoted_for_csv_and_read_back_as_it_was(text):
    assert is_formula_like(text)
    assert safe_cell(text) == "'" + text
    assert read_csv_cell(safe_cell(text)) == text


@pytest.mark.parametrize("value", [*PLAIN, 12, None, 1.5])
def test_other_values_pass_unchanged_both_ways(value):
    assert safe_cell(value) == value
    if isinstance(value, str):
        assert read_csv_cell(value) == value


def test_keep_text_stores_a_formula_like_string_as_a_string_cell():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(FORMULAS[:4] + ["—", 7])
    sheet.merge_cells("A2:B2")
    keep_text(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).active[1])
    assert [c.value for c in cells] == FORMULAS[:4] + ["—", 7]
    assert [c.data_type for c in cells] == ["s"] * 5 + ["n"]
