"""Word .docx: every table in document order, with merged cells as Word stores them.

Paragraphs and tables are put together as `common.assemble` says: the title block,
the category heading above each table ("二、医疗卫生（2件）"), the notes.
A horizontal merge (gridSpan, or the older hMerge that WPS writes: a "restart" cell and
the "continue" cells after it) is one Cell with its span; a vertical merge (vMerge
continue) repeats the origin's text with continued=True, so a category, number or title
merged down continues on every row it covers.
"""

import copy
import io
import posixpath
import zipfile
from collections.abc import Iterator

from ..document import Cell, ImportFailed, RawDocument, Row
from .common import Paragraph, assemble

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Wrappers Word puts around blocks, rows and cells without changing the layout.
WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"}
PARAGRAPH, BLOCKS = W + "p", frozenset({W + "p", W + "tbl"})
ROWS, CELLS = frozenset({W + "tr"}), frozenset({W + "tc"})
ROW_PROPERTIES, GRID_BEFORE = W + "trPr", W + "gridBefore"
CELL_PROPERTIES, GRID_SPAN, V_MERGE, VAL = W + "tcPr", W + "gridSpan", W + "vMerge", W + "val"
# The horizontal merge of Word 97 cells, which WPS and converted .doc files still write.
H_MERGE = W + "hMerge"
RUN, TEXT, BREAK, BREAK_TYPE = W + "r", W + "t", W + "br", W + "type"
RUBY = W + "ruby"
TEXT_BOX, TABLE = W + "txbxContent", W + "tbl"
# The package's parts, as python-docx finds the main document (docx.opc).
PACKAGE = "{http://schemas.openxmlformats.org/package/2006/"
RELATIONSHIP, OVERRIDE, DEFAULT = (
    PACKAGE + "relationships}Relationship",
    PACKAGE + "content-types}Override",
    PACKAGE + "content-types}Default",
)
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _parser():
    from lxml import etree

    # python-docx's parser options (docx.oxml.parser), without its element classes.
    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)


_PARSER = _parser()
# The other run children that are text (python-docx's CT_R.text).
RUN_CHARACTERS = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}


def parse_docx(data: bytes, name: str) -> RawDocument:
    """Read `data` as .docx; a file python-docx cannot open is an ImportFailed."""
    body = _main_body(data)
    if body is None:  # not the plain shape: python-docx opens it, or says why it cannot
        import docx

        try:
            body = docx.Document(io.BytesIO(data)).element.body
        except Exception as exc:
            raise ImportFailed(
                f"{name}：文件已损坏或不是有效的 Word 文件（{_reason(exc)}）。"
            ) from exc
    try:
        return read_body(body, name)
    except ImportFailed:
        raise
    except Exception as exc:
        raise ImportFailed(f"{name}：读取 Word 文件时出错（{_reason(exc)}）。") from exc


def _main_body(data: bytes):
    """The w:body of the package's main document, read as python-docx finds it (the
    officeDocument relationship, a part of Word's main content type) and parses it, but
    without loading the package's other parts (styles, numbering, theme, settings), which
    are most of python-docx's opening time for a small file. None when anything differs
    from that plain shape, for python-docx to open or refuse."""
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        relationships = etree.fromstring(archive.read("_rels/.rels"), _PARSER)
        targets = [
            r.get("Target", "")
            for r in relationships.iter(RELATIONSHIP)
            if r.get("Type") == OFFICE_DOCUMENT and r.get("TargetMode") != "External"
        ]
        if len(targets) != 1:
            return None
        part = posixpath.normpath("/" + targets[0].lstrip("/"))
        types = etree.fromstring(archive.read("[Content_Types].xml"), _PARSER)
        overrides = {
            o.get("PartName", "").lower(): o.get("ContentType") for o in types.iter(OVERRIDE)
        }
        defaults = {
            d.get("Extension", "").lower(): d.get("ContentType") for d in types.iter(DEFAULT)
        }
        content_type = overrides.get(part.lower()) or defaults.get(part.rpartition(".")[2].lower())
        if content_type != WORD_MAIN:
            return None
        root = etree.fromstring(archive.read(part[1:]), _PARSER)
    except Exception:
        return None
    return root.find(W + "body") if root.tag == W + "document" else None


def read_body(body, name: str) -> RawDocument:
    """The RawDocument of a `w:body` element."""
    return assemble(name, _blocks(body))


def _blocks(body) -> Iterator[Paragraph | list[Row]]:
    """The body's paragraphs and tables in document order, as `assemble` reads them."""
    tables = 0
    for block in _elements(body):
        if block.tag == PARAGRAPH:
            yield Paragraph(paragraph_text(block).strip())
        else:
            tables += 1
            yield _table_rows(block, tables)


def _elements(body) -> Iterator:
    """The body's paragraphs and tables in order, a table drawn in a text box (a floating
    shape anchored in a paragraph) in the place of its anchor, once (Word writes the box
    twice: as a shape, and as VML in mc:Fallback)."""
    for block in _children(body, BLOCKS):
        if block.tag != PARAGRAPH or next(block.iter(TEXT_BOX), None) is None:
            yield block
            continue
        boxes = [
            box
            for box in block.iter(TEXT_BOX)
            if not any(a.tag in (FALLBACK, TEXT_BOX) for a in box.iterancestors())
        ]
        if not any(next(box.iterchildren(TABLE), None) is not None for box in boxes):
            yield block  # a text box of paragraphs (a title): read as the paragraph's text
            continue
        anchor = copy.deepcopy(block)
        for box in list(anchor.iter(TEXT_BOX)):
            box.getparent().remove(box)
        yield anchor  # the anchor paragraph's own words, if any
        for box in boxes:
            yield from _elements(box)


