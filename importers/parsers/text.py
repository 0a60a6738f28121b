"""Text extracted from Word tables or copied from web pages.

- one row per line, cells separated by TAB (002, 004);
- one cell per line: a line starting with TAB opens a cell, untabbed lines continue it,
  and a blank line followed by a TAB line starts a new row (000, 001, 003);
- pipe tables ("序号 | 工作任务 | 责任单位 |"), with or without the outer pipes, "||" for
  an empty cell, Markdown rules ("|---|") ignored;
- rows whose cells are separated by runs of spaces;
- one cell per line with blank lines between cells (a web page's table copied as text): the
  header's cells give the width, and a cell holding only an item number opens a row.

Which layout a file uses is read from its header line, the first line that splits into
header words: a comma inside a pipe table's cell cannot make it CSV. Page metadata lines
("索引号：…", "发布日期：…") are dropped; other lines above the table are its paragraphs.
"""

import re

from ..document import Cell, ImportFailed, RawDocument, Row
from ..vocabulary import METADATA_WORDS
from .common import Paragraph, assemble, is_heading
from .listing import looks_like_list, parse_list

PIPE = "pipe"
SPACES = "spaces"
COMMA = "comma"
BLOCKS = "blocks"
SPACE_RUN_RE = re.compile(r"[ \u3000\xa0]{2,}|\u3000+")
SPACE_RE = re.compile(r"[ \u3000\xa0]+")
RULE_RE = re.compile(r"^[\s|:：\-—=+]+$")
# A label may be spread with spaces to the width of the others ("索 引 号：", "标　　题：").
METADATA_RE = re.compile(
    r"^\s*(?:"
    + "|".join(r"[ \u3000\xa0]*".join(map(re.escape, w)) for w in METADATA_WORDS)
    + r")[ \u3000\xa0]*[:：]"
)
# A cell that holds only an item number ("3", "9*", "（一）", "一、") opens a row.
ROW_NUMBER_RE = re.compile(r"^(?:\d{1,3}\s*[*＊★]?|[（(][一二三四五六七八九十]+[）)])$")
NOTE_RE = re.compile(r"^\s*注\s*[:：]")
BLOCK_HEADING_RE = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\S")


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) first, then GB18030, which Chinese Windows writes."""
    if not data.strip():
        raise ImportFailed(f"{name}：文件是空的。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed(f"{name}：无法识别文件编码，请另存为 UTF-8 或 GBK 文本。")


def parse_text(data: bytes, name: str) -> RawDocument:
    text = decode(data, name).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if "\x00" in text:
        raise ImportFailed(f"{name}：不是文本文件。")
    tsv_rows = sum(1 for line in lines if line.count("\t") >= 2 and not line.startswith("\t\t\t"))
    cell_lines = sum(1 for line in lines if line.startswith("\t"))
    if tsv_rows >= 2 and tsv_rows * 2 >= cell_lines:
        return _parse_row_per_line(lines, name)
    if cell_lines >= 3:
        return _parse_cell_per_line(lines, name)
    if any(line.count("\t") >= 2 and _is_header(line.split("\t")) for line in lines[:400]):
        # A TAB header over rows that open with empty cells ("\t\t\t12月底\t1").
        return _parse_row_per_line(lines, name)
    layout, header_at = sniff_layout(lines)
    if layout == PIPE:
        return _parse_split_rows(lines, name, header_at, _pipe_cells(lines[header_at]))
    if layout == SPACES:
        return _parse_split_rows(lines, name, header_at, _space_cells(lines[header_at]))
    if layout == BLOCKS:
        return _parse_blocks(lines, name)
    if looks_like_list(lines):
        return parse_list(lines, name, is_metadata)
    raise ImportFailed(
        f"{name}：文件中没有找到表格。文本文件需要一行表头（含“序号”和“工作任务”等列名），"
        "单元格用 TAB、“|”或空格分隔，或每个单元格单独一行、单元格之间空一行。"
    )


def is_metadata(line: str) -> bool:
    """A web page's metadata line ("索引号：…", "发布日期：2024-03-01"), not the notice's."""
    return bool(METADATA_RE.match(line))


def _is_header(cells: list[str]) -> bool:
    from ..layout import header_roles

    row = Row(cells=[Cell(text=c) for c in cells], where="")
    return header_roles(row) is not None


def sniff_layout(lines: list[str]) -> tuple[str | None, int]:
    """(layout, index of the header line): the first line that splits into a header.

    Pipes are tried first, so "工作任务, 目标 | 责任单位" is a pipe row whatever its commas.
    """
    import csv

    for index, line in enumerate(lines[:400]):
        if not line.strip() or is_metadata(line):
            continue
        if line.count("|") >= 2 and _is_header(_pipe_cells(line)):
            return PIPE, index
        if "," in line or "，" in line:
            try:
                fields = next(csv.reader([line]))
            except (csv.Error, StopIteration):
                fields = []
            if _is_header(fields):
                return COMMA, index
        if _is_header(_space_cells(line)):
            return SPACES, index
    if _header_blocks(_blocks(lines)) is not None:
        return BLOCKS, 0
    # Pipe rows under header words no vocabulary knows: the office maps them by hand.
    # A row of empty cells ("|  |  |") is a row; only a rule with dashes ("|---|") is not.
    piped = [
        i
        for i, line in enumerate(lines)
        if line.count("|") >= 2 and not (RULE_RE.match(line) and line.strip(" |\t\u3000"))
    ]
    if len(piped) >= 2:
        return PIPE, piped[0]
    return None, -1


def _pipe_cells(line: str, style: str | None = None) -> list[str]:
    """The cells of a pipe row; outer pipes are dropped where the header line has them
    (`style`), so "2 | 改造 | 县住建局 | " under a header without them keeps its empty cell."""
    text = line.strip()
    style = style if style is not None else text
    parts = text.split("|")
    if style.startswith("|") and text.startswith("|"):
        parts = parts[1:]
    if parts and style.endswith("|") and text.endswith("|"):
        parts = parts[:-1]
    return [part.strip() for part in parts]


def _space_cells(line: str) -> list[str]:
    text = line.strip()
    parts = SPACE_RUN_RE.split(text)
    if len(parts) < 3:
        parts = SPACE_RE.split(text)
    return [part.strip() for part in parts]


def _parse_split_rows(lines: list[str], name: str, header_at: int, header: list[str]):
    """Pipe or space rows: one row per line from the header line down."""
    return assemble(name, _split_row_blocks(lines, header_at, len(header)))


def _split_row_blocks(lines: list[str], header_at: int, width: int):
    pipes = "|" in lines[header_at]
    style = lines[header_at].strip()
    for number, line in enumerate(lines[:header_at], start=1):
        if line.strip() and not is_metadata(line):
            yield Paragraph(line.strip(), f"第{number}行")
    last_row_at = max(
        (i for i, line in enumerate(lines) if i >= header_at and _is_row_line(line, pipes)),
        default=header_at,
    )
    rows: list[Row] = []
    for number, line in enumerate(lines[header_at:], start=header_at + 1):
        if not line.strip() or is_metadata(line):
            continue
        if pipes and RULE_RE.match(line) and "-" in line:
            continue  # a Markdown rule under the header
        last = rows[-1] if rows else None
        if number - 1 > last_row_at or _is_heading_line(line, pipes, last, width):
            # A note below the table, or the category heading above the next table.
            if rows:
                yield rows
                rows = []
            yield Paragraph(line.strip(), f"第{number}行")
        elif _is_row_line(line, pipes):
            texts = _pipe_cells(line, style) if pipes else _space_cells(line)
            rows.append(Row(cells=[Cell(text=t, span=1) for t in texts], where=f"第{number}行"))
        elif pipes and rows:
            # A cell's text wrapped onto a line of its own.
            rows[-1].cells[-1].text += "\n" + line.strip()
        else:
            rows.append(Row(cells=[Cell(text=line.strip(), span=1)], where=f"第{number}行"))
    if rows:
        yield rows


def _is_heading_line(line: str, pipes: bool, last: Row | None, width: int) -> bool:
    """ "二、医疗卫生（2件）" between two pipe or space tables: a heading line, not a row, and
    not the rest of a pipe row's last cell wrapped onto its own line (that row is short)."""
    if not is_heading(line):
        return False
    if pipes:
        return "|" not in line and (last is None or len(last.cells) >= width)
    return len(SPACE_RUN_RE.split(line.strip())) < 3


