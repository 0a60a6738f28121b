"""The day imported progress speaks of: the one the file names ("截至6月底"), else no later
than the day it was read; it comes back through the official tables and the JSON."""

import datetime

import pytest
import time_machine

from importers.exporters import FORMATS
from importers.interchange import dumps, program_to_dict
from importers.pipeline import import_document
from minsheng.lib.dates import as_of_date
from progress.models import ProgressRecord
from projects.models import Leader, Program, Unit

pytestmark = pytest.mark.django_db

ROWS = (
    "序号 | 项目名称 | 工作任务 | 业主单位 | {progress}\n"
    "1 | 幼儿园 | 新建幼儿园3所 | 县教育局 | 80%(新区实验幼儿园进度滞后)\n"
    "2 | 道路 | 改造道路12公里 | 县交通局 | 已完工\n"
)
DATED = "2025年某县民生实事项目进度表（截至6月底）\n" + ROWS.format(progress="当前进度")
UNDATED = "2025年某县民生实事项目进度表\n" + ROWS.format(progress="当前进度")
IN_HEADER = "2025年某县民生实事项目进度表\n" + ROWS.format(progress="截至9月30日进展")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("截至6月底", datetime.date(2025, 6, 30)),
        ("进展情况（截至2024年9月30日）", datetime.date(2024, 9, 30)),
        ("截止10月", datetime.date(2025, 10, 31)),
        ("截至目前", None),
        ("截至2月30日", None),
    ],
)
def test_the_day_a_heading_names(text, day):
    assert as_of_date(text, 2025) == day


def as_of(report) -> set:
    return set(ProgressRecord.objects.filter(task__program=report.program).values_list(
        "as_of", flat=True))


@time_machine.travel("2025-07-10 09:00 +0800", tick=False)
def test_the_day_in_the_title_or_the_header_dates_the_progress(client):
    dated = import_document(DATED.encode(), "进度表.txt", "440700")
    assert as_of(dated) == {datetime.date(2025, 6, 30)}
    dated.program.publish()
    page = client.get("/440700/2025/1/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "截至2025年6月30日" in page.content.decode()
    Program.objects.all().delete()
    header = import_document(IN_HEADER.encode(), "进度表.txt", "440700")
    assert as_of(header) == {datetime.date(2025, 9, 30)}


def test_undated_progress_of_this_year_is_as_of_the_day_it_was_read_and_stays_so():
    with time_machine.travel("2025-07-10 09:00 +0800", tick=False):
        report = import_document(UNDATED.encode(), "进度表.txt", "440700")
    assert as_of(report) == {datetime.date(2025, 7, 10)}  # not 31 December, still to come
    with time_machine.travel("2025-07-20 09:00 +0800", tick=False):
        again = import_document(UNDATED.encode(), "进度表.txt", "440700")
    assert not again.changed and as_of(again) == {datetime.date(2025, 7, 10)}


def test_undated_progress_of_a_past_year_is_as_of_its_end():
    with time_machine.travel("2026-03-01 09:00 +0800", tick=False):
        report = import_document(UNDATED.encode(), "进度表.txt", "440700")
    assert as_of(report) == {datetime.date(2025, 12, 31)}


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "json"])
def test_the_day_comes_back_through_every_export(fmt):
    with time_machine.travel("2025-07-10 09:00 +0800", tick=False):
        report = import_document(DATED.encode(), "进度表.txt", "440700")
        before = program_to_dict(report.program)
        data = (dumps(before).encode() if fmt == "json" else FORMATS[fmt](report.program))
        Program.objects.all().delete()
        Unit.objects.all().delete()
        Leader.objects.all().delete()
        after = import_document(data, f"x.{fmt}", "440700").program
    assert {t["progress_as_of"] for t in before["tasks"]} == {"2025-06-30"}
    assert program_to_dict(after) == before