def paragraph_text(p) -> str:
    """The text of a `w:p`, tracked insertions, fields and content controls included.

    Read with lxml as python-docx's `CT_R.text` reads a run (w:t, w:tab, w:br, …), without
    its XPath per run, which made reading ten times the cost of opening the file."""
    # The same text box is also in mc:Choice; look for mc:Fallback only where there is one.
    # A run inside a run (w:ruby) reads run by run; text read in document order would mix them.
    if next(p.iter(FALLBACK, RUBY), None) is not None:
        return _paragraph_text_run_by_run(p)
    parts = []
    # One pass over the paragraph's text elements, matched by lxml (no loop over the runs'
    # properties); each counts only as a run's own child, as in CT_R.text.
    for child in p.iter(TEXT, BREAK, *RUN_CHARACTERS):
        if child.getparent().tag != RUN:
            continue  # a w:tab of the paragraph's tab stops, not a tab character
        parts.append(_run_child_text(child))
    return "".join(parts)


def _run_child_text(child) -> str:
    """The text of a run's child: its text, a line break (a page or column break reads as
    nothing), a tab or other run character; nothing for the run's other children."""
    tag = child.tag
    if tag == TEXT:
        return child.text or ""
    if tag == BREAK:
        return "\n" if child.get(BREAK_TYPE, "textWrapping") == "textWrapping" else ""
    return RUN_CHARACTERS.get(tag, "")


def _paragraph_text_run_by_run(p) -> str:
    fallback = next(p.iter(FALLBACK), None) is not None
    parts = []
    for run in p.iter(RUN):
        if fallback and any(ancestor.tag == FALLBACK for ancestor in run.iterancestors()):
            continue
        parts.extend(_run_child_text(child) for child in run)
    return "".join(parts)


def cell_text(tc) -> str:
    """Paragraphs of a cell joined by line breaks; a nested table gives one line a row."""
    lines = []
    for block in _children(tc, BLOCKS):
        if block.tag == PARAGRAPH:
            lines.append(paragraph_text(block))
        else:
            for tr in _children(block, ROWS):
                lines.append(" ".join(cell_text(inner) for inner in _children(tr, CELLS)))
    return "\n".join(lines).strip()


def _table_rows(tbl, number: int) -> list[Row]:
    rows = []
    # Grid column → text of the cell covering it in the row above, for vMerge continue.
    above: dict[int, str] = {}
    for index, tr in enumerate(_children(tbl, ROWS), start=1):
        cells: list[Cell] = []
        current: dict[int, str] = {}
        column = _number(_first(tr, ROW_PROPERTIES), GRID_BEFORE, 0)
        if column:
            cells.append(Cell(text="", span=column))
        for tc in _children(tr, CELLS):
            span, merge, joined = _span_and_merge(tc)
            if joined and cells:
                # hMerge continue: the cell on the left covers this grid column too.
                cells[-1].span = (cells[-1].span or 1) + span
                column += span
                continue
            if merge == "continue" and column in above:
                cell = Cell(text=above[column], span=span, continued=True)
            else:
                cell = Cell(text=cell_text(tc), span=span)
            cells.append(cell)
            current[column] = cell.text
            column += span
        above = current
        rows.append(Row(cells=cells, where=f"表{number}第{index}行"))
    return rows


def _span_and_merge(tc) -> tuple[int, str | None, bool]:
    """The cell's w:gridSpan (at least 1), w:vMerge's w:val ("continue" when it has none,
    None without w:vMerge), read as python-docx reads them (the first of each in the cell's
    first w:tcPr), and whether a w:hMerge continues the cell on its left, in one pass over
    its properties."""
    first = tc[0] if len(tc) else None
    if first is not None and first.tag == CELL_PROPERTIES:
        properties = first  # where Word writes it
    else:
        properties = _first(tc, CELL_PROPERTIES)
    span = merge = None
    joined = False
    if properties is not None:
        for child in properties:
            tag = child.tag
            if tag == GRID_SPAN:
                if span is None:
                    span = int(child.get(VAL))
            elif tag == V_MERGE and merge is None:
                merge = child.get(VAL, "continue")
            elif tag == H_MERGE:
                joined = child.get(VAL, "continue") == "continue"
    return max(1 if span is None else span, 1), merge, joined


def _first(element, tag: str):
    """The first child with `tag`, or None: `element.find(tag)` matched by lxml in C, not by
    ElementPath in Python (a third of reading a 1,000-row table)."""
    if element is None:
        return None
    return next(element.iterchildren(tag), None)


def _number(properties, name: str, default: int) -> int:
    """w:gridBefore or w:gridSpan in a row's or cell's properties, read as python-docx
    reads it: the first such element, its required w:val."""
    found = _first(properties, name)
    return default if found is None else int(found.get(VAL))


def _children(element, wanted: frozenset[str]) -> Iterator:
    """Direct children with one of the `wanted` tags, looking through content controls."""
    for child in element:
        if child.tag in wanted:
            yield child
        elif child.tag in WRAPPERS:
            yield from _children(child, wanted)


def _reason(exc: Exception) -> str:
    return str(exc).strip()[:200] or type(exc).__name__
