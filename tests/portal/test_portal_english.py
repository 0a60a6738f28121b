"""The public portal in English: the home page, a program, an item and the search.

With the language cookie set to "en", every label of the portal templates comes from the
English catalogue; only the data (the program title, task contents, unit, category and
jurisdiction names, milestone texts, narratives) stays as entered in Chinese. The page cache
keys by language, so the Chinese page of a URL never answers an English visitor.
"""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from progress import workflow
from projects.choices import MilestoneKind
from projects.models import Jurisdiction, Milestone
from tests.portal.test_public_pages import file_march, png
from tests.progress.test_workbench_english import chinese_labels, visible_text

pytestmark = pytest.mark.django_db

APRIL = "2024-04-15 10:00 +0800"
JULY = "2024-07-15 10:00 +0800"
NEXT_YEAR = "2025-02-01 10:00 +0800"

HOME = reverse("projects:home")
PROGRAM = reverse("portal:program", args=["440783", 2024])
ITEM = reverse("portal:task", args=["440783", 2024, "1"])
SEARCH = reverse("portal:search")

# The Chinese UI labels of templates/portal/*.html (and the site header they extend).
CHINESE_LABELS = {
    "base": ["江门市民生实事", "公众门户", "首页", "查找项目", "开放数据", "登录", "切换"],
    "home": ["民生实事年度计划", "查找民生实事项目", "搜索", "已完成", "暂无民生实事"],
    "program": [
        "完成情况汇总", "完成进度", "下载", "在本年度中查找", "查找", "同时是市民生实事",
        "牵头单位", "最新进展", "截至", "完成情况统计", "各大类完成情况", "大类", "项目数",
        "完成率", "各月节点完成情况", "月份", "计划到期", "实际完成", "第1项", "第2项",
    ],
    "milestones": ["原定", "调整为", "已完成", "逾期未完成", "未到期", "月", "日前"],
    "task": [
        "第1项", "大类", "牵头单位", "责任单位", "节点目标", "进展情况", "现场照片", "截至",
        "量化目标", "完成进度",
    ],
    "search": [
        "查找民生实事项目", "关键词", "行政区", "年度", "大类", "责任单位", "状态", "全部",
        "搜索", "找到", "个项目", "第1项",
    ],
}


@pytest.fixture
def portal(world, settings, tmp_path):
    """开平 2024 published, seen on 15 July 2024: item 1 has its March milestone done (approved
    report with a public photo) and its June milestone moved to 31 July; item 2 has a May
    milestone that is overdue."""
    settings.MEDIA_ROOT = tmp_path
    world.task_a.city_level = True
    world.task_a.save()
    world.program.publish()
    report = file_march(world, approve=False)
    with time_machine.travel(APRIL, tick=False):
        photo = workflow.attach(report, world.lead, "现场.png", png())
        workflow.approve(report, world.supervisor)
        change = workflow.request_change(
            world.june, world.lead, kind="extension", reason="审批延误",
            proposed_due=datetime.date(2024, 7, 31),
        )
        workflow.decide_change(change, world.supervisor, grant=True)
    photo.is_public = True
    photo.save()
    world.site = Milestone.objects.create(
        task=world.task_b, position=0, kind=MilestoneKind.DATED,
        due=datetime.date(2024, 5, 31), text="完成选址",
    )
    world.photo = photo
    return world


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def get(client, url, data=None, lang="en") -> str:
    # With English chosen, a Chinese (unprefixed) URL leads to the same page under /en/.
    response = client.get(url, data, follow=True)
    assert response.status_code == 200, url
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    return page


def data_of(world) -> list[str]:
    """The Chinese the data brings to a page, longest first."""
    tasks = [world.task_a, world.task_b]
    found = {
        world.program.title,
        "就业",  # the search words, echoed in the search box
        *Jurisdiction.objects.values_list("name", flat=True),
        *(str(task.category) for task in tasks),
        *(task.category.name for task in tasks),
        *(task.content for task in tasks),
        *(task.target_unit for task in tasks),
        *(m.text for task in tasks for m in task.milestones.all()),
        *(a.unit.name for task in tasks for a in task.assignments.all()),
        *(a.person for task in tasks for a in task.assignments.all() if a.person),
        *(r.narrative for task in tasks for r in task.progress_records.all()),
        # Examples of search words, in Chinese because the data is Chinese.
        "幼儿园", "市民政局", "学位",
        # The language switcher offers Chinese in Chinese.
        "简体中文",
    }
    return sorted((d for d in found if d), key=len, reverse=True)


