"""The admin denies by default: a model admin that does not declare its scope shows nothing
to anyone but an administrator, whatever permissions the login holds; a scoped one shows the
login's scope and offers, in its forms and bulk actions, only what the login may act on."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse

from accounts.admin_site import ScopedAdmin, ScopedAdminSite
from projects.models import Leader, Program, Unit, UnitAlias
from tests.progress.conftest import world  # noqa: F401

pytestmark = pytest.mark.django_db


def request_of(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def grant(user, *codenames):
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    # Permissions are cached on the user object: read them afresh.
    return type(user)._default_manager.get(pk=user.pk)


def test_the_project_admin_site_is_the_scoped_one():
    assert isinstance(admin.site, ScopedAdminSite)


def test_a_model_admin_registered_without_scope_shows_an_office_nothing(world, admin_user):  # noqa: F811
    Leader.objects.create(jurisdiction=world.kaiping, name="王副市长")
    site = ScopedAdminSite(name="throwaway")
    site.register(Leader)  # a plain ModelAdmin that forgot about scope
    office = grant(world.supervisor, "view_leader", "change_leader", "delete_leader")
    model_admin = site._registry[Leader]
    request = request_of(office)

    assert not model_admin.get_queryset(request).exists()
    assert not model_admin.has_module_permission(request)
    assert not model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.get_queryset(request_of(admin_user)).count() == 1


def test_a_scoped_model_admin_reads_the_subtree_and_acts_in_its_own_jurisdiction(world):  # noqa: F811
    Unit.objects.create(jurisdiction=world.jiangmen, name="江门市教育局")

    class UnitScoped(ScopedAdmin, admin.ModelAdmin):
        scope_path = "jurisdiction"

    site = ScopedAdminSite(name="throwaway")
    site.register(Unit, UnitScoped)
    model_admin = site._registry[Unit]
    city, district = request_of(world.city_supervisor), request_of(world.supervisor)

    def names(queryset):
        return set(queryset.values_list("name", flat=True))

    all_units = Unit.objects.all()
    assert names(model_admin.get_queryset(city)) == names(all_units)
    assert names(model_admin.get_queryset(district)) == {"市民政局", "市财政局", "市教育局"}
    assert names(model_admin.scope_queryset(city, all_units, acting=True)) == {"江门市教育局"}


def test_foreign_key_choices_are_what_the_office_may_act_on(world):  # noqa: F811
    Unit.objects.create(jurisdiction=world.jiangmen, name="江门市教育局")
    model_admin = admin.site._registry[UnitAlias]

    field = model_admin.formfield_for_foreignkey(
        UnitAlias._meta.get_field("unit"), request_of(world.city_supervisor)
    )

    assert set(field.queryset.values_list("name", flat=True)) == {"江门市教育局"}


def test_autocomplete_offers_only_the_offices_own_tasks(client, world):  # noqa: F811
    url = (
        reverse("admin:autocomplete")
        + "?app_label=projects&model_name=milestone&field_name=task&term="
    )

    client.force_login(world.supervisor)
    own = client.get(url).json()["results"]
    client.force_login(world.city_supervisor)
    district = client.get(url).json()["results"]

    assert {r["id"] for r in own} == {str(world.task_a.pk), str(world.task_b.pk)}
    assert district == []


def test_a_bulk_action_touches_only_rows_the_office_acts_on(client, world):  # noqa: F811
    # Even with the permission to change programs, 江门's office publishes only its own.
    city = grant(world.city_supervisor, "change_program")
    jiangmen = Program.objects.create(jurisdiction=world.jiangmen, year=2024, title="江门2024")
    client.force_login(city)

    client.post(
        reverse("admin:projects_program_changelist"),
        {"action": "publish", "_selected_action": [world.program.pk, jiangmen.pk]},
    )

    assert Program.objects.get(pk=jiangmen.pk).is_published
    assert not Program.objects.get(pk=world.program.pk).is_published


def test_an_office_may_not_change_a_district_row_even_with_the_permission(world):  # noqa: F811
    city = grant(world.city_supervisor, "change_program")
    model_admin = admin.site._registry[Program]

    assert model_admin.has_view_permission(request_of(city), world.program)
    assert not model_admin.has_change_permission(request_of(city), world.program)
