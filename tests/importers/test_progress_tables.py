"""Progress tables without a plan: "80%(…滞后)" and status words become percent, note, status."""

import pytest

from importers.exporters import FORMATS
from importers.interchange import program_to_dict
from importers.layout import split_progress
from importers.pipeline import import_document
from projects.models import Leader, Program, Task, Unit

TABLE = (
    "2025年某县民生实事项目进度表\n"
    "序号 | 项目名称 | 工作任务 | 业主单位 | 当前进度\n"
    "1 | 幼儿园 | 新建幼儿园3所 | 县教育局 | 80%(新区实验幼儿园进度滞后)\n"
    "2 | 道路 | 改造道路12公里 | 县交通局 | 22%(严重滞后)\n"
    "3 | 供水 | 新建水厂 | 县水务局 | 50%(马站未开工\n"
    "4 | 就业 | 新增就业1300人 | 县人社局 | 超额完成\n"
    "5 | 医院 | 购置设备 | 县卫健局 | 设备购进中\n"
    "6 | 公园 | 新建公园 | 县城管局 | 已完工\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("80%(新区实验幼儿园进度滞后)", ("behind", "新区实验幼儿园进度滞后", 80)),
        ("22%(严重滞后)", ("behind", "严重滞后", 22)),
        ("50%(马站未开工", ("in_progress", "马站未开工", 50)),
        ("100%", ("completed", None, 100)),
        ("超额完成", ("completed", None, None)),
        ("达到时间进度", ("in_progress", None, None)),
        ("顺利推进，已完成主体", ("in_progress", "已完成主体", None)),
    ],
)
def test_a_progress_cell_gives_status_note_and_percent(text, expected):
    assert split_progress(text) == expected


@pytest.mark.django_db
def test_a_progress_table_imports_percent_note_and_status(client):
    report = import_document(TABLE.encode(), "进度表.txt", "440700", year=2025)
    tasks = {t.number: t for t in Task.objects.filter(category__program=report.program)}
    assert [(n, t.status, t.reported_percent) for n, t in sorted(tasks.items())] == [
        ("1", "behind", 80),
        ("2", "behind", 22),
        ("3", "in_progress", 50),
        ("4", "completed", None),
        ("5", "in_progress", None),
        ("6", "completed", None),
    ]
    assert tasks["1"].progress_percent == 80
    data = program_to_dict(report.program)
    assert data["tasks"][0]["progress"] == "新区实验幼儿园进度滞后"
    assert tasks["1"].lead_unit.name == "县教育局"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_percentages_survive_an_export_and_re_import(fmt):
    report = import_document(TABLE.encode(), "进度表.txt", "440700", year=2025)
    before = program_to_dict(report.program)
    data = FORMATS[fmt](report.program)
    Program.objects.all().delete()
    Unit.objects.all().delete()
    Leader.objects.all().delete()
    after = program_to_dict(import_document(data, f"x.{fmt}", "440700", year=2025).program)
    assert after == before


@pytest.mark.django_db
def test_a_figure_column_gives_the_target_with_its_measure_word():
    text = (
        "2025年某县民生实事项目\n序号 | 工作任务 | 责任单位 | 目标数\n"
        "1 | 筹集保障性住房 | 县住建局 | 7699套\n2 | 培训农民工 | 县人社局 | 1300人\n"
    )
    report = import_document(text.encode(), "x.txt", "440700", year=2025)
    tasks = Task.objects.filter(category__program=report.program).order_by("number")
    assert [(t.target_value, t.target_unit) for t in tasks] == [(7699, "套"), (1300, "人")]