def assert_english(page: str, world, *templates: str) -> None:
    """No label of the catalogue, and none of the templates' Chinese labels, once the data
    is taken out."""
    text = visible_text(page)
    for data in data_of(world):
        text = text.replace(data, "")
    leaked = sorted(label for label in chinese_labels() if label in text)
    assert leaked == [], f"untranslated labels on an English page: {leaked}"
    for template in ("base", *templates):
        for label in CHINESE_LABELS[template]:
            assert label not in text, f"{template}: {label}"


def test_home_page_in_english(client, portal):
    page = get(english(client), HOME)

    assert "<title>Jiangmen Livelihood Projects</title>" in page
    assert 'aria-label="Public portal"' in page
    assert ">Home</a>" in page
    assert ">Find an item</a>" in page
    assert ">Open data</a>" in page
    assert "<h1>Annual livelihood project programmes</h1>" in page
    assert ">Find a livelihood project</label>" in page
    assert ">Search</button>" in page
    assert 'placeholder="e.g. 幼儿园 (kindergarten), 市民政局 (civil affairs bureau)"' in page
    assert "Progress (as of March 31, 2024)" in page
    assert "2 items · 0 of 2 planned items completed (0%)" in page
    # Place names and programme titles in English (issue 12); the items' text stays Chinese.
    assert "<h2>Kaiping</h2>" in page
    assert ">Kaiping Livelihood Projects 2024</a>" in page
    assert portal.program.title not in page
    assert_english(page, portal, "home")


def test_program_page_in_english(client, portal):
    with time_machine.travel(JULY, tick=False):
        page = get(english(client), PROGRAM)

    assert "<title>Kaiping Livelihood Projects 2024 · Jiangmen Livelihood Projects</title>" in page
    assert ">Home</a> › Kaiping</p>" in page
    assert "2 items · <strong>0 of 2 planned items completed (0%)</strong>" in page
    assert "Completion rate = items completed ÷ items published" in page
    assert 'aria-label="Filter by status"' in page
    assert "Downloads:" in page
    assert ">Search this year's items</label>" in page
    assert 'placeholder="Search this year\'s items, e.g. 学位 (school places)"' in page
    assert ">Find</button>" in page
    assert "Item 1 新增就业6000人以上。" in page
    assert 'title="Also a city livelihood project"' in page
    assert "Target: 6000 people; achieved: 1200 people (as of March 31, 2024)" in page
    assert "Milestones: 1 done of 1 due (2 in all)" in page
    assert "Lead unit: 市民政局" in page
    assert "Latest progress (as of March 31, 2024)" in page
    # The milestones: done, moved and not yet due, overdue.
    assert "Completed (March 28)" in page
    assert "<del>originally June 30</del>" in page
    assert "moved to July 31" in page
    assert "Not yet due" in page
    # Item 2's May milestone passed with nothing reported: unknown, not overdue.
    assert "No progress data yet" in page
    assert "Overdue" not in page
    # The charts and their tables.
    assert '<h2 id="charts-heading">Completion statistics</h2>' in page
    assert "<h3>Completion by category</h3>" in page
    assert "<caption>Completion by category</caption>" in page
    for header in ("Category", "Number of projects", "Completed", "Completion rate"):
        assert f'<th scope="col">{header}</th>' in page
    assert "<h3>Milestones by month</h3>" in page
    for header in ("Month", "Planned", "Achieved"):
        assert f'<th scope="col">{header}</th>' in page
    assert "Completion report" not in page  # the year is not over
    assert_english(page, portal, "program", "milestones")


def test_program_page_after_the_year_keeps_the_date_of_its_progress(client, portal):
    with time_machine.travel(NEXT_YEAR, tick=False):
        page = get(english(client), PROGRAM)

    # Only March was reported: the page is not a completion report (issue 12).
    assert '<span class="report-tag report-tag--progress">Progress (as of March 31, 2024)</span>' in page
    assert '<p class="muted">Latest progress (as of March 31, 2024)</p>' in page
    assert "Completion report" not in page
    assert_english(page, portal, "program", "milestones")


