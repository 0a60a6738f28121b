"""Evidence files are judged by their bytes, not their names."""

import io
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from PIL import Image

from progress.evidence import DOCX, OLE_MAGIC, Evidence, check


@pytest.fixture(autouse=True)
def chinese():
    """The messages are asserted in the site's own language, whatever another test activated."""
    with translation.override("zh-hans"):
        yield


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("实施方案已印发。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_like_bytes() -> bytes:
    """A ZIP that is an Office file, but not a Word one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><h1>Not a PDF</h1></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        check(name, data)
    assert len(caught.value.messages) == 1
    return caught.value.messages[0]


@pytest.mark.parametrize(
    "name, data, extension, content_type",
    [
        ("photo.png", PNG, "png", "image/png"),
        ("photo.jpg", JPEG, "jpg", "image/jpeg"),
        ("photo.jpeg", JPEG, "jpg", "image/jpeg"),
        ("photo.JPG", JPEG, "jpg", "image/jpeg"),
        ("方案.pdf", PDF, "pdf", "application/pdf"),
        ("report.docx", docx_bytes(), "docx", DOCX),
        ("report.doc", OLE_MAGIC + b"\x00" * 504, "doc", "application/msword"),
    ],
)
def test_an_accepted_file_passes_with_its_extension_and_content_type(
    name, data, extension, content_type
):
    assert check(name, data) == Evidence(extension=extension, content_type=content_type)


def test_an_uppercase_extension_is_read_in_lowercase():
    assert check("SCAN.PDF", PDF).extension == "pdf"


def test_an_oversize_file_is_refused_with_its_name_and_the_limit(settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    message = refusal("big.pdf", PDF + b"\x00" * 1000)
    assert "“big.pdf”太大" in message
    assert filesizeformat(1000) in message


def test_a_file_exactly_at_the_limit_is_accepted(settings):
    settings.EVIDENCE_MAX_BYTES = len(PDF)
    assert check("exact.pdf", PDF).extension == "pdf"


def test_an_empty_file_is_refused():
    assert refusal("empty.pdf", b"") == "“empty.pdf”是空文件。"


def test_an_html_page_named_as_a_pdf_is_refused():
    message = refusal("report.pdf", HTML)
    assert "“report.pdf”的内容与文件名不符" in message
    assert ".pdf" in message


def test_a_windows_executable_named_as_a_photo_is_refused():
    assert "内容与文件名不符" in refusal("photo.jpg", EXE)


def test_a_png_named_as_a_jpeg_is_refused():
    assert "内容与文件名不符" in refusal("photo.jpg", PNG)


def test_a_zip_without_a_word_document_named_as_docx_is_refused():
    assert "内容与文件名不符" in refusal("x.docx", xlsx_like_bytes())


def test_a_broken_zip_named_as_docx_is_refused():
    assert "内容与文件名不符" in refusal("x.docx", b"PK\x03\x04" + b"garbage" * 10)


def test_a_docx_renamed_to_doc_is_refused():
    assert "内容与文件名不符" in refusal("report.doc", docx_bytes())


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "README", "archive.zip"])
def test_an_unsupported_type_is_refused_with_the_list_of_accepted_types(name):
    message = refusal(name, PDF)
    assert f"“{name}”的类型不受支持" in message
    assert "只接受" in message


def test_a_png_with_a_valid_signature_and_garbage_after_is_refused():
    message = refusal("photo.png", PNG[:8] + b"garbage" * 20)
    assert message == "“photo.png”不是完整的图片，可能已损坏。"


def test_a_png_cut_in_half_is_refused():
    assert "不是完整的图片" in refusal("photo.png", PNG[: len(PNG) // 2])


def test_a_jpeg_with_only_a_signature_is_refused():
    assert "不是完整的图片" in refusal("photo.jpg", b"\xff\xd8\xff" + b"x" * 50)


def test_a_real_photo_cut_off_halfway_is_refused():
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 64).convert("RGB").save(buffer, format="JPEG")
    photo = buffer.getvalue()
    assert "不是完整的图片" in refusal("photo.jpg", photo[: len(photo) // 2])
