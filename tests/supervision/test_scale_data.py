"""generate_scale_data: synthetic programs for benchmarks, deterministic, never on real data."""

import pytest
from django.core.management import CommandError, call_command

from progress.models import Report
from projects.models import Jurisdiction, Milestone, Program, Task
from supervision.management.commands.generate_scale_data import BENCH_USERNAME

pytestmark = pytest.mark.django_db


def generate(**kwargs):
    call_command(
        "generate_scale_data", jurisdictions=3, years=2, tasks=5, today="2025-08-15", **kwargs
    )


def fingerprint():
    return (
        list(Task.objects.order_by(
            "program__jurisdiction__code", "program__year", "sort_key", "assignments__position"
        )
             .values_list("status", "light", "next_report_due", "target_value",
                          "assignments__unit__name")),
        list(Milestone.objects.order_by("task_id", "position").values_list("due", "done_on")),
        Report.objects.count(),
    )


def test_it_builds_the_requested_scale_with_lights_from_the_portals_rules(django_user_model):
    generate()
    assert Jurisdiction.objects.filter(code__startswith="99").count() == 3
    assert Program.objects.count() == 6
    assert Task.objects.count() == 30
    assert Milestone.objects.count() == 120
    assert Report.objects.exists()
    assert django_user_model.objects.get(username=BENCH_USERNAME).account.is_supervisor
    # The stored state is what the portal itself would compute on that day.
    task = Task.objects.filter(program__year=2025).first()
    light, status, due = task.light, task.status, task.next_report_due
    import datetime

    task.refresh_state(datetime.date(2025, 8, 15))
    assert (task.light, task.status, task.next_report_due) == (light, status, due)


def test_the_same_seed_gives_the_same_data():
    generate(seed=7)
    first = fingerprint()
    generate(seed=7)  # replaces its own earlier data
    assert fingerprint() == first
    assert Task.objects.count() == 30
    generate(seed=8)
    assert fingerprint() != first


def test_it_refuses_a_database_with_real_programs(import_seed):
    import_seed("004")
    with pytest.raises(CommandError, match="真实年度计划"):
        generate()
    assert not Jurisdiction.objects.filter(code__startswith="99").exists()
    generate(force=True)
    assert Program.objects.filter(jurisdiction__code="440783").exists()  # real data untouched
    assert Task.objects.filter(program__jurisdiction__code__startswith="99").count() == 30
