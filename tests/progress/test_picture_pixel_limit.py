"""Pictures are refused by their size in pixels, read from the header, before decoding.

A 657 KB PNG of 13000×13000 pixels once took a worker from 140 MB to 773 MB, and one of
20000×20000 made Pillow raise DecompressionBombError (a 500). The PNGs here are real ones,
1 bit a pixel and all black, so they compress to a few kilobytes.
"""

import io
import struct
import zlib

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image, PngImagePlugin

from progress.evidence import check
from progress.models import Attachment, Report

from .conftest import report_post

APRIL_15 = "2024-04-15 10:00 +0800"


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def black_png(width: int, height: int) -> bytes:
    """A valid 1-bit greyscale PNG, compressed row by row (never held whole in memory)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then the packed pixels
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header claims another size."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 20, 30)).save(buffer, format="JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


BIG = black_png(13000, 13000)
BOMB = black_png(20000, 20000)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        check(name, data)
    return " ".join(caught.value.messages)


def test_the_test_pictures_are_small_files_declaring_many_pixels():
    assert len(BIG) < 100_000 and len(BOMB) < 200_000
    # Pillow's PNG reader, without Image.open's decompression-bomb warning.
    with PngImagePlugin.PngImageFile(io.BytesIO(BIG)) as image:
        assert image.size == (13000, 13000)


def test_a_13000_pixel_square_png_is_refused_naming_its_size():
    assert refusal("航拍.png", BIG) == (
        "“航拍.png”的尺寸太大（13000×13000 像素），单张图片不能超过 40,000,000 像素。"
        "请缩小后再上传。"
    )


def test_a_decompression_bomb_is_refused_not_a_server_error():
    assert "“炸弹.png”的尺寸太大（20000×20000 像素）" in refusal("炸弹.png", BOMB)


def test_a_jpeg_whose_header_claims_too_many_pixels_is_refused():
    assert "（9000×9000 像素）" in refusal("现场.jpg", jpeg_claiming(9000, 9000))


def test_the_limit_is_a_setting_and_a_picture_exactly_at_it_passes(settings):
    settings.EVIDENCE_MAX_PIXELS = 640 * 480
    assert check("exact.png", black_png(640, 480)).extension == "png"
    assert "（641×480 像素）" in refusal("wide.png", black_png(641, 480))
    assert "不能超过 307,200 像素" in refusal("wide.png", black_png(641, 480))


@time_machine.travel(APRIL_15, tick=False)
def test_an_oversize_picture_uploaded_to_a_report_shows_the_error_and_stores_nothing(
    client, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.lead)
    client.post(
        reverse("progress:report", kwargs={"pk": world.task_a.pk, "period": "2024-03"}),
        report_post({}),
    )
    report = Report.objects.get()
    url = reverse("progress:attach", kwargs={"pk": report.pk})
    for name, data, size in (("航拍.png", BIG, "13000×13000"), ("炸弹.png", BOMB, "20000×20000")):
        response = client.post(url, {"file": SimpleUploadedFile(name, data)}, follow=True)
        assert response.status_code == 200
        assert f"“{name}”的尺寸太大（{size} 像素）" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))
