"""A single-file web page (.mht, .mhtml: "单个文件网页") as Internet Explorer, WPS or Excel
saves one: a MIME message (RFC 822 headers, multipart/related) whose parts are the page,
its pictures and, for a workbook, one page per sheet. The HTML parts are read by the HTML
parser, each in its own charset and transfer encoding (quoted-printable or base64)."""

import email
import email.policy
import re

from ..document import ImportFailed, RawDocument
from .html import html_blocks, html_document

# The first lines of a saved page: RFC 822 headers, one of them MIME-Version.
HEADER_LINE_RE = re.compile(rb"[A-Za-z][A-Za-z0-9-]*:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*\r?\n")


def looks_like_mht(data: bytes) -> bool:
    """Headers from the first line ("From: <由 Windows Internet Explorer 保存>",
    "MIME-Version: 1.0") naming MIME-Version and a multipart or HTML content type."""
    head, at, names = data.lstrip(b"\xef\xbb\xbf\r\n\t "), 0, set()
    while at < min(len(head), 8192):
        match = HEADER_LINE_RE.match(head, at)
        if not match:
            break
        names.add(match.group(0).split(b":", 1)[0].strip().lower())
        at = match.end()
    return b"mime-version" in names and b"content-type" in names


def parse_mht(data: bytes, name: str) -> RawDocument:
    """The tables of every HTML part in order: the page, or each sheet of a workbook (the
    frame page naming the sheets has none)."""
    message = email.message_from_bytes(
        data.lstrip(b"\xef\xbb\xbf\r\n\t "), policy=email.policy.compat32
    )
    pages = [part for part in message.walk() if part.get_content_type() == "text/html"]
    if not pages:
        raise ImportFailed(f"{name}：单个文件网页（.mht）中没有网页内容。")
    html = [_text(part) for part in pages]
    with_tables = [text for text in html if re.search(r"<table[\s>]", text, re.IGNORECASE)]
    return html_document(
        name, [block for text in with_tables or html[:1] for block in html_blocks(text)]
    )


def _text(part) -> str:
    """A part's HTML, decoded from its transfer encoding and its charset (the part's, else
    the page's own meta charset, else UTF-8 or GB18030)."""
    from .html import decode_html

    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset()
    if charset:
        if charset.lower() in ("gb2312", "gbk", "x-gbk", "cp936"):
            charset = "gb18030"
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_html(payload, "")
