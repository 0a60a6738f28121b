"""Excel's XML spreadsheet (Excel 2003 XML, `<?mso-application progid="Excel.Sheet"?>`),
which office systems still export as ".xls": read into the same rows as .xlsx.

A Worksheet's Table holds Rows of Cells; ss:Index places a row or a cell after a gap,
ss:MergeAcross / ss:MergeDown make a merged range, and the cells a range covers are not
written. Numbers, dates and percentages read as in .xlsx (`xlsx.value_text`).
"""

import datetime

from ..document import ImportFailed, RawDocument
from .xls import CellValue
from .xlsx import MAX_COLUMNS, MAX_ROWS, _has, _refuse_absurd, grid_rows, read_sheets, value_text

SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
X = "{urn:schemas-microsoft-com:office:excel}"


def parse_spreadsheet_xml(data: bytes, name: str) -> RawDocument:
    """Read `data` as an XML spreadsheet; XML that is not one is an ImportFailed."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ImportFailed(
            f"{name}：XML 格式的 Excel 表格已损坏，无法读取（{str(exc)[:200]}）；"
            "请用 Excel 打开后另存为 .xlsx 再上传。"
        ) from exc
    if root.tag != SS + "Workbook":
        raise ImportFailed(f"{name}：不是 Excel 的 XML 表格，请用 Excel 打开后另存为 .xlsx。")
    formats = _number_formats(root)
    sheets = []
    for index, worksheet in enumerate(root.iterchildren(SS + "Worksheet"), start=1):
        title = worksheet.get(SS + "Name") or f"Sheet{index}"
        cells, merges = _cells(worksheet, formats)
        last_row = max((r for (r, _), v in cells.items() if _has(v.value)), default=0)
        last_col = max((c for (_, c), v in cells.items() if _has(v.value)), default=0)
        _refuse_absurd(name, title, last_row, last_col)
        if _hidden(worksheet):
            continue
        texts = {at: value_text(value) for at, value in cells.items()}
        rows = grid_rows(title, last_row, last_col, merges, lambda r, c, t=texts: t.get((r, c), ""))
        sheets.append((title, rows))
    return read_sheets(name, sheets)


def _cells(worksheet, formats: dict[str, str]):
    """{(row, column): value} and the merged ranges (1-based, inclusive) of a worksheet."""
    cells: dict[tuple[int, int], CellValue] = {}
    merges: list[tuple[int, int, int, int]] = []
    covered: set[tuple[int, int]] = set()  # positions under a merge, which Excel omits
    table = worksheet.find(SS + "Table")
    if table is None:
        return cells, merges
    r = 0
    for row in table.iterchildren(SS + "Row"):
        r = _index(row, r + 1)
        c = 0
        for cell in row.iterchildren(SS + "Cell"):
            explicit = cell.get(SS + "Index")
            c = _index(cell, c + 1)
            while explicit is None and (r, c) in covered:
                c += 1
            across = _int(cell.get(SS + "MergeAcross"))
            down = _int(cell.get(SS + "MergeDown"))
            if across or down:
                merges.append((r, c, r + down, c + across))
                # Clipped: a range beyond the limits is refused once the used area is known.
                covered.update(
                    (rr, cc)
                    for rr in range(r, min(r + down, MAX_ROWS + 1) + 1)
                    for cc in range(c, min(c + across, MAX_COLUMNS + 1) + 1)
                )
            data = cell.find(SS + "Data")
            if data is not None:
                style = cell.get(SS + "StyleID") or row.get(SS + "StyleID") or ""
                cells[(r, c)] = _value(data, formats.get(style, ""))
            c += across
    return cells, merges


def _value(data, number_format: str) -> CellValue:
    kind = data.get(SS + "Type", "String")
    text = "".join(data.itertext())
    if kind == "Number":
        try:
            return CellValue(float(text), number_format)
        except ValueError:
            return CellValue(text, number_format)
    if kind == "DateTime":
        try:
            moment = datetime.datetime.fromisoformat(text.strip())
        except ValueError:
            return CellValue(text, number_format)
        if moment.date() == datetime.date(1899, 12, 31):  # a time of day
            return CellValue(moment.time(), number_format)
        return CellValue(moment, number_format)
    if kind == "Boolean":
        return CellValue(text.strip() == "1", number_format)
    return CellValue(text, number_format)


def _number_formats(root) -> dict[str, str]:
    """Style id → its number format, "Percent" written as a format with "%"."""
    formats = {}
    styles = root.find(SS + "Styles")
    for style in styles.iterchildren(SS + "Style") if styles is not None else ():
        found = style.find(SS + "NumberFormat")
        if found is not None:
            fmt = found.get(SS + "Format") or ""
            formats[style.get(SS + "ID", "")] = "0%" if fmt == "Percent" else fmt
    return formats


def _hidden(worksheet) -> bool:
    options = worksheet.find(X + "WorksheetOptions")
    visible = options.find(X + "Visible") if options is not None else None
    return visible is not None and (visible.text or "").strip() in (
        "SheetHidden",
        "SheetVeryHidden",
    )


def _index(element, default: int) -> int:
    value = _int(element.get(SS + "Index"))
    return value if value > 0 else default


def _int(value: str | None) -> int:
    try:
        return max(int(value or 0), 0)
    except ValueError:
        return 0
