"""Issue 12 in the browser, at 375 and 1280 pixels: the program page tells the truth at a
glance (label, honest counts, status counts that filter, one line per item), prints as a
document, and search shows why; axe-core stays clean. Screenshots in test-artifacts/."""

import re

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_public_portal import SIZES, _artifact, axe_violations


@pytest.fixture
def seeds(import_seed):
    import_seed("000").program.publish()  # 江门 2019: 37 declared, 36 in the document
    import_seed("002").program.publish()  # 江门 2021: a plan, nothing reported


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.django_db(transaction=True)
def test_a_program_reads_at_a_glance_filters_expands_and_prints(browser, live_server, seeds, size):
    context = browser.new_context(
        viewport=SIZES[size], locale="zh-CN", is_mobile=size == "phone", bypass_csp=True
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/440700/2019/")
        main = page.locator("main")
        assert "计划共37项，公布36项（原文缺第22项）" in main.inner_text()
        assert "已完成36项，占计划37项的97%" in main.inner_text()
        assert axe_violations(page) == []
        height = page.evaluate("document.documentElement.scrollHeight")
        print(f"\n2019 program page height at {size}: {height}px")
        page.screenshot(path=_artifact(f"issue12-program-2019-{size}"), full_page=True)
        if size == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= SIZES["phone"]["width"]
        first = page.locator("details.item__details").first
        assert not first.locator(".item__body").is_visible()
        first.locator("summary").click()
        assert first.locator(".item__body").is_visible()
        assert "完成情况（截至2019年12月31日）" in first.inner_text()
        page.screenshot(path=_artifact(f"issue12-program-2019-open-{size}"), full_page=False)
        page.emulate_media(media="print")
        assert page.locator(".print-source").is_visible()
        assert not page.locator(".status-summary").is_visible()
        page.screenshot(path=_artifact(f"issue12-program-2019-print-{size}"), full_page=True)
        page.emulate_media(media="screen")

        page.goto(live_server.url + "/440700/2021/")
        text = page.locator("main").inner_text()
        assert "年度计划" in text and "暂无进展数据" in text
        assert "（0%）" not in text
        assert page.locator(".status--not_started, .status--behind").count() == 0
        page.get_by_role("link", name="暂无进展数据 25").click()
        page.wait_for_url("**/440700/2021/?status=no_data#items")
        assert axe_violations(page) == []
        page.screenshot(path=_artifact(f"issue12-program-2021-{size}"), full_page=True)
        pdf_pages = None
        if size == "desktop":
            paper = context.new_page()
            paper.goto(live_server.url + "/440700/2021/")
            pdf = paper.pdf(format="A4")  # the print stylesheet sets margins and page numbers
            pdf_pages = int(re.search(rb"/Count (\d+)", pdf).group(1))
            (ARTIFACTS / "issue12-program-2021.pdf").write_bytes(pdf)
            print(f"2021 program (25 items) prints on {pdf_pages} A4 pages")
            assert pdf_pages <= 6

        page.goto(live_server.url + "/search/?q=学校")
        assert page.locator(".result__snippet mark").first.inner_text() == "学校"
        assert axe_violations(page) == []
        page.screenshot(path=_artifact(f"issue12-search-{size}"), full_page=True)
    finally:
        context.close()
