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
    # The first rows marked "repeat as header row at the top of each page" (w:tblHeader).
    header_rows: int = 0
    # Tables inside cells: (row, column) → the table written there after the cell's text.
    nested: dict[tuple[int, int], "WordTable"] = field(default_factory=dict)
    # Row → how its text is formatted ("strike", "red", "shaded"), as a 督查室 marks rows.
    row_formats: dict[int, set[str]] = field(default_factory=dict)


@dataclass
class TextBox:
    """A table drawn inside a text box (a floating shape), as Word writes it: the shape in
    mc:Choice and the same text box again, as VML, in mc:Fallback."""

    table: WordTable


def build_docx(*blocks: str | WordTable | TextBox) -> bytes:
    """A .docx of paragraphs (str), tables and text boxes holding a table, in order."""
    from docx import Document

    document = Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        elif isinstance(block, TextBox):
            _add_text_box(document, block.table)
        else:
            _add_table(document, block)
    # Word always ends a document with a paragraph; LibreOffice's .doc export drops a
    # table that ends the body.
    document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_table(document, spec: WordTable):
    """`document` may be a Document or a cell (a nested table)."""
    from docx.oxml import OxmlElement

    width = max(len(row) for row in spec.rows)
    if hasattr(document, "styles"):
        table = document.add_table(rows=len(spec.rows), cols=width)
        table.style = document.styles["Table Grid"]
    else:
        from docx.shared import Cm

        table = document.add_table(rows=len(spec.rows), cols=width)
        for column in table.columns:
            column.width = Cm(2)
    for first_row, first_col, last_row, last_col in spec.merges:
        table.cell(first_row, first_col).merge(table.cell(last_row, last_col))
    for r, values in enumerate(spec.rows):
        for c, value in enumerate(values):
            if value is not None:
                write_cell(table.cell(r, c), value)
    for (r, c), inner in spec.nested.items():
        _add_table(table.cell(r, c), inner)
    for r, formats in spec.row_formats.items():
        _format_row(table.rows[r], formats)
    for row in table.rows[: spec.header_rows]:
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:tblHeader"))
    if spec.truncate_last:
        tr = table.rows[-1]._tr
        for tc in tr.tc_lst[-spec.truncate_last :]:
            tr.remove(tc)
    return table


def _format_row(row, formats: set[str]) -> None:
    """Strike through, colour red or shade every cell of `row` (the text stays as it is)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    for cell in row.cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                if "strike" in formats:
                    run.font.strike = True
                if "red" in formats:
                    run.font.color.rgb = RGBColor(0xFF, 0, 0)
        if "shaded" in formats:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:fill"), "FFFF00")
            cell._tc.get_or_add_tcPr().append(shading)


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
VML = "urn:schemas-microsoft-com:vml"


def _add_text_box(document, spec: WordTable) -> None:
    """A paragraph whose run holds a floating text box with the table in it."""
    import copy

    from lxml import etree

    table = _add_table(document, spec)
    tbl = table._tbl
    tbl.getparent().remove(tbl)

    def content():
        box = etree.Element(f"{{{W}}}txbxContent")
        box.append(copy.deepcopy(tbl))
        etree.SubElement(box, f"{{{W}}}p")
        return box

    def sub(parent, namespace, tag, **attributes):
        return etree.SubElement(parent, f"{{{namespace}}}{tag}", **attributes)

    run = document.add_paragraph()._p.add_r()
    alternate = sub(run, MC, "AlternateContent")
    choice = sub(alternate, MC, "Choice", Requires="wps")
    anchor = sub(sub(choice, W, "drawing"), WP, "anchor")
    sub(anchor, WP, "extent", cx="5400000", cy="2000000")
    sub(anchor, WP, "docPr", id="1", name="文本框 1")
    data = sub(sub(anchor, A, "graphic"), A, "graphicData", uri=WPS)
    shape = sub(data, WPS, "wsp")
    sub(shape, WPS, "txbx").append(content())
    sub(shape, WPS, "bodyPr")
    fallback = sub(alternate, MC, "Fallback")
    vml = sub(sub(fallback, W, "pict"), VML, "shape")
    sub(vml, VML, "textbox").append(content())


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
    # Column letter → number format of its cells ("E": "0%" shows 0.83 as 83%).
    formats: dict[str, str] = field(default_factory=dict)


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
        for letter, number_format in spec.formats.items():
            for cell in sheet[letter]:
                cell.number_format = number_format
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


def build_xls(*sheets: Sheet) -> bytes:
    """The same workbook as `build_xlsx` in the old .xls format (BIFF8), written with xlwt:
    a merged range written as Excel writes it (its value in the first cell, the others
    blank), dates with a date format, each column's number format."""
    import datetime

    import xlwt
    from openpyxl.utils import column_index_from_string, range_boundaries

    book = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, xlwt.XFStyle] = {}

    def style(number_format: str) -> xlwt.XFStyle:
        if number_format not in styles:
            styles[number_format] = xlwt.easyxf(num_format_str=number_format)
        return styles[number_format]

    for spec in sheets:
        sheet = book.add_sheet(spec.title)
        formats = {column_index_from_string(k) - 1: v for k, v in spec.formats.items()}
        merges = []
        for merge in spec.merges:
            min_col, min_row, max_col, max_row = range_boundaries(merge)
            merges.append((min_row - 1, max_row - 1, min_col - 1, max_col - 1))
        covered = {
            (r, c)
            for r1, r2, c1, c2 in merges
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
        }
        for r, values in enumerate(spec.rows):
            for c, value in enumerate(values):
                if value is None or (r, c) in covered:
                    continue
                number_format = formats.get(c, "General")
                if isinstance(value, datetime.date) and number_format == "General":
                    number_format = "yyyy-mm-dd"
                sheet.write(r, c, value, style(number_format))
        for r1, r2, c1, c2 in merges:
            value = spec.rows[r1][c1] if r1 < len(spec.rows) and c1 < len(spec.rows[r1]) else None
            sheet.write_merge(r1, r2, c1, c2, "" if value is None else value, style("General"))
        if spec.hidden:
            sheet.visibility = 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- what a clerk saves from a government portal -----------------------------------------------


