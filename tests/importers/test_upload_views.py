"""The staff upload: upload → preview (dry run, corrections) → confirm or cancel."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from importers.models import ImportRecord
from projects.models import Program, Task, Unit
from tests.conftest import SEED_DOCUMENTS, seed_bytes

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pending_files(media):
    folder = media / "imports" / "pending"
    return sorted(folder.glob("*.bin")) if folder.exists() else []


def upload(client, key=None, data=None, name=None, **fields):
    if key is not None:
        name = SEED_DOCUMENTS[key][0]
        data = seed_bytes(key)
    return client.post(
        reverse("importers:upload"),
        {"file": SimpleUploadedFile(name, data, "text/plain"), **fields},
    )


def upload_key(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    match = re.search(r"/imports/([0-9a-f-]{36})/preview/", response["Location"])
    assert match, response["Location"]
    return match.group(1)


def url(name, key):
    return reverse(f"importers:{name}", args=[key])


def text(response) -> str:
    return response.content.decode()


def test_upload_form_renders(admin_client):
    response = admin_client.get(reverse("importers:upload"))
    assert response.status_code == 200
    body = text(response)
    assert 'enctype="multipart/form-data"' in body
    assert "自动识别" in body
    assert "imports.css" in body


def test_upload_preview_confirm_004(admin_client, admin_user, media):
    key = upload_key(upload(admin_client, "004"))
    stored = pending_files(media)
    assert [p.name for p in stored] == [f"{key}.bin"]
    assert stored[0].read_bytes() == seed_bytes("004")

    response = admin_client.get(url("preview", key))
    assert response.status_code == 200
    body = text(response)
    assert "开平市（440783）" in body
    assert "从标题识别" in body
    assert "2024年开平市十件民生实事项目" in body
    assert len(response.context["rows"]) == 25
    assert len(response.context["parsed"].item_numbers) == 25
    assert response.context["report"].dry_run
    assert "确认导入" in body
    assert "新建" in body  # every unit is new in an empty database
    # Nothing written by the preview.
    assert Program.objects.count() == 0
    assert Task.objects.count() == 0
    assert Unit.objects.count() == 0
    assert ImportRecord.objects.count() == 0

    response = admin_client.post(url("confirm", key))
    assert response.status_code == 302
    assert response["Location"] == url("result", key)
    program = Program.objects.get()
    assert program.jurisdiction.code == "440783"
    assert program.year == 2024
    assert program.tasks.count() == 25
    record = ImportRecord.objects.get()
    assert record.imported_by == admin_user
    assert record.program == program
    assert pending_files(media) == []

    response = admin_client.get(url("result", key))
    assert response.status_code == 200
    body = text(response)
    assert "导入完成" in body
    assert reverse("admin:projects_program_change", args=[program.pk]) in body
    # The upload is gone: its preview and confirm now 404.
    assert admin_client.get(url("preview", key)).status_code == 404
    assert admin_client.post(url("confirm", key)).status_code == 404


def test_preview_lists_the_missing_item_and_highlights_named_rows(admin_client):
    key = upload_key(upload(admin_client, "000", jurisdiction="440700"))
    response = admin_client.get(url("preview", key))
    assert response.status_code == 200
    body = text(response)
    assert "缺少第22项" in body
    assert "江门市（440700）" in body
    assert Program.objects.count() == 0


def test_rows_named_by_a_warning_are_highlighted(admin_client):
    key = upload_key(upload(admin_client, "003"))
    response = admin_client.get(url("preview", key))
    assert response.status_code == 200
    assert "江海区（440704）" in text(response)
    flagged = {r["task"].number for r in response.context["rows"] if r["warnings"]}
    assert {"1", "2", "12"} <= {n.split("(")[0] for n in flagged}
    assert "8" not in flagged
    assert 'id="task-1" class="has-warning"' in text(response)


def test_a_city_title_without_a_name_asks_for_the_jurisdiction(admin_client):
    key = upload_key(upload(admin_client, "000"))
    response = admin_client.get(url("preview", key))
    assert response.status_code == 200
    assert "无法从标题确定行政区" in text(response)
    assert not response.context["can_confirm"]
    assert "确认导入" not in text(response)
    # Confirming anyway writes nothing and goes back to the preview.
    response = admin_client.post(url("confirm", key))
    assert response.status_code == 302
    assert Program.objects.count() == 0


def test_a_file_without_title_asks_for_the_year_then_reads(admin_client):
    key = upload_key(upload(admin_client, "001"))
    response = admin_client.get(url("preview", key))
    assert response.status_code == 200
    body = text(response)
    assert "读不出年度" in body
    assert "确认导入" not in body

    response = admin_client.post(url("preview", key), {"year": "2018", "jurisdiction": "440700"})
    assert response.status_code == 200
    body = text(response)
    assert "读不出年度" not in body
    assert response.context["parsed"].year == 2018
    assert len(response.context["rows"]) == 24
    assert "确认导入" in body
    assert Program.objects.count() == 0

    admin_client.post(url("confirm", key))
    program = Program.objects.get()
    assert (program.jurisdiction.code, program.year, program.tasks.count()) == ("440700", 2018, 24)


def test_a_year_contradicting_the_title_is_shown_not_raised(admin_client):
    key = upload_key(upload(admin_client, "004", year="2020"))
    response = admin_client.get(url("preview", key))
    assert response.status_code == 200
    assert "与指定的年度2020不一致" in text(response)


def test_correcting_the_column_mapping_changes_the_preview(admin_client):
    key = upload_key(upload(admin_client, "004"))
    response = admin_client.get(url("preview", key))
    form = response.context["form"]
    mapping = {f.name: f.value() for f in form.column_fields()}
    units_field = next(f.name for f in form.column_fields() if f.label == "责任单位")
    assert mapping[units_field] == "units"
    assert response.context["rows"][0]["units"]

    response = admin_client.post(
        url("preview", key), {**mapping, units_field: "-", "jurisdiction": "", "year": ""}
    )
    assert response.status_code == 200
    assert all(not row["units"] for row in response.context["rows"])
    assert "没有责任单位" in text(response)
    assert response.context["form"][units_field].value() == "-"

    # The correction is kept for the import itself.
    admin_client.post(url("confirm", key))
    program = Program.objects.get()
    assert program.tasks.count() == 25
    assert Unit.objects.count() == 0


def test_cancel_deletes_the_file_and_writes_nothing(admin_client, media):
    key = upload_key(upload(admin_client, "004"))
    admin_client.get(url("preview", key))
    assert len(pending_files(media)) == 1
    response = admin_client.post(url("cancel", key))
    assert response.status_code == 302
    assert response["Location"] == reverse("importers:upload")
    assert pending_files(media) == []
    assert Program.objects.count() == 0
    assert ImportRecord.objects.count() == 0
    assert admin_client.get(url("preview", key)).status_code == 404


def test_an_empty_file_is_refused_with_a_message(admin_client, media):
    response = upload(admin_client, data=b"", name="empty.txt")
    assert response.status_code == 200
    assert "上传的文件是空的" in text(response)
    assert pending_files(media) == []


def test_a_blank_file_gets_a_message_on_the_preview(admin_client):
    key = upload_key(upload(admin_client, data=b"  \n\n ", name="blank.txt"))
    response = admin_client.get(url("preview", key))
    assert response.status_code == 200
    assert "文件是空的" in text(response)


def test_a_png_renamed_txt_gets_a_message_not_a_500(admin_client):
    key = upload_key(upload(admin_client, data=PNG, name="photo.txt"))
    response = admin_client.get(url("preview", key))
    assert response.status_code == 200
    assert "不是可导入的文件类型" in text(response)
    assert "确认导入" not in text(response)


def test_an_oversize_file_is_refused(admin_client, settings, media):
    settings.IMPORT_MAX_UPLOAD_BYTES = 2048
    response = upload(admin_client, "004")
    assert response.status_code == 200
    body = text(response)
    assert "文件太大" in body
    assert "上限为 2.0 KB" in body
    assert pending_files(media) == []


def test_the_size_limit_is_given_in_mb(admin_client, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    response = admin_client.get(reverse("importers:upload"))
    assert "10 MB" in text(response)


def test_get_on_confirm_and_cancel_is_405(admin_client):
    key = upload_key(upload(admin_client, "004"))
    assert admin_client.get(url("confirm", key)).status_code == 405
    assert admin_client.get(url("cancel", key)).status_code == 405
    assert Program.objects.count() == 0


def test_anonymous_users_are_sent_to_login(client, db):
    for path in (
        reverse("importers:upload"),
        url("preview", "00000000-0000-4000-8000-000000000000"),
    ):
        response = client.get(path)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_non_staff_users_are_sent_to_login(client, django_user_model):
    user = django_user_model.objects.create_user("citizen", password="x")
    client.force_login(user)
    response = client.get(reverse("importers:upload"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_without_the_permission_are_refused(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("importers:upload")).status_code == 403


def test_another_staff_user_cannot_see_someone_elses_upload(
    admin_client, client, django_user_model
):
    key = upload_key(upload(admin_client, "004"))
    other = django_user_model.objects.create_superuser("other", "other@example.com", "x")
    client.force_login(other)
    assert client.get(url("preview", key)).status_code == 404
    assert client.post(url("confirm", key)).status_code == 404
    assert client.post(url("cancel", key)).status_code == 404
    assert Program.objects.count() == 0
    # Still there for its owner.
    assert admin_client.get(url("preview", key)).status_code == 200


def test_an_unknown_upload_is_404(admin_client):
    assert (
        admin_client.get(url("preview", "00000000-0000-4000-8000-000000000000")).status_code == 404
    )


def test_units_matched_by_alias_are_marked_and_not_saved(admin_client):
    from projects.models import Jurisdiction, UnitAlias

    kaiping = Jurisdiction.objects.get(code="440783")
    Unit.objects.create(jurisdiction=kaiping, name="市医保局")
    key = upload_key(upload(admin_client, "004"))
    response = admin_client.get(url("preview", key))
    units = [u for row in response.context["rows"] for u in row["units"]]
    matched = [u for u in units if u["alias_of"]]
    assert matched and all(u["alias_of"] == "市医保局" for u in matched)
    assert not any(u["created"] for u in matched)
    assert "别名 → 市医保局" in text(response)
    assert UnitAlias.objects.count() == 0
    assert Unit.objects.count() == 1


def test_an_invalid_correction_shows_the_form_errors(admin_client):
    key = upload_key(upload(admin_client, "004"))
    response = admin_client.post(url("preview", key), {"year": "1800"})
    assert response.status_code == 200
    assert response.context["form"].errors["year"]
    assert len(response.context["rows"]) == 25  # read as before


ODD_TABLE = (
    "2025年江门市民生实事\n"
    "No. | 事项 | 承办\n"
    "1 | 新建学校 | 市教育局\n"
    "2 | 改造道路 | 市交通局\n"
).encode()


def test_with_no_header_recognised_the_office_picks_the_row_and_each_columns_role(
    admin_client,
):
    key = upload_key(upload(admin_client, data=ODD_TABLE, name="odd.txt", jurisdiction="440700"))
    response = admin_client.get(url("preview", key))
    body = text(response)
    assert "没有识别出表头" in body
    form = response.context["form"]
    assert "header_row" in form.fields
    assert [f.label for f in form.column_fields()] == ["No.", "事项", "承办"]

    choice = {"jurisdiction": "440700", "year": "", "header_row": form["header_row"].value()}
    choice.update({"col_0": "number", "col_1": "content", "col_2": "units"})
    response = admin_client.post(url("preview", key), choice)
    assert [row["task"].content for row in response.context["rows"]] == ["新建学校", "改造道路"]
    assert response.context["can_confirm"]

    admin_client.post(url("confirm", key))
    assert list(Task.objects.order_by("number").values_list("content", flat=True)) == [
        "新建学校",
        "改造道路",
    ]

    # The next file of the jurisdiction with the same header reads with the same mapping.
    Program.objects.all().delete()
    again = ODD_TABLE.replace(b"2025", b"2026")
    key = upload_key(upload(admin_client, data=again, name="odd2.txt", jurisdiction="440700"))
    response = admin_client.get(url("preview", key))
    assert response.context["profile"]
    assert [row["task"].number for row in response.context["rows"]] == ["1", "2"]
