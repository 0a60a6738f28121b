"""Recognise a file by its content and hand it to the parser for its format.

The file name is never trusted: a .docx renamed to .txt is read as .docx, and a picture
renamed to .docx is refused with a message instead of a library's traceback.
"""

import io
import re
import zipfile

from ..document import ImportFailed, RawDocument
from .text import COMMA, decode, is_metadata, parse_text, sniff_layout

ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SUPPORTED = "支持 .docx、.xlsx、.xls、.csv、.doc、网页和文本"
# Formats people upload by mistake, recognised by their first bytes.
BINARY_MAGICS = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
)
HTML, SPREADSHEET_XML = "html", "spreadsheet-xml"
# What an HTML page or fragment starts with, after an XML declaration and comments.
HTML_STARTS = (
    "<!doctype html",
    "<html",
    "<head",
    "<body",
    "<meta",
    "<table",
    "<title",
    "<style",
)
# A fragment of a page: a paragraph, heading or division before its table.
FRAGMENT_START_RE = re.compile(r"<(?:p|div|h[1-6]|center|span|font|b|strong)[\s>]")
MARKUP_PROLOGUE_RE = re.compile(r"^(?:\s+|<\?xml[^>]*>|<!--.*?-->)*", re.DOTALL)
# A zip holds at most this much once expanded: a guard against zip bombs.
MAX_EXPANDED_BYTES = 300 * 1024 * 1024


def parse_file(data: bytes, name: str, max_bytes: int | None = None) -> RawDocument:
    """Parse `data` whatever its file name claims; every failure is an ImportFailed.

    Zip with word/ → .docx, zip with xl/ → .xlsx, OLE2 → old .doc (via LibreOffice) or
    .xls, a single-file web page (.mht) → the tables of its HTML parts, HTML (a web page, or an ".xls" that is an HTML table) → its tables, Excel's XML
    spreadsheet → its sheets, text with TAB cells → the text layouts, text with comma
    cells → CSV.
    """
    if not data or not data.strip():
        raise ImportFailed(f"{name}：文件是空的。")
    if max_bytes is not None and len(data) > max_bytes:
        raise ImportFailed(
            f"{name}：文件大小 {len(data) / 1048576:.1f} MB，超过上限 {max_bytes / 1048576:g} MB。"
        )
    try:
        return _dispatch(data, name)
    except ImportFailed:
        raise
    except Exception as exc:  # a library's own exception must reach the user as a message
        raise ImportFailed(
            f"{name}：无法读取文件（{type(exc).__name__}: {str(exc)[:200]}）。"
        ) from exc


def _dispatch(data: bytes, name: str) -> RawDocument:
    if data.startswith(ZIP_MAGICS):
        return _parse_zip(data, name)
    if data.startswith(OLE2_MAGIC):
        return _parse_ole(data, name)
    for magic, label in BINARY_MAGICS:
        if data.startswith(magic):
            raise ImportFailed(f"{name}：这是{label}，不是可导入的文件类型（{SUPPORTED}）。")
    if data.startswith(b"{\\rtf"):
        raise ImportFailed(f"{name}：这是 RTF 文档，请在 Word 中另存为 .docx 后再上传。")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" is UTF-16 with TAB cells.
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportFailed(f"{name}：无法识别文件编码，请另存为 UTF-8 文本。") from exc
    if b"\x00" in data[:4096]:
        raise _not_supported(name)
    from .mht import looks_like_mht, parse_mht

    if looks_like_mht(data):
        return parse_mht(data, name)
    text = decode(data, name)
    if _is_binary(text):
        raise _not_supported(name)
    head = text.lstrip("\ufeff \t\r\n")[:2000].lower()
    markup = _markup(head, text)
    if markup == HTML:
        from .html import parse_html

        return parse_html(data, name)
    if markup == SPREADSHEET_XML:
        from .spreadsheetml import parse_spreadsheet_xml

        return parse_spreadsheet_xml(data, name)
    if markup is not None:
        raise ImportFailed(f"{name}：{markup}")
    from .delimited import looks_like_csv, parse_delimited

    if sum(1 for line in text.splitlines() if "\t" in line) >= 2:
        return parse_text(data, name)
    # The header line tells pipe, comma and space tables apart, whatever the cells hold.
    layout, _ = sniff_layout(text.splitlines())
    if layout == COMMA:
        return parse_delimited(data, name)
    if layout is not None:
        return parse_text(data, name)
    if looks_like_csv(text):
        return parse_delimited(data, name)
    return parse_text(data, name)


