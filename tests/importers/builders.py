"""Real .docx / .xlsx / .csv files built in memory, with merged cells, for the importer tests."""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

# (first_row, first_col, last_row, last_col), 0-based and inclusive
Merge = tuple[int, int, int, int]


@dataclass
class WordTable:
    """Rows of cell texts (None under a merge, "\\n" between paragraphs) and merges."""

    rows: list[list[str | None]]
    merges: list[Merge] = field(default_factory=list)
    # Cells to drop from the end of the last row, as a table typed by hand can have.
    truncate_last: int = 0


def build_docx(*blocks: str | WordTable) -> bytes:
    """A .docx of paragraphs (str) and tables, in order."""
    from docx import Document

    document = Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            _add_table(document, block)
    # Word always ends a document with a paragraph; LibreOffice's .doc export drops a
    # table that ends the body.
    document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_table(document, spec: WordTable) -> None:
    width = max(len(row) for row in spec.rows)
    table = document.add_table(rows=len(spec.rows), cols=width)
    table.style = document.styles["Table Grid"]
    for first_row, first_col, last_row, last_col in spec.merges:
        table.cell(first_row, first_col).merge(table.cell(last_row, last_col))
    for r, values in enumerate(spec.rows):
        for c, value in enumerate(values):
            if value is not None:
                write_cell(table.cell(r, c), value)
    if spec.truncate_last:
        tr = table.rows[-1]._tr
        for tc in tr.tc_lst[-spec.truncate_last :]:
            tr.remove(tc)


def write_cell(cell, text: str) -> None:
    """One paragraph a line, as Word stores a cell typed with Enter."""
    lines = text.split("\n")
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


@dataclass
class Sheet:
    title: str
    rows: list[list[Any]]
    merges: list[str] = field(default_factory=list)  # "A1:G1"
    hidden: bool = False


def build_xlsx(*sheets: Sheet) -> bytes:
    """A .xlsx with the given sheets; values keep their Python types (int, date, str)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        for r, values in enumerate(spec.rows, start=1):
            for c, value in enumerate(values, start=1):
                if value is not None:
                    sheet.cell(row=r, column=c, value=value)
        for merge in spec.merges:
            sheet.merge_cells(merge)
        if spec.hidden:
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_csv(rows: list[list[str]], encoding: str) -> bytes:
    """CSV as Excel saves it: CRLF line ends, quoted cells where needed."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)
