"""The text a file holds outside its items ("注：…", a 合计 row, the signature line) is kept:
listed on the upload preview, saved as Program.notes in order, audited, exported below the
table and read back; never on the public pages."""

import re

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from importers.exporters import FORMATS
from importers.interchange import dumps, program_to_dict
from importers.models import ImportRecord
from importers.pipeline import import_document
from projects.models import Leader, Program, Unit
from tests.importers.builders import Sheet, WordTable, build_docx, build_xlsx
from tests.importers.test_exports import open_docx

TITLE = "2025年江门市民生实事项目完成情况表"
HEADER = ["序号", "项目名称", "责任单位", "年度目标", "已完成"]
ITEMS = [
    ["1", "新建城东小学1所。", "市教育局", "30000", "9000"],
    ["2", "改造老旧小区12个。", "市住建局", "11200", "3500"],
]
TOTAL = ["合计", "", "", "41200", "12500"]
BELOW = ["注：1.完成率=已完成量/年度目标。", "2.资金单位：万元。", "审核人：张明 填表人：李华"]
SUM = "合计：41200 12500"
# Notes come in the order they are written: the 合计 row, then the lines below the table.
IN_SHEET = NOTES = [SUM, *BELOW]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def plan_docx(below=BELOW) -> bytes:
    return build_docx(TITLE, WordTable(rows=[HEADER, *ITEMS, TOTAL]), *below)


def plan_xlsx() -> bytes:
    return build_xlsx(Sheet("Sheet1", [[TITLE], HEADER, *ITEMS, TOTAL, *[[n] for n in BELOW]]))


def notes_of(program: Program) -> list[str]:
    program.refresh_from_db()
    return program.note_lines


SOURCES = {"计划.docx": (plan_docx, NOTES), "计划.xlsx": (plan_xlsx, IN_SHEET)}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_notes_of_a_word_or_excel_table_are_saved_in_order(name):
    build, notes = SOURCES[name]
    report = import_document(build(), name, "440700")
    assert sorted(t.number for t in report.program.tasks.all()) == ["1", "2"]
    assert notes_of(report.program) == notes


@pytest.mark.django_db
def test_a_second_identical_import_writes_nothing_and_other_notes_replace_them():
    program = import_document(plan_docx(), "计划.docx", "440700").program
    entries = LogEntry.objects.count()
    again = import_document(plan_docx(), "计划.docx", "440700")
    assert not again.changed
    assert LogEntry.objects.count() == entries
    assert notes_of(program) == NOTES

    import_document(plan_docx(["注：资金以财政批复为准。"]), "计划.docx", "440700")
    assert notes_of(program) == ["合计：41200 12500", "注：资金以财政批复为准。"]
    # Audited like the program's other fields: before and after.
    entry = LogEntry.objects.get_for_object(program).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["notes"] == [
        "\n".join(NOTES),
        "合计：41200 12500\n注：资金以财政批复为准。",
    ]


# -- the upload preview -----------------------------------------------------------------------


