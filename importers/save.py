"""The one validate-and-save step behind every format.

`save_program` writes a ParsedProgram into the database in one transaction, upserting on
jurisdiction + year + task number, and says what it did. Nothing is ever removed because a
document lacks it: a table that lost a row must not delete the item.

It works in bulk: the program's rows are loaded in a few queries, compared with the document
in Python, and only what differs is written (bulk inserts and updates, one audit-trail insert),
so a first import takes a few dozen queries and an unchanged re-import writes nothing.

What the office decided after an import stands against the document: a milestone moved or
adjusted by a granted change request (its `original_due`/`original_text` keep the document's
values), a target that differs from the one the importer reads from the content, publication.
The report lists each such value with what the document would have set.
"""

import copy
import datetime
import difflib
from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.cid import get_cid
from auditlog.context import disable_auditlog
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.encoding import smart_str
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from minsheng.lib.bulk import attributes, bulk_insert, insert_rows
from minsheng.lib.names import clean_name, unit_key
from minsheng.lib.targets import propose_target
from progress.choices import ProgressSource
from progress.models import ProgressRecord, Report
from projects import rules
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

from .document import ImportFailed
from .exporters import NOTE_STAR
from .layout import ParsedProgram, ParsedTask


@dataclass(frozen=True)
class KeptDecision:
    """A value the office set that the document would have changed: the office's stands."""

    number: str  # the task
    field: str  # "target", or a milestone's "due", "text", or "milestone" (the whole node)
    kept: str
    document: str | None  # None: the document no longer has it; "": it has no value
    position: int = 0  # of the milestone

    @property
    def what(self) -> str:
        n = {"n": self.position + 1}
        if self.field == "target":
            return pgettext("kept decision", "量化目标")
        if self.field == "due":
            return _("第%(n)d个节点的截止日期") % n
        if self.field == "text":
            return _("第%(n)d个节点的目标") % n
        return _("第%(n)d个节点") % n

    def line(self) -> str:
        values = {"number": self.number, "what": self.what, "kept": self.kept or _("（无）")}
        if self.document is None:
            return (
                _("保留（督查室决定）：第%(number)s项%(what)s为%(kept)s，文件中没有这个节点")
                % values
            )
        return _("保留（督查室决定）：第%(number)s项%(what)s为%(kept)s，文件为%(document)s") % {
            **values,
            "document": self.document or _("（无）"),
        }


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
    # The office's decisions the document would have undone.
    kept: list[KeptDecision] = field(default_factory=list)
    kept_publication: bool = False

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
        if self.kept_publication:
            lines.append(_("保留（督查室决定）：计划已公开，重新导入不会取消公开"))
        lines.extend(decision.line() for decision in self.kept)
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


def program_notes(parsed: ParsedProgram) -> list[str]:
    """The text the file holds outside its items, saved as `Program.notes` in order, one a
    line: all of it but the legend of ★ when items carry ★, which their `city_level` says
    and every export writes back (`exporters.NOTE_STAR`)."""
    legend = any(task.city_level for task in parsed.tasks)
    lines = [line.strip() for note in parsed.notes for line in note.splitlines()]
    return [line for line in lines if line and not (legend and line == NOTE_STAR)]


def similar_units(name: str, units) -> list:
    """`units` ordered by how alike their names are to `name`, best first: the choices
    offered when the import would create `name` (shared characters, in order)."""
    key = unit_key(name)

    def likeness(unit) -> float:
        return difflib.SequenceMatcher(None, key, unit_key(unit.name)).ratio()

    return sorted(units, key=lambda unit: (-likeness(unit), unit.name))


