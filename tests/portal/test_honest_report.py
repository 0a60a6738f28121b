"""Issue 12, items 1 and 2: the public report says what is known and counts honestly.

Each test names a string the portal used to print wrongly and checks what it says instead,
on the program page, the home page, the downloads and the API.
"""

import csv
import datetime
import io
import json

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from portal import facts
from projects.choices import MilestoneState, TaskStatus
from projects.models import Program
from tests.portal.test_public_pages import file_march

pytestmark = pytest.mark.django_db

LATER = "2026-11-30 10:00 +0800"  # long after every seed's year


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def program_url(code, year):
    return reverse("portal:program", args=[code, year])


def download(client, code, year, fmt):
    return client.get(reverse("portal:download", args=[code, year, fmt])).content


def csv_rows(raw):
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@time_machine.travel(LATER, tick=False)
def test_a_plan_without_progress_reads_as_a_plan_not_as_failure(client, import_seed):
    import_seed("002").program.publish()  # 江门 2021: deadlines only, nothing reported
    html = page(client, program_url("440700", 2021))
    assert '<span class="report-tag report-tag--plan">年度计划</span>' in html
    assert "共25项 · <strong>暂无进展数据</strong>" in html
    assert "已完成 0 / 25 项（0%）" not in html and "（0%）" not in html
    assert "未启动" not in html and "滞后" not in html
    assert html.count(">暂无进展数据</span>") == 25
    home = page(client, reverse("projects:home"))
    assert "共25项 · 暂无进展数据" in home and "0 / 25" not in home
    rows = csv_rows(download(client, "440700", 2021, "csv"))
    assert {row["状态"] for row in rows} == {"暂无进展数据"}


@time_machine.travel(LATER, tick=False)
def test_quarterly_targets_past_their_dates_are_not_called_behind_without_data(
    client, import_seed
):
    import_seed("003").program.publish()  # 江海区 2017: quarterly targets, no progress
    html = page(client, program_url("440704", 2017))
    assert "共44项（含子项共48条） · <strong>暂无进展数据</strong>" in html
    assert "滞后" not in html and "逾期未完成" not in html and "0 / 48" not in html
    home = page(client, reverse("projects:home"))
    assert "共44项（含子项共48条） · 暂无进展数据" in home


@time_machine.travel(LATER, tick=False)
def test_a_year_missing_an_item_counts_against_the_declared_number(client, import_seed):
    import_seed("000").program.publish()  # 江门 2019: declares 37, the document holds 36
    html = page(client, program_url("440700", 2019))
    assert '<span class="report-tag report-tag--final">完成情况</span>' in html
    assert "计划共37项，公布36项（原文缺第22项） · <strong>已完成36项，占计划37项的97%</strong>" in html
    assert "完成率＝已完成的项目数÷文件所称项目数" in html
    assert "已完成 36 / 36 项（100%）" not in html
    assert "完成情况（截至2019年12月31日）" in html  # every progress text with its date
    home = page(client, reverse("projects:home"))
    assert "计划共37项，公布36项（原文缺第22项） · 已完成36项，占计划37项的97%" in home
    sheet = load_workbook(io.BytesIO(download(client, "440700", 2019, "xlsx"))).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("计划共37项，公布36项（原文缺第22项）；已完成36项，占计划37项的97%" in c for c in cells)
    assert any("完成情况（截至2019年12月31日）" in c for c in cells)
    api = client.get(reverse("api:program", args=["440700", 2019])).json()
    assert api["public"]["missing_items"] == [22]
    assert api["public"]["completion_rate"] == 97
    assert api["tasks"][0]["progress_as_of"] == "2019-12-31"


def test_progress_is_labelled_with_its_date_and_figures_are_labelled(client, world):
    world.program.publish()
    file_march(world)  # approved March report: 1200 people, the March milestone done
    with time_machine.travel("2024-04-15 10:00 +0800", tick=False):
        html = page(client, program_url("440783", 2024))
        item = page(client, reverse("portal:task", args=["440783", 2024, "1"]))
    label = "进展情况（截至2024年3月31日）"
    assert f'<span class="report-tag report-tag--progress">{label}</span>' in html
    assert "完成情况汇总" not in html
    assert "最新进展（截至2024年3月31日）" in html
    for text in (html, item):
        assert "量化目标：6000人；已完成：1200人（截至2024年3月31日）" in text
        assert "节点目标：已完成 1 个，应完成 1 个，共 2 个" in text
        assert "<progress" not in text.split("<h1", 1)[1].split("charts-heading")[0]
        assert "20%" not in text and "50%" not in text
    # The item with no report says so; it is not 未启动.
    assert "第2项 新建幼儿园3所。" in html
    assert html.count(">暂无进展数据</span>") == 1