def build_mht(
    html: str,
    charset: str = "gb2312",
    transfer: str = "quoted-printable",
    saved_by: str = "Windows Internet Explorer 8",
    parts: dict[str, str] | None = None,
    main_type: str = "text/html",
) -> bytes:
    """A "单个文件网页" (.mht, MIME HTML) as IE or WPS saves one: RFC 822 headers (From: the
    browser first, an encoded Subject), multipart/related, the page as `main_type` in
    `charset` with `transfer` encoding ("quoted-printable" or "base64"), then `parts`
    (address → HTML, e.g. Excel's sheet001.htm) the same way, and a picture."""
    import base64
    import quopri
    import uuid

    boundary = f"----=_NextPart_{uuid.uuid4().hex[:12]}"

    def part(text: str, location: str, content_type: str) -> bytes:
        body = text.encode(charset)
        if transfer == "base64":
            encoded = base64.encodebytes(body)
        else:
            encoded = quopri.encodestring(body)
        return (
            (
                f'--{boundary}\r\nContent-Type: {content_type};\r\n\tcharset="{charset}"\r\n'
                f"Content-Transfer-Encoding: {transfer}\r\nContent-Location: {location}\r\n\r\n"
            ).encode()
            + encoded.replace(b"\n", b"\r\n")
            + b"\r\n"
        )

    subject = base64.b64encode("民生实事".encode("gb18030")).decode()
    head = (
        f"From: <Saved by {saved_by}>\r\nSubject: =?gb2312?B?{subject}?=\r\n"
        "Date: Wed, 12 Feb 2025 09:30:00 +0800\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="{main_type}";\r\n\tboundary="{boundary}"\r\n'
        "X-MimeOLE: Produced By Microsoft MimeOLE\r\n\r\n"
        "This is a multi-part message in MIME format.\r\n\r\n"
    ).encode()
    body = part(html, "file:///C:/Users/clerk/Desktop/page.htm", main_type)
    for location, text in (parts or {}).items():
        body += part(text, location, "text/html")
    picture = base64.encodebytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;").replace(b"\n", b"\r\n")
    body += (
        f"--{boundary}\r\nContent-Type: image/gif\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Location: https://www.example.gov.cn/images/logo.gif\r\n\r\n"
    ).encode() + picture
    return head + body + f"--{boundary}--\r\n".encode()


def as_wps(docx: bytes) -> bytes:
    """A .docx rewritten as WPS writes its tables: no w:tblGrid, every w:tcW type="auto",
    each table wrapped in a block-level w:sdt, each paragraph's runs inside a w:smartTag,
    and merged cells across written with the old w:hMerge instead of w:gridSpan."""
    import zipfile

    from lxml import etree

    w = f"{{{W}}}"
    source = zipfile.ZipFile(io.BytesIO(docx))
    root = etree.fromstring(source.read("word/document.xml"))
    for grid in root.iter(w + "tblGrid"):
        grid.getparent().remove(grid)
    for width in root.iter(w + "tcW"):
        width.set(w + "type", "auto")
        width.set(w + "w", "0")
    for tc in list(root.iter(w + "tc")):
        properties = tc.find(w + "tcPr")
        span = properties.find(w + "gridSpan") if properties is not None else None
        if span is None:
            continue
        count = int(span.get(w + "val"))
        properties.remove(span)
        etree.SubElement(properties, w + "hMerge").set(w + "val", "restart")
        for _ in range(count - 1):
            follower = etree.Element(w + "tc")
            etree.SubElement(etree.SubElement(follower, w + "tcPr"), w + "hMerge")
            etree.SubElement(follower, w + "p")
            tc.addnext(follower)
    for p in list(root.iter(w + "p")):
        runs = [r for r in p if r.tag == w + "r"]
        if runs:
            tag = etree.Element(w + "smartTag")
            tag.set(w + "uri", "urn:schemas-microsoft-com:office:smarttags")
            tag.set(w + "element", "PersonName")
            runs[0].addprevious(tag)
            for run in runs:
                tag.append(run)
    for tbl in list(root.iter(w + "tbl")):
        if tbl.getparent().tag != w + "body":
            continue
        sdt = etree.Element(w + "sdt")
        etree.SubElement(sdt, w + "sdtPr")
        tbl.addprevious(sdt)
        etree.SubElement(sdt, w + "sdtContent").append(tbl)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif info.filename == "docProps/app.xml":
                data = data.replace(b"python-docx", b"WPS Office")
            target.writestr(info.filename, data)
    return out.getvalue()


def imported_as_interchange(data: bytes, name: str, code: str = "440700") -> dict:
    """Import `data` into the test database, return the whole interchange JSON of the
    program, then remove it again, so the next format starts from the same empty state."""
    from importers.interchange import program_to_dict
    from importers.pipeline import import_document
    from projects.models import Program, Unit

    found = program_to_dict(import_document(data, name, code).program)
    Program.objects.all().delete()
    Unit.objects.all().delete()
    return found


def saves_then_changes_nothing(data: bytes, name: str, count: int, code: str = "440700"):
    """Import `data`: `count` items are saved; importing it again changes nothing."""
    from importers.pipeline import import_document
    from projects.models import Task

    first = import_document(data, name, code)
    assert len(first.tasks_created) == count
    assert Task.objects.filter(category__program=first.program).count() == count
    assert not import_document(data, name, code).changed