class UnitDirectory:
    """The units of one jurisdiction, found by any spelling; loaded once per import.

    New units and new spellings are kept in memory until `save` writes them in bulk."""

    def __init__(
        self, jurisdiction: Jurisdiction, report: ImportReport, merges: dict[str, int] | None = None
    ):
        self.jurisdiction = jurisdiction
        self.report = report
        self.by_name: dict[str, Unit] = {}
        self.by_key: dict[str, Unit] = {}
        self.new_units: list[Unit] = []
        self.new_aliases: list[UnitAlias] = []
        units = Unit.objects.filter(jurisdiction=jurisdiction).prefetch_related("aliases")
        by_pk = {}
        for unit in units:
            by_pk[unit.pk] = unit
            self._remember(unit.name, unit)
            for alias in unit.aliases.all():
                self._remember(alias.name, unit)
        # The office's word on the preview: "市人社局" is the existing 市人力资源和社会保障局.
        # Only units of this jurisdiction count; the name becomes their alias when saved.
        self.merges = {
            clean_name(name): by_pk[pk] for name, pk in (merges or {}).items() if pk in by_pk
        }

    def _remember(self, name: str, unit: Unit) -> None:
        self.by_name.setdefault(name, unit)
        self.by_key.setdefault(unit_key(name), unit)

    def resolve(self, written: str) -> Unit:
        name = clean_name(written)
        if name in self.by_name:
            return self.by_name[name]
        unit = self.merges.get(name) or self.by_key.get(unit_key(name))
        if unit is not None:
            # A new spelling of a known unit: keep it as an alias so the next import is exact.
            self.new_aliases.append(UnitAlias(jurisdiction=self.jurisdiction, unit=unit, name=name))
            self.report.units_matched_by_alias.append((name, unit.name))
        else:
            unit = Unit(jurisdiction=self.jurisdiction, name=name)
            self.new_units.append(unit)
            self.report.units_created.append(name)
        self._remember(name, unit)
        return unit

    def save(self, audit: "_AuditTrail") -> None:
        bulk_insert(self.new_units)
        audit.created(self.new_units)
        for alias in self.new_aliases:
            alias.unit = alias.unit  # the unit may have got its id just now
        bulk_insert(self.new_aliases)
        audit.created(self.new_aliases)


def save_program(
    parsed: ParsedProgram,
    jurisdiction: Jurisdiction,
    dry_run: bool = False,
    unit_merges: dict[str, int] | None = None,
) -> ImportReport:
    """Write `parsed` for `jurisdiction` in one transaction; a dry run rolls it back.

    `unit_merges` maps a unit name the file writes to the id of an existing unit of the
    jurisdiction it means (the preview's choice): the name is saved as that unit's alias."""
    report = ImportReport(parsed=parsed, jurisdiction=jurisdiction, dry_run=dry_run)
    with transaction.atomic():
        _Saver(parsed, jurisdiction, report, unit_merges).save()
        if dry_run:
            transaction.set_rollback(True)
    return report


