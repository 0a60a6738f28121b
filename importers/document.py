"""The plain shapes every parser produces and the one reader consumes.

A parser (text, .docx, .xlsx, .csv) turns a file into a RawDocument: paragraphs and
tables of cells, with no interpretation. `importers.layout` reads the program out of it.
"""

from dataclasses import dataclass, field


class ImportFailed(Exception):
    """The document cannot be imported; every message names where and why."""

    def __init__(self, *messages: str):
        self.messages = [m for m in messages if m]
        super().__init__("\n".join(self.messages))


class RowWarning(str):
    """A warning's text and what it concerns: the rows it names (their `where`, as
    "表2第3行") and the items (their numbers, "5" standing for 5(1), 5(2) too). The preview
    attaches it to those rows whatever language the text was written in."""

    rows: tuple[str, ...]
    items: tuple[str, ...]

    def __new__(cls, text: str, rows=(), items=()):
        warning = super().__new__(cls, text)
        warning.rows = tuple(r for r in rows if r)
        warning.items = tuple(str(i) for i in items if i)
        return warning

    def concerns(self, where: str, number: str) -> bool:
        """Does it name the row at `where`, or item `number` (or the item it is part of)?"""
        return where in self.rows or number in self.items or number.split("(")[0] in self.items


@dataclass
class Cell:
    text: str
    # Columns the cell covers; None when the format cannot tell (text extracted from Word).
    span: int | None = 1
    # A cell merged down from the row above (python-docx vMerge continue / openpyxl merge).
    continued: bool = False


@dataclass
class Row:
    cells: list[Cell]
    where: str  # "第12行", "表2第3行": how the office finds the row in its file

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def is_blank(self) -> bool:
        return all(not c.text.strip() for c in self.cells)


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    # Category headings written above the table, outside it ("二、医疗卫生（2件）" between
    # a program's tables), one single-cell row each, with where they stand in the file.
    heading: list[Row] = field(default_factory=list)


@dataclass
class RawDocument:
    name: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    # Lines after the tables ("注：标有★的事项是市民生实事内容。")
    notes: list[str] = field(default_factory=list)
    # What the parser had to leave out, for the import report.
    warnings: list[str] = field(default_factory=list)
