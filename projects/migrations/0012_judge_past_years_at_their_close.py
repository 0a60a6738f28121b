"""Past years' verdicts are now judged as of their close for reporting (rules.judged_on):
mark every task stale so the next read recomputes the state stored under the old rule."""

import datetime

from django.db import migrations


def mark_stale(apps, schema_editor):
    apps.get_model("projects", "Task").objects.update(state_valid_until=datetime.date.min)


class Migration(migrations.Migration):
    dependencies = [("projects", "0011_jurisdiction_notice_prefix")]

    operations = [migrations.RunPython(mark_stale, migrations.RunPython.noop)]
