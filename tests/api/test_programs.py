import json

import pytest

from importers.interchange import program_to_dict

from .conftest import PROGRAMS, TASKS, get_json, program_url

pytestmark = pytest.mark.django_db


def test_the_list_shows_a_published_program_with_its_counts_and_links(client, plan):
    data = get_json(client, PROGRAMS)
    assert data["count"] == 1
    assert data["next"] is None
    (item,) = data["results"]
    assert item == {
        "jurisdiction": "440700",
        "jurisdiction_name": "江门市",
        "year": 2024,
        "title": "2024年江门市十件民生实事",
        "declared_items": None,
        "task_count": 2,
        "published_items": 2,
        "missing_items": [],
        "kind": "progress",
        "label": "进展情况（截至2024年6月30日）",
        "as_of": "2024-06-30",
        "completed_count": 1,
        "completion_rate": 50.0,
        "links": {
            "api": "http://testserver/api/v1/programs/440700/2024/",
            "page": "http://testserver/440700/2024/",
            "tasks": "http://testserver/api/v1/tasks/?jurisdiction=440700&year=2024",
        },
    }


def test_every_link_of_a_listed_program_answers(client, plan):
    (item,) = get_json(client, PROGRAMS)["results"]
    for url in item["links"].values():
        assert client.get(url).status_code == 200, url


PUBLIC_TASK_KEYS = (
    "public_status", "public_status_text", "progress_heading", "target_text", "milestones_summary",
)


def interchange_part(data):
    """The detail less what the portal adds (portal.facts.public_data)."""
    data = json.loads(json.dumps(data))
    data.pop("public")
    for task in data["tasks"]:
        for key in PUBLIC_TASK_KEYS:
            task.pop(key)
        for milestone in task["milestones"]:
            milestone.pop("state"), milestone.pop("state_text")
    return data


def office_part(program):
    """The interchange dict less what stays with the office: the notes (portal.facts)."""
    data = json.loads(json.dumps(program_to_dict(program)))
    data.pop("notes")
    return data


def test_the_detail_is_the_interchange_json_of_the_program(client, plan):
    data = get_json(client, program_url("440700", 2024))
    assert interchange_part(data) == office_part(plan.program)
    assert "notes" not in data
    assert data["public"]["label"] == "进展情况（截至2024年6月30日）"
    assert data["format"] == "minsheng-program"
    assert data["tasks"][0]["progress"] == "实施方案已印发。"


def test_the_detail_of_an_imported_seed_equals_its_export(client, kaiping):
    data = get_json(client, program_url("440783", 2024))
    assert interchange_part(data) == office_part(kaiping)
    assert len(data["tasks"]) == 25


def test_an_unknown_program_answers_404_in_chinese(client, plan):
    response = client.get(program_url("440700", 2019))
    assert response.status_code == 404
    assert response.json() == {"detail": "没有这个行政区该年度的已公开计划。"}
    assert client.get(program_url("999999", 2024)).status_code == 404


def test_programs_filter_by_jurisdiction_and_year(client, plan, kaiping):
    assert get_json(client, PROGRAMS)["count"] == 2
    (item,) = get_json(client, PROGRAMS, jurisdiction="440783")["results"]
    assert (item["jurisdiction_name"], item["task_count"]) == ("开平市", 25)
    assert get_json(client, PROGRAMS, year=2024)["count"] == 2
    assert get_json(client, PROGRAMS, year=2023)["count"] == 0
    assert get_json(client, PROGRAMS, jurisdiction="440704")["count"] == 0


def test_chinese_text_comes_as_utf8_not_unicode_escapes(client, plan):
    for url in (PROGRAMS, program_url("440700", 2024), TASKS):
        response = client.get(url)
        assert "江门市".encode() in response.content or "市民政局".encode() in response.content
        assert b"\\u" not in response.content


def test_the_api_root_lists_the_endpoints(client, db):
    data = get_json(client, "/api/v1/")
    assert data["programs"] == "http://testserver/api/v1/programs/"
    assert data["tasks"] == "http://testserver/api/v1/tasks/"
