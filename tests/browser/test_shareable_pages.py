"""Issue 12, item 7 in the browser, at 375 and 1280 pixels: 近期更新 lists approved progress,
an item page shows its QR code (drawn by the server, and it loads), and the language
switcher leads from a Chinese page to its shareable English address under /en/. axe-core
stays clean on each; screenshots in test-artifacts/."""

import pytest

from tests.browser.test_public_portal import SIZES, _artifact, axe_violations, publish_with_progress
from tests.progress.conftest import world  # noqa: F401 - the personas fixture


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.django_db(transaction=True)
def test_updates_the_item_qr_code_and_the_english_link_can_be_shared(
    browser, live_server, world, size  # noqa: F811
):
    publish_with_progress(world)  # 开平 2024 item 1: March progress approved, program published
    context = browser.new_context(
        viewport=SIZES[size], locale="zh-CN", is_mobile=size == "phone", bypass_csp=True
    )
    page = context.new_page()
    outside = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    try:
        page.goto(live_server.url + "/updates/")
        main = page.locator("main")
        assert main.locator("h1").inner_text() == "近期更新"
        assert "新批准的进展" in main.inner_text()
        assert "一季度新增就业1800人。" in main.inner_text()
        feed = page.locator('link[rel="alternate"][type="application/atom+xml"]')
        assert feed.get_attribute("href") == "/updates/feed/"
        assert axe_violations(page) == []
        if size == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= SIZES["phone"]["width"]
        page.screenshot(path=_artifact(f"issue12-updates-{size}"), full_page=True)

        page.locator(".update__title a").first.click()
        page.wait_for_url("**/440783/2024/1/")
        qr = page.get_by_role("img", name="本页二维码")
        qr.scroll_into_view_if_needed()
        qr.evaluate("img => img.decode()")  # resolves once the SVG has loaded and drawn
        assert qr.evaluate("img => img.complete && img.naturalWidth") > 0
        assert qr.get_attribute("src") == "/440783/2024/1/qr.svg"
        assert "扫码查看本项目" in page.locator("main").inner_text()
        assert axe_violations(page) == []
        page.screenshot(path=_artifact(f"issue12-item-qr-{size}"), full_page=True)

        page.goto(live_server.url + "/440783/2024/")
        assert "2024年开平市十件民生实事项目" in page.locator("main").inner_text()
        page.locator("#language-select").select_option("en")
        page.locator(".language-switcher").get_by_role("button", name="切换").click()
        page.wait_for_url(live_server.url + "/en/440783/2024/")
        assert page.locator("html").get_attribute("lang") == "en"
        text = page.locator("main").inner_text()
        assert "Kaiping Livelihood Projects 2024" in text
        assert "2024年开平市十件民生实事项目" not in text
        assert axe_violations(page) == []
        if size == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= SIZES["phone"]["width"]
        page.screenshot(path=_artifact(f"issue12-program-english-{size}"), full_page=True)
        assert outside == []
    finally:
        context.close()
