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
from collections.abc import Callable

from django.utils.translation import gettext as _

from minsheng.lib.dates import find_year

from ..document import Cell, ImportFailed, RawDocument, Row, Table
from ..layout import TITLE_WORD_RE, header_roles
from .common import filled, header_index, is_heading, read_grid, split_note_rows

# An item number in the 序号 column of a continuation sheet: "12", "12(1)", "12-1", "9*".
ITEM_NUMBER_RE = re.compile(r"^\d{1,3}(?:\s*[（(]\d{1,2}[）)]|\s*[-－.．]\s*\d{1,2})?\s*[*＊※#]?$")

# openpyxl leaves the OOXML escape of a carriage return in some strings.
ESCAPED_CR_RE = re.compile(r"_x000[dD]_")
# A sheet's used range beyond these is refused before its cells are made: a 5 KB file with
# one cell at row 5000, column 500 otherwise becomes 2.5 million cells (38 s, 850 MB).
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELLS = 2_000_000


def parse_xlsx(data: bytes, name: str) -> RawDocument:
    """Read `data` as .xlsx; a file openpyxl cannot open is an ImportFailed.

    Hidden sheets are skipped. A sheet without a header row, when another sheet has one,
    is the table of the sheet before it continued ("Sheet2", "续表") when it has as many
    columns and its rows are numbered; otherwise (an instructions sheet, a list for
    drop-downs) it is left out with a warning that names it and says why.
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
    return read_sheets(name, sheets)


def read_sheets(name: str, sheets: list[tuple[str, list[Row]]]) -> RawDocument:
    """The RawDocument of a workbook's visible sheets, each (title, rows): .xlsx, .xls and
    Excel's XML spreadsheet all come through here."""
    sheets = [(title, rows) for title, rows in sheets if any(not r.is_blank() for r in rows)]
    document = RawDocument(name=name)
    # A sheet named like the programme ("2025年民生实事") gives the title when no line in
    # the sheets does: first among the paragraphs, so a title row of the sheet wins.
    document.paragraphs.extend(
        title for title, _rows in sheets[:1] if TITLE_WORD_RE.search(title) and find_year(title)
    )
    if not any(header_index(rows) is not None for _title, rows in sheets):
        # No header anywhere: every sheet is read, for the office to map by hand.
        for _title, rows in sheets:
            _add_grid(document, rows)
        return document
    header: Row | None = None  # the header row of the last sheet that has one
    for title, rows in sheets:
        at = header_index(rows)
        if at is not None:
            header = rows[at]
            _add_grid(document, rows)
            continue
        why = _not_continuation(rows, header)
        if why:
            # Say so: a sheet without its header must not vanish quietly.
            document.warnings.append(
                _("工作表“%(sheet)s”没有表头，%(why)s，未导入；如是续表，请补上表头。")
                % {"sheet": title, "why": why}
            )
            continue
        document.warnings.append(
            _("工作表“%(sheet)s”没有表头，列数与上一张表相同、各行有序号，按续表导入。")
            % {"sheet": title}
        )
        _add_continuation(document, rows)
    return document


def _add_grid(document: RawDocument, rows: list[Row]) -> None:
    paragraphs, table, notes = read_grid(rows)
    document.paragraphs.extend(paragraphs)
    document.notes.extend(notes)
    document.tables.append(table)


def _width(rows: list[Row]) -> int:
    """The columns the rows fill: up to the last filled cell of any row."""
    width = 0
    for row in rows:
        position = 0
        for cell in row.cells:
            position += cell.span or 1
            if cell.text.strip():
                width = max(width, position)
    return width


def _number_cell(row: Row, column: int) -> str:
    position = 0
    for cell in row.cells:
        position += cell.span or 1
        if column < position:
            return cell.text.strip()
    return ""


def _data_rows(rows: list[Row]) -> list[Row]:
    return [row for row in rows if len(filled(row)) >= 2]


def _not_continuation(rows: list[Row], header: Row | None) -> str:
    """Why a sheet without a header is not the table of the sheet before it continued
    ("续表" whose first row is already an item); "" when it is: no more columns than that
    table's header and at least up to its 序号 and 工作任务, and rows numbered in its 序号
    column (the first and most of them)."""
    if header is None:
        return _("前面没有带表头的工作表")
    columns, found = _width([header]), _width(rows)
    roles = header_roles(header) or []
    # Narrower is fine when only trailing columns are blank all the way down (备注 left
    # empty): the sheet must still fill the 序号 and 工作任务 columns.
    needed = 1 + max((i for i, r in enumerate(roles) if r in ("number", "content")), default=0)
    if found > columns or found < needed:
        return _("有%(found)d列，与上一张表的%(columns)d列不同") % {
            "found": found,
            "columns": columns,
        }
    data = _data_rows(rows)
    at = roles.index("number") if "number" in roles else 0
    numbered = [bool(ITEM_NUMBER_RE.match(_number_cell(row, at))) for row in data]
    if not data or not numbered[0] or sum(numbered) * 2 < len(numbered):
        return _("内容不是按序号排列的项目行")
    return ""


def _add_continuation(document: RawDocument, rows: list[Row]) -> None:
    """The rows of a continuation sheet as a table of their own (a table broken at a page):
    category headings stay among them, other text above the first item is a note (a
    "续表" line, a repeated title), and so are single lines below the last."""
    first = rows.index(_data_rows(rows)[0])
    for row in rows[:first]:
        texts = filled(row)
        if texts and not (len(texts) == 1 and is_heading(texts[0])):
            document.notes.append(" ".join(texts))
    kept = [row for row in rows[:first] if len(filled(row)) == 1 and is_heading(filled(row)[0])]
    table_rows, notes = split_note_rows(kept + rows[first:])
    document.tables.append(Table(rows=table_rows))
    document.notes.extend(notes)


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
    merges = [
        (merge.min_row, merge.min_col, merge.max_row, merge.max_col)
        for merge in sheet.merged_cells.ranges
    ]
    return grid_rows(
        sheet.title, last_row, last_col, merges, lambda r, c: value_text(sheet.cell(r, c))
    )


def grid_rows(
    title: str,
    last_row: int,
    last_col: int,
    merges: list[tuple[int, int, int, int]],
    text_at: Callable[[int, int], str],
) -> list[Row]:
    """The rows of a sheet's used area, 1 to `last_row` by 1 to `last_col`: `text_at(r, c)`
    is a cell's text and `merges` the merged ranges (first row, first column, last row,
    last column; 1-based, inclusive)."""
    if not last_row:
        return []
    # (row, column) → the merged range covering it, clipped to the used area.
    merged: dict[tuple[int, int], tuple[int, int, int]] = {}
    for min_row, min_col, max_row, max_col in merges:
        if min_row > last_row or min_col > last_col:
            continue
        width = min(max_col, last_col) - min_col + 1
        for r in range(min_row, min(max_row, last_row) + 1):
            for c in range(min_col, min(max_col, last_col) + 1):
                merged[(r, c)] = (min_row, min_col, width)
    rows = []
    for r in range(1, last_row + 1):
        cells = []
        for c in range(1, last_col + 1):
            origin = merged.get((r, c))
            if origin is None:
                cells.append(Cell(text=text_at(r, c), span=1))
                continue
            top, left, width = origin
            if c != left:
                continue  # covered by the span of the range's first cell
            text = text_at(top, left)
            cells.append(Cell(text=text, span=width, continued=r != top))
        rows.append(Row(cells=cells, where=f"工作表“{title}”第{r}行"))
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
