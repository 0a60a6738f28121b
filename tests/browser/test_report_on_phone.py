"""A unit reporter files a monthly report on a phone-sized screen, in headless Chromium."""

import pytest
from PIL import Image

from progress.choices import ReportState
from progress.models import Report
from tests.progress.conftest import PASSWORD, world  # noqa: F401 - the personas fixture

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    yield page
    context.close()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.django_db(transaction=True)
def test_reporter_files_a_report_on_a_phone(phone, live_server, world):  # noqa: F811
    page = phone
    page.goto(f"{live_server.url}/work/")
    assert "需要登录" in page.locator("main").inner_text()  # 403 page with a login link
    page.get_by_role("link", name="登录").last.click()
    page.fill("#id_username", "civil-reporter")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.wait_for_url("**/work/")
    assert "新增就业6000人以上" in page.locator("main").inner_text()
    assert fits_the_screen(page)
    page.get_by_role("link", name="新增就业6000人以上。").click()
    page.get_by_role("link", name="2024年3月", exact=True).click()

    page.wait_for_url("**/reports/2024-03/")
    page.fill("#id_narrative", "一季度新增就业1800人，就业补贴已发放。")
    page.fill("#id_figure", "1800")
    page.get_by_role("radio", name="已完成").first.check()
    page.fill(f"#id_m{world.march.pk}-done_on", "2024-03-28")
    assert fits_the_screen(page)
    page.screenshot(path=_artifact("report-form-phone"), full_page=True)
    page.get_by_label("我已核对以上内容，确认提交。").check()
    page.get_by_role("button", name="提交审核").click()

    page.wait_for_url(f"**/work/tasks/{world.task_a.pk}/")
    assert "报告已提交" in page.locator("main").inner_text()
    page.screenshot(path=_artifact("task-after-submit-phone"), full_page=True)
    report = Report.objects.get(task=world.task_a, period="2024-03")
    assert report.state == ReportState.SUBMITTED
    assert report.figure == 1800
    assert report.milestone_updates.get().done_on.isoformat() == "2024-03-28"


@pytest.mark.django_db(transaction=True)
def test_a_photo_uploaded_midway_keeps_the_narrative_then_submit_confirms(
    phone, live_server, world, settings, tmp_path  # noqa: F811
):
    settings.MEDIA_ROOT = tmp_path
    picture = tmp_path / "现场照片.png"
    Image.new("RGB", (60, 40), (30, 160, 90)).save(picture, format="PNG")
    page = phone
    page.goto(f"{live_server.url}/accounts/login/?next=/work/tasks/{world.task_a.pk}/reports/2024-03/")
    page.fill("#id_username", "civil-reporter")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/reports/2024-03/")

    narrative = "一季度新增就业1800人，招聘会现场照片见附件。"
    page.fill("#id_narrative", narrative)
    page.fill("#id_figure", "1800")
    page.get_by_role("radio", name="已完成").first.check()
    page.fill(f"#id_m{world.march.pk}-done_on", "2024-03-28")
    page.set_input_files("#id_evidence", str(picture))
    page.screenshot(path=_artifact("upload-midway-phone-before"), full_page=True)
    page.get_by_role("button", name="上传（同时保存草稿）").click()

    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "已上传“现场照片.png”" in main
    assert page.input_value("#id_narrative") == narrative  # nothing typed was lost
    assert page.input_value("#id_figure") == "1800"
    assert page.get_by_role("link", name="现场照片.png").is_visible()
    assert fits_the_screen(page)
    page.screenshot(path=_artifact("upload-midway-phone-after"), full_page=True)

    page.get_by_role("button", name="提交审核").click()  # without the tick: refused, kept
    page.wait_for_load_state()
    assert "提交前请勾选" in page.locator("main").inner_text()
    assert Report.objects.get().state == ReportState.DRAFT
    page.get_by_label("我已核对以上内容，确认提交。").check()
    page.screenshot(path=_artifact("submit-confirm-phone"), full_page=True)
    page.get_by_role("button", name="提交审核").click()

    page.wait_for_url(f"**/work/tasks/{world.task_a.pk}/")
    assert "报告已提交" in page.locator("main").inner_text()
    report = Report.objects.get()
    assert report.state == ReportState.SUBMITTED
    assert report.narrative == narrative
    assert [a.original_name for a in report.attachments.all()] == ["现场照片.png"]


@pytest.mark.django_db(transaction=True)
def test_behind_milestone_asks_for_reason_and_remedy_on_a_phone(phone, live_server, world):  # noqa: F811
    page = phone
    page.goto(f"{live_server.url}/accounts/login/?next=/work/tasks/{world.task_a.pk}/reports/2024-03/")
    page.fill("#id_username", "civil-reporter")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/reports/2024-03/")
    reason = page.locator(f"#id_m{world.march.pk}-reason")
    assert not reason.is_visible()  # shown only once "滞后" is chosen
    page.get_by_role("radio", name="滞后").check()
    assert reason.is_visible()
    page.get_by_role("button", name="保存草稿", exact=True).click()
    assert "滞后的节点请说明原因" in page.locator("main").inner_text()
    assert not Report.objects.exists()


def _artifact(name):
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return str(ARTIFACTS / f"{name}.png")
