"""The interchange JSON: a program as plain data, for export, backup and round trips.

Documented in docs/interchange.md. `program_to_dict` and `parse_interchange` are inverse:
importing an exported file into an empty database gives back the same program.
"""

import datetime
import json

from projects.choices import Cadence, ReportDueRule
from projects.models import TASK_NUMBER_RE, Program, Task

from .document import ImportFailed
from .layout import ParsedCategory, ParsedMilestone, ParsedProgram, ParsedTask

FORMAT_VERSION = 1
STATUSES = {"not_started", "in_progress", "completed", "behind"}


def program_to_dict(program: Program, tasks=None) -> dict:
    """`tasks`: the program's tasks already loaded with their category, assignments (with
    units), milestones and progress records (portal.facts.public_tasks), so that a caller
    that has them does not read them twice; their leaders are added here. `program` and
    `tasks` may be plain rows with the same attributes (api/documents.py)."""
    if tasks is None:
        tasks = (
            Task.objects.for_program(program)
            .with_details()
            .select_related("category")
            .prefetch_related("progress_records")
        )
    else:
        from django.db.models import Prefetch, prefetch_related_objects

        from projects.models import TaskLeader

        tasks = list(tasks)
        # Plain rows (the API's, api/documents.py) come with their leaders_in_order.
        if tasks and isinstance(tasks[0], Task):
            prefetch_related_objects(
                tasks,
                Prefetch(
                    "taskleader_set",
                    queryset=TaskLeader.objects.select_related("leader").order_by("position"),
                ),
            )
    return {
        "format": "minsheng-program",
        "version": FORMAT_VERSION,
        "jurisdiction": program.jurisdiction.code,
        "jurisdiction_name": program.jurisdiction.name,
        "year": program.year,
        "title": program.title,
        "declared_items": program.declared_items,
        "declared_matters": program.declared_matters,
        "cadence": program.cadence,
        "report_due_rule": program.report_due_rule,
        "first_report_due": program.first_report_due.isoformat()
        if program.first_report_due
        else None,
        # The text outside the items, one a line (not for the public: portal.facts).
        "notes": program.note_lines,
        "categories": [
            {"number": c.number, "name": c.name, "declared_items": c.declared_items}
            for c in program.categories.all()
        ],
        "tasks": [task_to_dict(task) for task in tasks],
    }


def latest_record(task: Task):
    records = sorted(task.progress_records.all(), key=lambda r: (r.as_of, r.created), reverse=True)
    return records[0] if records else None


def latest_narrative(task: Task) -> str | None:
    record = latest_record(task)
    return record.narrative or None if record else None


def task_to_dict(task: Task) -> dict:
    assignments = sorted(task.assignments.all(), key=lambda a: a.position)
    milestones = sorted(task.milestones.all(), key=lambda m: (m.due, m.position))
    return {
        "number": task.number,
        "category": task.category.number,
        "title": task.title or None,
        "content": task.content,
        "city_level": task.city_level,
        "leaders": [leader.name for leader in task.leaders_in_order],
        "units": [
            {"name": a.unit.name, "person": a.person, "lead": a.is_lead} for a in assignments
        ],
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "status": task.status,
        "progress": latest_narrative(task),
        # The date the progress text speaks of (on import, when every item has the same).
        "progress_as_of": record.as_of.isoformat() if (record := latest_record(task)) else None,
        "percent": task.reported_percent,
        "milestones": [milestone_to_dict(m) for m in milestones],
        "extra": [{"label": e["label"], "text": e["text"]} for e in task.extra],
    }


def milestone_to_dict(milestone) -> dict:
    data = {
        "due": milestone.due.isoformat(),
        "text": milestone.text,
        # When it was done, as the office approved it (ignored on import).
        "done_on": milestone.done_on.isoformat() if milestone.done_on else None,
    }
    if milestone.first_quarter:
        data["quarters"] = [milestone.first_quarter, milestone.last_quarter]
    return data


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def looks_like_interchange(data: bytes) -> bool:
    return data.lstrip()[:1] == b"{" and b'"minsheng-program"' in data[:400]


