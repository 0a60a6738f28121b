"""What the supervision office sees each morning, computed in a fixed number of queries.

`build(tasks, today, window)` takes the filtered task queryset and returns the lists,
summaries and chart figures: a handful of queries whatever the number of tasks, the rest
counted in Python from their rows. Lists show their first ROW_LIMIT rows and their total.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import CharField, Count, F, Func, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Collate, ExtractMonth

from progress.choices import ReportState
from progress.models import Report
from projects import rules
from projects.choices import Light, MilestoneState
from projects.models import Leader, Milestone, Task, TaskLeader, TaskUnit

ROW_LIMIT = 200


# The subqueries below state their order: TaskUnit's and TaskLeader's default one ("task",
# "position") expands to the task's own and joins its programme and jurisdiction in each of
# them, for every row. That made the planner's estimate cross PostgreSQL's JIT threshold on
# an administrator's 4,500 tasks (~110 ms compiling per request) and cost every office a few
# ms of planning. A task has one lead unit (constraint task_single_lead_unit).
def _lead(field_name: str):
    return Subquery(
        TaskUnit.objects.filter(task=OuterRef("pk"), is_lead=True)
        .order_by()
        .values(field_name)[:1]
    )


def _first_leader():
    return Subquery(
        TaskLeader.objects.filter(task=OuterRef("pk"))
        .order_by("position")
        .values("leader__name")[:1]
    )


def with_people(tasks):
    """Annotate each row with its task's lead unit, responsible person and first leader."""
    return tasks.annotate(
        lead_unit_id=_lead("unit_id"),
        lead_unit_name=_lead("unit__name"),
        lead_person=_lead("person"),
        leader_name=_first_leader(),
    )


