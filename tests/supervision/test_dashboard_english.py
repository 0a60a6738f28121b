"""The supervision dashboard (/office/) and its notice form in English.

With the language cookie set to "en", every label of the dashboard, its filters, the rules of
the lights, the notice form and the messages of its actions comes from the English catalogue;
only the data (unit, leader and task names, milestone texts) stays as entered in Chinese.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from progress.choices import MilestoneProgressState
from progress.models import TaskEvent
from projects.models import Jurisdiction
from supervision.models import SupervisionNotice
from tests.progress.test_workbench_english import chinese_labels, visible_text

from .conftest import DASHBOARD, add_milestone, file_report

pytestmark = pytest.mark.django_db

D = datetime.date

# Shown in its own language on purpose: the language switcher offers "简体中文".
SHOWN_IN_OWN_LANGUAGE = ["简体中文"]
# The example of a document number in the notice form's help text is a Chinese document number.
NUMBER_EXAMPLE = "开督〔2024〕1号"
CJK = re.compile(r"[\u3400-\u9fff]+")


@pytest.fixture
def busy(office):
    """15 April: task A's March milestone overdue and its March report awaiting review; task B
    with a milestone due on 18 April and its March report not filed."""
    office.site = add_milestone(office.task_b, D(2024, 4, 18), "完成选址")
    done = {"state": MilestoneProgressState.DONE, "done_on": D(2024, 3, 28)}
    file_report(office.task_a, office.lead, states={office.march.pk: done})
    return office


def data_of(world) -> list[str]:
    """The Chinese the personas' data brings to a page, longest first."""
    tasks = [world.task_a, world.task_b]
    found = {
        world.program.title,
        world.kaiping.name,
        str(world.kaiping),
        world.task_a.category.name,
        world.wang.name,
        world.chen.name,
        *(task.content for task in tasks),
        *(m.text for task in tasks for m in task.milestones.all()),
        *(a.unit.name for task in tasks for a in task.assignments.all()),
        *(a.person for task in tasks for a in task.assignments.all() if a.person),
        *SupervisionNotice.objects.values_list("number", flat=True),
        *SupervisionNotice.objects.values_list("content", flat=True),
        # History notes are stored as written, in the language of the moment.
        *TaskEvent.objects.values_list("note", flat=True),
        NUMBER_EXAMPLE,
        *SHOWN_IN_OWN_LANGUAGE,
    }
    return sorted((d for d in found if d), key=len, reverse=True)


def assert_all_english(page: str, world, *, strict: bool = True) -> None:
    """No label of the catalogue once the data is taken out and, when `strict`, no Chinese
    at all: that also catches labels with placeholders, such as "%(days)s 天"."""
    text = visible_text(page)
    for data in data_of(world):
        text = text.replace(data, "")
    leaked = sorted(label for label in chinese_labels() if label in text)
    assert leaked == [], f"untranslated labels on an English page: {leaked}"
    if strict:
        assert CJK.findall(text) == [], f"Chinese left on an English page: {CJK.findall(text)}"


def in_english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en">' in page
    return page


def test_the_catalogue_holds_the_dashboard_labels():
    labels = chinese_labels()
    assert {"督查督办", "催办", "亮灯规则", "逾期天数", "距到期", "登记督办文书"} <= labels