def interchange_jurisdiction(data: bytes, name: str) -> str:
    """The jurisdiction code an interchange file names, read before anything else of it, so
    an unknown code is said (and offered for registration) before the program is checked."""
    try:
        code = json.loads(data.decode("utf-8-sig"))["jurisdiction"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ImportFailed(f"{name}：不是有效的民生实事交换格式 JSON（{exc}）。") from exc
    if not isinstance(code, str) or not code.strip():
        raise ImportFailed(f"{name} jurisdiction：应为行政区划代码，而不是“{code!r}”。")
    return code.strip()


def parse_interchange(data: bytes, name: str) -> tuple[str, ParsedProgram]:
    """Read an exported program back; returns its jurisdiction code and the program."""
    try:
        raw = json.loads(data.decode("utf-8-sig"))
        return raw["jurisdiction"], _program(raw)
    except ImportFailed:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ImportFailed(f"{name}：不是有效的民生实事交换格式 JSON（{exc}）。") from exc


def _date(value, where: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ImportFailed(f"{where}：日期“{value}”应为 YYYY-MM-DD。") from exc


# -- checked access: a damaged file names the field and is refused, never half-saved --------


def _int(value, where, low, high, optional=False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ImportFailed(f"{where}：应为 {low} 至 {high} 的整数，而不是“{value!r}”。")
    return value


def _text(value, where, optional=False, max_length=None) -> str:
    if value is None and optional:
        return ""
    if not isinstance(value, str) or (not optional and not value.strip()):
        raise ImportFailed(f"{where}：应为文字，而不是“{value!r}”。")
    if max_length and len(value) > max_length:
        raise ImportFailed(f"{where}：超过 {max_length} 个字。")
    return value


def _list(value, where) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ImportFailed(f"{where}：应为列表。")
    return value


def _object(value, where) -> dict:
    if not isinstance(value, dict):
        raise ImportFailed(f"{where}：应为对象（{{…}}）。")
    return value


MAX_NOTES = 200
MAX_NOTE_LENGTH = 1000


def _notes(value) -> list[str]:
    """`notes`: optional, a list of one-line texts."""
    notes = _list(value, "notes")
    if len(notes) > MAX_NOTES:
        raise ImportFailed(f"notes：最多 {MAX_NOTES} 条，而不是 {len(notes)} 条。")
    for number, note in enumerate(notes, start=1):
        _text(note, f"notes 第{number}条", max_length=MAX_NOTE_LENGTH)
        if "\n" in note or "\r" in note:
            raise ImportFailed(f"notes 第{number}条：应为一行文字，不能换行。")
    return notes


def _milestone(raw, where) -> ParsedMilestone:
    raw = _object(raw, where)
    due = _date(raw.get("due"), where)
    if due is None:
        raise ImportFailed(f"{where} due：节点须有截止日期。")
    quarters = raw.get("quarters")
    first = last = None
    if quarters is not None:
        quarters = _list(quarters, f"{where} quarters")
        if len(quarters) != 2:
            raise ImportFailed(f"{where} quarters：应为 [起始季度, 结束季度]。")
        first = _int(quarters[0], f"{where} quarters", 1, 4)
        last = _int(quarters[1], f"{where} quarters", first, 4)
    return ParsedMilestone(
        due=due,
        text=_text(raw.get("text"), f"{where} text"),
        kind="quarter" if quarters else "dated",
        first_quarter=first,
        last_quarter=last,
    )


def _task(item, index, category_numbers) -> ParsedTask:
    item = _object(item, f"第{index}个项目")
    number = _text(item.get("number"), f"第{index}个项目 number", max_length=12)
    if not TASK_NUMBER_RE.match(number) or Task.sort_key_for(number) >= 1_000_00:
        raise ImportFailed(f"第{index}个项目 number：“{number}”不是项目序号（如 14 或 14(1)）。")
    where = f"第{index}个项目（序号{number}）"
    status = item.get("status", "not_started")
    if status not in STATUSES:
        raise ImportFailed(f"{where} status：未知状态“{status}”。")
    category = _int(item.get("category"), f"{where} category", 1, 99)
    if category not in category_numbers:
        raise ImportFailed(f"{where} category：没有第{category}个大类。")
    units = []
    for position, unit in enumerate(_list(item.get("units"), f"{where} units"), start=1):
        unit = _object(unit, f"{where} units 第{position}个")
        units.append(
            (
                _text(unit.get("name"), f"{where} units 第{position}个 name", max_length=100),
                _text(unit.get("person"), f"{where} units 第{position}个 person", True, 50),
                bool(unit.get("lead")),
            )
        )
    leaders = [
        _text(name, f"{where} leaders", max_length=50)
        for name in _list(item.get("leaders"), f"{where} leaders")
    ]
    progress = item.get("progress")
    if progress is not None:
        progress = _text(progress, f"{where} progress", optional=True)
    return ParsedTask(
        number=number,
        category=category,
        content=_text(item.get("content"), f"{where} content"),
        where=where,
        title=_text(item.get("title"), f"{where} title", optional=True, max_length=200),
        city_level=bool(item.get("city_level")),
        leaders=leaders,
        units=[name for name, _person, _lead in units],
        persons=[person for _name, person, _lead in units],
        lead_unit=next((name for name, _person, lead in units if lead), None),
        deadline=_date(item.get("deadline"), where),
        status=status,
        progress=progress,
        percent=_int(item.get("percent"), f"{where} percent", 0, 100, optional=True),
        milestones=[
            _milestone(m, f"{where} milestones 第{n}个")
            for n, m in enumerate(_list(item.get("milestones"), f"{where} milestones"), start=1)
        ],
        extra=[
            _extra(e, f"{where} extra 第{n}个")
            for n, e in enumerate(_list(item.get("extra") or [], f"{where} extra"), start=1)
        ],
    )


def _extra(raw, where) -> dict:
    raw = _object(raw, where)
    return {
        "label": _text(raw.get("label"), f"{where} label", max_length=100),
        "text": _text(raw.get("text"), f"{where} text"),
    }


def _program(raw: dict) -> ParsedProgram:
    raw = _object(raw, "文件")
    categories = []
    for index, c in enumerate(_list(raw.get("categories"), "categories"), start=1):
        c = _object(c, f"第{index}个大类")
        categories.append(
            ParsedCategory(
                number=_int(c.get("number"), f"第{index}个大类 number", 1, 99),
                name=_text(c.get("name"), f"第{index}个大类 name", max_length=200),
                declared_items=_int(
                    c.get("declared_items"), f"第{index}个大类 declared_items", 0, 999, True
                ),
            )
        )
    numbers = {c.number for c in categories}
    tasks = [
        _task(item, index, numbers)
        for index, item in enumerate(_list(raw.get("tasks"), "tasks"), start=1)
    ]
    if not tasks:
        raise ImportFailed("文件中没有任何项目。")
    columns = ["category", "number", "title", "content", "leaders", "units", "persons"]
    if any(t.progress or t.status == "completed" or t.percent is not None for t in tasks):
        columns.append("progress")
    cadence = raw.get("cadence")
    if cadence not in (None, *Cadence.values):
        raise ImportFailed(f"cadence：未知的报送周期“{cadence}”。")
    rule = raw.get("report_due_rule")
    if rule not in (None, *ReportDueRule.values):
        raise ImportFailed(f"report_due_rule：未知的报送时限“{rule}”。")
    return ParsedProgram(
        title=_text(raw.get("title"), "title", optional=True, max_length=200),
        year=_int(raw.get("year"), "year", 2000, 2100),
        declared_items=_int(raw.get("declared_items"), "declared_items", 0, 999, True),
        declared_matters=_int(raw.get("declared_matters"), "declared_matters", 0, 999, True),
        categories=categories,
        tasks=tasks,
        columns=columns,
        header=[],
        is_completion="progress" in columns,
        cadence=cadence,
        report_due_rule=rule,
        first_report_due=_date(raw.get("first_report_due"), "first_report_due"),
        as_of=_as_of(raw.get("tasks")),
        notes=_notes(raw.get("notes")),
    )


def _as_of(items) -> datetime.date | None:
    """The day the imported progress speaks of: the one `progress_as_of` the items share,
    as the import of a table dated "截至6月底" gives them all; None when they differ."""
    days = {
        _date(item.get("progress_as_of"), f"第{index}项 progress_as_of")
        for index, item in enumerate(items, start=1)
        if isinstance(item, dict) and item.get("progress_as_of")
    }
    return days.pop() if len(days) == 1 else None
