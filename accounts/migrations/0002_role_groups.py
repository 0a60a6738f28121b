"""The two role groups and their permissions. Supervisors also manage reporter logins."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "单位填报员": [
        ("progress", "file_report"),
        ("progress", "view_report"),
    ],
    "督查室": [
        ("progress", "review_report"),
        ("progress", "view_report"),
        ("progress", "view_changerequest"),
        ("progress", "change_changerequest"),
        ("accounts", "add_account"),
        ("accounts", "view_account"),
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("progress", "0002_reporting"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