def test_dashboard_in_english(client, busy):
    page = get(in_english(client, busy.supervisor), reverse(DASHBOARD))

    # Title, navigation and filters.
    assert "<title>Supervision · Livelihood Projects Workbench</title>" in page
    assert "<h1>Supervision · 开平市</h1>" in page
    assert ">Supervision</a>" in page
    assert "As of April 15, 2024" in page
    assert 'aria-label="Filter"' in page
    assert ">Filter</button>" in page
    assert ">Export to Excel</a>" in page
    for option in ("All categories", "All units", "All leaders", "All"):
        assert f">{option}</option>" in page
    assert "Due-soon window (days)" in page
    # The lights and their rules.
    assert '<h2 id="lights-heading">Red, amber and green lights</h2>' in page
    assert "<summary>How the lights work</summary>" in page
    assert "more than 30 percentage points behind the time-proportional schedule" in page
    assert "A milestone falls due within 7 days" in page
    assert "10–30 percentage points behind the time-proportional schedule" in page
    assert "All other projects, and every completed project." in page
    # The lists, each row with its days and a button to chase the unit up.
    assert "Overdue milestones not yet completed" in page
    assert "Milestones due within 7 days" in page
    assert "Projects with progress reports not filed on time" in page
    assert "Returned reports not yet resubmitted" in page
    assert "Reports awaiting review" in page
    assert "No returned reports." in page
    assert ">Days overdue</a></th>" in page  # a header that sorts its list
    assert ">Due in</a></th>" in page  # a header that sorts its list
    assert ">Report due</a></th>" in page  # a header that sorts its list
    assert ">Lead unit / person responsible</a></th>" in page  # a header that sorts its list
    assert '<span class="visually-hidden">Actions</span>' in page
    assert ">15 days</td>" in page
    assert ">in 3 days</td>" in page
    assert page.count(">Chase up</button>") == 3
    assert "Item 1 新增就业6000人以上。" in page
    # The summaries and the chart's table.
    assert '<h2 id="category-heading">By category</h2>' in page
    assert '<h2 id="unit-heading">By lead unit</h2>' in page
    assert '<h2 id="leader-heading">By supervising leader</h2>' in page
    assert ">Overdue milestones</th>" in page
    assert ">Reports not filed on time</th>" in page
    assert ">Average days overdue</th>" in page
    assert '<h2 id="chart-heading">Milestones by month: planned and achieved</h2>' in page
    for header in ("Month", "Planned", "Achieved", "Planned (cumulative)",
                   "Achieved (cumulative)"):
        assert f'<th scope="col">{header}</th>' in page
    assert '<th scope="row">4</th>' in page

    for chinese in ("督查督办", "截至", "筛选", "导出", "全部", "红黄绿灯", "亮灯规则",
                    "序时进度", "逾期", "天内到期", "距到期", "天后", "催办", "应报送",
                    "牵头单位 / 责任人", "操作", "已退回", "待审核", "没有退回的报告",
                    "按大类", "按牵头单位", "按分管领导", "平均逾期天数", "各月节点",
                    "月份", "计划到期", "实际完成", "累计"):
        assert chinese not in page, chinese
    # The data stays as entered.
    assert "市民政局 / 张璐" in page
    assert "王副市长" in page
    assert "完成选址" in page
    assert_all_english(page, busy)


def test_empty_dashboard_in_english(client, office):
    page = get(in_english(client, office.supervisor), reverse(DASHBOARD) + "?light=green")

    assert "No milestones are overdue." in page
    assert "No milestones are due soon." in page
    assert "All units have reported on time." in page
    assert "No reports are awaiting review." in page
    assert page.count("No data.") == 3
    assert "没有" not in page
    assert "各单位都已按期报送" not in page
    assert_all_english(page, office)


def test_chasing_up_says_so_in_english(client, busy):
    url = reverse("supervision:remind", kwargs={"pk": busy.task_a.pk})
    response = in_english(client, busy.supervisor).post(
        url, {"next": reverse(DASHBOARD)}, follow=True
    )

    page = response.content.decode()
    assert "Chasing reminder sent to 市民政局 (recipients: 1)." in page
    assert "催办提醒" not in page
    assert len(mail.outbox) == 1
    assert_all_english(page, busy)


def test_notice_form_in_english(client, busy):
    url = reverse("supervision:notice_new", kwargs={"pk": busy.task_a.pk})
    page = get(in_english(client, busy.supervisor), url)
    # The proposed text is the official (Chinese) document itself, whatever the UI language.
    draft = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S)
    assert "回复期限前书面报告落实情况" in draft.group(1)
    page = page.replace(draft.group(1), "")

    assert "<title>Record a supervision document · Livelihood Projects Workbench</title>" in page
    assert "<h1>Record a supervision document</h1>" in page
    assert ">Supervision</a> › " in page
    assert ">Item 1</a>" in page
    assert (
        "Supervision escalates step by step: Assignment notice → Reminder notice → "
        "Supervision notice." in page
    )
    assert ">Document type</span>" in page
    assert " Assignment notice</label>" in page
    assert " Reminder notice</label>" in page
    assert " Supervision notice</label>" in page
    for label in ("Addressed to", "Date issued", "Reply deadline", "Matters for action",
                  "Contact and phone"):
        assert f">{label} <span" in page or f">{label}</label>" in page, label
    assert f"The document number is assigned on recording, e.g. {NUMBER_EXAMPLE}." in page
    assert ">Record</button>" in page
    for chinese in ("登记督办文书", "督办逐级升级", "交办单", "催办单", "督办通知书", "文书类型",
                    "主送单位", "文号", "发文日期", "回复期限", "督办事项", "登记"):
        assert chinese not in page, chinese
    assert_all_english(page, busy)


