"""Recognise a file by its content and hand it to the parser for its format."""

from ..document import ImportFailed, RawDocument
from .text import parse_text

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SUPPORTED = "支持 .docx、.xlsx、.csv、.doc 和文本"


def parse_file(data: bytes, name: str, max_bytes: int | None = None) -> RawDocument:
    """Parse `data` whatever its file name claims; every failure is an ImportFailed."""
    if not data or not data.strip():
        raise ImportFailed(f"{name}：文件是空的。")
    if max_bytes is not None and len(data) > max_bytes:
        raise ImportFailed(
            f"{name}：文件大小 {len(data) / 1048576:.1f} MB，超过上限 {max_bytes / 1048576:.0f} MB。"
        )
    if data.startswith(ZIP_MAGIC):
        return _parse_office(data, name)
    if data.startswith(OLE2_MAGIC):
        from .doc import parse_doc

        return parse_doc(data, name)
    if data.startswith(b"%PDF") or b"\x00" in data[:4096]:
        raise ImportFailed(f"{name}：不是可导入的文件类型（{SUPPORTED}）。")
    return parse_text(data, name)


def _parse_office(data: bytes, name: str) -> RawDocument:
    import io
    import zipfile

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile as exc:
        raise ImportFailed(f"{name}：文件已损坏或不是有效的 Word/Excel 文件。") from exc
    if "word/document.xml" in names:
        from .docx import parse_docx

        return parse_docx(data, name)
    if "xl/workbook.xml" in names:
        from .xlsx import parse_xlsx

        return parse_xlsx(data, name)
    raise ImportFailed(f"{name}：压缩包不是 Word 或 Excel 文件（{SUPPORTED}）。")
