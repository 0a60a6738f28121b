"""The API's documents built from rows: `.values_list()` queries shaped to the output, no
model instances, no serializer walk per field.

The program document is the interchange dict with the public facts (portal.facts.public_data,
importers.interchange.program_to_dict) drawn from plain rows that carry the attributes those
functions read, so its wording and format stay theirs. A page of tasks is the row
TaskSerializer declares; tests/api/test_documents.py holds both to what the models and DRF's
generic walk give.
"""

import datetime
from collections import defaultdict
from types import SimpleNamespace as Row

from portal import facts
from progress.models import ProgressRecord
from projects.models import Category, Milestone, Program, Task, TaskLeader, TaskUnit

from .serializers import absolute


class Related(list):
    """One task's rows of a relation, answering .all() as a prefetched relation does."""

    def all(self):
        return self


def by_task(rows, make) -> defaultdict:
    """(task_id, *values) rows → {task_id: Related([make(*values), …])}, in row order."""
    grouped = defaultdict(Related)
    for task_id, *values in rows:
        grouped[task_id].append(make(*values))
    return grouped


# -- programs/<code>/<year>/ ---------------------------------------------------------------


def program_document(code: str, year: int, today: datetime.date) -> dict | None:
    """The published program's document as facts.public_data gives it, or None: seven
    queries whatever the program's size (the program, its tasks, categories, leaders,
    units, milestones, statements), one more to refresh stale tasks when there are."""
    found = (
        Program.objects.published()
        .filter(jurisdiction__code=code, year=year)
        .values_list(
            "pk", "jurisdiction__code", "jurisdiction__name", "jurisdiction__warning_days",
            "year", "title", "declared_items", "declared_matters", "cadence",
            "report_due_rule", "first_report_due",
        )
        .first()
    )
    if found is None:
        return None
    pk, code, name, window, *fields = found
    program = Row(
        jurisdiction=Row(code=code, name=name),
        **dict(zip(
            ("year", "title", "declared_items", "declared_matters", "cadence",
             "report_due_rule", "first_report_due"),
            fields, strict=True,
        )),
        note_lines=[],  # never public: facts.public_data leaves them out
        categories=Related(
            Row(number=number, name=name, declared_items=declared)
            for number, name, declared in Category.objects.filter(program_id=pk).values_list(
                "number", "name", "declared_items"
            )
        ),
    )
    tasks = program_tasks(pk, today)
    leaders = by_task(
        TaskLeader.objects.filter(task__program=pk)
        .order_by("task", "position")
        .values_list("task", "leader__name"),
        lambda name: Row(name=name),
    )
    units = by_task(
        TaskUnit.objects.filter(task__program=pk)
        .order_by("task", "position")
        .values_list("task", "position", "unit__name", "person", "is_lead"),
        lambda position, name, person, lead: Row(
            position=position, unit=Row(name=name), person=person, is_lead=lead
        ),
    )
    milestones = by_task(
        Milestone.objects.filter(task__program=pk)
        .order_by("task", "due", "position")
        .values_list(
            "task", "position", "due", "text", "done_on", "first_quarter", "last_quarter"
        ),
        lambda position, due, text, done_on, first, last: Row(
            position=position, due=due, text=text, done_on=done_on,
            first_quarter=first, last_quarter=last,
        ),
    )
    # The order of facts.statements(): newest first.
    records = by_task(
        ProgressRecord.objects.filter(task__program=pk)
        .order_by("task", "-as_of", "-created")
        .values_list("task", "as_of", "created", "status", "source", "narrative"),
        lambda as_of, created, status, source, narrative: Row(
            as_of=as_of, created=created, status=status, source=source, narrative=narrative
        ),
    )
    items = []
    for task in tasks:
        task.leaders_in_order = leaders[task.pk]
        task.assignments = units[task.pk]
        task.milestones = milestones[task.pk]
        task.progress_records = records[task.pk]
        states = [
            (m, Milestone.state_of(m.due, m.done_on, task.status, today, window))
            for m in task.milestones
        ]
        items.append(facts.item_facts_from(task, task.progress_records, states))
    return facts.public_data(program, items)


TASK_FIELDS = (
    "pk", "number", "category__number", "title", "content", "city_level", "deadline", "status",
    "reported_percent", "extra", "target_value", "target_unit", "achieved_value",
)


