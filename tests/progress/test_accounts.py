"""The supervision office opens reporter logins for the units of its own jurisdiction."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.choices import Role
from projects.models import Unit

pytestmark = pytest.mark.django_db

URL = "/work/accounts/"
NEW_PASSWORD = "Kaiping-civil-affairs-2024"


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def opening(unit, *, username="civil-wang", password=NEW_PASSWORD, **fields):
    data = {
        "unit": unit.pk,
        "username": username,
        "first_name": "王五",
        "email": "wangwu@example.invalid",
        "password1": password,
        "password2": password,
    }
    data.update(fields)
    return data


def users_named(username):
    return get_user_model().objects.filter(username=username)


def test_the_page_is_the_named_accounts_url():
    assert reverse("progress:accounts") == URL


def test_the_office_sees_its_units_reporters_and_a_form(client, world):
    client.force_login(world.supervisor)

    response = client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert world.lead.username in page
    assert world.co_unit.username in page
    assert set(response.context["form"].fields["unit"].queryset) == {
        world.civil,
        world.finance,
        world.education,
    }


def test_the_office_opens_a_reporter_login_for_a_unit_of_its_jurisdiction(client, world):
    client.force_login(world.supervisor)

    response = client.post(URL, opening(world.civil))

    assert response.status_code == 302
    assert response["Location"] == URL
    user = users_named("civil-wang").get()
    assert user.account.unit == world.civil
    assert user.account.role == Role.REPORTER
    assert user.account.jurisdiction == world.kaiping
    assert (user.first_name, user.email) == ("王五", "wangwu@example.invalid")
    assert list(user.groups.values_list("name", flat=True)) == ["单位填报员"]
    assert "已为市民政局开通账号 civil-wang" in client.get(URL).content.decode()
    assert Client().login(username="civil-wang", password=NEW_PASSWORD)


def test_the_new_reporter_of_the_lead_unit_sees_its_task_on_the_workbench(client, world):
    client.force_login(world.supervisor)
    client.post(URL, opening(world.civil))

    reporter = Client()
    assert reporter.login(username="civil-wang", password=NEW_PASSWORD)
    page = reporter.get(reverse("progress:home"))

    assert page.status_code == 200
    assert "新增就业6000人以上" in page.content.decode()
    assert "新建幼儿园3所" not in page.content.decode()
    task = reporter.get(reverse("progress:task", args=[world.task_a.pk]))
    assert task.status_code == 200


@pytest.mark.parametrize("weak", ["123", "password", "civil-wang"])
def test_a_weak_password_is_refused_on_the_page_and_no_login_is_opened(client, world, weak):
    client.force_login(world.supervisor)

    response = client.post(URL, opening(world.civil, password=weak))

    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    page = response.content.decode()
    assert 'class="field-error"' in page
    assert any(error in page for error in response.context["form"].errors["password2"])
    assert not users_named("civil-wang").exists()


def test_a_unit_of_another_jurisdiction_cannot_be_chosen(client, world):
    jiangmen_civil = Unit.objects.create(jurisdiction=world.jiangmen, name="江门市民政局")
    client.force_login(world.supervisor)

    page = client.get(URL)
    response = client.post(URL, opening(jiangmen_civil))

    assert jiangmen_civil not in page.context["form"].fields["unit"].queryset
    assert "江门市民政局" not in page.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert not users_named("civil-wang").exists()
    assert not jiangmen_civil.accounts.exists()


def test_another_jurisdictions_office_cannot_open_logins_for_our_units(client, world):
    client.force_login(world.city_supervisor)

    page = client.get(URL)
    response = client.post(URL, opening(world.civil))

    assert page.status_code == 200
    assert world.lead.username not in page.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert not users_named("civil-wang").exists()


def test_a_taken_username_is_refused(client, world):
    client.force_login(world.supervisor)

    response = client.post(URL, opening(world.civil, username=world.co_unit.username))

    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert world.co_unit.account.unit == world.finance


@pytest.mark.parametrize("persona", ["lead", "co_unit", "other_unit"])
def test_a_reporter_cannot_open_the_page(client, world, persona):
    client.force_login(getattr(world, persona))
    users = get_user_model().objects.count()

    assert client.get(URL).status_code == 403
    assert client.post(URL, opening(world.civil)).status_code == 403
    assert get_user_model().objects.count() == users


def test_an_anonymous_visitor_is_refused_and_offered_the_login(client, world):
    users = get_user_model().objects.count()

    page = client.get(URL)
    response = client.post(URL, opening(world.civil))

    assert page.status_code == response.status_code == 403
    assert f"{reverse('accounts:login')}?next={URL}" in page.content.decode()
    assert world.lead.username not in page.content.decode()
    assert get_user_model().objects.count() == users