def _is_row_line(line: str, pipes: bool) -> bool:
    return "|" in line if pipes else len(_space_cells(line)) >= 2


def _blocks(lines: list[str]) -> list[tuple[int, str]]:
    """(line number, text) of each run of non-blank lines."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            blocks.append((start, "\n".join(current)))
            current = []
    return blocks


def _header_blocks(blocks: list[tuple[int, str]]) -> tuple[int, int] | None:
    """(first, end) indexes of the blocks forming the header: consecutive short cells,
    starting with one that names a column, that together read as a header row."""
    from ..layout import role_of

    for first, (_, text) in enumerate(blocks[:400]):
        if len(text) > 12 or role_of(text) is None:
            continue
        end = first
        while (
            end < len(blocks)
            and len(blocks[end][1]) <= 12
            and not ROW_NUMBER_RE.match(blocks[end][1])
            and not BLOCK_HEADING_RE.match(blocks[end][1])
        ):
            end += 1
        if end - first >= 3 and _is_header([t for _, t in blocks[first:end]]):
            return first, end
    return None


def _parse_blocks(lines: list[str], name: str) -> RawDocument:
    """One cell per line, blank lines between cells: the header gives the row width; a row
    opens at a cell holding only a number, or after that many cells."""
    return assemble(name, _cell_blocks(lines))


def _cell_blocks(lines: list[str]):
    blocks = _blocks(lines)
    first, end = _header_blocks(blocks)
    width = end - first
    for number, text in blocks[:first]:
        # A run of lines is one paragraph wrapped, less the page's metadata lines in it.
        text = "".join(line for line in text.split("\n") if not is_metadata(line))
        if text:
            yield Paragraph(text, f"第{number}行")
    parts: list[list[Row] | Paragraph] = []
    rows = [
        Row(
            cells=[Cell(text=t, span=1) for _, t in blocks[first:end]],
            where=f"第{blocks[first][0]}行",
        )
    ]
    numbered = ROW_NUMBER_RE.match(blocks[end][1]) if end < len(blocks) else None
    current: Row | None = None
    for number, text in blocks[end:]:
        heading = (current is None or len(current.cells) >= 2) and (
            BLOCK_HEADING_RE.match(text)
            or (is_heading(text) and (current is None or len(current.cells) >= width))
        )
        opens = (
            current is None
            or len(current.cells) >= width
            or (numbered and ROW_NUMBER_RE.match(text) and len(current.cells) >= 2)
        )
        if heading:
            # The category of the rows below: the heading above the next table.
            if rows:
                parts.append(rows)
            parts.append(Paragraph(text, f"第{number}行"))
            rows, current = [], None
            continue
        if opens:
            current = Row(cells=[], where=f"第{number}行")
            rows.append(current)
        current.cells.append(Cell(text=text, span=1))
    # Lines after the last full row with one cell only are notes ("注：…", the signature).
    notes = []
    while len(rows) > 1 and len(rows[-1].cells) == 1:
        row = rows.pop()
        notes.insert(0, Paragraph(row.cells[0].text, row.where))
    if rows:
        parts.append(rows)
    yield from parts
    yield from notes


def _parse_row_per_line(lines: list[str], name: str) -> RawDocument:
    """One row per line, TAB between cells; a line without TAB is a paragraph, and one
    between rows ends a table (the category heading above the next, or a note)."""
    return assemble(name, _tab_row_blocks(lines))


def _tab_row_blocks(lines: list[str]):
    rows: list[Row] = []
    for number, line in enumerate(lines, start=1):
        if "\t" in line:
            cells = [Cell(text=part.strip(), span=None) for part in line.split("\t")]
            rows.append(Row(cells=cells, where=f"第{number}行"))
        elif line.strip():
            if rows:
                yield rows
                rows = []
            yield Paragraph(line.strip(), f"第{number}行")
    if rows:
        yield rows


def _parse_cell_per_line(lines: list[str], name: str) -> RawDocument:
    """A line starting with TAB opens a cell, untabbed lines continue it, and a blank line
    followed by a TAB line starts a new row. An untabbed line after a blank line below a
    full row is the category heading above the next table when it is one ("二、医疗卫生
    （2件）"), and a note when it starts with "注：" (other such lines are a cell's next
    paragraph, as Word writes them)."""
    return assemble(name, _tab_cell_blocks(lines))


def _tab_cell_blocks(lines: list[str]):
    rows: list[Row] = []
    current: Row | None = None
    width = None  # the header row's cells
    previous_blank = True
    for number, line in enumerate(lines, start=1):
        if line.startswith("\t"):
            if current is None or previous_blank:
                if width is None and current is not None and _is_header(current.texts()):
                    width = len(current.cells)
                current = Row(cells=[], where=f"第{number}行")
                rows.append(current)
            current.cells.append(Cell(text=line[1:], span=None))
        elif line.strip():
            if current is None:
                yield Paragraph(line.strip(), f"第{number}行")
            elif (
                previous_blank
                and width is not None
                and len(current.cells) >= width
                and (is_heading(line) or NOTE_RE.match(line))
            ):
                yield rows
                yield Paragraph(line.strip(), f"第{number}行")
                rows, current = [], None
            else:
                current.cells[-1].text += "\n" + line
        previous_blank = not line.startswith("\t") and not line.strip()
    if rows:
        yield rows
