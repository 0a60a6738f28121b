"""Rules the grid parsers (.docx, .xlsx, .csv) share: what is title, what is table, what is note."""

import re

from ..document import Row
from ..layout import header_roles

# "一、…", "（一）…": a category heading, which belongs to the table even below the last item.
HEADING_RE = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十]+\s*[）)]|[一二三四五六七八九十]+\s*[、.．])"
)


def filled(row: Row) -> list[str]:
    return [c.text.strip() for c in row.cells if c.text.strip()]


def header_index(rows: list[Row]) -> int | None:
    for index, row in enumerate(rows):
        if header_roles(row):
            return index
    return None


def split_title_rows(rows: list[Row]) -> tuple[list[str], list[Row]]:
    """Rows above the header row (title, "（共 10 件, 25 项）", blank rows) become paragraphs.

    Without a header row, the rows before the first row with two filled cells do.
    """
    start = header_index(rows)
    if start is None:
        start = next((i for i, row in enumerate(rows) if len(filled(row)) >= 2), 0)
    paragraphs = [" ".join(filled(row)) for row in rows[:start] if filled(row)]
    return paragraphs, rows[start:]


def split_note_rows(rows: list[Row]) -> tuple[list[Row], list[str]]:
    """Rows with one filled cell below the last full row are notes (signature, "注：…"),
    unless they are category headings (a category without items keeps its heading) or
    start with a number (a fragment of a lost row, which the reader must report)."""
    end = len(rows)
    while end > 0:
        texts = filled(rows[end - 1])
        if len(texts) >= 2 or (texts and (HEADING_RE.match(texts[0]) or texts[0][0].isdigit())):
            break
        end -= 1
    notes = [" ".join(filled(row)) for row in rows[end:] if filled(row)]
    return rows[:end], notes