def preview(client):
    response = client.post(
        reverse("importers:upload"),
        {"file": SimpleUploadedFile("计划.docx", plan_docx()), "jurisdiction": "440700"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    key = re.search(r"/imports/([0-9a-f-]{36})/preview/", response["Location"]).group(1)
    response = client.get(response["Location"])
    assert response.status_code == 200
    return key, response


def notes_section(response) -> str:
    body = response.content.decode()
    return re.search(r'<section class="imports-panel imports-notes">.*?</section>', body, re.S)[0]


@pytest.mark.django_db
def test_the_preview_lists_the_notes_and_confirming_saves_them(admin_client):
    key, response = preview(admin_client)
    section = notes_section(response)
    assert "表外文字（作为附注保存）" in section
    assert re.findall(r"<li>(.*?)</li>", section) == NOTES
    assert Program.objects.count() == 0  # the preview writes nothing

    response = admin_client.post(reverse("importers:confirm", args=[key]))
    assert response.status_code == 302
    assert notes_of(Program.objects.get()) == NOTES

    # The same file again: only the import's own record is written.
    key, response = preview(admin_client)
    records = ImportRecord.objects.count()
    entries = LogEntry.objects.count()
    admin_client.post(reverse("importers:confirm", args=[key]))
    assert ImportRecord.objects.count() == records + 1
    assert LogEntry.objects.count() == entries
    assert notes_of(Program.objects.get()) == NOTES


@pytest.mark.django_db
def test_the_english_preview_names_the_section_in_english(admin_client):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _key, response = preview(admin_client)
    section = notes_section(response)
    assert "Text outside the table (saved as notes)" in section
    assert "表外文字" not in section
    assert "合计：41200 12500" in section  # the file's own words stay as written


@pytest.mark.django_db
def test_the_program_admin_page_shows_the_notes(admin_client):
    program = import_document(plan_docx(), "计划.docx", "440700").program
    response = admin_client.get(reverse("admin:projects_program_change", args=[program.pk]))
    assert response.status_code == 200
    assert "注：1.完成率=已完成量/年度目标。\n2.资金单位：万元。" in response.content.decode()


# -- the interchange JSON and the official exports ---------------------------------------------


def emptied(program: Program) -> dict:
    data = program_to_dict(program)
    Program.objects.all().delete()
    Unit.objects.all().delete()
    Leader.objects.all().delete()
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", *sorted(FORMATS)])
@pytest.mark.parametrize("source", sorted(SOURCES))
def test_the_notes_survive_a_round_trip(source, fmt):
    build, notes = SOURCES[source]
    program = import_document(build(), source, "440700").program
    before = program_to_dict(program)
    assert before["notes"] == notes
    data = dumps(before).encode() if fmt == "json" else FORMATS[fmt](program)
    emptied(program)
    after = import_document(data, f"x.{fmt}", "440700", year=2025).program
    assert program_to_dict(after) == before


@pytest.mark.django_db
def test_the_word_export_writes_a_paragraph_per_note_under_the_table():
    program = import_document(plan_docx(), "计划.docx", "440700").program
    document = open_docx(FORMATS["docx"](program))
    assert [p.text for p in document.paragraphs][-len(NOTES) :] == NOTES


@pytest.mark.django_db
def test_interchange_notes_are_optional_and_checked():
    program = import_document(plan_docx(), "计划.docx", "440700").program
    data = emptied(program)
    import_document(plan_docx(), "计划.docx", "440700")
    del data["notes"]
    # Without notes: the saved ones stay.
    again = import_document(dumps(data).encode(), "x.json", "440700")
    assert notes_of(again.program) == NOTES
    for notes, message in (
        ("注：一行", "notes：应为列表。"),
        ([1], "notes 第1条：应为文字"),
        (["注：", "第一行\n第二行"], "notes 第2条：应为一行文字"),
        (["长" * 1001], "notes 第1条：超过 1000 个字。"),
        (["注"] * 201, "notes：最多 200 条"),
    ):
        with pytest.raises(Exception) as refused:
            import_document(dumps({**data, "notes": notes}).encode(), "x.json", "440700")
        assert message in str(refused.value)
    assert notes_of(again.program) == NOTES


@pytest.mark.django_db
def test_the_public_page_and_downloads_leave_the_notes_out(client):
    program = import_document(plan_docx(), "计划.docx", "440700").program
    program.publish()
    page = client.get(reverse("portal:program", args=["440700", 2025]))
    assert page.status_code == 200
    assert "新建城东小学1所" in page.content.decode()
    downloads = {
        fmt: client.get(reverse("portal:download", args=["440700", 2025, fmt]))
        for fmt in ("json", "docx")
    }
    assert "notes" not in downloads["json"].json()
    texts = [p.text for p in open_docx(downloads["docx"].content).paragraphs]
    for response in (page, downloads["json"]):
        for note in NOTES:
            assert note not in response.content.decode()
    assert not set(NOTES) & set(texts)
