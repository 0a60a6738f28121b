"""The monthly 通报 of 开平's office on 15 April 2024: who reported March on time, late, not
at all or was sent back; the bulletin drafted from the figures (checked here against the
database), edited, numbered, issued as a Word document, archived and published."""

import datetime
import io
from zoneinfo import ZoneInfo

import docx
import pytest
import time_machine
from django.urls import reverse

from minsheng.lib.periods import Period
from progress import workflow
from progress.choices import MilestoneProgressState, ReportState
from progress.models import Report
from projects.choices import TaskStatus
from projects.models import Milestone, Task, Unit
from supervision.bulletins import draft_bulletin
from supervision.models import Bulletin

from .conftest import TODAY, Page, add_task, file_report

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def march(office):
    """市民政局 reported March on 30 March, with its milestone behind; 市教育局 on 15 April
    (late); 市财政局's report was returned; 市档案局 filed nothing. 市财政局 met a milestone on
    18 March."""
    behind = {office.march.pk: {"state": MilestoneProgressState.BEHIND,
                                "reason": "方案仍在征求意见", "remedy": "4月10日前印发"}}
    with time_machine.travel("2024-03-30 10:00 +0800", tick=False):
        file_report(office.task_a, office.lead, states=behind)
    file_report(office.task_b, office.other_unit)
    office.task_c = add_task(office, 3, office.finance, dues=[D(2024, 3, 20), D(2024, 6, 30)])
    Milestone.objects.filter(task=office.task_c, due=D(2024, 3, 20)).update(done_on=D(2024, 3, 18))
    returned = file_report(office.task_c, office.co_unit)  # 市财政局's reporter
    workflow.return_report(returned, office.supervisor, "请补充佐证材料")
    office.archives = Unit.objects.create(jurisdiction=office.kaiping, name="市档案局")
    office.task_d = add_task(office, 4, office.archives, dues=[D(2024, 5, 31)])
    for task in Task.objects.all():
        task.refresh_state(TODAY)
    return office


def matrix_cells(page) -> dict[str, list[str]]:
    table = {}
    for tr in page.tree.xpath("//table[@id='reporting-matrix']/tbody/tr"):
        cells = [" ".join(c.text_content().split()) for c in tr.xpath("./th|./td")]
        table[cells[0]] = cells[2:]
    return table


def test_the_matrix_shows_each_units_march_on_time_late_missing_or_returned(client, march):
    client.force_login(march.supervisor)
    page = Page(client.get(reverse("supervision:reporting", args=[march.program.pk]),
                           {"month": "2024-03"}))
    assert page.tree.xpath("//table[@id='reporting-matrix']//thead//th/text()")[2:] == [
        "2024年3月",
    ]
    assert matrix_cells(page) == {
        "市民政局": ["按时"],
        "市教育局": ["迟报"],
        "市财政局": ["退回"],
        "市档案局": ["未报"],
    }


def test_a_later_month_adds_its_column_not_yet_due(client, march):
    client.force_login(march.supervisor)
    page = Page(client.get(reverse("supervision:reporting", args=[march.program.pk]),
                           {"month": "2024-04"}))
    assert matrix_cells(page)["市档案局"] == ["未报", "未到期"]


def test_the_bulletins_figures_are_the_databases(march):
    draft = draft_bulletin(march.program, Period(2024, 3), TODAY)
    figures = draft["figures"]
    tasks = Task.objects.filter(program=march.program)
    milestones = Milestone.objects.filter(task__program=march.program)
    assert figures["tasks"] == tasks.count() == 4
    assert figures["completed_tasks"] == tasks.filter(status=TaskStatus.COMPLETED).count() == 0
    # The lights at the close of March, not today's: red with a milestone overdue then,
    # yellow without a March report submitted by 31 March (test_bulletin_as_of_month.py).
    close = D(2024, 3, 31)
    red = {m.task_id for m in milestones if m.due <= close
           and (m.done_on is None or m.done_on > close)}
    reported = set(Report.objects.filter(
        period="2024-03", state__in=[ReportState.SUBMITTED, ReportState.APPROVED],
        submitted_at__lte=datetime.datetime(2024, 4, 1, tzinfo=ZoneInfo("Asia/Shanghai")),
    ).values_list("task_id", flat=True))
    yellow = set(tasks.values_list("pk", flat=True)) - reported - red
    assert (figures["red"], figures["yellow"], figures["green"]) == (
        len(red), len(yellow), tasks.count() - len(red) - len(yellow)) == (1, 3, 0)
    assert figures["milestones_due"] == milestones.filter(due__month=3, due__year=2024).count()
    assert figures["milestones_done"] == milestones.filter(
        done_on__month=3, done_on__year=2024).count() == 1
    overdue = [m for m in milestones if m.due <= D(2024, 3, 31)
               and (m.done_on is None or m.done_on > D(2024, 3, 31))]
    assert figures["overdue"] == len(overdue) == 1
    march_reports = Report.objects.filter(task__program=march.program, period="2024-03")
    on_time = [r for r in march_reports if r.state == ReportState.SUBMITTED
               and r.submitted_at.date() <= D(2024, 3, 31)]
    assert figures["on_time"] == len(on_time) == 1
    assert figures["late"] == march_reports.filter(
        state=ReportState.SUBMITTED, submitted_at__date__gt=D(2024, 3, 31)).count() == 1
    assert figures["returned"] == march_reports.filter(state=ReportState.RETURNED).count() == 1
    assert figures["missing"] == tasks.count() - march_reports.count() == 1
    assert f"共{figures['tasks']}项" in draft["headline"]
    # The lights carry the month's close, the reports the day they were counted.
    assert f"截至{close.year}年{close.month}月{close.day}日，" in draft["headline"]
    assert (
        f"进展报告（截至{TODAY.year}年{TODAY.month}月{TODAY.day}日）："
        "按时报送1项，迟报1项，未报送1项，退回重报1项"
    ) in draft["headline"]


