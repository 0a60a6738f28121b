"""The upload form names a jurisdiction that is not registered: it is looked up in the
national list and offered for registration to those who may add it (issue 13, item 7)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects import divisions
from projects.models import Jurisdiction
from tests.conftest import SEED_DOCUMENTS, seed_bytes
from tests.importers.test_upload_scope import importing_office

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, other):
    name, data = SEED_DOCUMENTS["004"][0], seed_bytes("004")
    return client.post(
        reverse("importers:upload"), {"file": SimpleUploadedFile(name, data), "other": other}
    )


def register(client, code):
    return client.post(reverse("importers:register_jurisdiction"), {"code": code})


def test_an_unregistered_division_is_offered_and_registered_with_its_ancestors(admin_client):
    response = upload(admin_client, "广州市天河区")
    body = response.content.decode()
    assert response.status_code == 200
    assert "广东省广州市天河区（440106）尚未登记" in body
    assert 'name="code" value="440106"' in body and "登记天河区" in body
    assert not Jurisdiction.objects.filter(code="440106").exists()

    response = register(admin_client, "440106")
    assert response["Location"] == reverse("importers:upload") + "?jurisdiction=440106"
    assert Jurisdiction.objects.get(code="440106").path == "440000/440100/440106/"
    # Back on the form, the new jurisdiction is chosen; the file uploads into it.
    page = admin_client.get(response["Location"]).content.decode()
    assert "已登记行政区：广东省（440000）、广州市（440100）、天河区（440106）。" in page
    assert '<option value="440106" selected>' in page
    response = upload(admin_client, "440106")
    assert response.status_code == 302 and "/preview/" in response["Location"]


def test_a_name_in_several_places_or_nowhere_is_a_form_error(admin_client):
    body = upload(admin_client, "朝阳区").content.decode()
    assert "110105 北京市朝阳区" in body
    body = upload(admin_client, "火星区").content.decode()
    assert "全国行政区划表中没有“火星区”" in body
    assert 'name="code"' not in body


def test_the_office_above_may_register_below_it_and_another_office_may_not(client):
    for code in ("440000", "440100"):
        divisions.register(divisions.by_code()[code])
    client.force_login(importing_office("kp-importer", "440783"))
    body = upload(client, "440106").content.decode()
    assert "只有上级行政区的督查室或系统管理员可以登记" in body
    assert 'name="code"' not in body
    assert register(client, "440106").status_code == 403
    assert not Jurisdiction.objects.filter(code="440106").exists()

    client.force_login(importing_office("gz-importer", "440100"))
    assert 'name="code" value="440106"' in upload(client, "440106").content.decode()
    assert register(client, "440106").status_code == 302
    assert Jurisdiction.objects.get(code="440106").parent.code == "440100"


def test_a_code_not_in_the_list_is_404(admin_client):
    assert register(admin_client, "999999").status_code == 404


# -- the jurisdiction named by the file itself (interchange JSON) ----------------------------


def interchange(code: str, tasks=None) -> bytes:
    import json

    if tasks is None:
        tasks = [
            {
                "number": "1",
                "category": 1,
                "content": "新建社区公园3个",
                "units": [{"name": "天河区住建局", "lead": True}],
            }
        ]
    data = {
        "format": "minsheng-program",
        "version": 1,
        "jurisdiction": code,
        "year": 2025,
        "title": "2025年天河区十件民生实事",
        "categories": [{"number": 1, "name": "民生实事"}],
        "tasks": tasks,
    }
    return json.dumps(data, ensure_ascii=False).encode()


def upload_json(client, data):
    response = client.post(
        reverse("importers:upload"), {"file": SimpleUploadedFile("天河区.json", data)}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"], response["Location"].split("/")[-3]


def test_a_json_file_naming_an_unregistered_division_offers_it_on_the_preview(admin_client):
    preview_url, key = upload_json(admin_client, interchange("440106"))
    body = admin_client.get(preview_url).content.decode()
    assert "广东省广州市天河区（440106）尚未登记，需要先登记才能导入。" in body
    assert 'name="code" value="440106"' in body and f'name="pending" value="{key}"' in body
    assert "然后继续预览这个文件" in body
    assert "找到 1 项" not in body  # nothing read before the jurisdiction is known

    response = admin_client.post(
        reverse("importers:register_jurisdiction"), {"code": "440106", "pending": key}
    )
    assert response["Location"] == preview_url
    assert Jurisdiction.objects.get(code="440106").path == "440000/440100/440106/"
    body = admin_client.get(preview_url).content.decode()
    assert "天河区（440106）" in body and "（文件中注明）" in body and "找到 1 项" in body
    response = admin_client.post(reverse("importers:confirm", args=[key]))
    assert "/result/" in response["Location"]
    assert Jurisdiction.objects.get(code="440106").programs.get(year=2025).title == (
        "2025年天河区十件民生实事"
    )


def test_a_json_file_of_a_division_another_office_may_not_register(client):
    client.force_login(importing_office("kp-importer", "440783"))
    preview_url, key = upload_json(client, interchange("440106"))
    body = client.get(preview_url).content.decode()
    assert "尚未登记" in body and "只有上级行政区的督查室或系统管理员可以登记" in body
    assert 'name="code"' not in body
    response = client.post(
        reverse("importers:register_jurisdiction"), {"code": "440106", "pending": key}
    )
    assert response.status_code == 403
    assert not Jurisdiction.objects.filter(code="440106").exists()


def test_a_json_file_naming_a_code_in_no_list_says_so(admin_client):
    preview_url, _key = upload_json(admin_client, interchange("999999"))
    body = admin_client.get(preview_url).content.decode()
    assert "文件中的行政区划代码“999999”没有登记，也不在全国行政区划表中。" in body
    assert 'name="code"' not in body


def test_the_command_checks_the_files_jurisdiction_before_the_rest_of_it():
    from importers.document import ImportFailed
    from importers.pipeline import import_document

    broken = interchange("440106", tasks=[{"number": "x"}])
    with pytest.raises(ImportFailed) as failure:
        import_document(broken, "天河区.json", None)
    assert "未知的行政区划代码“440106”" in str(failure.value)
    assert "manage.py add_jurisdiction 440106" in str(failure.value)
