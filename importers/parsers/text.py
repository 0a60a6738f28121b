"""Text extracted from Word tables, in the two layouts the seeds show.

- one row per line, cells separated by TAB (002, 004);
- one cell per line: a line starting with TAB opens a cell, untabbed lines continue it,
  and a blank line followed by a TAB line starts a new row (000, 001, 003).
"""

from ..document import Cell, ImportFailed, RawDocument, Row, Table


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
    raise ImportFailed(
        f"{name}：文件中没有找到表格。文本文件需要用 TAB 分隔单元格"
        "（每行一行表格，或每个单元格以 TAB 开头）。"
    )


def _parse_row_per_line(lines: list[str], name: str) -> RawDocument:
    document = RawDocument(name=name)
    table = Table()
    for number, line in enumerate(lines, start=1):
        if "\t" in line:
            cells = [Cell(text=part.strip(), span=None) for part in line.split("\t")]
            table.rows.append(Row(cells=cells, where=f"第{number}行"))
        elif line.strip():
            if table.rows:
                document.notes.append(line.strip())
            else:
                document.paragraphs.append(line.strip())
    document.tables.append(table)
    return document


def _parse_cell_per_line(lines: list[str], name: str) -> RawDocument:
    document = RawDocument(name=name)
    table = Table()
    current: Row | None = None
    previous_blank = True
    for number, line in enumerate(lines, start=1):
        if line.startswith("\t"):
            if current is None or previous_blank:
                current = Row(cells=[], where=f"第{number}行")
                table.rows.append(current)
            current.cells.append(Cell(text=line[1:], span=None))
        elif line.strip():
            if current is None:
                document.paragraphs.append(line.strip())
            else:
                current.cells[-1].text += "\n" + line
        previous_blank = not line.startswith("\t") and not line.strip()
    document.tables.append(table)
    return document
