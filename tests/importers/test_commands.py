"""import_document and export_program as the office runs them."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from importers.models import ImportRecord
from projects.models import Leader, Milestone, Program, Task, TaskUnit, Unit
from tests.conftest import seed_bytes, seed_path


def database_state():
    return (
        Program.objects.count(),
        Task.objects.count(),
        Unit.objects.count(),
        Leader.objects.count(),
        TaskUnit.objects.count(),
        Milestone.objects.count(),
        ImportRecord.objects.count(),
    )


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_import_prints_the_report():
    output = run("import_document", str(seed_path("000")), "--jurisdiction", "440700")
    assert "导入完成：江门市 2019年《2019年市十件民生实事完成情况汇总表》" in output
    assert "缺少第22项" in output
    assert "新增36项" in output
    record = ImportRecord.objects.get()
    assert record.file_name == "000_7d49185a5d9a7fea.txt"
    assert len(record.sha256) == 64


@pytest.mark.django_db
def test_dry_run_reports_but_saves_nothing():
    output = run("import_document", str(seed_path("004")), "--jurisdiction", "440783", "--dry-run")
    assert "试导入（未保存）" in output
    assert "新增25项" in output
    assert database_state() == (0, 0, 0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_missing_year_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="--year"):
        run("import_document", str(seed_path("001")), "--jurisdiction", "440700")
    assert database_state() == (0, 0, 0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_year_that_contradicts_the_title_is_refused():
    with pytest.raises(CommandError, match="2019年.*2020"):
        run("import_document", str(seed_path("000")), "--jurisdiction", "440700", "--year", "2020")
    assert Program.objects.count() == 0


@pytest.mark.django_db
def test_unknown_jurisdiction_lists_the_known_ones():
    with pytest.raises(CommandError) as failure:
        run("import_document", str(seed_path("000")), "--jurisdiction", "123456")
    message = str(failure.value)
    assert "未知的行政区划代码“123456”" in message
    assert "440700 江门市" in message and "440783 开平市" in message
    assert database_state() == (0, 0, 0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_empty_file_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="文件是空的"):
        run("import_document", str(empty), "--jurisdiction", "440700")
    assert database_state() == (0, 0, 0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_document_without_a_table_is_a_clear_error(tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text(
        "2024年开平市十件民生实事项目\n\n各有关单位：请认真组织实施。\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="没有找到表格"):
        run("import_document", str(letter), "--jurisdiction", "440783")
    assert database_state() == (0, 0, 0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_an_impossible_date_is_imported_as_text_with_a_warning_naming_row_and_column(tmp_path):
    # This test used to expect a refusal. Issue 13 item 4: a file is refused only when
    # nothing in it can be saved, so a date that does not exist ("11 月 31 日") is kept as
    # text on its item and the report names the row and the column.
    broken = seed_bytes("002").decode("utf-8").replace("\t11 月底\n", "\t11 月 31 日\n", 1)
    path = tmp_path / "002-broken.txt"
    path.write_text(broken, encoding="utf-8")
    output = run("import_document", str(path), "--jurisdiction", "440700")
    assert "完成时限：“11 月 31 日”不是有效日期" in output
    assert re.search(r"第\d+行 完成时限：“11 月 31 日”", output)
    (task,) = [
        t for t in Task.objects.all() if {"label": "完成时限", "text": "11 月 31 日"} in t.extra
    ]
    assert task.deadline is None


@pytest.mark.django_db
def test_a_table_where_no_row_can_be_saved_is_refused_naming_the_rows(tmp_path):
    path = tmp_path / "empty-rows.txt"
    path.write_text(
        "2025年某区十件民生实事\n序号 | 工作任务 | 责任单位 | 完成时限\n"
        "一、 | 教育 | | \n | | 区教育局 | \n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as failure:
        run("import_document", str(path), "--jurisdiction", "440700")
    assert "没有找到任何项目" in str(failure.value)
    assert "第4行" in str(failure.value)
    assert database_state() == (0, 0, 0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_a_corrected_version_updates_the_program_in_place(tmp_path):
    run("import_document", str(seed_path("002")), "--jurisdiction", "440700")
    first = Task.objects.get(program__year=2021, number="12")
    corrected = (
        seed_bytes("002").decode("utf-8").replace("抽检覆盖率达到 100%", "抽检覆盖率达到 98%")
    )
    path = tmp_path / "002-v2.txt"
    path.write_text(corrected, encoding="utf-8")
    output = run("import_document", str(path), "--jurisdiction", "440700")
    assert "新增0项，更新1项，未变24项" in output
    assert "更新的项目：12" in output
    updated = Task.objects.get(program__year=2021, number="12")
    assert updated.pk == first.pk
    assert "98%" in updated.content
    assert Task.objects.filter(program__year=2021).count() == 25


@pytest.mark.django_db
def test_items_missing_from_a_later_document_are_kept_and_reported(tmp_path):
    run("import_document", str(seed_path("002")), "--jurisdiction", "440700")
    lines = seed_bytes("002").decode("utf-8").splitlines()
    shorter = "\n".join(line for line in lines if not line.startswith("\t12\t"))
    path = tmp_path / "002-short.txt"
    path.write_text(shorter, encoding="utf-8")
    output = run("import_document", str(path), "--jurisdiction", "440700")
    assert "本文件中没有的项目（保留未动）：第12项" in output
    assert Task.objects.filter(program__year=2021, number="12").exists()


@pytest.mark.django_db
def test_export_prints_the_interchange_json(import_seed):
    import_seed("002")
    data = json.loads(run("export_program", "--jurisdiction", "440700", "--year", "2021"))
    assert data["jurisdiction"] == "440700"
    assert data["year"] == 2021
    assert data["title"] == "2021年市十件民生实事任务分解表"
    assert data["declared_items"] == 25
    assert data["categories"][0] == {
        "number": 1,
        "name": "提升公共医疗卫生服务能力",
        "declared_items": None,
    }
    ten = next(t for t in data["tasks"] if t["number"] == "10")
    assert ten["category"] == 3
    assert ten["title"] is None
    assert ten["leaders"] == ["蔡德威"]
    assert ten["deadline"] == "2021-11-30"
    assert ten["status"] == "not_started"
    assert ten["progress"] is None
    assert ten["units"][:2] == [
        {"name": "市市场监管局", "person": "谢少谋", "lead": True},
        {"name": "市教育局", "person": "张璐", "lead": False},
    ]
    assert [t["number"] for t in data["tasks"]] == [str(n) for n in range(1, 26)]


@pytest.mark.django_db
def test_export_of_a_completion_summary_carries_status_and_narrative(import_seed):
    import_seed("000")
    data = json.loads(run("export_program", "--jurisdiction", "440700", "--year", "2019"))
    three = next(t for t in data["tasks"] if t["number"] == "3")
    assert three["status"] == "completed"
    assert three["progress"].startswith("已印发《关于江门市提高特困供养人员基本生活标准的公告》")
    assert three["content"].endswith("且不低于当地现行特困人员基本生活标准确定。")


@pytest.mark.django_db
def test_export_of_quarterly_milestones(import_seed):
    import_seed("003")
    data = json.loads(run("export_program", "--jurisdiction", "440704", "--year", "2017"))
    one = next(t for t in data["tasks"] if t["number"] == "1")
    assert one["city_level"] is True
    assert one["milestones"][-1] == {
        "due": "2017-12-31",
        "text": "完成低保提标工作。按提标后的新标准按时足额发放最低生活保障金。",
        "quarters": [3, 4],
        "done_on": None,
    }
    assert [t["number"] for t in data["tasks"]][13:15] == ["14(1)", "14(2)"]


@pytest.mark.django_db
def test_export_of_a_missing_program_is_a_clear_error():
    with pytest.raises(CommandError, match="江门市没有2030年的民生实事"):
        run("export_program", "--jurisdiction", "440700", "--year", "2030")


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_json_export_imports_back_into_an_empty_database(key, import_seed, tmp_path):
    from tests.conftest import SEED_DOCUMENTS

    code = SEED_DOCUMENTS[key][1]
    program = import_seed(key).program
    exported = run("export_program", "--jurisdiction", code, "--year", str(program.year))
    path = tmp_path / "program.json"
    path.write_text(exported, encoding="utf-8")
    Program.objects.all().delete()
    Unit.objects.all().delete()
    Leader.objects.all().delete()
    run("import_document", str(path))
    again = run("export_program", "--jurisdiction", code, "--year", str(program.year))
    assert json.loads(again) == json.loads(exported)


@pytest.mark.django_db
def test_an_unknown_jurisdiction_is_refused_before_parsing_and_says_how_to_add_it(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CommandError) as failure:
        run("import_document", str(broken), "--jurisdiction", "440104")
    message = str(failure.value)
    assert "未知的行政区划代码“440104”" in message
    assert "manage.py add_jurisdiction 440104" in message
    assert "损坏" not in message  # the file was never read


@pytest.mark.django_db
def test_add_jurisdiction_registers_a_jurisdiction_to_import_into():
    run("add_jurisdiction", "440100", "广州市")
    run("add_jurisdiction", "440104", "越秀区", "--parent", "440100")
    output = run("import_document", str(seed_path("004")), "--jurisdiction", "440104")
    assert "越秀区" in output
    with pytest.raises(CommandError, match="已登记"):
        run("add_jurisdiction", "440104", "越秀区")
    with pytest.raises(CommandError, match="6 位或 9 位数字"):
        run("add_jurisdiction", "44010", "某区")
