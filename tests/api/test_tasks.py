import datetime

import pytest

from progress.models import ProgressRecord
from projects.choices import TaskStatus
from projects.models import Milestone, Task
from tests.projects.conftest import add_tasks

from .conftest import TASKS, get_json

pytestmark = pytest.mark.django_db


def numbers(data) -> list[tuple[str, int, str]]:
    return [(t["jurisdiction"], t["year"], t["number"]) for t in data["results"]]


def test_a_task_carries_its_units_milestones_and_latest_progress(client, plan):
    moved = plan.allowance.milestones.get(position=0)
    moved.original_due, moved.due, moved.done_on = moved.due, datetime.date(2024, 4, 30), datetime.date(2024, 4, 20)
    moved.save()
    data = get_json(client, TASKS)
    assert data["count"] == 2
    first, second = data["results"]
    assert first == {
        "jurisdiction": "440700",
        "jurisdiction_name": "江门市",
        "year": 2024,
        "number": "1",
        "category": "提高底线民生保障水平",
        "category_number": 1,
        "title": "提高城乡低保标准",
        "content": "城乡低保标准提高到每人每月1000元以上。",
        "city_level": True,
        "status": "in_progress",
        "status_display": "推进中",
        "lead_unit": "市民政局",
        "units": [
            {"name": "市卫生健康局", "person": "王强", "lead": False},
            {"name": "市民政局", "person": "张璐", "lead": True},
        ],
        "deadline": "2024-12-10",
        "progress": "实施方案已印发。",
        "progress_as_of": "2024-06-30",
        "milestones": [
            {"due": "2024-04-30", "original_due": "2024-03-31", "text": "出台实施方案",
             "done_on": "2024-04-20", "state": "done"},
            {"due": "2024-12-10", "original_due": None, "text": "全面落实新标准", "done_on": None,
             "state": "overdue"},
        ],
        "links": {
            "program": "http://testserver/api/v1/programs/440700/2024/",
            "page": "http://testserver/440700/2024/1/",
        },
    }
    assert (second["number"], second["title"], second["lead_unit"]) == ("2", None, "市医疗保障局")
    assert (second["progress"], second["progress_as_of"], second["milestones"]) == (None, None, [])


def test_the_newest_progress_record_is_the_one_shown(client, plan):
    ProgressRecord.objects.create(
        task=plan.allowance, as_of=datetime.date(2024, 9, 30),
        status=TaskStatus.IN_PROGRESS, narrative="新标准已在全市落实。",
    )
    first = get_json(client, TASKS)["results"][0]
    assert (first["progress"], first["progress_as_of"]) == ("新标准已在全市落实。", "2024-09-30")


def test_tasks_filter_by_jurisdiction_year_and_status(client, plan, kaiping):
    assert get_json(client, TASKS)["count"] == 27
    assert get_json(client, TASKS, jurisdiction="440700")["count"] == 2
    assert get_json(client, TASKS, jurisdiction="440783")["count"] == 25
    assert get_json(client, TASKS, year=2024, jurisdiction="440783")["count"] == 25
    assert get_json(client, TASKS, year=2023)["count"] == 0
    completed = get_json(client, TASKS, status="completed")
    assert numbers(completed) == [("440700", 2024, "2")]
    assert client.get(TASKS, {"status": "finished"}).status_code == 400


@pytest.mark.parametrize(
    ("word", "found"),
    [
        ("低保", ["1"]),  # content
        ("提高城乡", ["1"]),  # title
        ("市医疗保障局", ["2"]),  # a unit's name
        ("市卫生健康", ["1"]),  # a co-unit's name
        ("底线民生", ["1", "2"]),  # the category's name
        ("医保 670元", ["2"]),  # every word must match
        ("幼儿园", []),
    ],
)
def test_q_finds_chinese_substrings(client, plan, word, found):
    data = get_json(client, TASKS, q=word)
    assert [t["number"] for t in data["results"]] == found


def test_q_combines_with_the_other_filters(client, plan, kaiping):
    everywhere = get_json(client, TASKS, q="市民政局")["count"]
    kaiping_only = get_json(client, TASKS, q="市民政局", jurisdiction="440783")
    assert 0 < kaiping_only["count"] < everywhere
    assert {t["jurisdiction"] for t in kaiping_only["results"]} == {"440783"}


def test_tasks_come_fifty_to_a_page_with_a_link_to_the_next(client, plan):
    add_tasks(plan.program, plan.category, plan.civil, 58, start=3)
    data = get_json(client, TASKS)
    assert data["count"] == 60
    assert len(data["results"]) == 50
    assert data["previous"] is None
    assert data["next"] == "http://testserver/api/v1/tasks/?page=2"
    rest = get_json(client, data["next"])
    assert len(rest["results"]) == 10
    assert rest["next"] is None
    assert [t["number"] for t in data["results"] + rest["results"]] == [
        str(n) for n in range(1, 61)
    ]


def test_page_size_may_be_asked_for_up_to_two_hundred(client, plan):
    Task.objects.bulk_create(
        Task(program=plan.program, category=plan.category, number=str(n), sort_key=n * 100,
             content=f"第{n}项任务")
        for n in range(3, 206)
    )
    small = get_json(client, TASKS, page_size=10)
    assert (small["count"], len(small["results"])) == (205, 10)
    assert "page_size=10" in small["next"]
    capped = get_json(client, TASKS, page_size=1000)
    assert len(capped["results"]) == 200
    assert len(get_json(client, capped["next"])["results"]) == 5


def test_a_page_past_the_end_answers_404(client, plan):
    assert client.get(TASKS, {"page": 9}).status_code == 404


def test_milestones_come_in_date_order(client, plan):
    Milestone.objects.create(
        task=plan.insurance, position=0, kind="dated", due=datetime.date(2024, 9, 30), text="后"
    )
    Milestone.objects.create(
        task=plan.insurance, position=1, kind="dated", due=datetime.date(2024, 3, 31), text="先"
    )
    second = get_json(client, TASKS)["results"][1]
    assert [m["text"] for m in second["milestones"]] == ["先", "后"]
