"""A citizen finds an item, reads its progress and downloads the report: desktop and phone,
with an automated accessibility check (axe-core, vendored) on every public page."""

import datetime
from pathlib import Path

import pytest

from minsheng.lib.periods import Period
from progress import workflow
from progress.choices import MilestoneProgressState
from tests.progress.conftest import world  # noqa: F401 - the personas fixture

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}


def axe_violations(page) -> list[str]:
    """Serious and critical WCAG 2 A/AA violations on the page, one line each."""
    page.add_script_tag(content=AXE)
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: "tag",
            values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})"""
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}): {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def publish_with_progress(people):
    updates = [
        {"milestone": people.march, "state": MilestoneProgressState.DONE,
         "done_on": datetime.date(2024, 3, 28), "reason": "", "remedy": ""}
    ]
    report = workflow.save_report(
        people.task_a, Period(2024, 3), people.lead, narrative="一季度新增就业1800人。",
        figure=1800, declares_complete=False, updates=updates, version=None,
    )
    workflow.submit(report, people.lead)
    workflow.approve(report, people.supervisor)
    people.program.publish()


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.django_db(transaction=True)
def test_citizen_finds_an_item_and_reads_its_progress(browser, live_server, world, size):  # noqa: F811
    publish_with_progress(world)
    # bypass_csp only so the test can inject axe-core; the pages themselves keep their CSP.
    context = browser.new_context(
        viewport=SIZES[size], locale="zh-CN", is_mobile=size == "phone", bypass_csp=True
    )
    page = context.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    try:
        page.goto(live_server.url + "/")
        assert axe_violations(page) == []
        page.fill("#id_q", "就业")
        page.get_by_role("button", name="搜索").click()
        page.wait_for_url("**/search/**")
        assert axe_violations(page) == []
        page.get_by_role("link", name="第1项 新增就业6000人以上。").click()
        page.wait_for_url("**/440783/2024/1/")
        text = page.locator("main").inner_text()
        assert "一季度新增就业1800人。" in text and "已完成（3月28日）" in text
        assert axe_violations(page) == []
        page.screenshot(path=_artifact(f"public-item-{size}"), full_page=True)
        page.get_by_role("link", name="2024年开平市十件民生实事项目").click()
        page.wait_for_url("**/440783/2024/")
        page.locator("#category-chart svg").wait_for(state="attached")
        assert axe_violations(page) == []
        if size == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= SIZES["phone"]["width"]
            # Narrow screens read the table, not a chart with cut labels (issue 12).
            assert not page.locator("#category-chart").is_visible()
            assert page.locator("table.data-table").first.is_visible()
        page.screenshot(path=_artifact(f"public-program-{size}"), full_page=True)
        with page.expect_download() as download:
            page.get_by_role("link", name="XLSX").click()
        assert download.value.suggested_filename.endswith(".xlsx")
        page.emulate_media(media="print")
        assert not page.locator(".site-header").is_visible()
        page.screenshot(path=_artifact(f"public-program-print-{size}"), full_page=True)
        assert outside == []
    finally:
        context.close()


def _artifact(name):
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return str(ARTIFACTS / f"{name}.png")