def test_item_page_in_english(client, portal):
    with time_machine.travel(JULY, tick=False):
        page = get(english(client), ITEM)

    assert "<title>Item 1 · Kaiping Livelihood Projects 2024</title>" in page
    assert "<h1>Item 1 新增就业6000人以上。</h1>" in page
    assert "Target: 6000 people; achieved: 1200 people (as of March 31, 2024)" in page
    for term in ("Category", "Lead unit", "Responsible unit"):
        assert f"<dt>{term}</dt>" in page
    assert "<dd>市民政局</dd>" in page
    assert "Completed (March 28)" in page
    assert "<del>originally June 30</del>" in page
    assert "moved to July 31" in page
    assert '<h2 id="history-heading">Progress update</h2>' in page
    assert "As of March 31, 2024 · " in page
    assert "三月：方案已出台。" in page  # the narrative stays as reported
    assert '<h2 id="photos-heading">Photos from the site</h2>' in page
    assert 'alt="Photo from the site, March 2024"' in page
    assert reverse("portal:photo", args=[portal.photo.pk]) in page
    assert_english(page, portal, "task", "milestones")


def test_item_without_milestones_or_progress_in_english(client, portal):
    portal.site.delete()
    page = get(english(client), reverse("portal:task", args=["440783", 2024, "2"]))

    assert "This item has no milestones." in page
    assert "No progress has been published yet." in page
    assert "暂无已公布的进展" not in page
    assert "该项目没有分节点目标" not in page
    assert_english(page, portal, "task")


def test_search_page_in_english(client, portal):
    page = get(english(client), SEARCH, {"q": "就业"})

    assert "<title>Find an item · Jiangmen Livelihood Projects</title>" in page
    assert "<h1>Find a livelihood project</h1>" in page
    for label in ("Keywords", "Jurisdiction", "Year", "Category", "Responsible unit", "Status"):
        assert f">{label}</label>" in page
    assert ">All</option>" in page
    for status in ("Not started", "In progress", "Completed", "Behind"):
        assert f">{status}</option>" in page
    assert ">Search</button>" in page
    # 就业 is in item 1's content and in the category of both items.
    assert "2 items found" in page
    assert "Item 1 新增就业6000人以上。" in page
    assert "Item 2 新建幼儿园3所。" in page
    assert "Kaiping · 2024 · " in page
    assert_english(page, portal, "search")


def test_search_counts_one_item_in_the_singular(client, portal):
    page = get(english(client), SEARCH, {"q": "幼儿园"})

    assert "1 item found" in page
    assert "1 items found" not in page


def test_search_without_criteria_asks_for_them_in_english(client, portal):
    page = get(english(client), SEARCH, {"q": ""})

    assert "Please enter a keyword or choose a filter." in page
    assert "请输入关键词或选择筛选条件" not in page


@pytest.mark.parametrize(
    ("url", "query", "chinese", "english_text"),
    [
        (HOME, None, "民生实事年度计划", "Annual livelihood project programmes"),
        (PROGRAM, None, "完成情况统计", "Completion statistics"),
        (ITEM, None, "进展情况", "Progress update"),
        (SEARCH, {"q": "就业"}, "找到 2 个项目", "2 items found"),
    ],
)
def test_the_cache_keeps_the_chinese_and_the_english_page_apart(
    client, portal, url, query, chinese, english_text
):
    """Chinese first, then English, then both again from the cache: each in its language."""
    with time_machine.travel(JULY, tick=False):
        first = client.get(url, query)
        assert first.status_code == 200 and "X-Portal-Cache" not in first
        zh = first.content.decode()
        assert '<html lang="zh-hans">' in zh
        assert chinese in zh and english_text not in zh

        second = client.get("/en" + url, query)
        assert second.status_code == 200 and "X-Portal-Cache" not in second
        en = second.content.decode()
        assert '<html lang="en">' in en
        assert english_text in en and chinese not in en
        assert en != zh

        again = client.get("/en" + url, query)
        assert again["X-Portal-Cache"] == "hit"
        assert again.content.decode() == en
        back = client.get(url, query)
        assert back["X-Portal-Cache"] == "hit"
        assert back.content.decode() == zh


def test_english_pages_leak_no_chinese_quarter_labels_units_or_punctuation(client, portal):
    """Issue 12, item 8: quarter labels, units of measure and punctuation in English."""
    portal.march.kind = MilestoneKind.QUARTER
    portal.march.first_quarter, portal.march.last_quarter = 3, 4
    portal.march.save()
    with time_machine.travel(JULY, tick=False):
        page = get(english(client), ITEM)
    assert "Q3–Q4" in page and "三至四季度" not in page
    assert "Target: 6000 people; achieved: 1200 people (as of March 31, 2024)" in page
    text = visible_text(page)
    for data in data_of(portal):
        text = text.replace(data, "")
    leaks = [line for line in text.splitlines() if set("，。：；（）、") & set(line)]
    assert leaks == [], "full-width punctuation on an English page"
