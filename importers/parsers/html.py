"""Tables in HTML: a web page saved as .html, and the ".xls" an office system exports that
is really an HTML table (Excel's "save as web page" among them).

Every `<table>` in document order is a Table, read as Word's are (`common.assemble`):
text above the first table with a header is the title block, page metadata lines
("索引号：…", "发布日期：…") left out; headings between tables are categories. A row is a
`<tr>` (thead first, tfoot last); `colspan` is a cell's span, and a cell with `rowspan`
continues on the rows below as Word's vertical merge does. `<br>` and block elements break
lines, `&nbsp;` is a space; scripts and styles are ignored. A table inside a cell gives
one line a row; a table used for the page's layout (holding the data table, without a
header of its own) is read through, as the page around the table.
"""

import codecs
import re
from collections.abc import Iterator

from ..document import Cell, RawDocument, Row
from .common import Paragraph, assemble, filled, header_index
from .text import decode, is_metadata

# Elements that start a new line; the others run on within their line.
BLOCK_TAGS = frozenset(
    "address article aside blockquote caption center dd details dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr legend li main menu nav ol "
    "p pre section summary table tbody td tfoot th thead tr ul".split()
)
# Elements whose text is not the page's: code, styles, form controls' option lists.
SKIP_TAGS = frozenset(
    "head script style noscript template iframe object embed svg math select button".split()
)
CELL_TAGS = ("td", "th")
SECTION_TAGS = ("thead", "tbody", "tfoot")
SPACE_RE = re.compile(r"[ \t\r\n\f]+")
# A line break in the source between two Chinese characters, which a browser shows as nothing.
WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
WIDE_BREAK_RE = re.compile(rf"(?<=[{WIDE}])[ \t]*[\r\n][ \t\r\n]*(?=[{WIDE}])")
HIDDEN_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
CHARSET_RE = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
# The HTML limits of colspan and rowspan (rowspan="0": to the end of the table).
MAX_COLSPAN, MAX_ROWSPAN = 1000, 65534


def parse_html(data: bytes, name: str) -> RawDocument:
    """Read `data` as an HTML page or fragment holding tables."""
    return html_document(name, html_blocks(decode_html(data, name)))


def html_blocks(text: str) -> list[str | object]:
    """The lines and data tables of one page's text, in order (see `_page_blocks`)."""
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    return list(_page_blocks(root))


def html_document(name: str, blocks: list[str | object]) -> RawDocument:
    """The RawDocument of one page's blocks, or of several pages' (the sheets of a workbook
    saved as a single-file web page) one after the other."""
    return assemble(name, _numbered(iter(blocks)))