def _parse_zip(data: bytes, name: str) -> RawDocument:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise _corrupt(name) from exc
    names = {info.filename for info in infos}
    if sum(info.file_size for info in infos) > MAX_EXPANDED_BYTES:
        raise ImportFailed(f"{name}：文件解压后过大，无法导入。")
    if "word/document.xml" in names or any(n.startswith("word/") for n in names):
        from .docx import parse_docx
        from .listing import looks_like_list, parse_list

        document = parse_docx(data, name)
        if not document.tables and looks_like_list(document.paragraphs):
            # A programme written as a numbered list of paragraphs, with no table.
            return parse_list(document.paragraphs, name, is_metadata)
        return document
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        from .xlsx import parse_xlsx

        return parse_xlsx(data, name)
    if "mimetype" in names and "content.xml" in names:
        raise ImportFailed(
            f"{name}：这是 OpenDocument（WPS / LibreOffice）文件，请另存为 .docx 或 .xlsx 后再上传。"
        )
    raise ImportFailed(
        f"{name}：压缩包里不是 Word 或 Excel 文件，不是可导入的文件类型（{SUPPORTED}）。"
    )


def _parse_ole(data: bytes, name: str) -> RawDocument:
    """Old Office files share one container; the names of its streams tell them apart."""

    def has_stream(stream: str) -> bool:
        return stream.encode("utf-16-le") in data

    if has_stream("EncryptedPackage"):
        raise ImportFailed(f"{name}：文件设置了打开密码，请取消密码后再上传。")
    if has_stream("WordDocument"):
        from .doc import parse_doc

        return parse_doc(data, name)
    if has_stream("Workbook") or has_stream("Book"):
        from .xls import parse_xls

        return parse_xls(data, name)
    raise ImportFailed(
        f"{name}：这是旧版 Office 文件，但不是 Word 文档或 Excel 工作簿（也可能文件已损坏），"
        f"不是可导入的文件类型（{SUPPORTED}）。"
    )


def _markup(head: str, text: str) -> str | None:
    """HTML, SPREADSHEET_XML, the reason a markup file is refused, or None for text.

    `head` is the file's first characters, lower case. An office system's ".xls" is often
    an HTML table; a page fragment opening with a paragraph is HTML when it holds a table,
    but a text table whose cells hold "<p>" fragments is not."""
    start = MARKUP_PROLOGUE_RE.sub("", head)
    if head.startswith("<?xml") and "mso-application" in head:
        if 'progid="excel.sheet"' in head or "office:spreadsheet" in head:
            return SPREADSHEET_XML
        return "这是 XML 格式的 Word 文档，请在 Word 中另存为 .docx 后再上传。"
    if start.startswith(HTML_STARTS) or (
        FRAGMENT_START_RE.match(start) and "<table" in text.lower() and "<td" in text.lower()
    ):
        return HTML
    return None


def _is_binary(text: str) -> bool:
    """Control characters other than TAB and line breaks mean a binary file that happened
    to decode (GB18030 accepts most byte sequences)."""
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls > max(2, len(sample) // 100)


def _not_supported(name: str) -> ImportFailed:
    return ImportFailed(f"{name}：不是可导入的文件类型（{SUPPORTED}）。")


def _corrupt(name: str) -> ImportFailed:
    return ImportFailed(f"{name}：文件已损坏或不是有效的 Word/Excel 文件。")
