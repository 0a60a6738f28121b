"""The interchange JSON: a program as plain data, for export, backup and round trips.

Documented in docs/interchange.md. `program_to_dict` and `parse_interchange` are inverse:
importing an exported file into an empty database gives back the same program.
"""

import datetime
import json

from projects.models import Program, Task

from .document import ImportFailed
from .layout import ParsedCategory, ParsedMilestone, ParsedProgram, ParsedTask

FORMAT_VERSION = 1
STATUSES = {"not_started", "in_progress", "completed", "behind"}


def program_to_dict(program: Program) -> dict:
    tasks = (
        Task.objects.for_program(program)
        .with_details()
        .select_related("category")
        .prefetch_related("progress_records")
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
        "categories": [
            {"number": c.number, "name": c.name, "declared_items": c.declared_items}
            for c in program.categories.all()
        ],
        "tasks": [task_to_dict(task) for task in tasks],
    }


def latest_narrative(task: Task) -> str | None:
    records = sorted(task.progress_records.all(), key=lambda r: (r.as_of, r.created), reverse=True)
    return records[0].narrative or None if records else None


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
        "milestones": [milestone_to_dict(m) for m in milestones],
    }


def milestone_to_dict(milestone) -> dict:
    data = {"due": milestone.due.isoformat(), "text": milestone.text}
    if milestone.first_quarter:
        data["quarters"] = [milestone.first_quarter, milestone.last_quarter]
    return data


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def looks_like_interchange(data: bytes) -> bool:
    return data.lstrip()[:1] == b"{" and b'"minsheng-program"' in data[:400]


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


def _program(raw: dict) -> ParsedProgram:
    tasks = []
    for index, item in enumerate(raw["tasks"], start=1):
        where = f"第{index}个项目（序号{item.get('number')}）"
        if item.get("status", "not_started") not in STATUSES:
            raise ImportFailed(f"{where} status：未知状态“{item['status']}”。")
        units = item.get("units") or []
        lead = next((u["name"] for u in units if u.get("lead")), None)
        tasks.append(
            ParsedTask(
                number=str(item["number"]),
                category=int(item["category"]),
                content=item["content"],
                where=where,
                title=item.get("title") or "",
                city_level=bool(item.get("city_level")),
                leaders=list(item.get("leaders") or []),
                units=[u["name"] for u in units],
                persons=[u.get("person") or "" for u in units],
                lead_unit=lead,
                deadline=_date(item.get("deadline"), where),
                status=item.get("status", "not_started"),
                progress=item.get("progress"),
                milestones=[
                    ParsedMilestone(
                        due=_date(m["due"], where),
                        text=m["text"],
                        kind="quarter" if m.get("quarters") else "dated",
                        first_quarter=(m.get("quarters") or [None, None])[0],
                        last_quarter=(m.get("quarters") or [None, None])[1],
                    )
                    for m in item.get("milestones") or []
                ],
            )
        )
    columns = ["category", "number", "title", "content", "leaders", "units", "persons"]
    if any(t.progress or t.status == "completed" for t in tasks):
        columns.append("progress")
    return ParsedProgram(
        title=raw.get("title") or "",
        year=int(raw["year"]),
        declared_items=raw.get("declared_items"),
        declared_matters=raw.get("declared_matters"),
        categories=[
            ParsedCategory(
                number=int(c["number"]), name=c["name"], declared_items=c.get("declared_items")
            )
            for c in raw["categories"]
        ],
        tasks=tasks,
        columns=columns,
        header=[],
        is_completion="progress" in columns,
        cadence=raw.get("cadence"),
    )
