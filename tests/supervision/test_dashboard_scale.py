"""An administrator's view over every jurisdiction stays one screen and a fixed number of
queries: the roll-up, the figures counted in SQL, the most urgent rows of each list (a page,
with a short pager) and of the unit table, and the export with every row."""

import datetime
import io
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.choices import MilestoneKind
from projects.models import Jurisdiction, Milestone, Unit
from supervision.dashboard import PAGE_SIZE, PEOPLE_ROWS
from tests.conftest import session_queries

from .conftest import add_task, dashboard, refresh
from .test_rollup import DISTRICTS, task_in

pytestmark = pytest.mark.django_db

D = datetime.date

# The user (1 besides the session: an administrator has no account and needs no permission
# lookup), the stale-state check, the filter form (jurisdictions, years, categories: 3), the
# board's 9 grouped counts, 5 list pages and 1 for their leaders, and the roll-up's 3
# grouped queries. No programme in view and no unit or leader choices: no jurisdiction is
# chosen.
ADMIN = 23 + session_queries()


@pytest.fixture
def root(client, office, jiangmen_task, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("root", "root@example.invalid", "pw")
    )
    return office


def test_the_administrators_view_runs_the_same_queries_for_two_jurisdictions_or_twenty(
    client, root, django_assert_num_queries
):
    with django_assert_num_queries(ADMIN):
        page = dashboard(client)
    assert list(page.table("rollup")) == ["江门市（本级）", *DISTRICTS]

    for n in range(18):
        district = Jurisdiction.objects.create(
            code=f"4408{n:02d}", name=f"合成区{n}", parent=root.jiangmen
        )
        task_in(root, district, 1, [D(2024, 4, 1), D(2024, 4, 20)])
    with django_assert_num_queries(ADMIN):
        page = dashboard(client)
    assert len(page.table("rollup")) == 1 + len(DISTRICTS) + 18
    # 开平's task A, 江门's own, and the eighteen districts' first milestones.
    assert page.count("overdue") == 2 + 18
    assert page.count("soon") == 18  # the 20 April milestones, within 7 days of the 15th


def test_the_lists_total_agrees_with_the_roll_up_and_the_export_holds_every_row(
    client, root
):
    """130 overdue milestones: a page of 20 on screen, seven pages in a short pager, the
    heading and the roll-up's total counting them all, every one in the export."""
    Milestone.objects.bulk_create(
        Milestone(task=root.task_b, position=10 + n, kind=MilestoneKind.DATED,
                  due=D(2024, 1, 1) + datetime.timedelta(days=n % 90), text=f"批量节点{n}")
        for n in range(128)
    )
    refresh(root.task_b)
    page = dashboard(client)
    total = 128 + 2
    assert page.count("overdue") == total
    assert page.tree.xpath("string(//table/tfoot/tr/td[5])") == str(total)  # the roll-up
    assert len(page.rows("overdue")) == PAGE_SIZE
    pager = page.section("overdue").xpath(".//nav[@class='pager no-print']")[0]
    assert [n.text for n in pager.xpath("./a|./span")] == [
        "1", "2", "3", "…", "7", "第 1/7 页，共 130 条"
    ]

    last = [
        parse_qs(urlparse(a.get("href")).query)["overdue_page"][0]
        for a in pager.xpath(".//a")
    ]
    assert last == ["2", "3", "7"]
    seventh = dashboard(client, overdue_page=7)
    assert len(seventh.rows("overdue")) == total - 6 * PAGE_SIZE

    sheet = load_workbook(io.BytesIO(client.get(reverse("supervision:export")).content))
    assert sheet["逾期节点"].max_row - 4 == total


def test_the_unit_table_shows_the_most_urgent_units_and_the_export_all(client, root):
    units = Unit.objects.bulk_create(
        Unit(jurisdiction=root.kaiping, name=f"批量单位{n:02d}") for n in range(PEOPLE_ROWS)
    )
    for n, unit in enumerate(units):
        add_task(root, 100 + n, unit)
    page = dashboard(client)
    rows = page.rows("unit")
    assert len(rows) == PEOPLE_ROWS
    # Those with a red light first: 开平's 市民政局 (task A) and 江门市人社局.
    assert {rows[0][0], rows[1][0]} == {"市民政局", "江门市人社局"}
    note = " ".join(page.section("unit").xpath("string(.//p[@class='muted'])").split())
    assert note.startswith(f"共 {PEOPLE_ROWS + 3} 个，此处列出红灯、逾期最多的前 {PEOPLE_ROWS} 个")

    sheet = load_workbook(io.BytesIO(client.get(reverse("supervision:export")).content))
    assert sheet["按单位"].max_row - 4 == PEOPLE_ROWS + 3


# The user (4 besides the session), the stale-state check, the filter form (3), the
# programme in view (none), the unit and leader choices (2), the roll-up (3). A city without
# a programme of its own shows no lists, and its empty board costs no query.
CITY_WITHOUT_PROGRAMME = 14 + session_queries()


def test_a_city_office_without_a_programme_of_its_own_pays_only_for_the_roll_up(
    client, office, django_assert_num_queries
):
    client.force_login(office.city_supervisor)
    with django_assert_num_queries(CITY_WITHOUT_PROGRAMME):
        page = dashboard(client, year=2024)
    assert page.table("rollup")["开平市"][0] == "2"
    assert "江门市本级 2024 年没有民生实事计划" in page.html
    assert not page.has("overdue")
