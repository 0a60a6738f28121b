"""The city office supervises its districts: the roll-up on its dashboard (one row per
jurisdiction below it, towns counted with their county), the drill-down into a district's
lists, and the district's setting that lets the office above remind and issue notices."""

import datetime
import io
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from progress.choices import EventKind
from progress.models import TaskEvent
from projects.models import Category, Jurisdiction, Milestone, Program, Task, Unit
from supervision.models import SupervisionNotice
from tests.conftest import session_queries

from .conftest import TODAY, Page, add_task, dashboard

pytestmark = pytest.mark.django_db

D = datetime.date
DISTRICTS = ["蓬江区", "江海区", "新会区", "台山市", "开平市", "鹤山市", "恩平市"]


def programme(jurisdiction, year=2024):
    program = Program.objects.create(
        jurisdiction=jurisdiction, year=year, title=f"{year}年{jurisdiction}民生实事",
        first_report_due=D(year, 3, 31),
    )
    category = Category.objects.create(program=program, number=1, name="民生保障")
    return program, category


def task_in(world, jurisdiction, number, dues, year=2024):
    program, category = programme(jurisdiction, year)
    unit = Unit.objects.create(jurisdiction=jurisdiction, name=f"{jurisdiction}牵头单位")
    return add_task(world, number, unit, dues=dues, category=category, program=program)


@pytest.fixture
def districts(office, jiangmen_task):
    """On 15 April 2024: 江门's own task (due 1 April), 开平's tasks A (due 31 March) and B,
    a town under 开平 with a task due 14 April, 江海区 with one task due 5 and 10 April, and
    an old 开平 2023 task that the 2024 roll-up leaves out. No report has been filed."""
    office.town = Jurisdiction.objects.create(code="440799", name="赤坎镇", parent=office.kaiping)
    office.town_task = task_in(office, office.town, 1, [D(2024, 4, 14)])
    office.jianghai = Jurisdiction.objects.get(code="440704")
    office.jianghai_task = task_in(office, office.jianghai, 1, [D(2024, 4, 5), D(2024, 4, 10)])
    program, category = programme(office.kaiping, 2023)
    add_task(office, 9, office.education, dues=[D(2023, 12, 31)], category=category,
             program=program)
    return office


def figures_from_the_database(jurisdiction, *, own):
    """The row a roll-up should show, counted task by task and milestone by milestone."""
    tasks = Task.objects.filter(program__year=2024)
    if own:
        tasks = tasks.filter(program__jurisdiction=jurisdiction)
    else:
        tasks = tasks.filter(program__jurisdiction__path__startswith=jurisdiction.path)
    late = [
        (TODAY - m.due).days
        for m in Milestone.objects.filter(task__in=tasks, done_on__isnull=True, due__lt=TODAY)
        if m.task.status != "completed"
    ]
    return [
        str(tasks.count()),
        *(str(tasks.filter(light=light).count()) for light in ("red", "yellow", "green")),
        str(len(late)),
        str(sum(1 for t in tasks if t.next_report_due and t.next_report_due < TODAY)),
        f"{round(sum(late) / len(late), 1)}" if late else "—",
    ]


def test_the_city_office_sees_one_row_per_district_with_its_towns_counted_in(
    client, districts
):
    office = districts
    client.force_login(office.city_supervisor)
    page = dashboard(client)
    table = page.table("rollup")
    assert list(table) == ["江门市（本级）", *DISTRICTS]
    #                           items red yellow green overdue missing average days late
    assert table["江门市（本级）"] == ["1", "1", "0", "0", "1", "1", "14.0"]
    # 15 and 1 days late; the third task's report is overdue, so its light is yellow, not green.
    assert table["开平市"] == ["3", "2", "1", "0", "2", "3", "8.0"]
    assert table["江海区"] == ["1", "1", "0", "0", "2", "1", "7.5"]  # 10 and 5 days late
    assert table["蓬江区"] == ["0", "0", "0", "0", "0", "0", "—"]
    assert table["江门市（本级）"] == figures_from_the_database(office.jiangmen, own=True)
    for name in DISTRICTS:
        district = Jurisdiction.objects.get(name=name)
        assert table[name] == figures_from_the_database(district, own=False), name
    (total,) = page.section("rollup").xpath(".//tfoot/tr")
    assert [c.text_content() for c in total.xpath("./th|./td")] == [
        "合计", "5", "4", "1", "0", "5", "5", "9.0",
    ]