def test_notice_errors_in_english(client, busy):
    SupervisionNotice.objects.create(
        jurisdiction=busy.kaiping, task=busy.task_b, unit=busy.education, kind="assignment",
        number="开府督〔2024〕1号", issued_on=D(2024, 4, 1), reply_due=D(2024, 4, 10),
        content="请加快推进。", created_by=busy.supervisor,
    )
    url = reverse("supervision:notice_new", kwargs={"pk": busy.task_a.pk})
    response = in_english(client, busy.supervisor).post(url, {
        "kind": "assignment", "unit": busy.civil.pk,
        "issued_on": "2024-04-15", "reply_due": "2024-04-10", "content": "请加快推进。",
    })

    assert response.status_code == 200
    page = response.content.decode()
    assert "The reply deadline cannot be earlier than the date issued." in page
    assert "回复期限不能早于发文日期" not in page
    assert_all_english(page, busy)


def test_recorded_notice_on_the_task_page_in_english(client, busy):
    url = reverse("supervision:notice_new", kwargs={"pk": busy.task_a.pk})
    response = in_english(client, busy.supervisor).post(url, {
        "kind": "assignment", "unit": busy.civil.pk,
        "issued_on": "2024-04-15", "reply_due": "2024-04-25", "content": "请加快推进。",
    }, follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("progress:task", kwargs={"pk": busy.task_a.pk})
    assert (
        "Assignment notice 开督〔2024〕1号 recorded. You can download the Word version to "
        "print and stamp." in page
    )
    assert ">Chase up the lead unit</button>" in page
    assert ">Record a supervision document</a>" in page
    assert '<h2 id="notices-heading">Supervision documents</h2>' in page
    assert "<strong>Assignment notice</strong> 开督〔2024〕1号 · Addressed to 市民政局" in page
    assert "Issued April 15, 2024, reply deadline April 25, 2024" in page
    assert ">Download the Word version</a>" in page
    for chinese in ("已登记", "催办牵头单位", "登记督办文书", "督办文书", "交办单", "主送",
                    "发文 ", "下载 Word 文本"):
        assert chinese not in page, chinese
    # Not strict: the task page shows the programme ("开平市 2024年") and the category
    # ("一、提升就业保障水平") through their Chinese __str__.
    assert_all_english(page, busy, strict=False)


def test_a_task_without_notices_says_so_in_english(client, office):
    page = get(
        in_english(client, office.supervisor),
        reverse("progress:task", kwargs={"pk": office.task_b.pk}),
    )

    assert "No supervision documents." in page
    assert "没有督办文书" not in page
    assert_all_english(page, office, strict=False)


def test_the_city_offices_roll_up_and_a_refused_filter_in_english(client, busy):
    client = in_english(client, busy.city_supervisor)
    page = get(client, reverse(DASHBOARD))
    assert '<h2 id="rollup-heading">By jurisdiction · 2024</h2>' in page
    assert "江门市 (own programme)</a>" in page
    assert ">Total</th>" in page
    assert "江门市 has no livelihood programme of its own for 2024" in page
    assert_all_english(without_place_names(page), busy)

    refused = get(client, reverse(DASHBOARD) + "?year=1999")
    assert "The filter is not valid, so no lists or figures are shown:" in refused
    assert_all_english(without_place_names(refused), busy)


def without_place_names(page: str) -> str:
    """Jurisdiction names are data, as entered."""
    for name in Jurisdiction.objects.values_list("name", flat=True):
        page = page.replace(name, "")
    return page
