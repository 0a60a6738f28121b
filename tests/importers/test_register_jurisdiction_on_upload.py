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
