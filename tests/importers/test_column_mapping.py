"""A mapping the office can always give: --columns, saved profiles, the preview's choices."""

import pytest
from django.core.management import CommandError, call_command

from importers.document import ImportFailed
from importers.mapping import parse_columns
from importers.models import ColumnProfile
from projects.models import Program, Task

# Header words no vocabulary knows.
ODD_TABLE = (
    "2025年某区民生实事\n"
    "No. | 事项 | 承办 | 备注\n"
    "1 | 新建学校 | 区教育局 | 省重点\n"
    "2 | 改造道路 | 区交通局 | \n"
)


def run(*args) -> None:
    call_command(*args, stdout=open("/dev/null", "w"))  # noqa: SIM115


def write(tmp_path, text: str = ODD_TABLE):
    path = tmp_path / "table.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_columns_are_written_as_header_word_and_role_key_or_name():
    assert parse_columns("No.=number，事项=具体内容,承办=units,备注=-") == {
        "No.": "number",
        "事项": "content",
        "承办": "units",
        "备注": None,
    }


def test_an_unknown_role_is_named_with_the_known_ones():
    with pytest.raises(ImportFailed, match="不认识的字段“工作”.*number（序号）"):
        parse_columns("No.=number,事项=工作")


@pytest.mark.django_db
def test_a_table_with_unknown_header_words_imports_with_columns(tmp_path):
    path = write(tmp_path)
    with pytest.raises(CommandError, match="没有找到表头"):
        run("import_document", path, "--jurisdiction", "440700")
    run(
        "import_document",
        path,
        "--jurisdiction",
        "440700",
        "--columns",
        "No.=number,事项=content,承办=units,备注=extra",
    )
    tasks = Task.objects.order_by("number")
    assert [(t.number, t.content, t.lead_unit.name, t.extra) for t in tasks] == [
        ("1", "新建学校", "区教育局", [{"label": "备注", "text": "省重点"}]),
        ("2", "改造道路", "区交通局", []),
    ]


@pytest.mark.django_db
def test_a_saved_profile_reads_the_next_file_with_the_same_header(tmp_path):
    run(
        "import_document",
        write(tmp_path),
        "--jurisdiction",
        "440700",
        "--columns",
        "No.=number,事项=content,承办=units,备注=-",
        "--save-profile",
        "某区进度表",
    )
    assert ColumnProfile.objects.get(name="某区进度表").jurisdiction.code == "440700"
    Program.objects.all().delete()
    next_year = ODD_TABLE.replace("2025年", "2026年").replace("新建学校", "扩建学校")
    run(
        "import_document",
        write(tmp_path, next_year),
        "--jurisdiction",
        "440700",
        "--profile",
        "某区进度表",
    )
    assert Task.objects.get(number="1").content == "扩建学校"


@pytest.mark.django_db
def test_columns_naming_words_no_row_holds_are_refused_with_the_words(tmp_path):
    with pytest.raises(CommandError, match="没有哪一行同时含有列名“序号”"):
        run(
            "import_document",
            write(tmp_path),
            "--jurisdiction",
            "440700",
            "--columns",
            "序号=number,事项=content",
        )
    assert not Program.objects.exists()
