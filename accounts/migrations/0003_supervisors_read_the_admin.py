"""Supervisors read their jurisdiction's plan, milestones and reports in the admin."""

from django.db import migrations

READ = [
    ("projects", "view_program"),
    ("projects", "view_task"),
    ("projects", "view_milestone"),
    ("progress", "view_progressrecord"),
    ("progress", "view_taskevent"),
]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.get(name="督查室")
    for app_label, codename in READ:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    Account = apps.get_model("accounts", "Account")
    user_ids = Account.objects.filter(role="supervisor").values("user_id")
    apps.get_model("auth", "User").objects.filter(pk__in=user_ids).update(is_staff=True)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.get(name="督查室")
    for app_label, codename in READ:
        group.permissions.remove(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_role_groups"), ("projects", "0003_reporting_state")]

    operations = [migrations.RunPython(grant, revoke)]
