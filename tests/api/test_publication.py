"""Only published programs, and only progress the office approved, ever leave the API."""

import datetime

import pytest

from progress import workflow
from progress.choices import ReportState
from progress.models import Attachment, Report
from projects.models import Category, Program, Task, TaskUnit

from .conftest import PROGRAMS, TASKS, get_json, program_url

pytestmark = pytest.mark.django_db


def everything(client) -> str:
    """Every API URL for the 江门 2024 plan, as one text."""
    urls = [
        PROGRAMS,
        program_url("440700", 2024),
        TASKS,
        f"{TASKS}?jurisdiction=440700&year=2024",
        f"{TASKS}?q=低保",
    ]
    texts = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(response.content.decode("utf-8"))
    return "\n".join(texts)


@pytest.fixture
def hidden(plan):
    """江门 2023, not published, with one task."""
    program = Program.objects.create(
        jurisdiction=plan.jiangmen, year=2023, title="2023年江门市十件民生实事"
    )
    category = Category.objects.create(program=program, number=1, name="未公开的大类")
    task = Task.objects.create(
        program=program, category=category, number="1", content="未公开的任务内容"
    )
    TaskUnit.objects.create(task=task, unit=plan.civil, is_lead=True)
    return program


def test_an_unpublished_program_is_absent_from_the_list_and_404_on_its_url(client, hidden):
    assert [p["year"] for p in get_json(client, PROGRAMS)["results"]] == [2024]
    assert get_json(client, PROGRAMS, year=2023)["count"] == 0
    assert client.get(program_url("440700", 2023)).status_code == 404


def test_the_tasks_of_an_unpublished_program_are_absent(client, hidden):
    assert get_json(client, TASKS)["count"] == 2
    assert get_json(client, TASKS, year=2023)["count"] == 0
    assert get_json(client, TASKS, q="未公开")["count"] == 0
    assert "未公开" not in everything(client)


def test_unpublishing_a_program_takes_it_out_of_the_api(client, plan):
    assert client.get(program_url("440700", 2024)).status_code == 200
    plan.program.unpublish()
    assert client.get(program_url("440700", 2024)).status_code == 404
    assert get_json(client, PROGRAMS)["count"] == 0
    assert get_json(client, TASKS)["count"] == 0


def test_an_imported_seed_appears_only_once_published(client, import_seed):
    program = import_seed("004").program
    assert get_json(client, PROGRAMS, jurisdiction="440783")["count"] == 0
    assert client.get(program_url("440783", 2024)).status_code == 404
    assert get_json(client, TASKS, jurisdiction="440783")["count"] == 0
    program.publish()
    assert get_json(client, PROGRAMS, jurisdiction="440783")["count"] == 1
    assert get_json(client, TASKS, jurisdiction="440783")["count"] == 25


def report(task, period, state, narrative) -> Report:
    return Report.objects.create(
        task=task, period=period, due=datetime.date(2024, 12, 31), state=state, narrative=narrative
    )


def test_unapproved_reports_never_show_their_narrative_or_attachments(client, plan):
    report(plan.allowance, "2024-07", ReportState.DRAFT, "草稿：低保新标准正在测算")
    report(plan.allowance, "2024-08", ReportState.SUBMITTED, "待审核：低保新标准已发文")
    returned = report(plan.allowance, "2024-09", ReportState.RETURNED, "已退回：低保数据有误")
    Attachment.objects.create(
        report=returned, file="evidence/x/ab/ab.jpg", original_name="退回报告的照片.jpg",
        extension="jpg", content_type="image/jpeg", size=1, sha256="ab" * 32, is_public=True,
    )
    text = everything(client)
    for secret in ("草稿：", "待审核：", "已退回：", "退回报告的照片"):
        assert secret not in text
    assert "实施方案已印发。" in text
    # The newest statement is still the last one the office accepted.
    first = get_json(client, TASKS)["results"][0]
    assert (first["progress"], first["progress_as_of"]) == ("实施方案已印发。", "2024-06-30")


def test_a_report_shows_once_the_office_approves_it(client, plan):
    submitted = report(plan.allowance, "2024-08", ReportState.SUBMITTED, "低保新标准已发文实施")
    assert "低保新标准已发文实施" not in everything(client)
    workflow.approve(submitted, None)
    assert "低保新标准已发文实施" in everything(client)
    first = get_json(client, TASKS)["results"][0]
    assert (first["progress"], first["progress_as_of"]) == ("低保新标准已发文实施", "2024-08-31")
    detail = get_json(client, program_url("440700", 2024))
    assert detail["tasks"][0]["progress"] == "低保新标准已发文实施"
