"""Accounts (with their phone numbers) belong to their jurisdiction's office alone, and an
office opens logins only for its own units and only as new users.

The issue: 开平's office (kp-dcs) listed 江门's accounts in the admin and could add an account
in 江门 attached to any existing user."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.choices import Role
from accounts.models import Account
from accounts.scope import scope_of
from projects.models import Unit
from tests.progress.conftest import PASSWORD, world  # noqa: F401

pytestmark = pytest.mark.django_db

JIANGMEN_PHONE = "13800000001"


@pytest.fixture
def jiangmen_reporter(world):  # noqa: F811
    unit = Unit.objects.create(jurisdiction=world.jiangmen, name="江门市民政局")
    account = Account.create_user(
        username="jm-civil",
        password=PASSWORD,
        role=Role.REPORTER,
        jurisdiction=world.jiangmen,
        unit=unit,
    )
    account.phone = JIANGMEN_PHONE
    account.save(update_fields=["phone"])
    return account


def counts():
    return get_user_model().objects.count(), Account.objects.count()


def test_the_accounts_admin_lists_no_jiangmen_account_to_kaipings_office(
    client, world, jiangmen_reporter  # noqa: F811
):
    client.force_login(world.supervisor)

    listing = client.get(reverse("admin:accounts_account_changelist"))
    change = client.get(reverse("admin:accounts_account_change", args=[jiangmen_reporter.pk]))

    assert listing.status_code == 200
    page = listing.content.decode()
    assert "civil-reporter" in page  # its own
    assert "jm-civil" not in page and JIANGMEN_PHONE not in page
    assert change.status_code == 404
    assert JIANGMEN_PHONE not in change.content.decode()


def test_the_city_office_does_not_list_a_districts_accounts(client, world, jiangmen_reporter):  # noqa: F811
    client.force_login(world.city_supervisor)

    page = client.get(reverse("admin:accounts_account_changelist")).content.decode()

    assert "jm-civil" in page
    assert "civil-reporter" not in page and "kp-office" not in page


def test_an_office_cannot_add_an_account_in_the_admin_for_an_existing_user(
    client, world, jiangmen_reporter  # noqa: F811
):
    stranger = get_user_model().objects.create_user("stranger", password=PASSWORD)
    client.force_login(world.supervisor)
    before = counts()

    form = client.get(reverse("admin:accounts_account_add"))
    attempt = client.post(
        reverse("admin:accounts_account_add"),
        {
            "user": stranger.pk,
            "role": Role.REPORTER,
            "jurisdiction": world.jiangmen.pk,
            "unit": jiangmen_reporter.unit.pk,
        },
    )

    assert (form.status_code, attempt.status_code) == (403, 403)
    assert counts() == before
    assert not Account.objects.filter(user=stranger).exists()


def open_account(client, **fields):
    data = {
        "username": "new-reporter",
        "first_name": "王五",
        "email": "wangwu@example.invalid",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return client.post(reverse("progress:accounts"), data | fields)


def test_an_office_cannot_open_an_account_for_another_jurisdictions_unit(
    client, world, jiangmen_reporter  # noqa: F811
):
    client.force_login(world.supervisor)
    before = counts()

    response = open_account(client, unit=jiangmen_reporter.unit.pk)

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert counts() == before


def test_an_office_cannot_attach_an_account_to_an_existing_user(client, world):  # noqa: F811
    client.force_login(world.supervisor)
    before = counts()

    response = open_account(client, unit=world.civil.pk, username="jm-office")

    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert counts() == before
    assert Account.objects.get(user__username="jm-office").jurisdiction == world.jiangmen


def test_an_office_opens_an_account_for_its_own_unit_as_a_new_user(client, world):  # noqa: F811
    client.force_login(world.supervisor)

    response = open_account(client, unit=world.civil.pk)

    assert response.status_code == 302
    account = Account.objects.get(user__username="new-reporter")
    assert (account.unit, account.jurisdiction, account.role) == (
        world.civil,
        world.kaiping,
        Role.REPORTER,
    )


def test_an_office_reads_only_its_own_logins_and_never_an_administrators(
    world, jiangmen_reporter, admin_user  # noqa: F811
):
    Account.objects.create(user=admin_user, role=Role.SUPERVISOR, jurisdiction=world.kaiping)

    kaiping = set(scope_of(world.supervisor).users().values_list("username", flat=True))
    jiangmen = set(scope_of(world.city_supervisor).users().values_list("username", flat=True))

    assert kaiping == {
        "kp-office",
        "civil-reporter",
        "finance-reporter",
        "education-reporter",
    }
    assert jiangmen == {"jm-office", "jm-civil"}
