"""Cells that stay text: no spreadsheet ever runs what a unit typed.

A narrative beginning with `=HYPERLINK(…)` once reached the public CSV as a live formula
("CSV injection", OWASP). Every writer of .csv or .xlsx goes through this module:

- CSV: a text starting with = + - @ (or a tab or carriage return) gets a leading
  apostrophe, which spreadsheets read as "this is text" (OWASP's advice); `read_csv_cell`
  takes it off again when our own CSV comes back in.
- .xlsx: openpyxl turns a string starting with "=" into a formula; `keep_text` stores
  every such cell as the string it is, so the sheet looks exactly the same ("-", "+5%"
  and "—" are untouched: in a string cell nothing is ever evaluated).
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def is_formula_like(value) -> bool:
    """True for a text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe_cell(value):
    """A value for a CSV cell: formula-like text quoted, anything else as it is."""
    return QUOTE + value if is_formula_like(value) else value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]


def read_csv_cell(text: str) -> str:
    """A CSV cell as it was before `safe_cell` quoted it."""
    if text.startswith(QUOTE) and is_formula_like(text[1:]):
        return text[1:]
    return text


def keep_text(workbook) -> None:
    """Store every cell openpyxl took for a formula as the string it was written as.

    Call it on a finished workbook, just before saving: none of our sheets writes a
    formula on purpose."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
