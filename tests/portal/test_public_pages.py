"""The public portal: only what the office published, only what it approved."""

import csv
import datetime
import io
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from minsheng.lib.periods import Period
from progress import workflow
from progress.choices import MilestoneProgressState
from progress.models import ProgressRecord
from projects.models import Program

pytestmark = pytest.mark.django_db

APRIL = "2024-04-15 10:00 +0800"


def program_url(program):
    return reverse("portal:program", args=[program.jurisdiction.code, program.year])


def task_url(task):
    return reverse("portal:task", args=[task.program.jurisdiction.code, task.program.year, task.number])


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


@time_machine.travel(APRIL, tick=False)
def file_march(world, narrative="三月：方案已出台。", approve=True):
    updates = [
        {"milestone": world.march, "state": MilestoneProgressState.DONE,
         "done_on": datetime.date(2024, 3, 28), "reason": "", "remedy": ""}
    ]
    report = workflow.save_report(
        world.task_a, Period(2024, 3), world.lead, narrative=narrative, figure=1200,
        declares_complete=False, updates=updates, version=None,
    )
    workflow.submit(report, world.lead)
    if approve:
        workflow.approve(report, world.supervisor)
    return report


def every_public_url(program, task):
    code, year = program.jurisdiction.code, program.year
    return [
        program_url(program),
        task_url(task),
        *(reverse("portal:download", args=[code, year, fmt]) for fmt in ("xlsx", "docx", "json", "csv")),
    ]


def test_an_unpublished_program_answers_404_everywhere_and_is_not_listed(client, world):
    for url in every_public_url(world.program, world.task_a):
        assert client.get(url).status_code == 404, url
    assert world.program.title not in client.get(reverse("projects:home")).content.decode()
    found = client.get(reverse("portal:search"), {"q": "新增就业"}).content.decode()
    assert "新增就业6000人以上" not in found


def test_publishing_opens_every_public_url(client, world):
    call_command("publish_program", jurisdiction="440783", year=2024)
    world.program.refresh_from_db()
    assert world.program.is_published and world.program.published_at
    for url in every_public_url(world.program, world.task_a):
        assert client.get(url).status_code == 200, url
    call_command("publish_program", jurisdiction="440783", year=2024, unpublish=True)
    assert client.get(program_url(world.program)).status_code == 404


def test_publish_command_names_a_missing_program():
    with pytest.raises(CommandError, match="没有找到"):
        call_command("publish_program", jurisdiction="440783", year=1999)


def test_only_approved_progress_appears_and_drafts_never(client, world):
    world.program.publish()
    draft_text = "草稿：尚未审核的内容"
    with time_machine.travel(APRIL, tick=False):
        workflow.save_report(
            world.task_b, Period(2024, 3), world.other_unit, narrative=draft_text, figure=None,
            declares_complete=False, updates=[], version=None,
        )
    submitted = file_march(world, narrative="已提交未审核的内容", approve=False)
    pages = [client.get(u).content.decode() for u in every_public_url(world.program, world.task_a)[:2]]
    pages.append(client.get(task_url(world.task_b)).content.decode())
    for page in pages:
        assert draft_text not in page and "已提交未审核的内容" not in page
    with time_machine.travel(APRIL, tick=False):
        workflow.return_report(submitted, world.supervisor, "请补充。")
    assert "已提交未审核的内容" not in client.get(task_url(world.task_a)).content.decode()


def test_the_program_page_shows_status_milestones_lead_unit_and_latest_progress(client, world):
    world.program.publish()
    file_march(world)
    page = client.get(program_url(world.program)).content.decode()
    assert "提升就业保障水平" in page
    assert "市民政局" in page
    assert "三月：方案已出台。" in page
    assert "已完成（3月28日）" in page  # the March milestone, with its date
    assert "完成过半" in page
    assert "各大类完成情况" in page and "<table" in page  # chart figures as a table too


def test_an_extension_shows_the_original_date(client, world):
    world.program.publish()
    with time_machine.travel(APRIL, tick=False):
        change = workflow.request_change(
            world.june, world.lead, kind="extension", reason="审批延误",
            proposed_due=datetime.date(2024, 7, 31),
        )
        workflow.decide_change(change, world.supervisor, grant=True)
    page = client.get(task_url(world.task_a)).content.decode()
    assert "<del>原定6月30日</del>" in page
    assert "调整为7月31日" in page


