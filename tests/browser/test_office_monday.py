"""开平's office on a Monday at 1366 px: the dashboard in one screen, two items chased up at
once (back at the same list), the March 通报 drafted, issued and downloaded as Word."""

import io

import docx
import pytest
import time_machine
from django.core import mail

from projects.models import Task
from tests.progress.conftest import PASSWORD, world  # noqa: F401 - the personas fixture


@pytest.mark.django_db(transaction=True)
def test_the_offices_monday(page, live_server, world, screenshot, settings):  # noqa: F811
    # A Monday of the plan's year (a year takes no reports after 31 January of the next).
    # The browser keeps today's clock: cookies without an expiry date, or it would drop them.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    traveller = time_machine.travel("2024-05-06 09:00 +0800", tick=True)
    traveller.start()
    try:
        monday(page, live_server, screenshot)
    finally:
        traveller.stop()


def monday(page, live_server, screenshot):
    for task in Task.objects.all():
        task.refresh_state()  # by the calendar: both of 2024's items owe their reports
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/?next=/office/%3Fyear%3D2024")
    page.fill("#id_username", "kp-office")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/office/?year=2024")

    # The tables use the screen's width, and the summaries come before the lists.
    assert page.locator("main").bounding_box()["width"] > 1250
    unit_top = page.locator("#unit-heading").bounding_box()["y"]
    assert unit_top < page.locator("#overdue-heading").bounding_box()["y"]
    # Short cells keep their words on one line: the 催办 button is one line high.
    button = page.locator("#missing-heading ~ table button", has_text="催办").first
    assert button.bounding_box()["height"] < 40
    screenshot("office-monday-dashboard")

    # Printing leaves out the filters and the buttons.
    page.emulate_media(media="print")
    assert not page.locator("form.filters").is_visible()
    assert not button.is_visible()
    screenshot("office-monday-print")
    page.emulate_media(media="screen")

    # Tick both items owing a report and chase them up in one go.
    boxes = page.locator("input[type=checkbox][form=bulk-missing]")
    assert boxes.count() == 2
    for index in range(2):
        boxes.nth(index).check()
    page.locator("#bulk-missing").get_by_role("button", name="催办选中的项目").click()
    page.wait_for_url("**/office/?year=2024#missing-heading")
    assert "已向市民政局发送催办提醒" in page.locator("body").inner_text()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "civil-reporter@example.invalid", "education-reporter@example.invalid",
    ]

    # The monthly 通报: drafted from the figures, edited, issued, downloaded.
    page.get_by_role("link", name="月度通报").click()
    page.select_option("#month", "2024-03")
    page.get_by_role("button", name="生成通报").click()
    page.wait_for_selector("#id_closing")
    page.fill("#id_closing", "请各单位于4月20日前补报。")
    page.get_by_role("button", name="印发").click()
    page.wait_for_selector("#bulletin-docx")
    screenshot("office-monday-bulletin")
    with page.expect_download() as download:
        page.click("#bulletin-docx")
    document = docx.Document(io.BytesIO(open(download.value.path(), "rb").read()))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[:3] == [
        "开平市民生实事督查通报", "2024年第1期", "关于2024年3月开平市民生实事推进情况的通报",
    ]
    assert "请各单位于4月20日前补报。" in paragraphs