def decode_html(data: bytes, name: str) -> str:
    """The page's text in the encoding its BOM or its meta charset names, else UTF-8, else
    GB18030 (as a text file)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    match = CHARSET_RE.search(data[:4096])
    if match:
        declared = (match.group(1) or match.group(2)).decode("ascii").lower()
        if declared in ("gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "euc-cn"):
            declared = "gb18030"  # what Chinese pages written "gb2312" really hold
        try:
            if not codecs.lookup(declared).name.startswith("utf-16"):
                return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: read it as any text
    return decode(data, name)


def _numbered(blocks: Iterator[str | object]) -> Iterator[Paragraph | list[Row]]:
    """Paragraphs as they are, tables as their rows numbered in order ("表2第3行").

    Once a table has a header, a table without one and of another width is the page's own
    (a menu, the site's footer): its rows are lines of text."""
    read = [block if isinstance(block, str) else _table_rows(block) for block in blocks]
    header_width = next(
        (
            _width(rows)
            for rows in read
            if not isinstance(rows, str) and header_index(rows) is not None
        ),
        None,
    )
    number = 0
    for block in read:
        if isinstance(block, str):
            yield Paragraph(block.strip())
        elif header_width not in (None, _width(block)) and header_index(block) is None:
            lines = (" ".join(filled(row)) for row in block)
            yield from (Paragraph(line) for line in lines if line and not is_metadata(line))
        else:
            number += 1
            for index, row in enumerate(block, start=1):
                row.where = f"表{number}第{index}行"
            yield block


def _width(rows: list[Row]) -> int:
    return max((sum(cell.span or 1 for cell in row.cells) for row in rows), default=0)


def _page_blocks(root) -> Iterator[str | object]:
    """The page's lines (metadata lines left out) and its data tables, in order."""
    lines = _Lines()
    blocks: list[str | object] = []

    def flush() -> None:
        lines.brk()
        blocks.extend(line for line in lines.take() if not is_metadata(line))

    def on_table(table, lines: "_Lines") -> None:
        if _is_layout(table):
            for tr in _rows(table):
                for td in _cells(tr):
                    lines.brk()
                    lines.add(td.text)
                    for child in td:
                        _collect(child, lines, on_table)
                    lines.brk()
            return
        caption = next((c for c in table if c.tag == "caption"), None)
        if caption is not None:
            lines.brk()
            lines.extend(_cell_lines(caption))
        flush()
        blocks.append(table)

    for child in root:
        _collect(child, lines, on_table)
    flush()
    yield from blocks


def _collect(element, lines: "_Lines", on_table) -> None:
    """Add `element`'s text and its tail to `lines`; a table is handed to `on_table`."""
    tag = element.tag
    if isinstance(tag, str) and tag not in SKIP_TAGS and not _hidden(element):
        if tag == "table":
            lines.brk()
            on_table(element, lines)
            lines.brk()
        elif tag == "br":
            lines.brk()
        else:
            block = tag in BLOCK_TAGS
            if block:
                lines.brk()
            lines.add(element.text)
            for child in element:
                _collect(child, lines, on_table)
            if block:
                lines.brk()
    lines.add(element.tail)


class _Lines:
    """Text gathered into lines: spaces collapsed as a browser does, `&nbsp;` a space."""

    def __init__(self):
        self.lines: list[str] = []
        self.parts: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(SPACE_RE.sub(" ", WIDE_BREAK_RE.sub("", text)))

    def extend(self, lines: list[str]) -> None:
        self.brk()
        self.lines.extend(lines)

    def brk(self) -> None:
        line = "".join(self.parts).replace("\xa0", " ").strip()
        self.parts = []
        if line:
            self.lines.append(line)

    def take(self) -> list[str]:
        self.brk()
        lines, self.lines = self.lines, []
        return lines


def _cell_lines(cell) -> list[str]:
    """A cell's lines; a table inside it gives one line a row, its cells joined by spaces."""

    def nested(table, lines: _Lines) -> None:
        for tr in _rows(table):
            lines.extend([" ".join(_cell_text(td) for td in _cells(tr)).strip()])

    lines = _Lines()
    lines.add(cell.text)
    for child in cell:
        _collect(child, lines, nested)
    return [line for line in lines.take() if line]


def _cell_text(cell) -> str:
    return "\n".join(_cell_lines(cell))


def _table_rows(table) -> list[Row]:
    """The table's rows, to be numbered once it is known to be a table of the document."""
    rows = []
    # Column → (text, span, rows still to cover) of a cell whose rowspan reaches this row.
    pending: dict[int, tuple[str, int, int]] = {}
    for tr in _rows(table):
        cells, pending = _row_cells(tr, pending)
        rows.append(Row(cells=cells, where=""))
    return rows


def _row_cells(tr, pending: dict[int, tuple[str, int, int]]):
    """The row's cells, with those of the rows above continued where their rowspan reaches;
    and what reaches on into the next row."""
    cells: list[Cell] = []
    below: dict[int, tuple[str, int, int]] = {}
    column = 0

    def carry(at: int) -> int:
        text, span, left = pending.pop(at)
        cells.append(Cell(text=text, span=span, continued=True))
        if left > 1:
            below[at] = (text, span, left - 1)
        return span

    for td in _cells(tr):
        while column in pending:
            column += carry(column)
        span = _number(td.get("colspan"), MAX_COLSPAN)
        down = _number(td.get("rowspan"), MAX_ROWSPAN)
        for covered in range(column, column + span):
            pending.pop(covered, None)  # a malformed table's overlap: this cell wins
        cell = Cell(text=_cell_text(td), span=span)
        cells.append(cell)
        if down > 1:
            below[column] = (cell.text, span, down - 1)
        column += span
    for at in sorted(pending):
        if at < column:
            continue
        if at > column:
            cells.append(Cell(text="", span=at - column))
            column = at
        column += carry(at)
    return cells, below


def _number(value: str | None, limit: int) -> int:
    """colspan / rowspan as browsers read it: leading digits, 1 when missing or invalid,
    0 (rowspan: to the end of the table) as the limit."""
    match = re.match(r"\s*(\d+)", value or "")
    if not match:
        return 1
    number = int(match.group(1)[:6])
    return limit if number == 0 else min(number, limit)


def _rows(table) -> list:
    """A table's own rows: the header section first, then the body, the footer last."""
    head, body, foot = [], [], []
    for child in table:
        if child.tag == "tr":
            body.append(child)
        elif child.tag in SECTION_TAGS:
            rows = [tr for tr in child if tr.tag == "tr"]
            {"thead": head, "tbody": body, "tfoot": foot}[child.tag].extend(rows)
    return head + body + foot


def _cells(tr) -> list:
    return [td for td in tr if td.tag in CELL_TAGS]


def _is_layout(table) -> bool:
    """A table around the page's content: it holds another table, and no header of its own."""
    if next(table.iterdescendants("table"), None) is None:
        return False
    own = [
        Row(cells=[Cell(text=_own_text(td)) for td in _cells(tr)], where="") for tr in _rows(table)
    ]
    return header_index(own) is None


def _own_text(cell) -> str:
    """A cell's text without the tables inside it."""
    lines = _Lines()
    lines.add(cell.text)
    for child in cell:
        _collect(child, lines, lambda table, lines: None)
    return "\n".join(lines.take())


def _hidden(element) -> bool:
    style = element.get("style")
    return bool(style and HIDDEN_RE.search(style)) or element.get("hidden") is not None