def test_a_year_later_the_progress_keeps_its_date_and_silence_is_not_lateness(client, world):
    world.program.publish()
    file_march(world)
    with time_machine.travel(LATER, tick=False):
        html = page(client, program_url("440783", 2024))
        data = json.loads(download(client, "440783", 2024, "json"))
        rows = csv_rows(download(client, "440783", 2024, "csv"))
    assert "进展情况（截至2024年3月31日）" in html
    assert "最新进展（截至2024年3月31日）" in html  # not an undated 完成情况
    one = next(t for t in data["tasks"] if t["number"] == "1")
    assert one["progress_as_of"] == "2024-03-31"
    assert [m["done_on"] for m in one["milestones"]] == ["2024-03-28", None]
    # June passed after the last report: nobody has said it is late.
    assert [m["state"] for m in one["milestones"]] == ["done", "unknown"]
    assert one["public_status"] == "in_progress"
    first = rows[0]
    assert first["事项名称"] == "新增就业6000人以上。"
    assert first["进展截至"] == "2024-03-31" and first["最新进展"] == "三月：方案已出台。"
    assert first["节点目标"] == (
        "3月31日前：出台方案（已完成，2024年3月28日）\n6月30日前：完成过半（暂无进展数据）"
    )
    assert first["状态"] == "推进中" and first["状态截至"] == "2024-03-31"
    assert first["节点完成情况"] == "节点目标：已完成 1 个，应完成 2 个，共 2 个"
    assert first["量化目标及完成数"] == "量化目标：6000人；已完成：1200人（截至2024年3月31日）"


def test_a_status_filter_link_shows_only_that_status(client, world):
    world.program.publish()
    file_march(world)
    with time_machine.travel("2024-04-15 10:00 +0800", tick=False):
        html = page(client, program_url("440783", 2024) + "?status=no_data")
    assert 'href="?status=no_data#items" aria-current="true"' in html
    assert "第2项 新建幼儿园3所。" in html and "第1项 新增就业" not in html


# -- the rules themselves, without a database ---------------------------------------------


def test_a_sub_item_counts_with_its_item_and_completes_it_only_with_its_siblings():
    rows = [
        facts.Row("1", TaskStatus.COMPLETED, datetime.date(2019, 12, 31), True),
        facts.Row("2(1)", TaskStatus.COMPLETED, datetime.date(2019, 12, 31), True),
        facts.Row("2(2)", TaskStatus.IN_PROGRESS, datetime.date(2019, 12, 31), True),
        facts.Row("4", TaskStatus.COMPLETED, datetime.date(2019, 12, 31), True),
    ]
    summary = facts.summarise(4, rows)
    assert (summary.items, summary.rows, summary.missing, summary.completed) == (3, 4, (3,), 2)
    assert summary.rate == 50 and summary.kind == facts.FINAL


def test_an_overdue_milestone_is_unknown_until_a_statement_covers_its_date():
    due = datetime.date(2024, 6, 30)
    assert facts.milestone_state(MilestoneState.OVERDUE, due, None) == facts.UNKNOWN
    assert facts.milestone_state(MilestoneState.OVERDUE, due, datetime.date(2024, 3, 31)) == (
        facts.UNKNOWN
    )
    assert facts.milestone_state(MilestoneState.OVERDUE, due, datetime.date(2024, 6, 30)) == (
        MilestoneState.OVERDUE
    )
    assert facts.public_status(TaskStatus.BEHIND, None, False, False) == facts.NO_DATA


def test_every_published_program_on_the_api_list_counts_like_the_page(client, import_seed):
    import_seed("000").program.publish()
    listed = client.get(reverse("api:programs")).json()["results"][0]
    assert listed["completion_rate"] == 97.3
    assert Program.objects.get(year=2019).declared_items == 37
