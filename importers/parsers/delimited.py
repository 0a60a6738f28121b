"""CSV as Excel writes it: UTF-8 (with or without BOM) or GB18030/GBK, comma or semicolon.

One Table, read as a sheet is (`common.read_grid`): rows above the header row are
paragraphs, except a category heading just above it, which is the table's heading; rows with
one filled cell below the table are notes; heading rows between the rows are read as in any
table. CSV cannot merge cells, so every cell has span 1.
"""

import csv
import io

from minsheng.lib.spreadsheet import read_csv_cell

from ..document import Cell, ImportFailed, RawDocument, Row
from .common import read_grid
from .text import decode


def parse_delimited(data: bytes, name: str) -> RawDocument:
    """Read `data` as CSV; a file the csv module rejects is an ImportFailed."""
    text = decode(data, name)
    try:
        records = read_records(text)
    except csv.Error as exc:
        raise ImportFailed(f"{name}：CSV 文件格式有误（{exc}）。") from exc
    rows = [
        # Our own CSV quotes text that looks like a formula ("'=…"): read it as it was.
        Row(
            cells=[Cell(text=read_csv_cell(value.strip()), span=1) for value in record],
            where=f"第{number}行",
        )
        for number, record in enumerate(records, start=1)
    ]
    paragraphs, table, notes = read_grid(rows)
    return RawDocument(name=name, paragraphs=paragraphs, tables=[table], notes=notes)


def read_records(text: str) -> list[list[str]]:
    """The records of `text`; the delimiter is sniffed between comma and semicolon."""
    sample = text[:20000]
    delimiter = ","
    if sample.count(";") > sample.count(","):
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;").delimiter
        except csv.Error:
            pass
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def looks_like_csv(text: str) -> bool:
    """Several records of three or more fields: a table, not prose with commas."""
    try:
        records = read_records(text)
    except csv.Error:
        return False
    wide = [len(r) for r in records if len(r) >= 3]
    return len(wide) >= 2
