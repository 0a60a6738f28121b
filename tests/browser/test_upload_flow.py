"""The office uploads a plan, reads the preview, confirms: through a real browser."""

import pytest

from projects.models import Program, Task
from tests.conftest import seed_path


@pytest.fixture
def office_user(django_user_model):
    return django_user_model.objects.create_superuser(
        "office", "office@example.invalid", "pw-office-1"
    )


def log_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/?next=/imports/new/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "pw-office-1")
    page.click("input[type=submit]")


@pytest.mark.django_db(transaction=True)
def test_upload_preview_confirm(page, live_server, office_user, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    log_in(page, live_server)
    page.set_input_files("input[type=file]", str(seed_path("004")))
    page.get_by_role("button", name="上传并预览").click()

    page.wait_for_url("**/preview/")
    body = page.locator("body")
    assert "开平市" in body.inner_text()
    assert "2024年开平市十件民生实事项目" in body.inner_text()
    assert page.locator("table.tasks tbody tr").count() >= 25
    screenshot("upload-preview")
    assert Program.objects.count() == 0  # nothing is written before confirmation

    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url("**/result/")
    assert "导入完成" in page.locator("body").inner_text()
    screenshot("upload-result")
    program = Program.objects.get(jurisdiction__code="440783", year=2024)
    assert Task.objects.filter(program=program).count() == 25


@pytest.mark.django_db(transaction=True)
def test_upload_of_a_picture_shows_a_clear_message(
    page, live_server, office_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    picture = tmp_path / "plan.docx"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    log_in(page, live_server)
    page.set_input_files("input[type=file]", str(picture))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state()
    text = page.locator("body").inner_text()
    assert "Server Error" not in text
    assert "文件" in text and ("不是" in text or "损坏" in text)
    assert Program.objects.count() == 0
