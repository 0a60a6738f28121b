"""Downloads of a program's tables by id (`/imports/programs/<pk>/download.<fmt>`): ids are
sequential, so a program outside the login's scope answers 404, published or not."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from accounts.models import Account
from projects.models import Jurisdiction

pytestmark = pytest.mark.django_db

FORMATS = ["json", "xlsx", "docx"]


def office(code):
    return Account.create_user(
        username=f"office-{code}",
        password="a-long-demo-password-2024",
        role=Role.SUPERVISOR,
        jurisdiction=Jurisdiction.objects.get(code=code),
    ).user


@pytest.fixture
def jiangmen_2021(import_seed):
    program = import_seed("002").program
    assert not program.is_published
    return program


@pytest.mark.parametrize("fmt", FORMATS)
def test_kaipings_office_cannot_download_jiangmens_unpublished_program(client, jiangmen_2021, fmt):
    client.force_login(office("440783"))

    response = client.get(reverse("importers:download", args=[jiangmen_2021.pk, fmt]))

    assert response.status_code == 404
    assert "Content-Disposition" not in response
    assert jiangmen_2021.title.encode() not in response.content


@pytest.mark.parametrize("fmt", FORMATS)
def test_jiangmens_office_downloads_its_own_program(client, jiangmen_2021, fmt):
    client.force_login(office("440700"))

    response = client.get(reverse("importers:download", args=[jiangmen_2021.pk, fmt]))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def test_the_city_office_downloads_a_district_program(client, import_seed):
    kaiping_2024 = import_seed("004").program
    client.force_login(office("440700"))

    response = client.get(reverse("importers:download", args=[kaiping_2024.pk, "json"]))

    assert response.status_code == 200
    assert kaiping_2024.title in response.content.decode()


def test_staff_without_an_account_download_nothing(client, django_user_model, jiangmen_2021):
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)

    response = client.get(reverse("importers:download", args=[jiangmen_2021.pk, "json"]))

    assert response.status_code == 404
