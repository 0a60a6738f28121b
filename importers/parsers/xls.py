"""Old Excel .xls (BIFF8), read with xlrd into the same rows the .xlsx parser makes.

Every visible sheet, merged ranges, dates, percentages and whole numbers read exactly as
in .xlsx: the cells become the values openpyxl would give, and `xlsx.grid_rows` and
`xlsx.read_sheets` do the rest.
"""

from dataclasses import dataclass

from ..document import ImportFailed, RawDocument, Row
from .xlsx import _has, _refuse_absurd, grid_rows, read_sheets, value_text


@dataclass
class CellValue:
    """What `xlsx.value_text` reads of a cell: its value and its number format."""

    value: object
    number_format: str


def parse_xls(data: bytes, name: str) -> RawDocument:
    """Read `data` as .xls; an encrypted or damaged workbook is an ImportFailed naming it."""
    import xlrd

    try:
        # formatting_info: merged ranges and number formats are only read with it.
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, logfile=_Silent()
        )
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise ImportFailed(f"{name}：文件设置了打开密码，请取消密码后再上传。") from exc
        raise _damaged(name, exc) from exc
    except Exception as exc:
        raise _damaged(name, exc) from exc
    try:
        sheets = []
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            _refuse_absurd(name, sheet.name, sheet.nrows, sheet.ncols)
            if sheet.visibility == 0:  # 1 hidden, 2 very hidden
                sheets.append((sheet.name, _sheet_rows(book, sheet)))
    except ImportFailed:
        raise
    except Exception as exc:
        raise _damaged(name, exc) from exc
    finally:
        book.release_resources()
    return read_sheets(name, sheets)


def _sheet_rows(book, sheet) -> list[Row]:
    values = [
        [_value(book, sheet.cell(r, c)) for c in range(sheet.ncols)] for r in range(sheet.nrows)
    ]
    texts = [[value_text(v) for v in row] for row in values]
    last_row = max(
        (r for r, row in enumerate(values, 1) if any(_has(v.value) for v in row)), default=0
    )
    last_col = max(
        (c for row in values for c, v in enumerate(row, 1) if _has(v.value)),
        default=0,
    )
    # xlrd: (first row, row after the last, first column, column after the last), 0-based.
    merges = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sheet.merged_cells]
    return grid_rows(sheet.name, last_row, last_col, merges, lambda r, c: texts[r - 1][c - 1])


def _value(book, cell) -> CellValue:
    """The cell as openpyxl gives it: a date as a datetime (a time of day as a time), a
    boolean as a bool, an error as its text ("#N/A"), a number with its format."""
    import xlrd

    kind, value = cell.ctype, cell.value
    number_format = ""
    xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
    if xf is not None and xf.format_key in book.format_map:
        number_format = book.format_map[xf.format_key].format_str
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return CellValue(None, number_format)
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate_as_datetime(value, book.datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return CellValue(value, number_format)  # not a date after all: the number
        if value < 1:
            return CellValue(moment.time(), number_format)
        return CellValue(moment, number_format)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return CellValue(bool(value), number_format)
    if kind == xlrd.XL_CELL_ERROR:
        return CellValue(xlrd.error_text_from_code.get(value, "#ERROR"), number_format)
    return CellValue(value, number_format)


def _damaged(name: str, exc: Exception) -> ImportFailed:
    reason = str(exc).strip()[:200] or type(exc).__name__
    return ImportFailed(
        f"{name}：旧版 Excel 文件（.xls）已损坏，无法读取（{reason}）；"
        "如能在 Excel 中打开，请另存为 .xlsx 后再上传。"
    )


class _Silent:
    """xlrd writes its warnings to a log file; they are not the user's business."""

    def write(self, text: str) -> None:
        pass