class _AuditTrail:
    """The LogEntry rows django-auditlog would write for each saved row, written in one
    insert: bulk writes send no signals, so auditlog does not see them.

    One entry per row created, updated or deleted, its fields before and after, as
    auditlog's own signals write them; kept as plain values, not LogEntry objects, since
    building 2,700 model instances cost more than inserting them."""

    # The LogEntry columns an entry sets; the others take the values of `save`'s template.
    COLUMNS = (
        "content_type_id",
        "object_pk",
        "object_id",
        "object_repr",
        "serialized_data",
        "action",
        "changes",
        "timestamp",
    )

    def __init__(self):
        self.entries: list[tuple] = []
        self.cid = get_cid()

    def created(self, objects) -> None:
        objects = self._tracked(objects)
        if not objects:
            return
        # model_instance_diff(None, obj) for each row, without its per-field overhead: the
        # logged fields of the model, "None" before, the value as text after.
        model = type(objects[0])
        logged = auditlog.get_model_fields(model)
        fields = [
            f
            for f in model._meta.concrete_fields
            if f.name not in logged["exclude_fields"]
            and (not logged["include_fields"] or f.name in logged["include_fields"])
        ]
        names = [f.name for f in fields]
        values = attributes([f.attname for f in fields])
        # What _add asks of each row, asked once for the model.
        content_type = ContentType.objects.get_for_model(model).pk
        serialized = auditlog.get_serialize_options(model)["serialize_data"]
        action = LogEntry.Action.CREATE
        for obj in objects:
            # smart_str(value) for what a model field holds (no bytes) is str(value).
            changes = {
                name: ["None", value if type(value) is str else str(value)]
                for name, value in zip(names, values(obj), strict=True)
                if value is not None
            }
            if not changes:
                continue
            pk = obj.pk
            self.entries.append(
                (
                    content_type,
                    str(pk) if type(pk) is int else smart_str(pk),
                    pk,
                    smart_str(obj),
                    LogEntry.objects._get_serialized_data_or_none(obj) if serialized else None,
                    action,
                    changes,
                    timezone.now(),
                )
            )

    @staticmethod
    def _tracked(objects) -> list:
        return [obj for obj in objects if auditlog.contains(type(obj))]

    def updated(self, before, after, fields) -> None:
        if not auditlog.contains(type(after)):
            return
        self._add(
            after,
            LogEntry.Action.UPDATE,
            model_instance_diff(before, after, fields_to_check=fields),
        )

    def deleted(self, objects) -> None:
        for obj in self._tracked(objects):
            self._add(obj, LogEntry.Action.DELETE, model_instance_diff(obj, None))

    def _add(self, instance, action, changes) -> None:
        if not changes:
            return
        self.entries.append(
            (
                ContentType.objects.get_for_model(instance).pk,
                smart_str(instance.pk),
                instance.pk,
                smart_str(instance),
                LogEntry.objects._get_serialized_data_or_none(instance),
                action,
                changes,
                timezone.now(),  # LogEntry's default, taken when the row is logged
            )
        )

    def save(self) -> None:
        if not self.entries:
            return
        # What LogEntry.save() would take from auditlog's context (the office user of an
        # upload, the remote address and port), asked once for all the rows; the template
        # gives every other column its default.
        template = LogEntry(actor_email=None, cid=self.cid)
        pre_save.send(LogEntry, instance=template, raw=False, using="default", update_fields=None)
        fields = [f for f in LogEntry._meta.concrete_fields if not f.primary_key]
        values = [getattr(template, f.attname) for f in fields]
        where = [
            self.COLUMNS.index(f.attname) if f.attname in self.COLUMNS else None for f in fields
        ]
        rows = [
            [value if at is None else entry[at] for value, at in zip(values, where, strict=True)]
            for entry in self.entries
        ]
        insert_rows(LogEntry, fields, rows)
        self.entries = []


class _Rows:
    """Rows of one model as loaded; after planning, writes what differs, logged."""

    def __init__(self, model):
        self.model = model
        # Fields the state rules compute: a change to them alone is not an edit of the task.
        self.computed = (
            {"status", "light", "next_report_due", "state_valid_until"} if model is Task else set()
        )
        self.loaded: list[tuple] = []  # (row, its field values as loaded)
        self.new: list = []
        self.deleted: list = []
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]

    def track(self, row) -> None:
        self.loaded.append((row, {f.attname: getattr(row, f.attname) for f in self.fields}))

    def differing(self, row, loaded: dict) -> list[str]:
        return [f.name for f in self.fields if getattr(row, f.attname) != loaded[f.attname]]

    def write(self, audit: _AuditTrail, now) -> None:
        if self.deleted:
            self.model.objects.filter(pk__in=[row.pk for row in self.deleted]).delete()
        changed, names = [], set()
        for row, loaded in self.loaded:
            differing = self.differing(row, loaded)
            if not differing:
                continue
            before = copy.copy(row)  # as loaded, for the audit trail
            before.__dict__.update(loaded)
            if hasattr(row, "last_updated") and set(differing) - self.computed:
                row.last_updated = now
                differing.append("last_updated")
            changed.append(row)
            names.update(differing)
            audit.updated(before, row, differing)
        if changed:
            self.model.objects.bulk_update(changed, sorted(names))
        if self.new:
            bulk_insert(self.new)
            audit.created(self.new)