@dataclass
class Listing:
    rows: list
    total: int
    all_rows: list = field(default_factory=list, repr=False)
    ordered: list = field(default_factory=list, repr=False)  # all rows, in the chosen order
    page: int = 1
    pages: int = 1
    sort: str = ""

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows) and self.pages == 1

    def arrange(self, sort: str, page: str | int, keys: dict) -> None:
        """Show page `page` (from 1) of PAGE_SIZE rows, ordered by `sort`: a name of `keys`,
        descending with a leading "-". Unknown values fall back to the default order and the
        first page; the rows are already loaded, so this costs no query."""
        name = sort.lstrip("-")
        rows = list(self.all_rows)
        if name in keys:
            key = keys[name]
            rows.sort(key=lambda row: _sortable(key(row)), reverse=sort.startswith("-"))
            self.sort = sort
        self.ordered = rows
        self.pages = max(1, -(-len(rows) // PAGE_SIZE))
        try:
            self.page = min(max(1, int(page)), self.pages)
        except (TypeError, ValueError):
            self.page = 1
        start = (self.page - 1) * PAGE_SIZE
        self.rows = rows[start:start + PAGE_SIZE]

    @property
    def page_range(self) -> range:
        return range(1, self.pages + 1)


def _sortable(value):
    # None last whichever the direction would be awkward; first is enough for "—" cells.
    return (value is not None, value if value is not None else 0)


def _listing(rows: list) -> Listing:
    return Listing(rows[:ROW_LIMIT], len(rows), all_rows=rows, ordered=rows)


PAGE_SIZE = 20
# The columns each list may be sorted by (the `<list>_sort` query parameter).
MILESTONE_KEYS = {
    "task": lambda m: (m.task.program.jurisdiction.code, m.task.sort_key),
    "due": lambda m: m.due,
    "unit": lambda m: m.lead_unit_name or "",
    "leader": lambda m: m.leader_name or "",
    "days": lambda m: m.days,
}
MISSING_KEYS = {
    "task": lambda t: (t.program.jurisdiction.code, t.sort_key),
    "due": lambda t: t.next_report_due,
    "unit": lambda t: t.lead_unit_name or "",
    "leader": lambda t: t.leader_name or "",
    "days": lambda t: t.days,
}
REPORT_KEYS = {
    "task": lambda r: (r.task.program.jurisdiction.code, r.task.sort_key),
    "period": lambda r: r.period,
    "unit": lambda r: r.lead_unit_name or "",
    "leader": lambda r: r.leader_name or "",
    "time": lambda r: r.reviewed_at or r.submitted_at,
}
# The dashboard's lists by the prefix of their query parameters and anchors.
LISTS = {
    "overdue": ("overdue", MILESTONE_KEYS),
    "soon": ("due_soon", MILESTONE_KEYS),
    "missing": ("missing_reports", MISSING_KEYS),
    "returned": ("returned", REPORT_KEYS),
    "review": ("awaiting_review", REPORT_KEYS),
}


def arrange(board: "Dashboard", params) -> None:
    """Page and sort each list of `board` as the query string `params` asks."""
    for prefix, (attribute, keys) in LISTS.items():
        getattr(board, attribute).arrange(
            params.get(f"{prefix}_sort", ""), params.get(f"{prefix}_page", 1), keys
        )


@dataclass
class PersonRow:
    name: str
    tasks: int = 0
    red: int = 0
    overdue: int = 0
    missing: int = 0
    days_late: list[int] = field(default_factory=list)
    pk: int | None = None

    @property
    def average_days_late(self) -> float | None:
        return round(sum(self.days_late) / len(self.days_late), 1) if self.days_late else None


@dataclass
class Dashboard:
    today: datetime.date
    window: int
    overdue: Listing
    due_soon: Listing
    missing_reports: Listing
    returned: Listing
    awaiting_review: Listing
    lights: dict[str, int]
    categories: list[dict]
    units: list[PersonRow]
    leaders: list[PersonRow]
    months: list[dict]
    program: object = None  # the one program in view, when a jurisdiction and year are chosen

    @property
    def task_count(self) -> int:
        return sum(self.lights.values())


def build(tasks, today: datetime.date, window: int, year: int | None = None) -> Dashboard:
    """Six queries: the tasks with their people, their leaders, the open milestones up to
    the window's end, the reports under way, and milestones planned and achieved by month.
    Everything else is counted from those rows in Python."""
    horizon = today + datetime.timedelta(days=window)
    rows = list(
        with_people(
            tasks.select_related("program__jurisdiction", "category").order_by(
                "program__jurisdiction__code", "program__year", "sort_key"
            )
        )
    )
    by_id = {task.pk: task for task in rows}
    task_ids = tasks.values("pk")
    leaders_of = defaultdict(list)
    for task_id, leader_id, name in (
        TaskLeader.objects.filter(task__in=task_ids)
        .order_by("task_id", "position")  # not the default's joins to the task's programme
        .values_list("task_id", "leader_id", "leader__name")
    ):
        leaders_of[task_id].append((leader_id, name))
    for task in rows:
        # Every supervising leader of the task in the leader column, not only the first.
        if leaders_of.get(task.pk):
            task.leader_name = "、".join(name for _id, name in leaders_of[task.pk])

    # Overdue and due within the window: open milestones due by the window's end.
    open_rows = list(
        Milestone.objects.filter(task__in=task_ids)
        .open()
        .filter(due__lte=horizon)
        .order_by("due", "task_id", "position")
    )
    for milestone in open_rows:
        _borrow_people(milestone, by_id[milestone.task_id])
    states = {m.pk: m.state(today, window) for m in open_rows}
    overdue = [m for m in open_rows if states[m.pk] == MilestoneState.OVERDUE]
    due_soon = [m for m in open_rows if states[m.pk] == MilestoneState.DUE_SOON]
    for milestone in overdue:
        milestone.days = (today - milestone.due).days
    for milestone in due_soon:
        milestone.days = (milestone.due - today).days

    missing = sorted(
        (t for t in rows if t.report_overdue(today)),
        key=lambda t: (t.next_report_due, t.program.jurisdiction.code, t.sort_key),
    )
    for task in missing:
        task.days = (today - task.next_report_due).days

    under_way = list(
        Report.objects.filter(
            task__in=task_ids, state__in=[ReportState.RETURNED, ReportState.SUBMITTED]
        )
        .defer("narrative")
        .order_by("reviewed_at", "submitted_at", "pk")
    )
    for report in under_way:
        _borrow_people(report, by_id[report.task_id])
    returned = [r for r in under_way if r.state == ReportState.RETURNED]
    awaiting = sorted(
        (r for r in under_way if r.state == ReportState.SUBMITTED),
        key=lambda r: (r.submitted_at is None, r.submitted_at or r.created),
    )

    lights = dict.fromkeys(Light.values, 0)
    for task in rows:
        lights[task.light] += 1
    units, leaders = _by_person(rows, overdue, leaders_of, today)
    return Dashboard(
        today=today,
        window=window,
        overdue=_listing(overdue),
        due_soon=_listing(due_soon),
        missing_reports=_listing(missing),
        returned=_listing(returned),
        awaiting_review=_listing(awaiting),
        lights=lights,
        categories=_by_category(rows),
        units=units,
        leaders=leaders,
        months=_by_month(tasks, year) if year else [],
    )


def _borrow_people(row, task) -> None:
    """Give a milestone or report row its task, already loaded, and the task's people."""
    row.task = task
    row.lead_unit_id = task.lead_unit_id
    row.lead_unit_name = task.lead_unit_name
    row.lead_person = task.lead_person
    row.leader_name = task.leader_name


def _by_category(rows) -> list[dict]:
    table: dict[str, dict] = {}
    for task in rows:
        category = task.category
        entry = table.setdefault(
            category.name,
            {"number": category.number, "name": category.name, "total": 0,
             **dict.fromkeys(Light.values, 0)},
        )
        entry[task.light] += 1
        entry["total"] += 1
    return sorted(table.values(), key=lambda e: (e["number"], e["name"]))


def _by_person(rows, overdue, leaders_of, today) -> tuple[list[PersonRow], list[PersonRow]]:
    """Per lead unit and per supervising leader: tasks, red, overdue milestones, missing
    reports and the average days late of their overdue milestones."""
    units: dict[int, PersonRow] = {}
    leaders: dict[int, PersonRow] = {}

    def people(task):
        found = []
        if task.lead_unit_id:
            found.append(units.setdefault(
                task.lead_unit_id, PersonRow(pk=task.lead_unit_id, name=task.lead_unit_name)
            ))
        for leader_id, name in leaders_of.get(task.pk, ()):
            found.append(leaders.setdefault(leader_id, PersonRow(pk=leader_id, name=name)))
        return found

    for task in rows:
        for row in people(task):
            row.tasks += 1
            row.red += task.light == Light.RED
            row.missing += task.report_overdue(today)
    for milestone in overdue:
        for row in people(milestone.task):
            row.overdue += 1
            row.days_late.append(milestone.days)

    def order(found):
        # Same-named units or leaders of different jurisdictions: by id, as build_counted.
        return sorted(found, key=lambda r: (-r.red, -r.overdue, -r.missing, r.name, r.pk))

    return order(units.values()), order(leaders.values())


def _by_month(tasks, year: int) -> list[dict]:
    """Milestones planned (by due date) and achieved (by completion date) in each month."""
    # No ordering: Milestone's default one would join the task, programme and jurisdiction.
    milestones = Milestone.objects.filter(task__in=tasks.values("pk")).order_by()
    planned = dict(
        milestones.filter(due__year=year)
        .annotate(month=ExtractMonth("due"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    achieved = dict(
        milestones.filter(done_on__year=year)
        .annotate(month=ExtractMonth("done_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    months, planned_total, achieved_total = [], 0, 0
    for month in range(1, 13):
        planned_total += planned.get(month, 0)
        achieved_total += achieved.get(month, 0)
        months.append(
            {
                "month": month,
                "planned": planned.get(month, 0),
                "achieved": achieved.get(month, 0),
                "planned_total": planned_total,
                "achieved_total": achieved_total,
            }
        )
    return months




# -- the roll-up of a jurisdiction's subtree (a city office over its districts) ---------


@dataclass
class RollupRow:
    """One line of the roll-up: a jurisdiction's own programme (`own`), or a lower
    jurisdiction together with everything below it (a county and its towns)."""

    jurisdiction: object
    own: bool = False
    items: int = 0
    red: int = 0
    yellow: int = 0
    green: int = 0
    overdue: int = 0
    missing: int = 0
    days_late: int = 0  # summed over its overdue milestones

    @property
    def average_days_late(self) -> float | None:
        return round(self.days_late / self.overdue, 1) if self.overdue else None

    def add(self, other: "RollupRow") -> None:
        for name in ("items", "red", "yellow", "green", "overdue", "missing", "days_late"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Rollup:
    rows: list[RollupRow]
    total: RollupRow


def rollup_rows(jurisdictions, root) -> list[RollupRow]:
    """The roll-up's lines: `root`'s own programme, then each jurisdiction directly below it
    with its subtree. Without a root (an administrator's everything): each top jurisdiction
    in `jurisdictions` that way."""
    pks = {j.pk for j in jurisdictions}
    roots = [root] if root is not None else [j for j in jurisdictions if j.parent_id not in pks]
    rows = []
    for top in roots:
        rows.append(RollupRow(top, own=True))
        rows.extend(RollupRow(j) for j in jurisdictions if j.parent_id == top.pk)
    return rows


def rollup(jurisdictions, root, year: int | None, today: datetime.date) -> Rollup:
    """Per jurisdiction of `root`'s subtree (see rollup_rows; `jurisdictions` are the login's,
    so nothing outside them is counted): the year's items, lights, overdue milestones,
    missing reports and average days late.

    Three grouped queries whatever the number of jurisdictions and tasks: the tasks by
    jurisdiction and light, the overdue reports by jurisdiction, the overdue milestones by
    jurisdiction and due date. The rules are the dashboard's: Task.objects.report_overdue and
    Milestone.objects.overdue."""

    def where(to_task: str = "") -> dict:
        # Joins rather than a subquery of task ids: the milestones' query runs 2-3 times faster.
        found = {f"{to_task}program__year": year} if year else {}
        if root is not None:
            found[f"{to_task}program__jurisdiction__path__startswith"] = root.path
        else:
            found[f"{to_task}program__jurisdiction__in"] = [j.pk for j in jurisdictions]
        return found

    tasks = Task.objects.filter(**where())
    rows = rollup_rows(jurisdictions, root)
    own = {row.jurisdiction.pk: row for row in rows if row.own}
    below = [row for row in rows if not row.own]

    def row_of(jurisdiction) -> RollupRow | None:
        if jurisdiction.pk in own:
            return own[jurisdiction.pk]
        return next((r for r in below if jurisdiction.is_within(r.jurisdiction)), None)

    row_by_pk = {j.pk: row_of(j) for j in jurisdictions}
    by_jurisdiction = (
        tasks.order_by()
        .values("program__jurisdiction")
        .annotate(items=Count("pk"), **{
            light: Count("pk", filter=Q(light=light)) for light in Light.values
        })
    )
    for entry in by_jurisdiction:
        if row := row_by_pk.get(entry["program__jurisdiction"]):
            row.add(RollupRow(None, items=entry["items"], **{
                light: entry[light] for light in Light.values
            }))
    missing = (
        tasks.report_overdue(today).order_by()
        .values_list("program__jurisdiction").annotate(n=Count("pk"))
    )
    for jurisdiction_id, count in missing:
        if row := row_by_pk.get(jurisdiction_id):
            row.missing += count
    overdue = (
        Milestone.objects.filter(**where("task__")).overdue(today).order_by()
        .values_list("task__program__jurisdiction", "due").annotate(n=Count("pk"))
    )
    for jurisdiction_id, due, count in overdue:
        if row := row_by_pk.get(jurisdiction_id):
            row.overdue += count
            row.days_late += (today - due).days * count
    total = RollupRow(root)
    for row in rows:
        total.add(row)
    return Rollup(rows, total)


# -- the administrator's all-jurisdictions board: counted in SQL, only the page on screen --


@dataclass
class Spec:
    """How a counted list reads its rows: the ORDER BY of each sort key (terms with their
    direction going up), its default order, the path from a row to its task, and the days
    column. The orders are those of `build`'s lists and of the *_KEYS above, in SQL."""

    keys: dict
    default: list
    task: str = "task"
    days: object = None


def _task_order(task: str) -> list:
    prefix = "" if task == "pk" else f"{task}__"
    return [(f"{prefix}program__jurisdiction__code", True), (f"{prefix}sort_key", True)]


def _by_codepoint(expression):
    """Names in the order Python sorts them (Listing's), whatever the database's collation:
    PostgreSQL's zh_CN would order them by pinyin; SQLite's BINARY already agrees."""
    return Collate(expression, "C") if connection.vendor == "postgresql" else expression


def _people_keys(task: str) -> dict:
    return {
        "task": _task_order(task),
        "unit": [(_by_codepoint(Coalesce("lead_unit_name", Value(""))), True)],
        "leader": [(_by_codepoint(Coalesce("leader_names", Value(""))), True)],
    }


_REPORT_KEYS = {
    **_people_keys("task"),
    "period": [("period", True)],
    "time": [(Coalesce("reviewed_at", "submitted_at"), True)],
}
SPECS = {
    "overdue": Spec(
        {**_people_keys("task"), "due": [("due", True)], "days": [("due", False)]},
        [("due", True), ("task_id", True), ("position", True)],
        days=lambda m, today: (today - m.due).days,
    ),
    "soon": Spec(
        {**_people_keys("task"), "due": [("due", True)], "days": [("due", True)]},
        [("due", True), ("task_id", True), ("position", True)],
        days=lambda m, today: (m.due - today).days,
    ),
    "missing": Spec(
        {**_people_keys("pk"), "due": [("next_report_due", True)],
         "days": [("next_report_due", False)]},
        [("next_report_due", True), *_task_order("pk"), ("program__year", True),
         ("sort_key", True)],
        task="pk", days=lambda t, today: (today - t.next_report_due).days,
    ),
    "returned": Spec(
        _REPORT_KEYS,
        [(F("reviewed_at").asc(nulls_last=True), True),
         (F("submitted_at").asc(nulls_last=True), True), ("pk", True)],
    ),
    "review": Spec(
        _REPORT_KEYS,
        [(F("submitted_at").asc(nulls_last=True), True),
         (Coalesce("submitted_at", "created"), True),
         (F("reviewed_at").asc(nulls_last=True), True), ("pk", True)],
    ),
}


def _leader_names(task: str):
    """Every supervising leader of the row's task in order, joined by "、": `build`'s leader
    column, to show and to sort by."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.aggregates import StringAgg

        return Subquery(
            TaskLeader.objects.filter(task=OuterRef(task)).order_by().values("task").annotate(
                names=StringAgg("leader__name", "、", order_by="position")
            ).values("names")[:1]
        )
    # SQLite (3.40 has no ORDER BY inside an aggregate): concatenated from an ordered subquery.
    links, leaders = TaskLeader._meta.db_table, Leader._meta.db_table
    return Func(
        F(task),
        template=(
            f"(SELECT group_concat(n, '、') FROM (SELECT l.name AS n FROM {links} t "
            f"INNER JOIN {leaders} l ON l.id = t.leader_id WHERE t.task_id = %(expressions)s "
            "ORDER BY t.position))"
        ),
        output_field=CharField(),
    )


def _ordering(spec: Spec, sort: str) -> tuple[list, str]:
    """The ORDER BY of `sort` (else the default) and the sort applied. As Listing.arrange:
    empty values first going up, last going down, ties in the default order."""
    name = sort.lstrip("-")
    descending = sort.startswith("-")
    terms = []
    if name in spec.keys:
        for term, ascending in spec.keys[name]:
            expression = F(term) if isinstance(term, str) else term
            if ascending != descending:
                terms.append(expression.asc(nulls_first=True))
            else:
                terms.append(expression.desc(nulls_last=True))
    else:
        sort = ""
    for term, _ascending in spec.default:
        terms.append(F(term).asc() if isinstance(term, str) else term)
    return terms, sort


class CountedListing:
    """A list of the counted board: `total` counted in SQL, and only page `page` of
    PAGE_SIZE rows read, in the order asked for; `ordered` (the export) reads them all.
    Rows carry what `Listing`'s do: the task, its people, the days column."""

    def __init__(self, queryset, spec: Spec, today: datetime.date, total: int):
        self.spec, self.today, self.total = spec, today, total
        path = spec.task
        self.queryset = queryset.annotate(
            lead_unit_id=_lead_of("unit_id", path),
            lead_unit_name=_lead_of("unit__name", path),
            lead_person=_lead_of("person", path),
            leader_names=_leader_names(path),
        )
        self.pages = max(1, -(-total // PAGE_SIZE))
        self.arrange("", 1)

    truncated = False

    def arrange(self, sort: str, page, keys=None) -> None:
        order, self.sort = _ordering(self.spec, sort)
        self.queryset = self.queryset.order_by(*order)
        try:
            self.page = min(max(1, int(page)), self.pages)
        except (TypeError, ValueError):
            self.page = 1
        self._rows = None

    def _decorate(self, rows: list) -> list:
        for row in rows:
            if self.spec.task == "pk":
                row.task_id = row.pk
            row.leader_name = row.leader_names
            row.days = self.spec.days(row, self.today) if self.spec.days else None
        return rows

    @property
    def rows(self) -> list:
        if self._rows is None:
            start = (self.page - 1) * PAGE_SIZE
            self._rows = self._decorate(list(self.queryset[start:start + PAGE_SIZE]))
        return self._rows

    @property
    def ordered(self) -> list:
        return self._decorate(list(self.queryset))

    @property
    def page_range(self) -> range:
        return range(1, self.pages + 1)


def _lead_of(field_name: str, task: str):
    return Subquery(
        TaskUnit.objects.filter(task=OuterRef(task), is_lead=True)
        .order_by()
        .values(field_name)[:1]
    )


def build_counted(tasks, today: datetime.date, window: int, year: int | None = None) -> Dashboard:
    """`build`'s board for many jurisdictions at once (an administrator's every one), with
    the same figures, counted in grouped queries instead of read row by row; each list
    reads only the page on screen (CountedListing). The rules are the querysets' — the
    stored light, Task.objects.report_overdue, Milestone.objects.overdue / due_within —
    which tests/projects/test_state_sql.py holds to projects.rules, and
    tests/supervision/test_dashboard_counted.py holds this board to `build`'s."""
    task_ids = tasks.values("pk")
    categories, lights, missing_total = _counted_categories(tasks, today)
    milestones = Milestone.objects.filter(task__in=task_ids)
    # Counted by the querysets' own rules, one count each (a FILTER over subqueries of
    # them ran many times slower).
    counted = {
        "overdue": milestones.overdue(today).order_by().count(),
        "soon": milestones.due_within(today, window).order_by().count(),
    }
    milestones = milestones.select_related("task__program__jurisdiction")
    reports = (
        Report.objects.filter(task__in=task_ids)
        .select_related("task__program__jurisdiction")
        .defer("narrative")
    )
    under_way = Report.objects.filter(task__in=task_ids).order_by().aggregate(
        returned=Count("pk", filter=Q(state=ReportState.RETURNED)),
        submitted=Count("pk", filter=Q(state=ReportState.SUBMITTED)),
    )
    missing = tasks.report_overdue(today).select_related("program__jurisdiction")
    units, leaders = _counted_people(tasks, today)
    return Dashboard(
        today=today,
        window=window,
        overdue=CountedListing(
            milestones.overdue(today), SPECS["overdue"], today, counted["overdue"]
        ),
        due_soon=CountedListing(
            milestones.due_within(today, window), SPECS["soon"], today, counted["soon"]
        ),
        missing_reports=CountedListing(missing, SPECS["missing"], today, missing_total),
        returned=CountedListing(
            reports.filter(state=ReportState.RETURNED), SPECS["returned"], today,
            under_way["returned"],
        ),
        awaiting_review=CountedListing(
            reports.filter(state=ReportState.SUBMITTED), SPECS["review"], today,
            under_way["submitted"],
        ),
        lights=lights,
        categories=categories,
        units=units,
        leaders=leaders,
        months=_by_month(tasks, year) if year else [],
    )


def _counted_categories(tasks, today) -> tuple[list[dict], dict[str, int], int]:
    """Each category (by name, across programmes; ordered by its lowest number) with its
    tasks by light, the lights' totals (one grouped query); how many tasks owe a late
    report (one count)."""
    grouped = (
        tasks.order_by()
        .values("category__name")
        .annotate(
            number=Min("category__number"),
            total=Count("pk"),
            **{light: Count("pk", filter=Q(light=light)) for light in Light.values},
        )
    )
    table, lights = [], dict.fromkeys(Light.values, 0)
    for entry in grouped:
        table.append({"number": entry["number"], "name": entry["category__name"],
                      "total": entry["total"], **{k: entry[k] for k in Light.values}})
        for light in Light.values:
            lights[light] += entry[light]
    table.sort(key=lambda e: (e["number"], e["name"]))
    return table, lights, tasks.report_overdue(today).count()


def _counted_people(tasks, today) -> tuple[list[PersonRow], list[PersonRow]]:
    """`_by_person`'s tables from four narrow reads (value tuples, no rows built): each
    task's light and next report due, its lead unit, its leaders, and the due dates of the
    overdue milestones (Milestone.objects.overdue); the late report is rules.report_overdue.
    Grouping in SQL instead joined the tasks four times over and ran slower."""
    task_ids = tasks.values("pk")
    facts = {
        pk: (light == Light.RED, rules.report_overdue(next_due, today))
        for pk, light, next_due in tasks.order_by().values_list("pk", "light", "next_report_due")
    }
    late = defaultdict(list)
    for task_id, due in (
        Milestone.objects.filter(task__in=task_ids).overdue(today).order_by()
        .values_list("task_id", "due")
    ):
        late[task_id].append((today - due).days)

    def table(links, person: str, name: str) -> list[PersonRow]:
        rows = {}
        for task_id, pk, label in links.filter(task__in=task_ids).order_by().values_list(
            "task_id", person, name
        ):
            row = rows.get(pk) or rows.setdefault(pk, PersonRow(pk=pk, name=label))
            red, missing = facts[task_id]
            row.tasks += 1
            row.red += red
            row.missing += missing
            row.overdue += len(late[task_id])
            row.days_late.extend(late[task_id])
        return sorted(
            rows.values(), key=lambda r: (-r.red, -r.overdue, -r.missing, r.name, r.pk)
        )

    units = table(TaskUnit.objects.filter(is_lead=True), "unit_id", "unit__name")
    leaders = table(TaskLeader.objects.all(), "leader_id", "leader__name")
    return units, leaders
