"""Rules the grid parsers (.docx, .xlsx, .csv) share: what is title, what is table, what is note."""

import re
from collections.abc import Iterable
from typing import NamedTuple

from ..document import Cell, RawDocument, Row, Table
from ..layout import header_roles
from ..vocabulary import SIGNATURE_WORDS

# "一、…", "（一）…": a category heading, which belongs to the table even below the last item.
HEADING_RE = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十]+\s*[）)]|[一二三四五六七八九十]+\s*[、.．])"
)


# "一、…" or "（一）…": the first category of a programme.
FIRST_HEADING_RE = re.compile(r"^\s*(?:[（(]\s*一\s*[）)]|一\s*[、.．])")


# "审核人：张明", "填表人（签字）：李华": a label of the signature line under a form.
SIGNATURE_RE = re.compile(
    r"^\s*(?:"
    + "|".join(re.escape(w) for w in SIGNATURE_WORDS)
    + r")\s*(?:[（(][^）)]{0,6}[）)])?\s*[:：]"
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


class Paragraph(NamedTuple):
    """A line of text outside the tables, and where it stands ("第12行"); None: above
    the next table ("表3上方的段落")."""

    text: str
    where: str | None = None


def assemble(name: str, blocks: Iterable[Paragraph | list[Row]]) -> RawDocument:
    """The RawDocument of a file read as paragraphs and tables in order, whatever its format
    (Word's body, text copied from a web page).

    Paragraphs before the first table with a header row are the title block; paragraphs
    after it are notes, except category headings written between tables ("二、医疗卫生（2件）"
    above the next table of a program split by category), which become the heading of the
    table below them (`Table.heading`), as does a heading just above the first table.
    """
    document = RawDocument(name=name)
    before: list[Paragraph] = []  # the title block
    between: list[Paragraph] = []  # paragraphs since the last table, once the header is seen
    header_seen = False
    opening: Table | None = None  # the table with the header, when a heading is above it
    later_headings = False
    plan_width = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text:
                (between if header_seen else before).append(block)
            continue
        number = len(document.tables) + 1
        rows = block
        headings: list[Paragraph] = []
        if header_seen and _table_of_its_own(rows, plan_width):
            # "附件2 联系人名单" (单位 | 联系人 | 电话) after the plan: not more of its items.
            document.warnings.append(
                f"{rows[0].where or f'表{number}'}：表格（{' | '.join(filled(rows[0]))}，"
                f"{len(rows) - 1}行）的列与计划表不同，不是计划的一部分，未导入。"
            )
            continue
        if not header_seen and header_index(rows) is not None:
            # A title typed into the table's first rows counts as the title block.
            title, rows = split_title_rows(rows)
            before.extend(Paragraph(text) for text in title)
            while before and is_heading(before[-1].text):
                headings.insert(0, before.pop())
            header_seen = True
            plan_width = _width(rows)
        elif header_seen:
            headings = [p for p in between if is_heading(p.text)]
            document.notes.extend(p.text for p in between if not is_heading(p.text))
            between = []
            later_headings = later_headings or bool(headings)
        where = f"表{number}上方的段落"
        table = Table(
            rows=rows, heading=heading_rows([(p.where or where, p.text) for p in headings])
        )
        if headings and not later_headings:
            opening = table
        document.tables.append(table)
    document.paragraphs = [p.text for p in before]
    document.notes.extend(p.text for p in between)
    # "一、项目安排" over the plan and "二、资金安排" over what follows it: the notice's sections.
    sections = any(is_heading(p.text) for p in between)
    if opening is not None and not later_headings and (sections or _section_not_category(opening)):
        document.paragraphs.extend(row.texts()[0] for row in opening.heading)
        opening.heading = []
    return document


def _width(rows: list[Row]) -> int:
    return max((sum(cell.span or 1 for cell in row.cells) for row in rows), default=0)


def _table_of_its_own(rows: list[Row], plan_width: int) -> bool:
    """A table after the plan with no header of the plan, another width, and a header row of
    its own: short words, none a number (a contact list, a table of funds)."""
    if not rows or header_index(rows) is not None or _width(rows) == plan_width:
        return False
    first = filled(rows[0])
    return len(first) >= 2 and all(len(t) <= 12 and not t[0].isdigit() for t in first)


def _section_not_category(table: Table) -> bool:
    """A heading above the only table that is not the first category ("二、项目安排"), or
    over a table naming its own categories, is more likely a section of the notice."""
    first = table.heading[0].texts()[0].strip()
    if not FIRST_HEADING_RE.match(first):
        return True
    return any(len(texts) == 1 and is_heading(texts[0]) for texts in map(filled, table.rows))


def read_grid(rows: list[Row]) -> tuple[list[str], Table, list[str]]:
    """(paragraphs, table, notes) of a grid (a sheet, a CSV file): the title rows above the
    header, the category heading just above it (the table's heading), the notes below."""
    headings = headings_above_header(rows)
    taken = {id(row) for row in headings}
    paragraphs, rows = split_title_rows([r for r in rows if id(r) not in taken])
    rows, notes = split_note_rows(rows)
    return paragraphs, Table(rows=rows, heading=headings), notes


def headings_above_header(rows: list[Row]) -> list[Row]:
    """The category heading rows just above a grid's header row ("二、医疗卫生" on a sheet of
    a program split into one sheet per category): the category of the rows below."""
    end = header_index(rows) or 0
    found: list[Row] = []
    for row in reversed(rows[:end]):
        texts = filled(row)
        if not texts:
            continue
        if len(texts) != 1 or not is_heading(texts[0]):
            break
        found.insert(0, row)
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


def is_signature(texts: list[str]) -> bool:
    """ "审核人：张明 | 填表人：李华 | 联系电话：…": every cell a signature label and its value."""
    return bool(texts) and all(SIGNATURE_RE.match(text) for text in texts)


def split_note_rows(rows: list[Row]) -> tuple[list[Row], list[str]]:
    """Rows with one filled cell below the last full row are notes (signature, "注：…"),
    unless they are category headings (a category without items keeps its heading) or
    start with a number (a fragment of a lost row, which the reader must report) and no
    "注：" row stands above them; so are signature rows over several cells
    ("审核人：张明 | 填表人：李华")."""
    end = len(rows)
    while end > 0:
        texts = filled(rows[end - 1])
        if is_signature(texts):
            end -= 1
            continue
        if len(texts) >= 2 or (texts and (HEADING_RE.match(texts[0]) or texts[0][0].isdigit())):
            break
        end -= 1
    end = _numbered_notes(rows, end)
    notes = [" ".join(filled(row)) for row in rows[end:] if filled(row)]
    return rows[:end], notes


def _numbered_notes(rows: list[Row], end: int) -> int:
    """Where the notes start when a line opening with a number ("2.…") stopped the search
    at `end`: below a "注：" line it is a note, not a fragment of a lost row.

    When the lines of one cell start with that "注：" line, they stay in the table: the reader
    takes them as notes there, in order after a 合计 row above them. When other lines of one
    cell come first (a sheet the exports wrote, "合计：…" above "注：…"), all of them are
    notes here. Otherwise (no "注：", a category heading among them) nothing changes."""
    if end == len(rows):
        return end
    top = end
    while top > 0 and len(filled(rows[top - 1])) <= 1:
        top -= 1
    lines = [texts[0] for texts in map(filled, rows[top:]) if texts]
    if any(len(filled(row)) > 1 for row in rows[end:]):
        return end  # a signature row over several cells: the reader would not take it
    opening = next((i for i, line in enumerate(lines) if line.startswith("注")), None)
    if opening is None or opening >= len(lines) - len([r for r in rows[end:] if filled(r)]):
        return end  # no "注：" above the line that stopped the search
    if opening == 0:
        return len(rows)
    if any(HEADING_RE.match(line) or line[0].isdigit() for line in lines[:opening]):
        return end
    return top
