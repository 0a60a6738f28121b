"""The one validate-and-save step behind every format.

`save_program` writes a ParsedProgram into the database in one transaction, upserting on
jurisdiction + year + task number, and says what it did. Nothing is ever removed because a
document lacks it: a table that lost a row must not delete the item.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from minsheng.lib.names import clean_name, unit_key
from minsheng.lib.targets import propose_target
from progress.choices import ProgressSource
from progress.models import ProgressRecord
from projects.choices import Cadence, ReportDueRule
from projects.models import (
    Category,
    Jurisdiction,
    Leader,
    Milestone,
    Program,
    Task,
    TaskLeader,
    TaskUnit,
    Unit,
    UnitAlias,
)

from .layout import ParsedProgram, ParsedTask


@dataclass
class ImportReport:
    parsed: ParsedProgram
    jurisdiction: Jurisdiction
    dry_run: bool = False
    program: Program | None = None
    program_created: bool = False
    tasks_created: list[str] = field(default_factory=list)
    tasks_updated: list[str] = field(default_factory=list)
    tasks_unchanged: list[str] = field(default_factory=list)
    tasks_not_in_document: list[str] = field(default_factory=list)
    units_created: list[str] = field(default_factory=list)
    units_matched_by_alias: list[tuple[str, str]] = field(default_factory=list)
    # (task number, value, measure word) read from the content of each new task.
    targets_proposed: list[tuple[str, Decimal, str]] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return self.parsed.warnings

    @property
    def changed(self) -> bool:
        return bool(self.program_created or self.tasks_created or self.tasks_updated)

    def lines(self) -> list[str]:
        parsed = self.parsed
        head = "试导入（未保存）" if self.dry_run else "导入完成"
        title = self.program.title if self.program else parsed.title
        lines = [f"{head}：{self.jurisdiction.name} {parsed.year}年《{title}》"]
        found = len(parsed.item_numbers)
        declared = f"，文件称共{parsed.declared_items}项" if parsed.declared_items else ""
        subs = len(parsed.tasks) - found
        lines.append(
            f"项目：找到{found}项{declared}"
            + (f"（含子项共{len(parsed.tasks)}条）" if subs else "")
            + (
                "，缺少第" + "、".join(map(str, parsed.missing_numbers)) + "项"
                if parsed.missing_numbers
                else ""
            )
        )
        lines.append(
            f"新增{len(self.tasks_created)}项，更新{len(self.tasks_updated)}项，"
            f"未变{len(self.tasks_unchanged)}项"
        )
        if self.tasks_updated:
            lines.append("更新的项目：" + "、".join(self.tasks_updated))
        if self.tasks_not_in_document:
            lines.append(
                "数据库中已有、本文件中没有的项目（保留未动）：第"
                + "、".join(self.tasks_not_in_document)
                + "项"
            )
        if self.program_created and (parsed.report_due_rule or parsed.first_report_due):
            program = self.program
            period = "季度" if program.cadence == Cadence.QUARTERLY else "月"
            due = (
                "下期首日前"
                if program.report_due_rule == ReportDueRule.NEXT_PERIOD_START
                else "期末前"
            )
            first = program.first_report_due
            lines.append(
                f"报送要求（据文件正文）：每{period}报送，{due}截止"
                + (f"，首次报送{first.month}月{first.day}日" if first else "")
            )
        if self.targets_proposed:
            lines.append(
                "自动识别量化目标（请核对）："
                + "、".join(f"第{n}项 {value}{unit}" for n, value, unit in self.targets_proposed)
            )
        if self.units_created:
            lines.append("新建责任单位：" + "、".join(self.units_created))
        if self.units_matched_by_alias:
            lines.append(
                "按别名归并的单位："
                + "、".join(f"{written} → {unit}" for written, unit in self.units_matched_by_alias)
            )
        lines.extend(f"注意：{w}" for w in parsed.warnings)
        return lines

    def text(self) -> str:
        return "\n".join(self.lines())


class UnitDirectory:
    """The units of one jurisdiction, found by any spelling; loaded once per import."""

    def __init__(self, jurisdiction: Jurisdiction, report: ImportReport):
        self.jurisdiction = jurisdiction
        self.report = report
        self.by_name: dict[str, Unit] = {}
        self.by_key: dict[str, Unit] = {}
        units = Unit.objects.filter(jurisdiction=jurisdiction).prefetch_related("aliases")
        for unit in units:
            self._remember(unit.name, unit)
            for alias in unit.aliases.all():
                self._remember(alias.name, unit)

    def _remember(self, name: str, unit: Unit) -> None:
        self.by_name.setdefault(name, unit)
        self.by_key.setdefault(unit_key(name), unit)

    def resolve(self, written: str) -> Unit:
        name = clean_name(written)
        if name in self.by_name:
            return self.by_name[name]
        unit = self.by_key.get(unit_key(name))
        if unit is not None:
            # A new spelling of a known unit: keep it as an alias so the next import is exact.
            UnitAlias.objects.create(jurisdiction=self.jurisdiction, unit=unit, name=name)
            self.report.units_matched_by_alias.append((name, unit.name))
        else:
            unit = Unit.objects.create(jurisdiction=self.jurisdiction, name=name)
            self.report.units_created.append(name)
        self._remember(name, unit)
        return unit


def save_program(
    parsed: ParsedProgram, jurisdiction: Jurisdiction, dry_run: bool = False
) -> ImportReport:
    """Write `parsed` for `jurisdiction` in one transaction; a dry run rolls it back."""
    report = ImportReport(parsed=parsed, jurisdiction=jurisdiction, dry_run=dry_run)
    with transaction.atomic():
        _Saver(parsed, jurisdiction, report).save()
        if dry_run:
            transaction.set_rollback(True)
    return report


class _Saver:
    def __init__(self, parsed: ParsedProgram, jurisdiction: Jurisdiction, report: ImportReport):
        self.parsed = parsed
        self.jurisdiction = jurisdiction
        self.report = report
        self.units = UnitDirectory(jurisdiction, report)
        self.leaders = {
            leader.name: leader for leader in Leader.objects.filter(jurisdiction=jurisdiction)
        }

    def save(self) -> None:
        parsed = self.parsed
        program, created = Program.objects.select_for_update().get_or_create(
            jurisdiction=self.jurisdiction,
            year=parsed.year,
            defaults={
                "title": parsed.title or self.default_title(),
                "declared_items": parsed.declared_items,
                "declared_matters": parsed.declared_matters,
                "cadence": parsed.cadence
                or (
                    Cadence.QUARTERLY
                    if any(c in parsed.columns for c in ("q1", "q2", "q3", "q4"))
                    else Cadence.MONTHLY
                ),
                # Only a new program takes them: the office may have corrected an existing one.
                "report_due_rule": parsed.report_due_rule or ReportDueRule.PERIOD_END,
                "first_report_due": parsed.first_report_due,
            },
        )
        self.report.program = program
        self.report.program_created = created
        if not created:
            # A completion summary without a title must not blank the plan's title.
            changes = {
                "title": parsed.title or program.title,
                "declared_items": parsed.declared_items or program.declared_items,
                "declared_matters": parsed.declared_matters or program.declared_matters,
            }
            _apply(program, changes)
        categories = self.save_categories(program)
        existing = {
            task.number: task
            for task in Task.objects.filter(program=program).prefetch_related(
                "assignments", "taskleader_set", "milestones"
            )
        }
        seen = set()
        for parsed_task in parsed.tasks:
            seen.add(parsed_task.number)
            self.save_task(program, categories[parsed_task.category], parsed_task, existing)
        self.report.tasks_not_in_document = [
            number for number in sorted(existing, key=Task.sort_key_for) if number not in seen
        ]
        # Milestones and completion statements changed: status, light and due date follow.
        for task in Task.objects.for_program(program).select_related("program__jurisdiction"):
            task.refresh_state()

    def default_title(self) -> str:
        return f"{self.parsed.year}年{self.jurisdiction.name}十件民生实事"

    def save_categories(self, program: Program) -> dict[int, Category]:
        categories = {c.number: c for c in program.categories.all()}
        for parsed in self.parsed.categories:
            category = categories.get(parsed.number)
            if category is None:
                categories[parsed.number] = Category.objects.create(
                    program=program,
                    number=parsed.number,
                    name=parsed.name,
                    declared_items=parsed.declared_items,
                )
            else:
                _apply(category, {"name": parsed.name, "declared_items": parsed.declared_items})
        return categories

    def save_task(self, program, category, parsed: ParsedTask, existing) -> None:
        task = existing.get(parsed.number)
        values = {
            "category": category,
            "title": parsed.title,
            "content": parsed.content,
            "city_level": parsed.city_level,
            "deadline": parsed.deadline,
            "extra": parsed.extra,
        }
        if self.parsed.is_completion:
            values["status"] = parsed.status
            values["reported_percent"] = parsed.percent
        if task is None:
            # A new task gets the target its content names; an existing one keeps its own
            # (the office may have corrected it).
            target = parsed.target or propose_target(parsed.content)
            if target and not _fits_target_field(target[0]):
                target = None
            if target:
                values["target_value"], values["target_unit"] = target
                self.report.targets_proposed.append((parsed.number, *target))
            task = Task.objects.create(program=program, number=parsed.number, **values)
            self.report.tasks_created.append(parsed.number)
            changed = True
        else:
            changed = _apply(task, values)
        changed |= self.save_assignments(task, parsed)
        changed |= self.save_leaders(task, parsed)
        changed |= self.save_milestones(task, parsed)
        if self.parsed.is_completion:
            changed |= self.save_final_progress(task, parsed)
        if parsed.number not in self.report.tasks_created:
            (self.report.tasks_updated if changed else self.report.tasks_unchanged).append(
                parsed.number
            )

    def save_assignments(self, task: Task, parsed: ParsedTask) -> bool:
        wanted = []
        seen_units = set()
        for position, written in enumerate(parsed.units):
            unit = self.units.resolve(written)
            if unit.pk in seen_units:
                continue  # the same unit written twice in one cell
            seen_units.add(unit.pk)
            person = parsed.persons[position] if position < len(parsed.persons) else ""
            is_lead = parsed.lead_unit is not None and unit_key(written) == unit_key(
                parsed.lead_unit
            )
            wanted.append((unit.pk, person, is_lead, len(wanted)))
        if wanted and not any(w[2] for w in wanted):
            wanted[0] = (*wanted[0][:2], True, 0)
        current = [
            (a.unit_id, a.person, a.is_lead, a.position)
            for a in sorted(task.assignments.all(), key=lambda a: a.position)
        ]
        if current == wanted:
            return False
        task.assignments.all().delete()
        TaskUnit.objects.bulk_create(
            TaskUnit(task=task, unit_id=u, person=p, is_lead=lead, position=pos)
            for u, p, lead, pos in wanted
        )
        return True

    def leader(self, name: str) -> Leader:
        name = clean_name(name)
        if name not in self.leaders:
            self.leaders[name] = Leader.objects.create(jurisdiction=self.jurisdiction, name=name)
        return self.leaders[name]

    def save_leaders(self, task: Task, parsed: ParsedTask) -> bool:
        wanted = []
        for name in parsed.leaders:
            leader = self.leader(name)
            if leader.pk not in [w[0] for w in wanted]:
                wanted.append((leader.pk, len(wanted)))
        current = [
            (tl.leader_id, tl.position)
            for tl in sorted(task.taskleader_set.all(), key=lambda tl: tl.position)
        ]
        if current == wanted:
            return False
        task.taskleader_set.all().delete()
        TaskLeader.objects.bulk_create(
            TaskLeader(task=task, leader_id=leader, position=position)
            for leader, position in wanted
        )
        return True

    def save_milestones(self, task: Task, parsed: ParsedTask) -> bool:
        """Update milestones in place by position, so reports attached to them survive."""
        current = {m.position: m for m in task.milestones.all()}
        changed = False
        for position, wanted in enumerate(parsed.milestones):
            values = {
                "kind": wanted.kind,
                "first_quarter": wanted.first_quarter,
                "last_quarter": wanted.last_quarter,
                "due": wanted.due,
                "text": wanted.text,
            }
            milestone = current.pop(position, None)
            if milestone is None:
                Milestone.objects.create(task=task, position=position, **values)
                changed = True
            else:
                changed |= _apply(milestone, values)
        for extra in current.values():
            extra.delete()
            changed = True
        return changed

    def save_final_progress(self, task: Task, parsed: ParsedTask) -> bool:
        values = {
            "as_of": datetime.date(self.parsed.year, 12, 31),
            "status": parsed.status,
            "narrative": parsed.progress or "",
        }
        record = ProgressRecord.objects.filter(task=task, source=ProgressSource.IMPORT).first()
        if record is None:
            ProgressRecord.objects.create(task=task, source=ProgressSource.IMPORT, **values)
            return True
        return _apply(record, values)


def _fits_target_field(value: Decimal) -> bool:
    """Task.target_value holds 14 digits, 2 of them decimals: never round a target."""
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -2 and abs(value) < Decimal(10) ** 12


def _apply(instance, values: dict) -> bool:
    """Set `values` on `instance` and save only the fields that differ."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(instance, name, values[name])
    instance.save(update_fields=changed)
    return True
