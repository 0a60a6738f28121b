"""Checks on evidence files: what a file *is*, read from its bytes, not from its name.

A photo renamed from .exe, an HTML page called report.pdf, a Word file that is not one: all
are refused with a message that says why. Images are opened with Pillow to prove they are
images, after their header has shown a sensible size in pixels; a .docx must be a ZIP
holding word/document.xml.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, JpegImagePlugin, PngImagePlugin, UnidentifiedImageError

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# extension → (kind, content type)
ACCEPTED = {
    "jpg": ("jpeg", "image/jpeg"),
    "jpeg": ("jpeg", "image/jpeg"),
    "png": ("png", "image/png"),
    "pdf": ("pdf", "application/pdf"),
    "docx": ("docx", DOCX),
    "doc": ("doc", "application/msword"),
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The plugin classes read the header only: no decoding, and no decompression-bomb check
# (Image.open's check raises before the size can be named in the message).
HEADER_READERS = {"jpeg": JpegImagePlugin.JpegImageFile, "png": PngImagePlugin.PngImageFile}


@dataclass(frozen=True)
class Evidence:
    extension: str
    content_type: str


def sniff(data: bytes) -> str | None:
    """The kind of file the bytes are, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(OLE_MAGIC):
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return None
    return None


def check(name: str, data: bytes) -> Evidence:
    """Accept a photo, PDF or Word file within the size limit, or raise ValidationError."""
    limit = settings.EVIDENCE_MAX_BYTES
    if len(data) > limit:
        raise ValidationError(
            _("“%(name)s”太大（%(size)s），单个文件不能超过 %(limit)s。")
            % {"name": name, "size": filesizeformat(len(data)), "limit": filesizeformat(limit)}
        )
    if not data:
        raise ValidationError(_("“%(name)s”是空文件。") % {"name": name})
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ACCEPTED:
        raise ValidationError(
            _("“%(name)s”的类型不受支持：只接受照片（JPG、PNG）、PDF 和 Word（DOC、DOCX）文件。")
            % {"name": name}
        )
    kind, content_type = ACCEPTED[extension]
    actual = sniff(data)
    if actual != kind:
        raise ValidationError(
            _("“%(name)s”的内容与文件名不符：名为 .%(ext)s，内容却不是这种文件。请上传原始文件。")
            % {"name": name, "ext": extension}
        )
    if kind in ("jpeg", "png"):
        check_pixels(name, kind, data)
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
            # verify() reads headers only; decoding the pixels catches a cut-off photo.
            with Image.open(io.BytesIO(data)) as image:
                image.load()
        except Image.DecompressionBombError as exc:
            # Only when EVIDENCE_MAX_PIXELS is set above Pillow's own limit.
            raise ValidationError(
                _("“%(name)s”的像素太多，无法处理。请缩小后再上传。") % {"name": name}
            ) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise _broken(name) from exc
    return Evidence(extension="jpg" if kind == "jpeg" else extension, content_type=content_type)


def check_pixels(name: str, kind: str, data: bytes) -> None:
    """Refuse a picture whose header declares more than EVIDENCE_MAX_PIXELS, before any
    pixel is decoded: a few hundred kilobytes of PNG can unpack to gigabytes."""
    try:
        with HEADER_READERS[kind](io.BytesIO(data)) as header:
            width, height = header.size
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _broken(name) from exc
    limit = settings.EVIDENCE_MAX_PIXELS
    if width * height > limit:
        raise ValidationError(
            _(
                "“%(name)s”的尺寸太大（%(width)s×%(height)s 像素），单张图片不能超过 "
                "%(limit)s 像素。请缩小后再上传。"
            )
            % {"name": name, "width": width, "height": height, "limit": f"{limit:,}"}
        )


def _broken(name: str) -> ValidationError:
    return ValidationError(_("“%(name)s”不是完整的图片，可能已损坏。") % {"name": name})
