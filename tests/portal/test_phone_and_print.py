"""Issue 12, items 3 and 4: the program page reads on a phone and prints as a document."""

from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from tests.portal.test_public_pages import file_march

pytestmark = pytest.mark.django_db

LATER = "2026-11-30 10:00 +0800"
CSS = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text(encoding="utf-8")


@time_machine.travel(LATER, tick=False)
def test_the_page_opens_with_counts_by_status_that_filter_and_a_category_jump_list(
    client, import_seed
):
    import_seed("000").program.publish()
    html = client.get(reverse("portal:program", args=["440700", 2019])).content.decode()
    summary = html.split('<nav class="status-summary"')[1].split("</nav>")[0]
    assert 'aria-label="按状态筛选"' in summary
    assert '全部 <strong>36</strong>' in summary
    assert 'href="?status=completed#items"' in summary and "已完成 <strong>36</strong>" in summary
    assert "<script>" not in html  # tapping a count is a link: no inline script (CSP)
    jump = html.split('<nav class="jump-list"')[1].split("</nav>")[0]
    assert jump.count("<li>") == 10 and "一、提高底线民生保障水平" in jump
    assert html.count('<details class="item__details">') == 36


def test_items_are_one_line_each_with_their_full_title_status_and_date(client, world):
    long_text = "新增就业6000人以上，" + "重点帮扶高校毕业生、退役军人和农村劳动力" * 5 + "。"
    world.task_a.content = long_text
    world.task_a.save()
    world.program.publish()
    file_march(world)
    with time_machine.travel("2024-04-15 10:00 +0800", tick=False):
        html = client.get(reverse("portal:program", args=["440783", 2024])).content.decode()
    summary = html.split("<summary>")[1].split("</summary>")[0]
    assert long_text in summary and len(long_text) > 80  # never cut at 80 characters
    assert '<span class="status status--in_progress">推进中</span>' in summary
    assert "截至2024年3月31日" in summary
    assert "出台方案" not in summary  # milestones and progress wait inside the details


def test_the_print_stylesheet_has_margins_page_numbers_and_the_source_line(client, world):
    assert "@page { size: A4; margin: 16mm 14mm 18mm;" in CSS
    assert 'counter(page) " / " counter(pages)' in CSS
    world.program.publish()
    with time_machine.travel("2024-04-15 10:00 +0800", tick=False):
        html = client.get(reverse("portal:program", args=["440783", 2024])).content.decode()
    assert (
        '<p class="print-source">来源：江门市民生实事公众门户 http://testserver/440783/2024/'
        " · 页面生成日期：2024年4月15日</p>"
    ) in html
    assert "js/portal-print.js" in html  # opens every item for printing


def test_narrow_screens_get_the_tables_instead_of_the_charts():
    narrow = CSS.split("@media (max-width: 40rem) {")[1].split("\n}")[0]
    assert ".chart { display: none; }" in narrow
