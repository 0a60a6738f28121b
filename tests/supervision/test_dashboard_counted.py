"""One truth for two ways of building the dashboard: the administrator's board over every
jurisdiction (`build_counted`: figures counted in SQL, only the page on screen read) shows
exactly what `build` (each row read, counted in Python, the office's board) shows on the
same tasks — every light, category, unit and leader figure, every list's total, and the
rows of every page in every order."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from progress import workflow
from projects.models import Jurisdiction, Leader, Task, TaskLeader, Unit
from supervision import dashboard as boards
from tests.conftest import session_queries

from .conftest import TODAY, add_task, dashboard, file_report, refresh
from .test_dashboard_queries import grow
from .test_rollup import task_in

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def crowd(office, jiangmen_task, districts_with_tasks):
    """开平 grown to 42 tasks (returned and submitted reports, five leaders), a task with two
    leaders and one without a lead unit, 江门's own task and a task in each district."""
    grow(office)
    second = Leader.objects.create(jurisdiction=office.kaiping, name="李副市长")
    TaskLeader.objects.create(task=office.task_a, leader=second, position=1)
    headless = add_task(office, 300, office.finance, dues=[D(2024, 4, 2)])
    headless.assignments.update(is_lead=False)
    late = add_task(office, 301, Unit.objects.create(jurisdiction=office.kaiping, name="迟报局"),
                    dues=[D(2024, 4, 17)], leaders=[second])
    report = file_report(late, office.lead)
    workflow.return_report(report, office.supervisor, "请补充")
    refresh(*Task.objects.all())
    return office


@pytest.fixture
def districts_with_tasks(office):
    for n in range(4):
        district = Jurisdiction.objects.create(
            code=f"4408{n:02d}", name=f"合成区{n}", parent=office.jiangmen
        )
        task_in(office, district, 1, [D(2024, 4, 1), D(2024, 4, 20)])


def people(rows):
    return [(r.pk, r.name, r.tasks, r.red, r.overdue, r.missing, r.average_days_late)
            for r in rows]


def shown(listing):
    return [
        (type(row).__name__, row.pk, getattr(row, "task_id", row.pk), getattr(row, "days", None), row.lead_unit_name,
         row.lead_person, row.leader_name)
        for row in listing.rows
    ]


@pytest.mark.parametrize("today,window", [(TODAY, 7), (TODAY, 30), (D(2024, 6, 20), 3)])
def test_the_counted_board_shows_what_the_rows_board_shows(crowd, today, window, monkeypatch):
    monkeypatch.setattr(boards, "PAGE_SIZE", 5)  # several pages from a few dozen rows
    tasks = Task.objects.filter(program__year=2024)
    rows = boards.build(tasks, today, window, year=2024)
    counted = boards.build_counted(tasks, today, window, year=2024)

    assert counted.lights == rows.lights
    assert counted.categories == rows.categories
    assert people(counted.units) == people(rows.units)
    assert people(counted.leaders) == people(rows.leaders)
    assert counted.months == rows.months
    assert sum(rows.lights.values()) == tasks.count()
    for attribute, keys in boards.LISTS.values():
        by_rows, by_sql = getattr(rows, attribute), getattr(counted, attribute)
        assert by_sql.total == by_rows.total, attribute
        for sort in ["", *keys, *[f"-{key}" for key in keys]]:
            for page in range(1, by_rows.pages + 1):
                by_rows.arrange(sort, page, keys)
                by_sql.arrange(sort, page, keys)
                assert (by_sql.page, by_sql.pages) == (by_rows.page, by_rows.pages)
                assert shown(by_sql) == shown(by_rows), (attribute, sort, page)
        assert [r.pk for r in by_sql.ordered] == [r.pk for r in by_rows.ordered]
    # The data does reach every list (the comparison is not of empty lists).
    lists = ("overdue", "missing_reports", "returned", "awaiting_review")
    assert all(getattr(rows, a).total for a in lists)
    assert rows.due_soon.total or today != TODAY


def test_the_administrators_page_shows_the_office_boards_figures(client, crowd,
                                                                 django_user_model):
    """The page itself: the lists' totals as the rows board counts them."""
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.invalid",
                                                                  "pw"))
    page = dashboard(client, year=2024)
    board = boards.build(Task.objects.filter(program__year=2024), TODAY, 7, year=2024)
    assert page.count("overdue") == board.overdue.total
    assert page.count("soon") == board.due_soon.total
    assert page.count("missing") == board.missing_reports.total
    assert page.count("returned") == board.returned.total
    assert page.count("review") == board.awaiting_review.total
    assert len(page.rows("overdue")) == boards.PAGE_SIZE
    assert len(page.rows("unit")) == len(board.units)
    # The export holds every row of each list, not the page on screen.
    sheets = load_workbook(io.BytesIO(client.get(
        reverse("supervision:export"), {"year": 2024}).content))
    assert sheets["逾期节点"].max_row - 4 == board.overdue.total
    assert sheets["按单位"].max_row - 4 == len(board.units)


# The user (the session and the user: an administrator has no account or permission
# lookups), the stale-state check, the filter form (jurisdictions, years, categories), the
# counted board (categories and lights, late reports, overdue and due-soon milestones, report
# counts, the unit and leader tables' four reads, the two month counts: 11), five list pages,
# the roll-up (3).
ADMIN = 24 + session_queries()


def test_the_administrators_view_runs_the_same_queries_for_few_jurisdictions_or_many(
    client, office, jiangmen_task, django_user_model, django_assert_num_queries
):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.invalid",
                                                                  "pw"))
    url = reverse("supervision:dashboard") + "?year=2024"
    with django_assert_num_queries(ADMIN):
        assert client.get(url).status_code == 200
    for n in range(12):
        district = Jurisdiction.objects.create(
            code=f"4409{n:02d}", name=f"合成区{n}", parent=office.jiangmen
        )
        task_in(office, district, 1, [D(2024, 4, 1), D(2024, 4, 20)])
    grow(office)
    with django_assert_num_queries(ADMIN):
        assert client.get(url).status_code == 200


# The user (4 besides the session), the stale-state check, the filter form (3), the
# programme in view (none), the unit and leader choices (2), the roll-up (3): a city without
# a programme of its own has no task, and its empty board costs no query.
CITY_WITHOUT_PROGRAMME = 14 + session_queries()


def test_a_city_office_without_a_programme_of_its_own_pays_only_for_the_roll_up(
    client, office, django_assert_num_queries
):
    client.force_login(office.city_supervisor)
    with django_assert_num_queries(CITY_WITHOUT_PROGRAMME):
        page = dashboard(client, year=2024)
    assert page.table("rollup")["开平市"][0] == "2"
    assert "江门市本级 2024 年没有民生实事计划" in page.html
    # As before: the page says so and shows no lists (the board was built and not shown).
    assert not any(page.has(name) for name in boards.LISTS)
