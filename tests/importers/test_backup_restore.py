"""The portable backup (docs/backups.md): every program dumped as interchange JSON, the
database emptied, the files imported back: the same programs, and a second restore of the
same files changes nothing."""

import json

import pytest
from django.core.management import call_command

from importers.interchange import dumps, program_to_dict
from importers.models import ImportRecord
from importers.pipeline import import_document
from progress.models import ProgressRecord
from projects.models import (
    Category,
    Leader,
    Milestone,
    Program,
    Task,
    TaskLeader,
    TaskUnit,
    Unit,
    UnitAlias,
)
from tests.conftest import SEED_DOCUMENTS

pytestmark = pytest.mark.django_db

PROGRAM_DATA = (
    Program,
    Category,
    Task,
    TaskUnit,
    TaskLeader,
    Milestone,
    ProgressRecord,
    Unit,
    UnitAlias,
    Leader,
)


def row_counts(models=PROGRAM_DATA) -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in models}


def back_up() -> dict[tuple[str, int], str]:
    """Every program as interchange JSON text, by (jurisdiction code, year)."""
    programs = Program.objects.select_related("jurisdiction")
    return {(p.jurisdiction.code, p.year): dumps(program_to_dict(p)) for p in programs}


def delete_everything() -> None:
    """Programs and all their data. Tasks go first: a category with tasks is RESTRICTed;
    units and leaders are PROTECTed while tasks name them."""
    Task.objects.all().delete()  # with their units, leaders, milestones and progress
    Program.objects.all().delete()  # with their categories and import records
    UnitAlias.objects.all().delete()
    Unit.objects.all().delete()
    Leader.objects.all().delete()


def restore(backup: dict[tuple[str, int], str]) -> dict:
    return {
        (code, year): import_document(text.encode("utf-8"), "backup.json", code)
        for (code, year), text in backup.items()
    }


def restored_dict(code: str, year: int) -> dict:
    return program_to_dict(Program.objects.get(jurisdiction__code=code, year=year))


@pytest.fixture
def all_seeds(import_seed):
    for key in sorted(SEED_DOCUMENTS):
        import_seed(key)


def test_every_program_comes_back_from_its_backup(all_seeds):
    backup = back_up()
    assert sorted(backup) == [
        ("440700", 2018),
        ("440700", 2019),
        ("440700", 2021),
        ("440704", 2017),
        ("440783", 2024),
    ]
    dumped = {key: json.loads(text) for key, text in backup.items()}
    tasks = sum(len(d["tasks"]) for d in dumped.values())
    assert tasks == Task.objects.count() > 100

    delete_everything()
    assert set(row_counts().values()) == {0}

    reports = restore(backup)
    for (code, year), report in reports.items():
        assert report.program_created, (code, year)
        assert restored_dict(code, year) == dumped[code, year], (code, year)
    assert Task.objects.count() == tasks


def test_restoring_the_same_backup_again_changes_nothing(all_seeds):
    backup = back_up()
    delete_everything()
    restore(backup)
    before = row_counts()
    records = ImportRecord.objects.count()

    for (code, year), report in restore(backup).items():
        assert not report.changed, (code, year, report.text())
        assert report.tasks_updated == [] and report.units_created == []
        assert len(report.tasks_unchanged) == len(json.loads(backup[code, year])["tasks"])
        assert dumps(restored_dict(code, year)) == backup[code, year]
    assert row_counts() == before
    assert ImportRecord.objects.count() == records + len(backup)  # every import is recorded


def test_the_documented_commands_back_up_and_restore_a_program(import_seed, tmp_path):
    """`export_program --format json --output FILE`, then `import_document FILE` (the
    jurisdiction comes from the file)."""
    import_seed("004")
    backup = tmp_path / "440783-2024.json"
    call_command("export_program", jurisdiction="440783", year=2024, format="json", output=backup)
    dumped = json.loads(backup.read_text(encoding="utf-8"))
    delete_everything()

    call_command("import_document", str(backup))
    assert restored_dict("440783", 2024) == dumped


def test_a_restored_program_keeps_its_reporting_rule(all_seeds):
    def rules():
        return {
            (p.jurisdiction.code, p.year): (p.report_due_rule, p.first_report_due)
            for p in Program.objects.select_related("jurisdiction")
        }

    def report_dues():
        fields = ("program__jurisdiction__code", "program__year", "number", "next_report_due")
        return {row[:3]: row[3] for row in Task.objects.values_list(*fields)}

    before, dues = rules(), report_dues()
    assert before["440704", 2017][0] == "next_period_start"
    assert str(before["440783", 2024][1]) == "2024-03-31"
    backup = back_up()
    delete_everything()
    restore(backup)
    assert rules() == before
    assert report_dues() == dues
