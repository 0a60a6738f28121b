"""Rules the grid parsers (.docx, .xlsx, .csv) share: what is title, what is table, what is note."""

import re

from ..document import Cell, Row
from ..layout import header_roles

# "一、…", "（一）…": a category heading, which belongs to the table even below the last item.
HEADING_RE = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十]+\s*[）)]|[一二三四五六七八九十]+\s*[、.．])"
)


# A heading is a short line: a sentence of the notice ("一、工作目标。各单位要…") is not one.
MAX_HEADING = 40


def is_heading(text: str) -> bool:
    """ "二、医疗卫生（2件）" or "（三）交通出行": a category heading written as a line."""
    text = text.strip()
    return bool(HEADING_RE.match(text)) and len(text) <= MAX_HEADING and "。" not in text[:-1]


def heading_rows(lines: list[tuple[str, str]]) -> list[Row]:
    """(where, text) lines as the single-cell rows the reader takes for category headings."""
    return [Row(cells=[Cell(text=text)], where=where) for where, text in lines]


def trailing_headings(paragraphs: list[str]) -> list[str]:
    """The heading lines that end `paragraphs` (the first table's own category heading,
    written between the title and the table), removed from `paragraphs`."""
    found = []
    while paragraphs and is_heading(paragraphs[-1]):
        found.insert(0, paragraphs.pop())
    return found


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