def program_tasks(program_id: int, today: datetime.date) -> list[Row]:
    """The program's tasks in their order. Their state_valid_until comes along: when one is
    past, the stale tasks are refreshed (TaskQuerySet.refresh_stale) and read again."""
    query = Task.objects.for_program(program_id).values_list(*TASK_FIELDS, "state_valid_until")
    rows = list(query)
    if any(row[-1] is not None and row[-1] <= today for row in rows):
        Task.objects.for_program(program_id).refresh_stale(today)
        rows = list(query.all())
    return [
        Row(**dict(zip(TASK_FIELDS, row, strict=False)), category=Row(number=row[2]))
        for row in rows
    ]


# -- tasks/ ------------------------------------------------------------------------------


def task_values(tasks):
    """A queryset of tasks (filtered, ordered) as the values a row needs."""
    return tasks.values_list(
        "pk", "program__jurisdiction__code", "program__jurisdiction__name",
        "program__jurisdiction__warning_days", "program__year", "number", "category__name",
        "category__number", "title", "content", "city_level", "status", "deadline",
    )


def task_rows(page, request, today: datetime.date) -> list[dict]:
    """The rows of TaskSerializer for a page of task_values(): three more queries, the
    units, milestones and statements of the page's tasks."""
    ids = [row[0] for row in page]
    # Each task's statements newest first (the order of facts.statements()): the first is
    # its latest. (Two correlated subqueries on the page query cost ten times more.)
    statements = by_task(
        ProgressRecord.objects.filter(task__in=ids)
        .order_by("task", "-as_of", "-created", "-pk")
        .values_list("task", "as_of", "narrative"),
        lambda as_of, narrative: (as_of, narrative),
    )
    units = by_task(
        TaskUnit.objects.filter(task__in=ids)
        .order_by("task", "position")
        .values_list("task", "unit__name", "person", "is_lead"),
        lambda name, person, lead: {"name": name, "person": person, "lead": lead},
    )
    milestones = by_task(
        Milestone.objects.filter(task__in=ids)
        .order_by("task", "due", "position")
        .values_list("task", "due", "original_due", "text", "done_on"),
        lambda *values: values,
    )
    links = Links(request)
    statuses = {key: str(label) for key, label in facts.STATUS_LABELS.items()}  # once a page
    rows = []
    for (
        pk, code, name, window, year, number, category, category_number, title, content,
        city_level, status, deadline,
    ) in page:
        assigned = units[pk]
        progress_as_of, progress = statements[pk][0] if pk in statements else (None, None)
        lead = next((unit["name"] for unit in assigned if unit["lead"]), None)
        rows.append({
            "jurisdiction": code,
            "jurisdiction_name": name,
            "year": year,
            "number": number,
            "category": category,
            "category_number": category_number,
            "title": title or None,
            "content": content,
            "city_level": city_level,
            "status": status,
            "status_display": statuses[status],
            "lead_unit": lead,
            "units": assigned,
            "deadline": iso(deadline),
            "progress": progress or None,
            "progress_as_of": iso(progress_as_of),
            "milestones": [
                {
                    "due": iso(due),
                    "original_due": iso(original_due),
                    "text": text,
                    "done_on": iso(done_on),
                    "state": Milestone.state_of(due, done_on, status, today, window),
                }
                for due, original_due, text, done_on in milestones[pk]
            ],
            "links": links.task(code, year, number),
        })
    return rows


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


class Links:
    """A task's addresses, each program's reversed once per page: the item page's address
    is the program's pattern with the number put in."""

    MARK = "0"  # a number the item page's pattern accepts

    def __init__(self, request):
        self.request = request
        self.programs: dict = {}

    def task(self, code: str, year: int, number: str) -> dict:
        if (code, year) not in self.programs:
            page = absolute(self.request, "portal:task", code, year, self.MARK)
            tail = f"/{self.MARK}/"
            assert page.endswith(tail), page
            self.programs[code, year] = (
                absolute(self.request, "api:program", code, year),
                page[: -len(tail) + 1],
            )
        program, prefix = self.programs[code, year]
        return {"program": program, "page": f"{prefix}{number}/"}
