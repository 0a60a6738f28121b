"""What the supervision office sees each morning, computed in a fixed number of queries.

`build(tasks, today, window)` takes the filtered task queryset and returns the lists,
summaries and chart figures. Nothing is loaded row by row: the counts, the light and
category tables and the per-unit and per-leader tables are grouped queries, and each list
fetches only the page on screen (PAGE_SIZE rows, in the order asked for), so the page costs
the same for one office's 30 tasks as for an administrator's 4,500. The export reads every
row of each list (`Listing.ordered`) in the same order.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, ExtractMonth

from progress.choices import ReportState
from progress.models import Report
from projects.choices import Light
from projects.models import Milestone, Task, TaskLeader, TaskUnit

PAGE_SIZE = 20
# The per-unit and per-leader tables show their first PEOPLE_ROWS rows (most red first);
# the export holds them all.
PEOPLE_ROWS = 50


def _lead(field_name: str, task: str = "pk"):
    return Subquery(
        TaskUnit.objects.filter(task=OuterRef(task), is_lead=True).values(field_name)[:1]
    )


def _first_leader(task: str = "pk"):
    return Subquery(
        TaskLeader.objects.filter(task=OuterRef(task))
        .order_by("position")
        .values("leader__name")[:1]
    )


def with_people(rows, task: str = "pk"):
    """Annotate each row (a task, or a row whose task is `task`) with its task's lead unit,
    responsible person and first leader."""
    return rows.annotate(
        lead_unit_id=_lead("unit_id", task),
        lead_unit_name=_lead("unit__name", task),
        lead_person=_lead("person", task),
        leader_name=_first_leader(task),
    )


def leader_names(tasks) -> dict[int, str]:
    """Every supervising leader of `tasks` (ids or a subquery), by task, in one query (none
    for no task): the leader column names them all, not only the first."""
    names = {}
    for task_id, name in (
        TaskLeader.objects.filter(task__in=tasks)
        .order_by("task_id", "position")
        .values_list("task_id", "leader__name")
    ):
        names.setdefault(task_id, []).append(name)
    return {task_id: "、".join(found) for task_id, found in names.items()}


@dataclass
class Spec:
    """How a list reads its rows: the columns it sorts by (each a list of (field, ascending);
    a leading "-" on the sort parameter turns them round), its default order, where its rows
    reach their task, and the days column of a row."""

    keys: dict
    default: list
    task: str = "task"
    days: object = None


def _task_order(task: str) -> list:
    prefix = "" if task == "pk" else f"{task}__"
    return [(f"{prefix}program__jurisdiction__code", True), (f"{prefix}sort_key", True)]


def _people_keys(task: str) -> dict:
    return {
        "task": _task_order(task),
        "unit": [(Coalesce("lead_unit_name", Value("")), True)],
        "leader": [(Coalesce("leader_name", Value("")), True)],
    }


MILESTONE_ORDER = [("due", True), ("task_id", True), ("position", True)]
SPECS = {
    "overdue": Spec(
        {**_people_keys("task"), "due": [("due", True)], "days": [("due", False)]},
        MILESTONE_ORDER, days=lambda m, today: (today - m.due).days,
    ),
    "soon": Spec(
        {**_people_keys("task"), "due": [("due", True)], "days": [("due", True)]},
        MILESTONE_ORDER, days=lambda m, today: (m.due - today).days,
    ),
    "missing": Spec(
        {**_people_keys("pk"), "due": [("next_report_due", True)],
         "days": [("next_report_due", False)]},
        [("next_report_due", True), *_task_order("pk"), ("pk", True)],
        task="pk", days=lambda t, today: (today - t.next_report_due).days,
    ),
    "returned": Spec(
        {**_people_keys("task"), "period": [("period", True)],
         "time": [(Coalesce("reviewed_at", "submitted_at"), True)]},
        [("reviewed_at", True), ("submitted_at", True), ("pk", True)],
    ),
    "review": Spec(
        {**_people_keys("task"), "period": [("period", True)],
         "time": [(Coalesce("reviewed_at", "submitted_at"), True)]},
        [(F("submitted_at").asc(nulls_last=True), True), ("created", True), ("pk", True)],
    ),
}
# The dashboard's lists by the prefix of their query parameters and anchors.
LISTS = {
    "overdue": "overdue",
    "soon": "due_soon",
    "missing": "missing_reports",
    "returned": "returned",
    "review": "awaiting_review",
}


def _ordering(spec: Spec, sort: str) -> tuple[list, str]:
    """The ORDER BY of `sort` (else the default) and the sort actually applied. Empty
    values come first going up and last going down, as "—" cells should."""
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
        terms.append(term if not isinstance(term, str) else F(term).asc())
    return terms, sort


class Listing:
    """One list: its rows in SQL, `total` of them, and page `page` of PAGE_SIZE on screen."""

    def __init__(self, queryset, spec: Spec, today: datetime.date, total: int):
        self.spec, self.today, self.total = spec, today, total
        self.queryset = with_people(queryset, spec.task)
        self.pages = max(1, -(-total // PAGE_SIZE))
        self.arrange("", 1)

    def arrange(self, sort: str, page) -> None:
        """Sort by `sort` (a key of the list's spec, descending with a leading "-"; unknown
        values: the default order) and show page `page` (from 1, clamped)."""
        order, self.sort = _ordering(self.spec, sort)
        self.queryset = self.queryset.order_by(*order)
        try:
            self.page = min(max(1, int(page)), self.pages)
        except (TypeError, ValueError):
            self.page = 1
        self._rows = None

    def fetch(self) -> list:
        """Read the page on screen (one query), its rows not yet given their leaders."""
        start = (self.page - 1) * PAGE_SIZE
        self._rows = self._decorate(list(self.queryset[start:start + PAGE_SIZE]))
        return self._rows

    def _decorate(self, rows: list) -> list:
        for row in rows:
            if self.spec.task == "pk":
                row.task_id = row.pk
            row.days = self.spec.days(row, self.today) if self.spec.days else None
        return rows

    @staticmethod
    def name_leaders(rows: list, leaders: dict) -> list:
        for row in rows:
            row.leader_name = leaders.get(row.task_id, row.leader_name)
        return rows

    @property
    def rows(self) -> list:
        """The page on screen (arrange() reads every list's page and their leaders at
        once; read alone, one query for the rows and one for their leaders)."""
        if self._rows is None:
            rows = self.fetch()
            self.name_leaders(rows, leader_names({row.task_id for row in rows}))
        return self._rows

    @property
    def ordered(self) -> list:
        """Every row in the chosen order (the export): two queries."""
        rows = self._decorate(list(self.queryset))
        return self.name_leaders(rows, leader_names(self.queryset.values(self.spec.task)))

    @property
    def page_range(self) -> list:
        """The page numbers the pager links: the first and last, and two either side of
        this one; None marks a gap."""
        shown = sorted({1, self.pages, *range(self.page - 2, self.page + 3)} & set(
            range(1, self.pages + 1)
        ))
        numbers = []
        for n in shown:
            if numbers and n - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(n)
        return numbers


def arrange(board: "Dashboard", params) -> None:
    """Page and sort each list of `board` as the query string `params` asks and read the
    page on screen of each (one query a list), then the leaders of all their rows (one
    query, none when every list is empty)."""
    shown = []
    for prefix, attribute in LISTS.items():
        listing = getattr(board, attribute)
        listing.arrange(params.get(f"{prefix}_sort", ""), params.get(f"{prefix}_page", 1))
        shown.extend(listing.fetch())
    Listing.name_leaders(shown, leader_names({row.task_id for row in shown}))


@dataclass
class PersonRow:
    name: str
    tasks: int = 0
    red: int = 0
    overdue: int = 0
    missing: int = 0
    days_late: int = 0  # summed over its overdue milestones
    pk: int | None = None

    @property
    def average_days_late(self) -> float | None:
        return round(self.days_late / self.overdue, 1) if self.overdue else None


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

    @property
    def units_shown(self) -> list[PersonRow]:
        return self.units[:PEOPLE_ROWS]

    @property
    def leaders_shown(self) -> list[PersonRow]:
        return self.leaders[:PEOPLE_ROWS]


def build(tasks, today: datetime.date, window: int, year: int | None = None) -> Dashboard:
    """Grouped queries for the figures (the tasks by category and light, the open
    milestones and the reports under way counted by list, the units' and leaders' tables,
    milestones by month); each list then reads its page when shown (see Listing). The
    rules are the querysets': Milestone.objects.overdue / due_within and
    Task.objects.report_overdue, the stored light."""
    task_ids = tasks.values("pk")
    categories, lights, missing_total = _by_category(tasks, today)

    milestones = Milestone.objects.filter(task__in=task_ids)
    counted = milestones.open().aggregate(
        overdue=Count("pk", filter=milestones.overdue_when(today)),
        soon=Count("pk", filter=milestones.due_within_when(today, window)),
    )
    milestones = milestones.select_related("task__program__jurisdiction")
    reports = (
        Report.objects.filter(task__in=task_ids)
        .select_related("task__program__jurisdiction")
        .defer("narrative")
    )
    under_way = Report.objects.filter(task__in=task_ids).aggregate(
        returned=Count("pk", filter=Q(state=ReportState.RETURNED)),
        submitted=Count("pk", filter=Q(state=ReportState.SUBMITTED)),
    )
    missing = tasks.report_overdue(today).select_related("program__jurisdiction")
    units, leaders = _by_person(tasks, today)
    return Dashboard(
        today=today,
        window=window,
        overdue=Listing(milestones.overdue(today), SPECS["overdue"], today, counted["overdue"]),
        due_soon=Listing(
            milestones.due_within(today, window), SPECS["soon"], today, counted["soon"]
        ),
        missing_reports=Listing(missing, SPECS["missing"], today, missing_total),
        returned=Listing(
            reports.filter(state=ReportState.RETURNED), SPECS["returned"], today,
            under_way["returned"],
        ),
        awaiting_review=Listing(
            reports.filter(state=ReportState.SUBMITTED), SPECS["review"], today,
            under_way["submitted"],
        ),
        lights=lights,
        categories=categories,
        units=units,
        leaders=leaders,
        months=_by_month(tasks, year) if year else [],
    )


def _by_category(tasks, today) -> tuple[list[dict], dict[str, int], int]:
    """One grouped query: each category (by name, across programmes) with its tasks by
    light; the lights' totals; how many tasks' reports are overdue."""
    grouped = (
        tasks.order_by()
        .values("category__name")
        .annotate(
            number=Min("category__number"),
            total=Count("pk"),
            missing=Count("pk", filter=tasks.report_overdue_when(today)),
            **{light: Count("pk", filter=Q(light=light)) for light in Light.values},
        )
    )
    table, lights, missing = [], dict.fromkeys(Light.values, 0), 0
    for entry in grouped:
        table.append({"name": entry["category__name"], "number": entry["number"],
                      "total": entry["total"], **{k: entry[k] for k in Light.values}})
        for light in Light.values:
            lights[light] += entry[light]
        missing += entry["missing"]
    table.sort(key=lambda e: (e["number"], e["name"]))
    return table, lights, missing


def _by_person(tasks, today) -> tuple[list[PersonRow], list[PersonRow]]:
    """Per lead unit and per supervising leader: tasks, red, overdue milestones, missing
    reports and the average days late of their overdue milestones. Two grouped queries each:
    the tasks, and the overdue milestones by due date."""
    task_ids = tasks.values("pk")
    overdue = Milestone.objects.filter(task__in=task_ids).overdue(today).order_by()

    def table(links, person: str, name: str, late) -> list[PersonRow]:
        rows = {}
        for entry in (
            links.filter(task__in=task_ids).order_by().values(person, name).annotate(
                tasks=Count("task"),
                red=Count("task", filter=Q(task__light=Light.RED)),
                missing=Count("task", filter=tasks.report_overdue_when(today, "task__")),
            )
        ):
            rows[entry[person]] = PersonRow(
                pk=entry[person], name=entry[name], tasks=entry["tasks"], red=entry["red"],
                missing=entry["missing"],
            )
        for pk, due, count in late.values_list("person", "due").annotate(n=Count("pk")):
            if row := rows.get(pk):
                row.overdue += count
                row.days_late += (today - due).days * count
        return sorted(rows.values(), key=lambda r: (-r.red, -r.overdue, -r.missing, r.name))

    units = table(
        TaskUnit.objects.filter(is_lead=True), "unit_id", "unit__name",
        overdue.filter(task__assignments__is_lead=True).annotate(
            person=F("task__assignments__unit")
        ),
    )
    leaders = table(
        TaskLeader.objects.all(), "leader_id", "leader__name",
        overdue.annotate(person=F("task__taskleader__leader")),
    )
    return units, leaders


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
