"""Jiangmen and the seven districts and county-level cities under it."""

from django.db import migrations

JURISDICTIONS = [
    # code, name, short name, other names, parent
    ("440700", "江门市", "江门", "", None),
    ("440703", "蓬江区", "蓬江", "", "440700"),
    ("440704", "江海区", "江海", "江门高新区、高新区、江门高新技术产业开发区、高新区（江海区）", "440700"),
    ("440705", "新会区", "新会", "", "440700"),
    ("440781", "台山市", "台山", "", "440700"),
    ("440783", "开平市", "开平", "", "440700"),
    ("440784", "鹤山市", "鹤山", "", "440700"),
    ("440785", "恩平市", "恩平", "", "440700"),
]


def create(apps, schema_editor):
    Jurisdiction = apps.get_model("projects", "Jurisdiction")
    for code, name, short, others, parent in JURISDICTIONS:
        Jurisdiction.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "other_names": others,
                "parent": Jurisdiction.objects.get(code=parent) if parent else None,
            },
        )


def remove(apps, schema_editor):
    Jurisdiction = apps.get_model("projects", "Jurisdiction")
    Jurisdiction.objects.filter(code__in=[j[0] for j in JURISDICTIONS]).exclude(
        code="440700"
    ).delete()
    Jurisdiction.objects.filter(code="440700").delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