def test_the_export_carries_the_roll_up(client, districts):
    client.force_login(districts.city_supervisor)
    response = client.get(reverse("supervision:export"))
    sheet = load_workbook(io.BytesIO(response.content))["各地汇总"]
    rows = {row[0]: list(row[1:]) for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["开平市"] == [3, 2, 1, 0, 2, 3, 8.0]
    assert rows["合计"] == [5, 4, 1, 0, 5, 5, 9.0]
    assert list(rows)[:2] == ["江门市（本级）", "蓬江区"]


def test_each_row_opens_that_jurisdictions_own_dashboard(client, districts):
    office = districts
    client.force_login(office.city_supervisor)
    page = dashboard(client)
    (link,) = page.section("rollup").xpath(".//tbody//a[contains(., '开平市')]")
    href = link.get("href")
    assert urlparse(href).path == reverse("supervision:dashboard")
    assert parse_qs(urlparse(href).query) == {
        "jurisdiction": [str(office.kaiping.pk)], "year": ["2024"],
    }

    kaiping = Page(client.get(href))
    assert kaiping.tree.xpath("string(//h1)").split() == ["督查督办", "·", "开平市"]
    # 开平 has a town below it: its own roll-up, then its own lists.
    assert list(kaiping.table("rollup")) == ["开平市（本级）", "赤坎镇"]
    assert kaiping.table("rollup")["赤坎镇"] == ["1", "1", "0", "0", "1", "1", "1.0"]
    assert [r[3] for r in kaiping.rows("overdue")] == ["市民政局 / 张璐"]
    (task_link,) = kaiping.section("overdue").xpath(".//tbody//a/@href")
    assert task_link == reverse("progress:task", kwargs={"pk": office.task_a.pk})

    # The task page is read-only for the city office: no reminder, no notice, no review.
    task_page = client.get(task_link)
    assert task_page.status_code == 200
    html = task_page.content.decode()
    assert reverse("supervision:remind", kwargs={"pk": office.task_a.pk}) not in html
    assert reverse("supervision:notice_new", kwargs={"pk": office.task_a.pk}) not in html


def test_a_district_without_a_programme_that_year_says_so_instead_of_an_all_clear(
    client, districts
):
    client.force_login(districts.city_supervisor)
    (link,) = dashboard(client).section("rollup").xpath(".//tbody//a[contains(., '蓬江区')]/@href")
    page = Page(client.get(link))
    assert "蓬江区本级还没有民生实事计划" in page.html
    assert not page.has("missing")
    assert "各单位都已按期报送" not in page.html


def test_an_administrator_sees_every_district_in_the_roll_up(
    client, districts, django_user_model
):
    root = django_user_model.objects.create_superuser("root", "root@example.invalid", "pw")
    client.force_login(root)
    page = dashboard(client)
    assert list(page.table("rollup")) == ["江门市（本级）", *DISTRICTS]
    assert page.table("rollup")["开平市"][0] == "3"
    assert page.count("overdue") == 5  # the lists: every jurisdiction's 2024 milestones


def test_a_jurisdiction_outside_the_city_is_refused_with_an_error_not_an_all_clear(
    client, districts
):
    elsewhere = Jurisdiction.objects.create(code="440100", name="广州市")
    task_in(districts, elsewhere, 1, [D(2024, 4, 1)])
    client.force_login(districts.city_supervisor)
    for params in ({"jurisdiction": elsewhere.pk}, {"jurisdiction": "abc"}, {"year": 1999}):
        page = dashboard(client, **params)
        assert page.refusal().startswith("筛选条件无效"), params
        assert not page.has("rollup") and not page.has("lights") and not page.has("missing")
        assert "各单位都已按期报送" not in page.html
        assert "广州市牵头单位" not in page.html
        response = client.get(reverse("supervision:export"), params)
        assert response.status_code == 400, params
        assert "筛选条件无效" in response.content.decode()
    options = dashboard(client).tree.xpath("//select[@name='jurisdiction']/option/text()")
    assert [o.strip() for o in options] == ["江门市", *DISTRICTS[:5], "赤坎镇", *DISTRICTS[5:]]


# -- acting on a district's items: the district's setting ---------------------------------


def test_without_the_districts_consent_the_city_office_may_not_remind_or_issue_notices(
    client, districts, mailoutbox
):
    office = districts
    client.force_login(office.city_supervisor)
    task = office.task_a
    assert client.post(reverse("supervision:remind", kwargs={"pk": task.pk})).status_code == 403
    notice_url = reverse("supervision:notice_new", kwargs={"pk": task.pk})
    assert client.get(notice_url).status_code == 403
    assert client.post(notice_url, {"kind": "assignment", "unit": office.civil.pk}).status_code \
        == 403
    assert mailoutbox == []
    assert not TaskEvent.objects.filter(kind__in=[EventKind.REMINDED, EventKind.NOTICE]).exists()
    assert not SupervisionNotice.objects.exists()
    page = dashboard(client, jurisdiction=office.kaiping.pk)
    assert not page.section("overdue").xpath(".//form")


def test_with_the_districts_consent_the_city_office_reminds_and_it_is_recorded(
    client, districts, mailoutbox
):
    office = districts
    office.kaiping.parent_office_may_act = True
    office.kaiping.save()
    client.force_login(office.city_supervisor)

    page = dashboard(client, jurisdiction=office.kaiping.pk)
    (form,) = page.section("overdue").xpath(".//tbody//form")
    remind = reverse("supervision:remind", kwargs={"pk": office.task_a.pk})
    assert form.get("action") == remind
    # 江海区 did not consent: its rows have no buttons.
    jianghai = dashboard(client, jurisdiction=office.jianghai.pk)
    assert jianghai.count("overdue") == 2
    assert not jianghai.section("overdue").xpath(".//form")

    response = client.post(remind)
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert mail.to == ["civil-reporter@example.invalid"]
    assert "江门市人民政府办公室督查室" in mail.body
    (event,) = TaskEvent.objects.filter(task=office.task_a, kind=EventKind.REMINDED)
    assert event.actor == office.city_supervisor

    task_page = client.get(reverse("progress:task", kwargs={"pk": office.task_a.pk}))
    assert remind in task_page.content.decode()
    notice = client.post(
        reverse("supervision:notice_new", kwargs={"pk": office.task_a.pk}),
        {"kind": "assignment", "unit": office.civil.pk, "number": "江府督〔2024〕1号",
         "issued_on": "2024-04-15", "reply_due": "2024-04-30", "content": "请加快推进。"},
    )
    assert notice.status_code == 302
    assert SupervisionNotice.objects.get().created_by == office.city_supervisor


def test_the_setting_is_edited_in_the_admin_on_the_lower_jurisdiction(
    client, office, django_user_model
):
    root = django_user_model.objects.create_superuser("root", "root@example.invalid", "pw")
    client.force_login(root)
    url = reverse("admin:projects_jurisdiction_change", args=[office.kaiping.pk])
    assert 'name="parent_office_may_act"' in client.get(url).content.decode()
    kaiping = office.kaiping
    response = client.post(url, {
        "code": kaiping.code, "name": kaiping.name, "short_name": kaiping.short_name,
        "other_names": kaiping.other_names, "parent": kaiping.parent_id,
        "parent_office_may_act": "on", "warning_days": 7, "yellow_gap": 10, "red_gap": 30,
    })
    assert response.status_code == 302
    kaiping.refresh_from_db()
    assert kaiping.parent_office_may_act
    listing = client.get(reverse("admin:projects_jurisdiction_changelist")).content.decode()
    assert "上级督查室可督办" in listing


# -- a fixed number of queries ----------------------------------------------------------

# The dashboard's own (see test_dashboard_queries.PLAIN) and three for the roll-up: tasks by
# jurisdiction and light, overdue reports by jurisdiction, overdue milestones by
# jurisdiction and due date. The jurisdictions are read once for the filter and the rows.
ROLLUP = 20 + session_queries()  # with the one stale-state check


def test_the_roll_up_runs_the_same_queries_for_two_jurisdictions_or_eight(
    client, office, jiangmen_task, django_assert_num_queries
):
    Jurisdiction.objects.filter(parent=office.jiangmen).exclude(pk=office.kaiping.pk).delete()
    client.force_login(office.city_supervisor)
    url = reverse("supervision:dashboard")
    with django_assert_num_queries(ROLLUP):
        page = Page(client.get(url))
    assert list(page.table("rollup")) == ["江门市（本级）", "开平市"]

    for n, name in enumerate(["蓬江区", "江海区", "新会区", "台山市", "鹤山市", "恩平市"]):
        district = Jurisdiction.objects.create(
            code=f"44079{n}", name=name, parent=office.jiangmen
        )
        task_in(office, district, 1, [D(2024, 4, 1), D(2024, 4, 20)])
        task_in(office, Jurisdiction.objects.create(
            code=f"44089{n}", name=f"{name}某镇", parent=district
        ), 1, [D(2024, 3, 1)])
    with django_assert_num_queries(ROLLUP):
        page = Page(client.get(url))
    assert len(page.table("rollup")) == 8
    assert page.table("rollup")["鹤山市"][:2] == ["2", "2"]  # its town counted in