@dataclass
class _TaskRows:
    """What the document says of one task, and its related rows as they will be."""

    task: Task
    # (unit, person, is_lead, position) of each TaskUnit; None: unchanged
    assignments: list[list] | None = None
    leaders: list[TaskLeader] | None = None
    milestones: list[Milestone] = field(default_factory=list)


def _proposal(content: str, given=None) -> tuple[Decimal | None, str]:
    """The target the importer reads: a target column's figure (`given`, "7699套"), else the
    one `content` names; (None, "") when none fits the field."""
    target = given or propose_target(content)
    if target and _fits_target_field(target[0]):
        return target
    return None, ""


def _figure(target: tuple[Decimal | None, str]) -> str:
    value, unit = target
    if value is None:
        return ""
    return f"{value.normalize():f}{unit}"


class _Saver:
    def __init__(
        self,
        parsed: ParsedProgram,
        jurisdiction: Jurisdiction,
        report: ImportReport,
        unit_merges: dict[str, int] | None = None,
    ):
        self.parsed = parsed
        self.jurisdiction = jurisdiction
        self.report = report
        self.now = timezone.now()
        self.audit = _AuditTrail()
        self.units = UnitDirectory(jurisdiction, report, unit_merges)
        self.leaders = {
            leader.name: leader for leader in Leader.objects.filter(jurisdiction=jurisdiction)
        }
        self.new_leaders: list[Leader] = []
        self.tasks = _Rows(Task)
        self.categories = _Rows(Category)
        self.milestones = _Rows(Milestone)
        self.records = _Rows(ProgressRecord)
        self.old_assignments: list[TaskUnit] = []
        self.old_task_leaders: list[TaskLeader] = []

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
                "notes": "\n".join(program_notes(parsed)),
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
                # A file with notes replaces them; one without (a JSON file of the items
                # alone) leaves the office's.
                "notes": "\n".join(program_notes(parsed)) or program.notes,
            }
            _apply(program, changes)
            self.report.kept_publication = program.is_published
        existing = _Existing(program, created)
        categories = self.save_categories(program, existing)
        planned: dict[str, _TaskRows] = {}
        for parsed_task in parsed.tasks:
            if parsed_task.number in planned:
                # Only interchange JSON can get here: the table reader refuses repeats.
                raise ImportFailed(
                    f"{parsed_task.where} 序号：{parsed_task.number} 与前面的项目重复。"
                )
            planned[parsed_task.number] = self.plan_task(
                program, categories[parsed_task.category], parsed_task, existing
            )
        self.report.tasks_not_in_document = [
            number
            for number in sorted(existing.tasks, key=Task.sort_key_for)
            if number not in planned
        ]
        for number in self.report.tasks_not_in_document:
            task = existing.tasks[number]
            self.tasks.track(task)
            planned[number] = _TaskRows(task, milestones=existing.milestones.get(task.pk, []))
        # Milestones and completion statements changed: status, light and due date follow.
        self.refresh_states(program, planned.values(), existing)
        self.write(planned.values())

    def default_title(self) -> str:
        return f"{self.parsed.year}年{self.jurisdiction.name}民生实事"

    def save_categories(self, program: Program, existing: "_Existing") -> dict[int, Category]:
        """Written at once: the tasks need their ids."""
        categories = dict(existing.categories)
        for category in categories.values():
            self.categories.track(category)
        for parsed in self.parsed.categories:
            category = categories.get(parsed.number)
            if category is None:
                category = categories[parsed.number] = Category(
                    program=program, number=parsed.number
                )
                self.categories.new.append(category)
            category.name = parsed.name
            category.declared_items = parsed.declared_items
        self.categories.write(self.audit, self.now)
        return categories

    # -- planning: the document against the rows, in memory -------------------------------

    def plan_task(self, program, category, parsed: ParsedTask, existing) -> _TaskRows:
        task = existing.tasks.get(parsed.number)
        values = {
            "category_id": category.pk,
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
            task = Task(
                program=program,
                number=parsed.number,
                sort_key=Task.sort_key_for(parsed.number),
                **values,
            )
            # A new task gets the target its content names.
            target = _proposal(parsed.content, parsed.target)
            task.target_value, task.target_unit = target
            if target[0] is not None:
                self.report.targets_proposed.append((parsed.number, *target))
            self.tasks.new.append(task)
            self.report.tasks_created.append(parsed.number)
            changed = True
        else:
            self.tasks.track(task)
            changed = self.plan_target(task, parsed)  # before the content changes
            # The status the rules computed last time (滞后 for an item without progress past
            # its milestone) is no edit: the reported one is compared on the progress record.
            if "status" in values:
                task.status = values.pop("status")
            changed |= _set(task, values)
        rows = _TaskRows(task)
        changed |= self.plan_assignments(rows, parsed, existing)
        changed |= self.plan_leaders(rows, parsed, existing)
        changed |= self.plan_milestones(rows, parsed, existing)
        if self.parsed.is_completion:
            changed |= self.plan_final_progress(task, parsed, existing)
        if parsed.number not in self.report.tasks_created:
            (self.report.tasks_updated if changed else self.report.tasks_unchanged).append(
                parsed.number
            )
        return rows

    def plan_target(self, task: Task, parsed: ParsedTask) -> bool:
        """A target the importer read from the content follows a corrected content; one the
        office set (it differs from what the stored content proposes) stays."""
        current = (task.target_value, task.target_unit)
        proposed = _proposal(parsed.content, parsed.target)
        if current == proposed:
            return False
        if current != _proposal(task.content):
            self.report.kept.append(
                KeptDecision(task.number, "target", _figure(current), _figure(proposed))
            )
            return False
        task.target_value, task.target_unit = proposed
        if proposed[0] is not None:
            self.report.targets_proposed.append((task.number, *proposed))
        return True

    def plan_assignments(self, rows: _TaskRows, parsed: ParsedTask, existing) -> bool:
        wanted = []
        seen_units = set()
        for position, written in enumerate(parsed.units):
            unit = self.units.resolve(written)
            if id(unit) in seen_units:
                continue  # the same unit written twice in one cell
            seen_units.add(id(unit))
            person = parsed.persons[position] if position < len(parsed.persons) else ""
            is_lead = parsed.lead_unit is not None and unit_key(written) == unit_key(
                parsed.lead_unit
            )
            wanted.append([unit, person, is_lead, len(wanted)])
        if wanted and not any(w[2] for w in wanted):
            wanted[0][2] = True
        current = existing.assignments.get(rows.task.pk, [])
        if [(a.unit_id, a.person, a.is_lead, a.position) for a in current] == [
            (u.pk, p, lead, pos) for u, p, lead, pos in wanted
        ]:
            return False
        self.old_assignments.extend(current)
        rows.assignments = wanted  # made TaskUnits when the task and units have their ids
        return True

    def leader(self, name: str) -> Leader:
        name = clean_name(name)
        if name not in self.leaders:
            self.leaders[name] = Leader(jurisdiction=self.jurisdiction, name=name)
            self.new_leaders.append(self.leaders[name])
        return self.leaders[name]

    def plan_leaders(self, rows: _TaskRows, parsed: ParsedTask, existing) -> bool:
        wanted = []
        for name in parsed.leaders:
            leader = self.leader(name)
            if not any(leader is w for w in wanted):
                wanted.append(leader)
        current = existing.task_leaders.get(rows.task.pk, [])
        if [(tl.leader_id, tl.position) for tl in current] == [
            (leader.pk, position) for position, leader in enumerate(wanted)
        ]:
            return False
        self.old_task_leaders.extend(current)
        rows.leaders = [
            TaskLeader(task=rows.task, leader=leader, position=position)
            for position, leader in enumerate(wanted)
        ]
        return True

    def plan_milestones(self, rows: _TaskRows, parsed: ParsedTask, existing) -> bool:
        """Update milestones in place by position, so reports attached to them survive; the
        date and target of a milestone moved by a granted request stay the office's."""
        task = rows.task
        current = {m.position: m for m in existing.milestones.get(task.pk, [])}
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
                milestone = Milestone(task=task, position=position, **values)
                self.milestones.new.append(milestone)
                changed = True
            else:
                self.milestones.track(milestone)
                for name in self.office_fields(milestone):
                    if values[name] != getattr(milestone, name):
                        self.report.kept.append(
                            KeptDecision(
                                task.number,
                                name,
                                _milestone_value(name, getattr(milestone, name)),
                                _milestone_value(name, values[name]),
                                position,
                            )
                        )
                    del values[name]
                changed |= _set(milestone, values)
            rows.milestones.append(milestone)
        for extra in current.values():
            if self.office_fields(extra):
                self.report.kept.append(
                    KeptDecision(
                        task.number, "milestone", f"“{extra.period_label}”", None, extra.position
                    )
                )
                rows.milestones.append(extra)
                continue
            self.milestones.deleted.append(extra)
            changed = True
        return changed

    @staticmethod
    def office_fields(milestone: Milestone) -> list[str]:
        """The fields a granted extension or adjustment changed (decide_change keeps the
        document's values in original_due / original_text)."""
        if milestone.original_due is None:
            return []
        fields = []
        if milestone.due != milestone.original_due:
            fields.append("due")
        if milestone.text != milestone.original_text:
            fields.append("text")
        return fields

    def plan_final_progress(self, task: Task, parsed: ParsedTask, existing) -> bool:
        # The day the file says; else the year's end, or today if that is still to come:
        # progress read now cannot speak of a later day.
        year_end = datetime.date(self.parsed.year, 12, 31)
        values = {
            "as_of": self.parsed.as_of or min(year_end, timezone.localdate()),
            "status": parsed.status,
            "narrative": parsed.progress or "",
        }
        records = existing.records.setdefault(task.pk, []) if task.pk else []
        record = next((r for r in records if r.source == ProgressSource.IMPORT), None)
        if record is None:
            record = ProgressRecord(task=task, source=ProgressSource.IMPORT, **values)
            record.created = self.now  # for the state rules' "latest", before it is saved
            self.records.new.append(record)
            existing.new_records.setdefault(task.number, []).append(record)
            return True
        if self.parsed.as_of is None:
            values["as_of"] = record.as_of  # the same undated file read again says nothing newer
        self.records.track(record)
        return _set(record, values)

    # -- task states ------------------------------------------------------------------------

    def refresh_states(self, program: Program, planned, existing) -> None:
        """Task.refresh_state() for every task of the program, from the rows in memory: the
        same facts (Task.facts_from) and rules, without reading them back."""
        today = timezone.localdate()
        thresholds = self.jurisdiction.thresholds
        for rows in planned:
            task = rows.task
            task.program = program  # already at hand: facts_from reads its periods
            states = existing.report_states.get(task.pk, {}) if task.pk else {}
            records = existing.records.get(task.pk, []) if task.pk else []
            records = records + existing.new_records.get(task.number, [])
            latest = max(records, key=lambda r: (r.as_of, r.created), default=None)
            facts = task.facts_from(
                [(m.due, m.done_on, m.reported_state) for m in rows.milestones],
                states,
                latest.status if latest else None,
            )
            task.apply_state(rules.evaluate(facts, today, thresholds))

    # -- writing ------------------------------------------------------------------------------

    def write(self, planned) -> None:
        planned = list(planned)
        self.units.save(self.audit)
        bulk_insert(self.new_leaders)
        self.tasks.write(self.audit, self.now)
        replaced = [rows for rows in planned if rows.assignments is not None]
        if self.old_assignments:
            # Logged here, in the same insert as the rest.
            with disable_auditlog():
                TaskUnit.objects.filter(task__in=[r.task.pk for r in replaced]).delete()
            self.audit.deleted(self.old_assignments)
        assignments = [
            _assignment(rows.task, *wanted) for rows in replaced for wanted in rows.assignments
        ]
        bulk_insert(assignments)
        self.audit.created(assignments)
        relinked = [rows for rows in planned if rows.leaders is not None]
        if self.old_task_leaders:
            TaskLeader.objects.filter(task__in=[r.task.pk for r in relinked]).delete()
        bulk_insert([tl for rows in relinked for tl in rows.leaders])
        # Deleting a milestone cascades to reports' statements and change requests:
        # those deletions go through auditlog's signals as any other delete.
        self.milestones.write(self.audit, self.now)
        self.records.write(self.audit, self.now)
        self.audit.save()


def _assignment(task: Task, unit: Unit, person: str, is_lead: bool, position: int) -> TaskUnit:
    """TaskUnit(task=task, unit=unit, …) of a saved task and unit, without the related-object
    checks of assigning them (a third of the cost of 1,667 assignments); they stay cached
    for the audit trail's "unit（person）"."""
    assignment = TaskUnit(
        task_id=task.pk, unit_id=unit.pk, person=person, is_lead=is_lead, position=position
    )
    TaskUnit.task.field.set_cached_value(assignment, task)
    TaskUnit.unit.field.set_cached_value(assignment, unit)
    return assignment


class _Existing:
    """The program's rows, each kind loaded in one query (nothing for a new program)."""

    def __init__(self, program: Program, created: bool):
        self.categories: dict[int, Category] = {}
        self.tasks: dict[str, Task] = {}
        self.assignments: dict[int, list[TaskUnit]] = {}
        self.task_leaders: dict[int, list[TaskLeader]] = {}
        self.milestones: dict[int, list[Milestone]] = {}
        self.records: dict[int, list[ProgressRecord]] = {}
        self.new_records: dict[str, list[ProgressRecord]] = {}  # by task number
        self.report_states: dict[int, dict[str, str]] = {}
        if created:
            return
        self.categories = {c.number: c for c in Category.objects.filter(program=program)}
        self.tasks = {task.number: task for task in Task.objects.filter(program=program)}
        in_program = {"task__program": program}
        for a in (
            TaskUnit.objects.filter(**in_program)
            .select_related("unit")
            .order_by("task", "position")
        ):
            self.assignments.setdefault(a.task_id, []).append(a)
        for tl in TaskLeader.objects.filter(**in_program).order_by("task", "position"):
            self.task_leaders.setdefault(tl.task_id, []).append(tl)
        for m in Milestone.objects.filter(**in_program).order_by("task", "position"):
            self.milestones.setdefault(m.task_id, []).append(m)
        for r in ProgressRecord.objects.filter(**in_program):
            self.records.setdefault(r.task_id, []).append(r)
        for task_id, period, state in Report.objects.filter(**in_program).values_list(
            "task_id", "period", "state"
        ):
            self.report_states.setdefault(task_id, {})[period] = state


def _milestone_value(name: str, value) -> str:
    return value.isoformat() if name == "due" else f"“{value}”"


def _fits_target_field(value: Decimal) -> bool:
    """Task.target_value holds 14 digits, 2 of them decimals: never round a target."""
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -2 and abs(value) < Decimal(10) ** 12


def _set(instance, values: dict) -> bool:
    """Set `values` on `instance` (in memory); True if any differed."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return bool(changed)


def _apply(instance, values: dict) -> bool:
    """Set `values` on `instance` and save only the fields that differ."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(instance, name, values[name])
    instance.save(update_fields=changed)
    return True
