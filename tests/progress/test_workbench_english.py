"""The reporting workbench in English: the site is Chinese unless the visitor chose English.

With the `django_language` cookie set to "en", every label of the workbench comes from the
English catalogue; only the data (task contents, unit names, Chinese-formatted dates) stays as
entered.
"""

import re
from html.parser import HTMLParser

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from progress.choices import ReportState
from progress.models import Report
from tests.projects.test_i18n import PLACEHOLDER_RE, PO_FILE, parse_po

from .conftest import report_post

pytestmark = pytest.mark.django_db

APRIL_15 = "2024-04-15 10:00 +0800"

# Shown in its own language on purpose: the language switcher offers "简体中文".
SHOWN_IN_OWN_LANGUAGE = {"简体中文"}


class _Text(HTMLParser):
    """What a reader meets on the page: text, plus titles and labels held in attributes."""

    ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "value"}

    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.parts.extend(value for name, value in attrs if name in self.ATTRIBUTES and value)

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(page: str) -> str:
    # The audit trail quotes stored values and object names as they were written: data.
    page = re.sub(r'<details class="audit-trail">.*?</details>', "", page, flags=re.S)
    parser = _Text()
    parser.feed(page)
    return "\n".join(parser.parts)


def chinese_labels() -> set[str]:
    """The catalogue's Chinese texts without placeholders: none may reach an English page."""
    return {
        entry["msgid"]
        for entry in parse_po(PO_FILE)
        if entry["msgid"]
        and not PLACEHOLDER_RE.search(entry["msgid"])
        and any("\u4e00" <= ch <= "\u9fff" for ch in entry["msgid"])
        and len(entry["msgid"]) >= 2
    } - SHOWN_IN_OWN_LANGUAGE


def world_data(world) -> list[str]:
    """The Chinese the fixture's data brings to a page (新建幼儿园 holds the label 新建)."""
    task_a, task_b = world.task_a, world.task_b
    return [
        world.program.title,
        str(world.kaiping),
        task_a.category.name,
        task_a.content,
        task_b.content,
        world.march.text,
        world.june.text,
        *(a.unit.name for a in task_a.assignments.all()),
        *(a.unit.name for a in task_b.assignments.all()),
        *(a.person for a in task_a.assignments.all() if a.person),
        report_post()["narrative"],
    ]


def assert_no_chinese_labels(page: str, world=None) -> None:
    text = visible_text(page)
    for data in world_data(world) if world is not None else []:
        text = text.replace(data, "")
    leaked = sorted(label for label in chinese_labels() if label in text)
    assert leaked == [], f"untranslated labels on an English page: {leaked}"


