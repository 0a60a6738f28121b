"""The supervision office's dashboard (/office/): who may open it, and what it lists on
15 April 2024 for 开平's programme, built in the database through the real workflow."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from progress import workflow
from progress.choices import EventKind, MilestoneProgressState
from progress.models import TaskEvent
from projects.choices import Light, TaskStatus
from projects.models import (
    Category,
    Jurisdiction,
    Leader,
    Milestone,
    Program,
    Task,
    TaskLeader,
)
from supervision.models import SupervisionNotice

from .conftest import (
    DASHBOARD,
    Page,
    add_category,
    add_milestone,
    add_task,
    dashboard,
    file_report,
    grant_extension,
    refresh,
)

pytestmark = pytest.mark.django_db

D = datetime.date


# -- fixtures ---------------------------------------------------------------------------


@pytest.fixture
def notice(office):
    return SupervisionNotice.objects.create(
        jurisdiction=office.kaiping, task=office.task_a, unit=office.civil,
        kind="assignment", number="开府督〔2024〕1号", issued_on=D(2024, 4, 15),
        reply_due=D(2024, 4, 30), content="请加快出台方案。", created_by=office.supervisor,
    )


@pytest.fixture
def three_tasks(office):
    """A known office: task A red (March overdue, report missing), task B green and its
    March report submitted, task C led by 市财政局 (co-unit of A) red with two overdue
    milestones, in a second category, supervised by 王 then 陈."""
    office.education_category = add_category(office, 2, "优化教育资源供给")
    file_report(office.task_b, office.other_unit)
    office.task_c = add_task(
        office, 3, office.finance, dues=[D(2024, 4, 5), D(2024, 4, 10)],
        leaders=[office.wang, office.chen], category=office.education_category,
        person="周敏",
    )
    return office


def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.invalid", "pw")


# -- 1. who may open it -----------------------------------------------------------------


def office_urls(world, notice):
    task = world.task_a.pk
    return {
        "dashboard": ("get", reverse(DASHBOARD)),
        "export": ("get", reverse("supervision:export")),
        "remind": ("post", reverse("supervision:remind", kwargs={"pk": task})),
        "notice form": ("get", reverse("supervision:notice_new", kwargs={"pk": task})),
        "notice post": ("post", reverse("supervision:notice_new", kwargs={"pk": task})),
        "notice docx": ("get", reverse("supervision:notice_docx", kwargs={"pk": notice.pk})),
    }


def statuses(client, world, notice, mailoutbox):
    got = {name: getattr(client, method)(url).status_code
           for name, (method, url) in office_urls(world, notice).items()}
    assert mailoutbox == []
    assert SupervisionNotice.objects.count() == 1
    assert not TaskEvent.objects.filter(kind__in=[EventKind.REMINDED, EventKind.NOTICE]).exists()
    return got


def test_anonymous_visitors_are_refused_every_office_page(client, office, notice, mailoutbox):
    assert statuses(client, office, notice, mailoutbox) == {
        "dashboard": 403, "export": 403, "remind": 403, "notice form": 403,
        "notice post": 403, "notice docx": 403,
    }


@pytest.mark.parametrize("persona", ["lead", "co_unit"])
def test_units_on_the_task_may_read_its_notice_but_not_open_the_office_or_act(
    client, office, notice, mailoutbox, persona
):
    client.force_login(getattr(office, persona))
    assert statuses(client, office, notice, mailoutbox) == {
        "dashboard": 403, "export": 403, "remind": 403, "notice form": 403,
        "notice post": 403, "notice docx": 200,
    }


def test_a_unit_not_on_the_task_does_not_learn_it_exists(client, office, notice, mailoutbox):
    client.force_login(office.other_unit)
    assert statuses(client, office, notice, mailoutbox) == {
        "dashboard": 403, "export": 403, "remind": 404, "notice form": 404,
        "notice post": 404, "notice docx": 404,
    }


def test_the_county_office_opens_the_dashboard(client, office):
    client.force_login(office.supervisor)
    page = dashboard(client)
    assert page.tree.xpath("string(//h1)").split() == ["督查督办", "·", "开平市"]
    assert "出台方案" in page.listed("overdue")


def test_the_city_office_opens_on_its_own_lists_and_drills_down_into_a_district(
    client, office, notice, jiangmen_task, mailoutbox
):
    client.force_login(office.city_supervisor)
    own = dashboard(client)
    assert own.tree.xpath("string(//h1)").split() == ["督查督办", "·", "江门市"]
    assert [row[3] for row in own.rows("overdue")] == ["江门市人社局"]
    assert "市民政局" not in own.listed("overdue") + own.listed("missing")
    assert own.has("rollup")
    assert sum(own.lights().values()) == 1

    kaiping = dashboard(client, jurisdiction=office.kaiping.pk)
    assert kaiping.tree.xpath("string(//h1)").split() == ["督查督办", "·", "开平市"]
    assert [row[3] for row in kaiping.rows("overdue")] == ["市民政局 / 张璐"]
    assert "江门市人社局" not in kaiping.html
    assert not kaiping.has("rollup")  # 开平 has nothing below it
    # It reads 开平's items but, unless 开平 allows it, does not act on them.
    assert "催办" not in kaiping.listed("overdue") + kaiping.listed("missing")
    urls = office_urls(office, notice)
    for name in ("remind", "notice form", "notice post"):
        method, url = urls[name]
        assert getattr(client, method)(url).status_code == 403, name
    assert client.get(urls["notice docx"][1]).status_code == 200
    assert mailoutbox == []


def test_a_county_office_sees_only_its_own_jurisdiction_whatever_the_url_says(
    client, office, jiangmen_task
):
    client.force_login(office.supervisor)
    page = dashboard(client, jurisdiction=office.jiangmen.pk)
    assert "行政区" in page.refusal()
    for name in ("rollup", "lights", "overdue", "missing", "unit"):
        assert not page.has(name), name
    assert "江门市人社局" not in page.html
    assert "各单位都已按期报送" not in page.html
    options = page.tree.xpath("//select[@name='jurisdiction']/option/text()")
    assert [o.strip() for o in options] == ["开平市"]

    response = client.get(reverse("supervision:export"), {"jurisdiction": office.jiangmen.pk})
    assert response.status_code == 400
    assert "spreadsheetml" not in response["Content-Type"]


def test_the_city_office_exports_a_districts_lists(client, office, jiangmen_task):
    client.force_login(office.city_supervisor)
    response = client.get(reverse("supervision:export"), {"jurisdiction": office.kaiping.pk})
    sheet = load_workbook(io.BytesIO(response.content))["逾期节点"]
    units = [row[4] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert units == ["市民政局"]


def test_an_administrator_sees_every_jurisdiction_and_may_pick_one(
    client, office, jiangmen_task, django_user_model
):
    client.force_login(superuser(django_user_model))
    everything = dashboard(client)
    assert everything.count("overdue") == 2
    assert "江门市人社局" in everything.listed("overdue")
    assert "市民政局" in everything.listed("overdue")

    kaiping = dashboard(client, jurisdiction=office.kaiping.pk)
    assert "开平市" in kaiping.tree.xpath("string(//h1)")
    assert kaiping.count("overdue") == 1
    assert "市民政局" in kaiping.listed("overdue")
    assert "江门市人社局" not in kaiping.listed("overdue")

    jiangmen = dashboard(client, jurisdiction=office.jiangmen.pk)
    assert [row[3] for row in jiangmen.rows("overdue")] == ["江门市人社局"]


# -- 2. the lists -----------------------------------------------------------------------


def test_an_overdue_milestone_shows_days_late_lead_unit_person_and_leader(client, office):
    client.force_login(office.supervisor)
    page = dashboard(client)
    assert page.count("overdue") == 1
    assert page.rows("overdue") == [[
        "开平市 2024 · 第1项 新增就业6000人以上。", "3月31日前：出台方案", "2024年3月31日",
        "市民政局 / 张璐", "王副市长", "15 天", "催办",
    ]]


def test_a_milestone_due_in_five_days_is_due_soon_within_seven_days_but_not_three(
    client, office
):
    add_milestone(office.task_b, D(2024, 4, 20), "完成选址")
    client.force_login(office.supervisor)

    page = dashboard(client)  # 开平 warns 7 days ahead
    assert page.heading("soon").startswith("7 天内到期的节点")
    assert page.count("soon") == 1
    assert page.row("soon", "完成选址")[2:6] == ["2024年4月20日", "市教育局", "陈副市长", "5 天后"]

    assert page.count("overdue") == 1  # the March milestone is not "due soon"
    assert "完成选址" not in page.listed("overdue")

    narrow = dashboard(client, window=3)
    assert narrow.heading("soon").startswith("3 天内到期的节点")
    assert narrow.count("soon") == 0
    assert narrow.rows("soon") == []

    assert dashboard(client, window=5).count("soon") == 1  # the last day of the window counts


def test_a_granted_extension_shows_the_new_date_and_strikes_the_original(client, office):
    grant_extension(office, office.march, D(2024, 4, 18))
    client.force_login(office.supervisor)
    page = dashboard(client)

    assert page.count("overdue") == 0
    assert "出台方案" not in page.listed("overdue")
    row = page.row("soon", "出台方案")
    assert row[2].startswith("2024年4月18日")
    assert row[5] == "3 天后"
    (struck,) = page.section("soon").xpath(".//del")
    assert struck.text_content().strip() == "原定 2024年3月31日"
    # Task B: its March report is overdue.
    assert page.lights() == {"red": 0, "yellow": 2, "green": 0}


def test_an_extension_to_a_date_already_past_counts_days_late_from_the_new_date(
    client, office
):
    grant_extension(office, office.march, D(2024, 4, 10))
    client.force_login(office.supervisor)
    page = dashboard(client)
    row = page.row("overdue", "出台方案")
    assert row[2].startswith("2024年4月10日")
    assert row[5] == "5 天"
    (struck,) = page.section("overdue").xpath(".//del")
    assert struck.text_content().strip() == "原定 2024年3月31日"


def test_tasks_whose_report_is_overdue_are_listed_with_days_late(client, office):
    file_report(office.task_b, office.other_unit)  # 市教育局 reported March in time
    client.force_login(office.supervisor)
    page = dashboard(client)
    assert page.count("missing") == 1
    assert page.rows("missing") == [[
        "开平市 2024 · 第1项 新增就业6000人以上。", "2024年3月31日", "市民政局 / 张璐",
        "王副市长", "15 天", "催办",
    ]]


def test_returned_and_submitted_reports_appear_in_their_own_lists(client, office):
    returned = file_report(office.task_a, office.lead)
    workflow.return_report(returned, office.supervisor, "请补充佐证材料")
    file_report(office.task_b, office.other_unit)
    client.force_login(office.supervisor)
    page = dashboard(client)

    assert page.count("returned") == 1
    (row,) = page.rows("returned")
    assert row[:4] == ["开平市 2024 · 第1项 新增就业6000人以上。", "2024年3月", "市民政局 / 张璐", "王副市长"]
    assert "请补充佐证材料" in row[4]

    assert page.count("review") == 1
    (row,) = page.rows("review")
    assert row[:4] == ["开平市 2024 · 第2项 新建幼儿园3所。", "2024年3月", "市教育局", "陈副市长"]
    assert "2024年4月15日" in row[4]

    # A returned report is not a report: task A still owes March; task B does not.
    assert [r[0] for r in page.rows("missing")] == ["开平市 2024 · 第1项 新增就业6000人以上。"]


def test_a_completed_task_has_no_overdue_or_upcoming_milestones(client, office):
    report = file_report(office.task_a, office.lead, declares_complete=True)
    workflow.approve(report, office.supervisor)
    office.task_a.refresh_from_db()
    assert office.task_a.status == TaskStatus.COMPLETED
    assert Milestone.objects.get(pk=office.march.pk).done_on is None  # never reported done

    client.force_login(office.supervisor)
    page = dashboard(client, window=90)  # June's milestone would be within 90 days
    assert page.count("overdue") == 0
    assert page.count("soon") == 0
    assert page.table("unit")["市民政局"] == ["1", "0", "0", "0", "—"]
    assert page.lights() == {"red": 0, "yellow": 1, "green": 1}  # B: March report overdue


# -- 3. lights and thresholds -----------------------------------------------------------


def test_a_longer_warning_period_turns_a_milestone_fifteen_days_away_yellow(client, office):
    file_report(office.task_b, office.other_unit)  # March: no report overdue to turn it yellow
    add_milestone(office.task_b, D(2024, 4, 30), "完成主体施工")
    assert office.task_b.light == Light.GREEN  # 7 days' warning: not yet

    office.kaiping.warning_days = 20
    office.kaiping.save()
    refresh(office.task_a, office.task_b)
    assert office.task_b.light == Light.YELLOW

    client.force_login(office.supervisor)
    page = dashboard(client)
    assert page.lights() == {"red": 1, "yellow": 1, "green": 0}
    assert page.heading("soon").startswith("20 天内到期的节点")
    assert page.row("soon", "完成主体施工")[5] == "15 天后"
    assert "有节点在 20 天内到期" in page.section("lights").text_content()


def test_the_rules_text_states_the_jurisdictions_own_numbers(client, office):
    Jurisdiction.objects.filter(pk=office.kaiping.pk).update(
        warning_days=10, yellow_gap=15, red_gap=40
    )
    client.force_login(office.supervisor)
    rules = " ".join(dashboard(client).section("lights").xpath("string(.//details)").split())
    assert "量化目标落后序时进度超过 40 个百分点" in rules
    assert "有节点在 10 天内到期" in rules
    assert "量化目标落后序时进度 15–40 个百分点" in rules


def test_a_yellow_gap_of_zero_is_stated_as_zero(client, office):
    Jurisdiction.objects.filter(pk=office.kaiping.pk).update(yellow_gap=0)
    client.force_login(office.supervisor)
    rules = " ".join(dashboard(client).section("lights").xpath("string(.//details)").split())
    assert "量化目标落后序时进度 0–30 个百分点" in rules


def test_light_counts_on_the_page_are_the_tasks_stored_lights(client, three_tasks):
    office = three_tasks
    add_task(office, 4, office.education, dues=[D(2024, 4, 18)])  # yellow
    client.force_login(office.supervisor)
    page = dashboard(client)
    stored = {light: Task.objects.filter(light=light).count() for light in Light.values}
    assert stored == {"red": 2, "yellow": 1, "green": 1}
    assert page.lights() == stored


def test_tasks_are_counted_by_category_and_light(client, three_tasks):
    client.force_login(three_tasks.supervisor)
    assert dashboard(client).rows("category") == [
        ["提升就业保障水平", "2", "1", "0", "1"],
        ["优化教育资源供给", "1", "1", "0", "0"],
    ]


def test_each_lead_unit_has_its_tasks_reds_overdue_missing_and_average_days_late(
    client, three_tasks
):
    client.force_login(three_tasks.supervisor)
    page = dashboard(client)
    # 市财政局 only helps on task A: A's 15 late days are 市民政局's, not its own.
    assert page.rows("unit") == [
        ["市财政局", "1", "1", "2", "1", "7.5"],
        ["市民政局", "1", "1", "1", "1", "15.0"],
        ["市教育局", "1", "0", "0", "0", "—"],
    ]


def test_each_supervising_leader_answers_for_all_their_tasks(client, three_tasks):
    client.force_login(three_tasks.supervisor)
    page = dashboard(client)
    assert page.rows("leader") == [
        ["王副市长", "2", "2", "3", "2", "10.0"],
        ["陈副市长", "2", "1", "2", "1", "7.5"],
    ]
    # The lists name every leader of a task.
    assert {r[4] for r in page.rows("overdue")} == {"王副市长", "王副市长、陈副市长"}


def test_the_month_table_counts_milestones_planned_by_due_month_and_achieved_by_done_month(
    client, office
):
    office.task_c = add_task(office, 3, office.finance, dues=[D(2024, 4, 5), D(2024, 10, 31)])
    march = file_report(
        office.task_a, office.lead, "2024-03",
        {office.march.pk: {"state": MilestoneProgressState.DONE, "done_on": D(2024, 3, 28)}},
    )
    workflow.approve(march, office.supervisor)
    # June's milestone is reached early, on 10 April.
    april = file_report(
        office.task_a, office.lead, "2024-04",
        {office.june.pk: {"state": MilestoneProgressState.DONE, "done_on": D(2024, 4, 10)}},
    )
    workflow.approve(april, office.supervisor)

    client.force_login(office.supervisor)
    page = dashboard(client)
    months = page.table("chart")
    assert len(months) == 12
    #                planned achieved  cumulative planned, achieved
    assert months["3月"] == ["1", "1", "1", "1"]
    assert months["4月"] == ["1", "1", "2", "2"]
    assert months["6月"] == ["1", "0", "3", "2"]
    assert months["10月"] == ["1", "0", "4", "2"]
    assert months["12月"] == ["0", "0", "4", "2"]
    assert page.tree.xpath("//script[@id='milestone-chart-data']")


# -- 4. filters -------------------------------------------------------------------------


def overdue_tasks(page) -> list[str]:
    return [row[0].split(" ")[3] for row in page.rows("overdue")]


def test_filtering_by_light_keeps_only_those_tasks(client, three_tasks):
    client.force_login(three_tasks.supervisor)
    red = dashboard(client, light="red")
    assert red.lights() == {"red": 2, "yellow": 0, "green": 0}
    assert overdue_tasks(red) == ["第1项", "第3项", "第3项"]
    assert red.count("review") == 0  # task B's submitted report is green's

    green = dashboard(client, light="green")
    assert green.lights() == {"red": 0, "yellow": 0, "green": 1}
    assert green.count("overdue") == 0
    assert green.count("review") == 1
    assert [r[0] for r in green.rows("unit")] == ["市教育局"]


def test_filtering_by_unit_keeps_the_tasks_it_leads_or_helps_on(client, three_tasks):
    office = three_tasks
    client.force_login(office.supervisor)
    education = dashboard(client, unit=office.education.pk)
    assert education.lights() == {"red": 0, "yellow": 0, "green": 1}
    assert education.count("overdue") == 0
    assert education.count("missing") == 0
    assert [r[0] for r in education.rows("unit")] == ["市教育局"]

    finance = dashboard(client, unit=office.finance.pk)  # leads C, helps on A
    assert finance.lights() == {"red": 2, "yellow": 0, "green": 0}
    assert overdue_tasks(finance) == ["第1项", "第3项", "第3项"]
    assert finance.count("missing") == 2


def test_filtering_by_leader_keeps_their_tasks(client, three_tasks):
    office = three_tasks
    client.force_login(office.supervisor)
    page = dashboard(client, leader=office.chen.pk)
    assert page.lights() == {"red": 1, "yellow": 0, "green": 1}
    assert overdue_tasks(page) == ["第3项", "第3项"]
    assert page.count("missing") == 1
    assert page.count("review") == 1
    assert page.table("leader")["陈副市长"][0] == "2"


def test_filtering_by_category_name_keeps_that_category(client, three_tasks):
    client.force_login(three_tasks.supervisor)
    page = dashboard(client, category="优化教育资源供给")
    assert page.lights() == {"red": 1, "yellow": 0, "green": 0}
    assert overdue_tasks(page) == ["第3项", "第3项"]
    assert [r[0] for r in page.rows("category")] == ["优化教育资源供给"]
    options = page.tree.xpath("//select[@name='category']/option/@value")
    assert options == ["", "优化教育资源供给", "提升就业保障水平"]


def test_the_dashboard_opens_on_the_newest_year_and_can_show_an_earlier_one(client, office):
    program = Program.objects.create(
        jurisdiction=office.kaiping, year=2023, title="2023年开平市十件民生实事",
        first_report_due=D(2023, 3, 31),
    )
    category = Category.objects.create(program=program, number=1, name="提升就业保障水平")
    old = add_task(office, 5, office.education, dues=[D(2023, 12, 31)], category=category,
                   program=program)
    assert old.light == Light.RED
    client.force_login(office.supervisor)

    newest = dashboard(client)
    assert newest.tree.xpath("//select[@name='year']/option[@selected]/@value") == ["2024"]
    assert newest.lights() == {"red": 1, "yellow": 1, "green": 0}  # B: March report overdue
    assert "2023" not in newest.listed("overdue")

    earlier = dashboard(client, year=2023)
    assert earlier.lights() == {"red": 1, "yellow": 0, "green": 0}
    assert earlier.rows("overdue")[0][0] == "开平市 2023 · 第5项 第5项民生实事"
    assert earlier.rows("overdue")[0][5] == "106 天"
    assert earlier.table("chart")["12月"] == ["1", "0", "1", "0"]


def test_an_unknown_filter_value_shows_an_error_and_no_figures(client, office):
    client.force_login(office.supervisor)
    page = dashboard(client, light="purple")
    assert page.tree.xpath("//p[@class='field-error']")
    assert page.refusal().startswith("筛选条件无效")
    assert "预警灯" in page.refusal()
    assert not page.has("lights") and not page.has("overdue") and not page.has("missing")
    assert "各单位都已按期报送" not in page.html


def test_a_leader_of_another_jurisdiction_cannot_be_picked(client, office):
    stranger = Leader.objects.create(jurisdiction=office.jiangmen, name="江门领导")
    TaskLeader.objects.create(task=office.task_a, leader=stranger, position=1)
    client.force_login(office.supervisor)
    page = dashboard(client, leader=stranger.pk)
    assert page.tree.xpath("//p[@class='field-error']")
    assert "分管领导" in page.refusal()
    assert not page.has("overdue")
    assert "江门领导" not in page.tree.xpath("string(//select[@name='leader'])")


def test_the_filters_are_kept_in_the_export_link(client, office):
    client.force_login(office.supervisor)
    page = dashboard(client, light="red", window=3)
    (href,) = page.tree.xpath("//a[contains(@href, 'export.xlsx')]/@href")
    assert href.startswith(reverse("supervision:export") + "?")
    assert "light=red" in href and "window=3" in href


def test_the_page_states_the_day_its_figures_are_counted_on(client, office):
    client.force_login(office.supervisor)
    response = client.get(reverse(DASHBOARD))
    page = Page(response)
    assert response.context["board"].today == D(2024, 4, 15)
    assert "截至 2024年4月15日" in page.html
