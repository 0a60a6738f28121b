"""The workbench lists its tasks 50 to a page, and the other parameters of the address stay
in the page links; a page costs the same queries whichever page and however many tasks."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from progress.views import TASKS_PER_PAGE
from projects.models import Category, Program, Task, TaskUnit
from tests.conftest import session_queries
from tests.progress.test_queries import add_tasks

pytestmark = pytest.mark.django_db

# A row of the office's task table (the review queues above it link elsewhere or to #changes).
OFFICE_ROW = re.compile(r'<tr><td><a href="/work/tasks/(\d+)/">')
# A card of the unit's task list.
UNIT_CARD = re.compile(r'<h2 class="task-card__title"><a href="/work/tasks/(\d+)/">')


def rows(page: str, pattern=OFFICE_ROW) -> list[int]:
    return [int(pk) for pk in pattern.findall(page)]


def get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_office_reads_its_120_tasks_in_three_pages_of_50(client, world):
    add_tasks(world, 118)  # with task A and task B: 120
    client.force_login(world.supervisor)
    first = get(client, reverse("progress:home"))
    assert len(rows(first)) == TASKS_PER_PAGE == 50
    assert '2024年度项目 <span class="count">120</span>' in first
    assert "第 1 / 3 页" in first
    assert 'href="?page=2#tasks" rel="next"' in first
    assert 'rel="prev"' not in first

    second = get(client, reverse("progress:home") + "?page=2")
    third = get(client, reverse("progress:home") + "?page=3")
    assert len(rows(second)) == 50 and len(rows(third)) == 20
    assert "第 3 / 3 页" in third and 'rel="next"' not in third
    assert 'href="?page=2#tasks" rel="prev"' in third
    # Every task exactly once, in document order (task A is number 1, task B number 2).
    shown = rows(first) + rows(second) + rows(third)
    assert len(set(shown)) == 120
    assert shown[:2] == [world.task_a.pk, world.task_b.pk]


def test_page_links_keep_the_other_parameters_of_the_address(client, world):
    add_tasks(world, 60)
    client.force_login(world.supervisor)
    page = get(client, reverse("progress:home") + "?sort=light&status=behind&page=1")
    assert 'href="?sort=light&amp;status=behind&amp;page=2#tasks" rel="next"' in page
    page = get(client, reverse("progress:home") + "?sort=light&status=behind&page=2")
    assert 'href="?sort=light&amp;status=behind&amp;page=1#tasks" rel="prev"' in page


def test_a_page_past_the_end_or_not_a_number_shows_a_real_page(client, world):
    add_tasks(world, 60)
    client.force_login(world.supervisor)
    assert len(rows(get(client, reverse("progress:home") + "?page=99"))) == 12
    assert "第 2 / 2 页" in get(client, reverse("progress:home") + "?page=99")
    assert len(rows(get(client, reverse("progress:home") + "?page=abc"))) == 50


def test_a_short_list_has_no_pager(client, world):
    client.force_login(world.supervisor)
    page = get(client, reverse("progress:home"))
    assert len(rows(page)) == 2
    assert 'class="pager"' not in page


def test_the_office_row_names_the_lead_unit(client, world):
    client.force_login(world.supervisor)
    page = get(client, reverse("progress:home"))
    row_a = page.split(f'<a href="/work/tasks/{world.task_a.pk}/">', 1)[1].split("</tr>", 1)[0]
    assert "<td>市民政局</td>" in row_a
    assert "市财政局" not in row_a  # the co-unit is no lead


def test_the_unit_pages_through_its_cards_too(client, world):
    add_tasks(world, 59)  # led by 市民政局, with task A: 60
    client.force_login(world.lead)
    first = get(client, reverse("progress:home"))
    second = get(client, reverse("progress:home") + "?page=2")
    assert len(rows(first, UNIT_CARD)) == 50 and len(rows(second, UNIT_CARD)) == 10
    assert 'href="?page=2#tasks" rel="next"' in first
    # The to-do list above the cards is not paged: it is the same on both pages.
    todo = re.compile(r'<section class="todo".*?</section>', re.S)
    assert todo.search(first).group(0) == todo.search(second).group(0)


@pytest.mark.parametrize("persona, queries", [("supervisor", 11), ("lead", 12)])
def test_every_page_of_the_workbench_runs_the_same_queries(
    client, world, persona, queries, django_assert_num_queries
):
    """Session aside: the login's user, account and two permission reads, the years, the count and the
    page of tasks, their units; the office's three queues or the unit's four to-do reads."""
    add_tasks(world, 118)
    client.force_login(getattr(world, persona))
    for page in (1, 2, 3):
        with django_assert_num_queries(queries + session_queries()):
            client.get(reverse("progress:home") + f"?page={page}")


def test_the_workbench_lists_the_years_taking_reports_and_a_past_year_on_request(client, world):
    """On 1 March 2025 the 2024 programme has closed for reporting (31 January): the office
    and the unit see 2025's items, and 2024's only when they ask, with its verdicts dated."""
    later = Program.objects.create(jurisdiction=world.kaiping, year=2025, title="2025年民生实事")
    category = Category.objects.create(program=later, number=1, name="教育")
    current = Task.objects.create(
        program=later, category=category, number="1", content="2025年新增学位810个。"
    )
    TaskUnit.objects.create(task=current, unit=world.civil, position=0, is_lead=True)
    with time_machine.travel(datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        for user, pattern in ((world.supervisor, OFFICE_ROW), (world.lead, UNIT_CARD)):
            client.force_login(user)
            page = get(client, reverse("progress:home"))
            assert rows(page, pattern) == [current.pk]
            assert "2024年度已于" not in page
            assert 'href="?year=2024#tasks">2024</a>' in page
            past = get(client, reverse("progress:home") + "?year=2024")
            assert current.pk not in rows(past, pattern)
            assert world.task_a.pk in rows(past, pattern)
            assert "2024年度已于2025年1月31日结束报送，状态和亮灯为结束报送时的情况。" in past
            assert '<a href="?#tasks">正在报送的年度</a>' in past
            # A year nobody has is no filter: the years taking reports.
            assert rows(get(client, reverse("progress:home") + "?year=1999"), pattern) == [
                current.pk
            ]