def in_english(client, user=None):
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def get(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status
    page = response.content.decode()
    assert '<html lang="en">' in page
    return page


def test_the_catalogue_holds_the_workbench_labels():
    labels = chinese_labels()
    assert {"保存草稿", "提交审核", "节点目标与进度", "督查室工作台", "工作台"} <= labels
    # A one-character label such as 年 is left out: it also turns up in dates and data.
    assert "年" not in labels


@time_machine.travel(APRIL_15, tick=False)
def test_unit_home_in_english(client, world):
    page = get(in_english(client, world.lead), "/work/")

    assert "<h1>My tasks</h1>" in page
    assert "My Workbench" in page
    assert "Change password" in page
    assert "Sign out" in page
    assert "Item 1" in page
    assert "Lead" in page
    assert "No report due" in page
    assert "我的任务" not in page
    assert "我的工作台" not in page
    assert "无待报送" not in page
    assert "牵头" not in page
    # The data stays as entered.
    assert "新增就业6000人以上。" in page
    assert_no_chinese_labels(page, world)


@time_machine.travel(APRIL_15, tick=False)
def test_task_page_in_english(client, world):
    page = get(
        in_english(client, world.lead), reverse("progress:task", kwargs={"pk": world.task_a.pk})
    )

    assert "Milestones and progress" in page
    assert "Reports by period" in page
    assert "Extension and adjustment requests" in page
    assert "Request an extension or adjustment" in page
    assert "History" in page
    assert "Quantified target" in page
    assert "Reporting requirements" in page
    assert "Not filed" in page
    assert "节点目标与进度" not in page
    assert "各期报告" not in page
    assert "延期与调整申请" not in page
    assert "办理记录" not in page
    assert "量化目标" not in page
    assert "新增就业6000人以上。" in page
    assert "出台方案" in page
    assert_no_chinese_labels(page, world)


@time_machine.travel(APRIL_15, tick=False)
def test_report_form_in_english(client, world):
    url = reverse("progress:report", kwargs={"pk": world.task_a.pk, "period": "2024-03"})
    page = get(in_english(client, world.lead), url)

    assert "Progress report for" in page
    assert "Not yet filed" in page
    assert "Milestone progress" in page
    assert "Progress made" in page
    assert "Cumulative total achieved (target: 6000人)" in page
    assert "On track" in page
    assert "Reason for delay" in page
    assert "Corrective measures" in page
    assert "This work has been fully completed" in page
    assert ">Save draft</button>" in page
    assert ">Submit for review</button>" in page
    assert "保存草稿" not in page
    assert "提交审核" not in page
    assert "节点完成情况" not in page
    assert "工作进展" not in page
    assert "按计划推进" not in page
    assert "新增就业6000人以上。" in page
    assert_no_chinese_labels(page, world)


@time_machine.travel(APRIL_15, tick=False)
def test_saving_a_draft_says_so_in_english(client, world):
    url = reverse("progress:report", kwargs={"pk": world.task_a.pk, "period": "2024-03"})
    response = in_english(client, world.lead).post(url, report_post(), follow=True)

    page = response.content.decode()
    assert "Draft saved. You can come back and continue at any time." in page
    assert "草稿已保存" not in page
    assert '<span class="report-state report-state--draft">Draft</span>' in page
    assert_no_chinese_labels(page, world)


@time_machine.travel(APRIL_15, tick=False)
def test_the_office_reviews_in_english(client, world):
    url = reverse("progress:report", kwargs={"pk": world.task_a.pk, "period": "2024-03"})
    data = report_post({world.march: {"state": "done", "done_on": "2024-03-28"}}, submit=True)
    in_english(client, world.lead).post(url, data)
    assert Report.objects.get(task=world.task_a, period="2024-03").state == ReportState.SUBMITTED

    client.logout()
    page = get(in_english(client, world.supervisor), url)

    assert "Submitted, awaiting review" in page
    assert '<h2 id="review-heading">Review</h2>' in page
    assert "Approved" in page
    assert "Returned for revision" in page
    assert "Review comments" in page
    assert "审核通过" not in page
    assert "退回修改" not in page
    assert "已提交待审核" not in page
    assert_no_chinese_labels(page, world)


@time_machine.travel(APRIL_15, tick=False)
def test_office_home_in_english(client, world):
    page = get(in_english(client, world.supervisor), "/work/")

    assert "<h1>Supervision Office Workbench</h1>" in page
    assert "Reports awaiting review" in page
    assert "No reports are awaiting review." in page
    assert "Extension and adjustment requests awaiting a decision" in page
    assert "Returned, awaiting resubmission by the unit" in page
    assert "Projects of 2024" in page
    assert "Lead unit" in page
    assert "Unit accounts" in page
    assert "督查室工作台" not in page
    assert "待审核的报告" not in page
    assert "全部项目" not in page
    assert "牵头单位" not in page
    assert "新增就业6000人以上。" in page
    assert_no_chinese_labels(page, world)


def test_forbidden_page_offers_the_login_in_english(client, world):
    page = get(in_english(client), "/work/", status=403)

    assert "<h1>Access denied</h1>" in page
    assert "You need to sign in to view this page." in page
    login = reverse("accounts:login")
    assert f'href="{login}?next=/work/">Sign in</a>' in page
    assert "无权访问" not in page
    assert "登录" not in page
    assert_no_chinese_labels(page, world)


def test_login_page_in_english(client, world):
    page = get(in_english(client), reverse("accounts:login"))

    assert "Sign in to the Livelihood Projects Workbench" in page
    assert "登录民生实事工作台" not in page
    assert_no_chinese_labels(page, world)
