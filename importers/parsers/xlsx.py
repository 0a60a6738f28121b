"""Excel .xlsx: each visible sheet holding a table is one Table.

Rows above the header row (title, declared count, blank rows) are paragraphs; rows with
one filled cell below the table are notes. A merged range is one Cell spanning its
columns on its first row and a continued Cell carrying the same text on the rows below.
Values are written as a person reads them: 1.0 → "1", a date → "12月10日", 0.9 as a
percentage → "90%".
"""

import datetime
import io
import re

from ..document import Cell, ImportFailed, RawDocument, Row
from .common import header_index, read_grid

# openpyxl leaves the OOXML escape of a carriage return in some strings.
ESCAPED_CR_RE = re.compile(r"_x000[dD]_")
# A sheet's used range beyond these is refused before its cells are made: a 5 KB file with
# one cell at row 5000, column 500 otherwise becomes 2.5 million cells (38 s, 850 MB).
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELLS = 2_000_000


def parse_xlsx(data: bytes, name: str) -> RawDocument:
    """Read `data` as .xlsx; a file openpyxl cannot open is an ImportFailed.

    Hidden sheets are skipped, and so are sheets without a header row when another
    sheet has one (an instructions sheet, a list for drop-downs).
    """
    from openpyxl import load_workbook

    try:
        _check_used_ranges(data, name)
        # Not read-only: merged ranges are only known to a fully loaded sheet.
        book = load_workbook(io.BytesIO(data), data_only=True)
    except ImportFailed:
        raise
    except Exception as exc:
        raise ImportFailed(
            f"{name}：文件已损坏或不是有效的 Excel 文件（{_reason(exc)}）。"
        ) from exc
    try:
        for sheet in book.worksheets:  # the cells in the file, whatever <dimension> said
            _refuse_absurd(name, sheet.title, sheet.max_row, sheet.max_column)
        sheets = [
            (sheet.title, _sheet_rows(sheet))
            for sheet in book.worksheets
            if sheet.sheet_state == "visible"
        ]
    except Exception as exc:
        raise ImportFailed(f"{name}：读取 Excel 文件时出错（{_reason(exc)}）。") from exc
    sheets = [(title, rows) for title, rows in sheets if any(not r.is_blank() for r in rows)]
    document = RawDocument(name=name)
    if any(header_index(rows) is not None for _, rows in sheets):
        for title, rows in sheets:
            if header_index(rows) is None:
                # Say so: a continuation sheet without its header must not vanish quietly.
                document.warnings.append(f"工作表“{title}”没有表头，未导入；如是续表，请补上表头。")
        sheets = [(title, rows) for title, rows in sheets if header_index(rows) is not None]
    for _, rows in sheets:
        paragraphs, table, notes = read_grid(rows)
        document.paragraphs.extend(paragraphs)
        document.notes.extend(notes)
        document.tables.append(table)
    return document


def _check_used_ranges(data: bytes, name: str) -> None:
    """Refuse a sheet whose used range is absurd, reading only each sheet's <dimension>
    (or, in a sheet without one, streaming its rows up to the limit)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            rows, columns = sheet.max_row, sheet.max_column
            if rows is None or columns is None:
                rows = columns = 0
                for rows, cells in enumerate(sheet.iter_rows(), start=1):
                    columns = max(columns, len(cells))  # a row is padded up to its last cell
                    if rows > MAX_ROWS or columns > MAX_COLUMNS:
                        break
            _refuse_absurd(name, sheet.title, rows, columns)
    finally:
        book.close()


def _refuse_absurd(name: str, title: str, rows: int, columns: int) -> None:
    if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        from openpyxl.utils import get_column_letter

        corner = f"{get_column_letter(min(columns, 16384))}{rows}"
        raise ImportFailed(
            f"{name}：工作表“{title}”的使用范围 A1:{corner}（{rows} 行 × {columns} 列）过大，"
            f"最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列。请删去表格以外的空白行列或多余内容后再导入。"
        )


def _sheet_rows(sheet) -> list[Row]:
    values = list(sheet.iter_rows(values_only=True))
    last_row = max((r for r, row in enumerate(values, 1) if any(_has(v) for v in row)), default=0)
    last_col = max(
        (c for row in values for c, v in enumerate(row, 1) if _has(v)),
        default=0,
    )
    if not last_row:
        return []
    # (row, column) → the merged range covering it, clipped to the used area.
    merged: dict[tuple[int, int], tuple[int, int, int]] = {}
    for merge in sheet.merged_cells.ranges:
        if merge.min_row > last_row or merge.min_col > last_col:
            continue
        width = min(merge.max_col, last_col) - merge.min_col + 1
        for r in range(merge.min_row, min(merge.max_row, last_row) + 1):
            for c in range(merge.min_col, min(merge.max_col, last_col) + 1):
                merged[(r, c)] = (merge.min_row, merge.min_col, width)
    rows = []
    for r in range(1, last_row + 1):
        cells = []
        for c in range(1, last_col + 1):
            origin = merged.get((r, c))
            if origin is None:
                cells.append(Cell(text=value_text(sheet.cell(r, c)), span=1))
                continue
            top, left, width = origin
            if c != left:
                continue  # covered by the span of the range's first cell
            text = value_text(sheet.cell(top, left))
            cells.append(Cell(text=text, span=width, continued=r != top))
        rows.append(Row(cells=cells, where=f"工作表“{sheet.title}”第{r}行"))
    return rows


def value_text(cell) -> str:
    """A cell's value as text, the way the sheet shows it."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.month}月{value.day}日"
    if isinstance(value, datetime.time | datetime.timedelta):
        return str(value)
    if isinstance(value, int | float):
        if "%" in (cell.number_format or ""):
            return f"{value * 100:.10g}%"
        if float(value).is_integer():
            return str(int(value))
        return f"{value:.10g}"
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return ESCAPED_CR_RE.sub("", text).strip()


def _has(value) -> bool:
    return value is not None and str(value).strip() != ""


def _reason(exc: Exception) -> str:
    return str(exc).strip()[:200] or type(exc).__name__
