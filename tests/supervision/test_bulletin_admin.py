"""The 通报 in the admin: read within an office's scope, changed only by its own office, its
text fixed once issued. Offices hold no admin permission on bulletins by default (they work on
/office/); these tests grant them, as an administrator might, to show the scope still holds."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from supervision.models import Bulletin

pytestmark = pytest.mark.django_db

SECTIONS = {"headline": "总体平稳。", "completed": "", "behind": "", "units": "", "closing": ""}


@pytest.fixture
def bulletins(office):
    for user in (office.supervisor, office.city_supervisor):
        user.user_permissions.add(
            *Permission.objects.filter(codename__in=["view_bulletin", "change_bulletin"])
        )
    office.kaiping_bulletin = Bulletin.objects.create(
        jurisdiction=office.kaiping, year=2024, number=1, period="2024-03",
        title="关于2024年3月开平市民生实事推进情况的通报", created_by=office.supervisor, **SECTIONS,
    )
    office.jiangmen_bulletin = Bulletin.objects.create(
        jurisdiction=office.jiangmen, year=2024, number=1, period="2024-03",
        title="关于2024年3月江门市民生实事推进情况的通报", **SECTIONS,
    )
    return office


def change_url(bulletin):
    return reverse("admin:supervision_bulletin_change", args=[bulletin.pk])


def post(client, bulletin, **changes):
    data = {"title": bulletin.title, **SECTIONS, **changes}
    return client.post(change_url(bulletin), data)


def test_the_own_office_edits_its_draft_bulletin_in_the_admin(client, bulletins):
    client.force_login(bulletins.supervisor)
    response = post(client, bulletins.kaiping_bulletin, closing="请于4月20日前补报。")
    assert response.status_code == 302
    bulletins.kaiping_bulletin.refresh_from_db()
    assert bulletins.kaiping_bulletin.closing == "请于4月20日前补报。"


def test_an_office_lists_only_the_bulletins_in_its_scope(client, bulletins):
    client.force_login(bulletins.supervisor)
    page = client.get(reverse("admin:supervision_bulletin_changelist")).content.decode()
    assert "开平市民生实事推进情况" in page
    assert "江门市民生实事推进情况" not in page
    assert client.get(change_url(bulletins.jiangmen_bulletin)).status_code == 404

    client.force_login(bulletins.city_supervisor)
    page = client.get(reverse("admin:supervision_bulletin_changelist")).content.decode()
    assert "开平市民生实事推进情况" in page and "江门市民生实事推进情况" in page


def test_the_office_above_reads_a_districts_bulletin_but_cannot_change_it(client, bulletins):
    client.force_login(bulletins.city_supervisor)
    page = client.get(change_url(bulletins.kaiping_bulletin))
    assert page.status_code == 200
    assert 'name="closing"' not in page.content.decode()  # shown, not editable

    response = post(client, bulletins.kaiping_bulletin, closing="江门改写。")
    assert response.status_code == 403
    bulletins.kaiping_bulletin.refresh_from_db()
    assert bulletins.kaiping_bulletin.closing == ""


def test_an_issued_bulletins_text_no_longer_changes_in_the_admin(client, bulletins):
    bulletin = bulletins.kaiping_bulletin
    Bulletin.objects.filter(pk=bulletin.pk).update(issued_on="2024-04-15")
    client.force_login(bulletins.supervisor)
    assert 'name="headline"' not in client.get(change_url(bulletin)).content.decode()

    post(client, bulletin, headline="印发后改写。", is_published="on")
    bulletin.refresh_from_db()
    assert bulletin.headline == "总体平稳。"
    assert bulletin.is_published  # publishing an issued bulletin stays the office's choice


def test_a_draft_cannot_be_published_from_the_admin(client, bulletins):
    client.force_login(bulletins.supervisor)
    assert 'name="is_published"' not in client.get(
        change_url(bulletins.kaiping_bulletin)).content.decode()
    post(client, bulletins.kaiping_bulletin, is_published="on")
    bulletins.kaiping_bulletin.refresh_from_db()
    assert not bulletins.kaiping_bulletin.is_published


def test_bulletins_are_not_added_in_the_admin(client, bulletins, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:supervision_bulletin_add")).status_code == 403
