"""The preview lists every unit the import would create; the office can say one is an
existing unit, which then becomes its alias instead of a new unit (issue 13, item 6)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Jurisdiction, Task, Unit, UnitAlias
from tests.importers.test_upload_views import upload_key, url

TABLE = (
    "2025年开平市十件民生实事\n"
    "序号 | 工作任务 | 责任单位 | 完成时限\n"
    "1 | 新建农资服务站10个 | 市供销社 | 12月底\n"
    "2 | 改造农村公路50公里 | 市交通运输局 | 12月底\n"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def kaiping(db):
    kaiping = Jurisdiction.objects.get(code="440783")
    Unit.objects.create(jurisdiction=kaiping, name="市教育局")
    Unit.objects.create(jurisdiction=kaiping, name="市供销合作社")
    Unit.objects.create(jurisdiction=Jurisdiction.objects.get(code="440700"), name="市供销合作社")
    return kaiping


def uploaded(client) -> str:
    upload = SimpleUploadedFile("kaiping.txt", TABLE.encode(), "text/plain")
    return upload_key(
        client.post(reverse("importers:upload"), {"file": upload, "jurisdiction": "440783"})
    )


def test_the_preview_offers_each_new_unit_the_existing_units_best_match_first(
    admin_client, kaiping
):
    key = uploaded(admin_client)
    response = admin_client.get(url("preview", key))
    body = response.content.decode()
    assert "将新建的单位" in body
    form = response.context["merge_form"]
    assert form.names == ["市供销社", "市交通运输局"]
    choices = [label for _value, label in form.fields["merge_0"].choices]
    # Only this jurisdiction's units, the most alike first.
    assert choices == ["新建单位", "同已有单位：市供销合作社", "同已有单位：市教育局"]
    assert 'name="merge_0"' in body and "同已有单位：市供销合作社" in body


def test_confirming_with_a_unit_chosen_creates_no_unit_and_an_alias(admin_client, kaiping):
    key = uploaded(admin_client)
    admin_client.get(url("preview", key))
    existing = Unit.objects.get(jurisdiction=kaiping, name="市供销合作社")
    response = admin_client.post(url("confirm", key), {"merge_0": existing.pk, "merge_1": ""})
    assert response["Location"] == url("result", key)
    assert set(Unit.objects.filter(jurisdiction=kaiping).values_list("name", flat=True)) == {
        "市教育局",
        "市供销合作社",
        "市交通运输局",
    }
    alias = UnitAlias.objects.get()
    assert (alias.name, alias.unit, alias.jurisdiction) == ("市供销社", existing, kaiping)
    task = Task.objects.get(number="1")
    assert [a.unit.name for a in task.assignments.all()] == ["市供销合作社"]

    # The next file writing the long name matches by itself: nothing left to choose.
    key = uploaded(admin_client)
    response = admin_client.get(url("preview", key))
    assert response.context["merge_form"] is None
    assert "name=\"merge_0\"" not in response.content.decode()


def test_a_unit_of_another_jurisdiction_cannot_be_chosen(admin_client, kaiping):
    key = uploaded(admin_client)
    admin_client.get(url("preview", key))
    elsewhere = Unit.objects.get(jurisdiction__code="440700")
    response = admin_client.post(url("confirm", key), {"merge_0": elsewhere.pk})
    assert response["Location"] == url("preview", key)
    assert not Task.objects.exists() and not UnitAlias.objects.exists()