def test_item_page_has_the_approved_history_and_only_photos_approved_for_publication(
    client, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    world.program.publish()
    report = file_march(world, approve=False)
    with time_machine.travel(APRIL, tick=False):
        photo = workflow.attach(report, world.lead, "现场.png", png())
    photo_url = reverse("portal:photo", args=[photo.pk])
    assert client.get(photo_url).status_code == 404  # report not approved, photo not approved
    with time_machine.travel(APRIL, tick=False):
        workflow.approve(report, world.supervisor)
    assert client.get(photo_url).status_code == 404  # approved report, photo not yet public
    client.force_login(world.supervisor)
    client.post(reverse("progress:attachment_publish", args=[photo.pk]), {"public": "1"})
    client.logout()
    page = client.get(task_url(world.task_a)).content.decode()
    assert photo_url in page
    assert "三月：方案已出台。" in page
    response = client.get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    world.program.unpublish()
    assert client.get(photo_url).status_code == 404


def test_search_finds_items_by_text_unit_and_category_across_programs(client, world, import_seed):
    world.program.publish()
    import_seed("003").program.publish()  # 江海区 2017
    by_unit = client.get(reverse("portal:search"), {"q": "市民政局"}).content.decode()
    assert "新增就业6000人以上" in by_unit
    assert "找到 1 个项目" in by_unit
    by_text = client.get(reverse("portal:search"), {"q": "最低生活保障"}).content.decode()
    assert "江海区 · 2017年" in by_text
    by_category = client.get(reverse("portal:search"), {"q": "保障底线民生"}).content.decode()
    assert "提高全区人均城乡最低生活保障标准" in by_category
    filtered = client.get(
        reverse("portal:search"), {"q": "新增就业", "status": "completed"}
    ).content.decode()
    assert "新增就业6000人以上" not in filtered
    empty = client.get(reverse("portal:search"), {"q": ""}).content.decode()
    assert "请输入关键词或选择筛选条件" in empty


def test_downloads_give_the_program_in_each_format(client, world):
    world.program.publish()
    file_march(world)
    code, year = "440783", 2024
    xlsx = client.get(reverse("portal:download", args=[code, year, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert any("新增就业6000人以上" in str(c.value) for row in sheet.iter_rows() for c in row)
    data = json.loads(client.get(reverse("portal:download", args=[code, year, "json"])).content)
    assert data["format"] == "minsheng-program" and data["year"] == 2024
    raw = client.get(reverse("portal:download", args=[code, year, "csv"])).content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["大类", "序号", "事项名称", "工作任务"]
    assert rows[1][1] == "1" and rows[1][4] == "市民政局" and rows[1][13] == "三月：方案已出台。"
    assert rows[1][2] == "新增就业6000人以上。"  # 事项名称: the content when there is no name
    docx = client.get(reverse("portal:download", args=[code, year, "docx"]))
    assert docx["Content-Disposition"].startswith("attachment")
    assert client.get(reverse("portal:download", args=[code, year, "exe"])).status_code == 404


def test_a_past_year_reads_as_the_completion_report(client, import_seed):
    import_seed("000").program.publish()
    program = Program.objects.get(year=2019)
    page = client.get(program_url(program)).content.decode()
    assert "完成情况汇总" in page
    record = ProgressRecord.objects.filter(task__program=program).exclude(narrative="").first()
    assert record.narrative.splitlines()[0][:20] in page


def test_the_program_page_runs_a_fixed_number_of_queries(client, world, import_seed, django_assert_num_queries):
    world.program.publish()
    # 5 for the program (with its links to the vote and the evaluation) and its items.
    with django_assert_num_queries(5):
        client.get(program_url(world.program))
    large = import_seed("003").program
    large.publish()
    with django_assert_num_queries(5):
        response = client.get(program_url(large))
    assert response.status_code == 200


def test_public_pages_are_cached_and_refreshed_when_published_data_change(client, world):
    world.program.publish()
    url = program_url(world.program)
    first = client.get(url)
    assert "X-Portal-Cache" not in first
    second = client.get(url)
    assert second["X-Portal-Cache"] == "hit"
    assert second.content == first.content
    file_march(world, narrative="审核通过后的新进展")
    fresh = client.get(url)
    assert "X-Portal-Cache" not in fresh
    assert "审核通过后的新进展" in fresh.content.decode()
    world.program.unpublish()
    assert client.get(url).status_code == 404


def test_logged_in_staff_get_the_live_page(client, world):
    world.program.publish()
    client.force_login(world.supervisor)
    client.get(program_url(world.program))
    assert "X-Portal-Cache" not in client.get(program_url(world.program))