def draft_via_page(client, world, month="2024-03") -> Bulletin:
    response = client.post(reverse("supervision:bulletins", args=[world.program.pk]),
                           {"month": month})
    assert response.status_code == 302
    bulletin = Bulletin.objects.order_by("-pk").first()
    assert response.url == reverse("supervision:bulletin", args=[bulletin.pk])
    return bulletin


def test_the_office_drafts_edits_issues_and_downloads_the_bulletin(client, march):
    client.force_login(march.supervisor)
    bulletin = draft_via_page(client, march)
    assert (bulletin.jurisdiction, bulletin.year, bulletin.number, bulletin.period) == (
        march.kaiping, 2024, 1, "2024-03",
    )
    assert bulletin.title == "关于2024年3月开平市民生实事推进情况的通报"
    assert "第3项 第3项民生实事：第3项节点1（2024年3月18日完成）" in bulletin.completed
    assert "滞后原因：方案仍在征求意见；整改措施：4月10日前印发" in bulletin.behind
    assert "未报送：市档案局（1项）" in bulletin.units
    assert "迟报：市教育局（1项）" in bulletin.units
    assert bulletin.issued_on is None

    url = reverse("supervision:bulletin", args=[bulletin.pk])
    fields = {name: getattr(bulletin, name) for name in ("title", *Bulletin.SECTIONS)}
    fields["closing"] = "请各单位于4月20日前补报。"
    assert client.post(url, {**fields, "action": "save"}).status_code == 302
    client.post(url, {**fields, "action": "issue"})
    bulletin.refresh_from_db()
    assert bulletin.closing == "请各单位于4月20日前补报。"
    assert bulletin.issued_on == TODAY

    # Issued: the text no longer changes.
    client.post(url, {**fields, "closing": "改过", "action": "save"})
    bulletin.refresh_from_db()
    assert bulletin.closing == "请各单位于4月20日前补报。"

    response = client.get(reverse("supervision:bulletin_docx", args=[bulletin.pk]))
    assert response["Content-Type"].endswith("wordprocessingml.document")
    document = docx.Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "开平市民生实事督查通报"
    assert str(document.paragraphs[0].runs[0].font.color.rgb) == "C00000"
    assert paragraphs[1] == "2024年第1期"
    assert paragraphs[2] == "关于2024年3月开平市民生实事推进情况的通报"
    for heading in ("一、总体情况", "二、本月完成事项", "三、进度滞后事项",
                    "四、未报送或迟报单位", "五、工作要求"):
        assert heading in paragraphs
    assert "未报送：市档案局（1项）" in paragraphs
    assert "请各单位于4月20日前补报。" in paragraphs
    assert paragraphs[-1] == "2024年4月15日"


def test_bulletins_are_numbered_per_jurisdiction_and_year_and_archived(client, march):
    client.force_login(march.supervisor)
    first = draft_via_page(client, march, "2024-03")
    second = draft_via_page(client, march, "2024-04")
    assert (first.number, second.number) == (1, 2)
    page = Page(client.get(reverse("supervision:bulletins", args=[march.program.pk])))
    rows = [" ".join(r.text_content().split())
            for r in page.tree.xpath("//table[@id='bulletins']/tbody/tr")]
    assert rows[0].startswith("2024年第2期") and rows[1].startswith("2024年第1期")


def test_only_an_issued_bulletin_is_published_and_the_public_lists_it(client, march):
    client.force_login(march.supervisor)
    bulletin = draft_via_page(client, march)
    url = reverse("supervision:bulletin", args=[bulletin.pk])
    client.post(url, {"action": "publish"})
    bulletin.refresh_from_db()
    assert not bulletin.is_published
    fields = {name: getattr(bulletin, name) for name in ("title", *Bulletin.SECTIONS)}
    client.post(url, {**fields, "action": "issue"})
    client.post(url, {"action": "publish"})
    bulletin.refresh_from_db()
    assert bulletin.is_published

    client.logout()
    public = Page(client.get(reverse("bulletins:list")))
    assert bulletin.title in public.tree.xpath("string(//ul[@id='public-bulletins'])")
    assert client.get(reverse("bulletins:docx", args=[bulletin.pk])).status_code == 200

    client.force_login(march.supervisor)
    client.post(url, {"action": "withdraw"})
    client.logout()
    assert client.get(reverse("bulletins:docx", args=[bulletin.pk])).status_code == 404


def test_the_city_office_reads_a_districts_bulletins_but_drafts_none(client, march):
    client.force_login(march.city_supervisor)
    url = reverse("supervision:bulletins", args=[march.program.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"month": "2024-03"}).status_code == 403
    assert not Bulletin.objects.exists()
