"""An office that may import does so into its own jurisdiction only (accounts.scope).

The jurisdiction chosen on the upload, the one read from the file and the one the preview
settled on are each checked, and checked again when the import is confirmed."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.choices import Role
from accounts.models import Account
from importers.models import ImportRecord
from projects.models import Jurisdiction, Program
from tests.conftest import SEED_DOCUMENTS, seed_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def importing_office(username, code):
    user = Account.create_user(
        username=username,
        password="a-long-demo-password-2024",
        role=Role.SUPERVISOR,
        jurisdiction=Jurisdiction.objects.get(code=code),
    ).user
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="projects", codename="add_program")
    )
    return user


@pytest.fixture
def kaiping_office(client):
    client.force_login(importing_office("kp-importer", "440783"))
    return client


def upload(client, seed, **fields):
    return client.post(
        reverse("importers:upload"),
        {"file": SimpleUploadedFile(SEED_DOCUMENTS[seed][0], seed_bytes(seed)), **fields},
    )


def key_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return re.search(r"/imports/([0-9a-f-]{36})/preview/", response["Location"]).group(1)


def url(name, key):
    return reverse(f"importers:{name}", args=[key])


def test_an_office_imports_its_own_jurisdictions_program(kaiping_office):
    key = key_of(upload(kaiping_office, "004"))

    preview = kaiping_office.get(url("preview", key))
    confirmed = kaiping_office.post(url("confirm", key))

    assert preview.context["can_confirm"]
    assert confirmed.status_code == 302
    assert Program.objects.get().jurisdiction.code == "440783"


def test_an_office_cannot_choose_another_jurisdiction_on_the_upload(kaiping_office, media):
    response = upload(kaiping_office, "004", jurisdiction="440700")

    assert response.status_code == 200
    assert response.context["form"].errors["jurisdiction"] == [
        "您只能导入本行政区的计划，不能导入到江门市（440700）。"
    ]
    assert not (media / "imports" / "pending").exists() or not any(
        (media / "imports" / "pending").iterdir()
    )


def test_another_jurisdiction_picked_on_the_preview_cannot_be_imported(kaiping_office):
    key = key_of(upload(kaiping_office, "002"))  # 江门市 2021; its title does not say whose

    preview = kaiping_office.post(url("preview", key), {"jurisdiction": "440700", "year": ""})
    confirmed = kaiping_office.post(url("confirm", key), follow=True)

    assert "您只能导入本行政区的计划，不能导入到江门市（440700）。" in preview.context["errors"]
    assert not preview.context["can_confirm"]
    assert "请先在预览中确认行政区和年度。" in confirmed.content.decode()
    assert not Program.objects.exists()
    assert not ImportRecord.objects.exists()


def test_the_confirmation_checks_the_jurisdiction_again(kaiping_office):
    key = key_of(upload(kaiping_office, "004"))
    kaiping_office.get(url("preview", key))
    # As if the preview had settled on 江门 (say, the rules changed in between).
    session = kaiping_office.session
    session["pending_imports"][key]["resolved"] = "440700"
    session.save()

    response = kaiping_office.post(url("confirm", key), follow=True)

    assert "您只能导入本行政区的计划，不能导入到江门市（440700）。" in response.content.decode()
    assert not Program.objects.exists()
    assert not ImportRecord.objects.exists()


def test_another_offices_pending_upload_and_result_do_not_exist(kaiping_office, client):
    key = key_of(upload(kaiping_office, "004"))
    kaiping_office.post(url("confirm", key))
    pending = key_of(upload(kaiping_office, "004"))

    from django.test import Client

    other = Client()
    other.force_login(importing_office("jm-importer", "440700"))

    assert other.get(url("result", key)).status_code == 404
    assert other.get(url("preview", pending)).status_code == 404
    assert other.post(url("confirm", pending)).status_code == 404
    assert kaiping_office.get(url("preview", pending)).status_code == 200


def test_an_office_without_the_import_permission_gets_no_import_page(client):
    office = Account.create_user(
        username="kp-reader",
        password="a-long-demo-password-2024",
        role=Role.SUPERVISOR,
        jurisdiction=Jurisdiction.objects.get(code="440783"),
    ).user
    client.force_login(office)

    assert client.get(reverse("importers:upload")).status_code == 403
