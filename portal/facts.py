"""What the public is told about a program and its items: the one place these rules live.

The program page, the home page, the downloads and the open-data API all read it, so they
never disagree. The portal says only what it knows:

- A program's label follows what it holds: 年度计划 (no progress yet), 进展情况（截至 date）
  (approved reports), 完成情况 (an imported completion table, the year's final statements).
- An item with no public statement is 暂无进展数据, never 未启动 or 滞后 by default; a
  milestone whose date passed after the last statement is 暂无进展数据 too, not 逾期.
- Counts are of items as the document numbers them (14(1) and 14(2) are one item), against
  the number the document declares, naming the numbers it lacks.
- One percentage: items completed of items declared, with its basis in words. Per item the
  numeric target and the achieved figure, and milestones done of due, each labelled.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext_lazy, pgettext

# Words and dates are looked up once per process and language (minsheng.lib.i18n), not
# once per item and milestone: a program page asks for the same ones several hundred times.
from minsheng.lib.i18n import date_format, label
from minsheng.lib.i18n import gettext as _
from progress.choices import ProgressSource
from projects.choices import MilestoneState, TaskStatus

PLAN, PROGRESS, FINAL = "plan", "progress", "final"
NO_DATA = "no_data"
UNKNOWN = "unknown"  # a milestone's date passed after the latest statement

STATUS_LABELS = {**dict(TaskStatus.choices), NO_DATA: gettext_lazy("暂无进展数据")}
# The order of the summary counts at the top of a program page.
STATUS_ORDER = (
    TaskStatus.COMPLETED, TaskStatus.IN_PROGRESS, TaskStatus.BEHIND, TaskStatus.NOT_STARTED,
    NO_DATA,
)
MILESTONE_LABELS = {
    MilestoneState.DONE: gettext_lazy("已完成"),
    MilestoneState.OVERDUE: gettext_lazy("逾期未完成"),
    MilestoneState.PENDING: gettext_lazy("未到期"),
    MilestoneState.DUE_SOON: gettext_lazy("即将到期"),
    UNKNOWN: gettext_lazy("暂无进展数据"),
}

NOT_YET_DUE = (MilestoneState.PENDING, MilestoneState.DUE_SOON)

NUMBER_RE = re.compile(r"^(\d+)")


def item_number(number: str) -> int:
    """"14(1)" → 14: sub-items belong to their item."""
    match = NUMBER_RE.match(number or "")
    return int(match.group(1)) if match else 0


def day(value: datetime.date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def statements(lists: bool = False):
    """The prefetches item_facts() needs: milestones and public statements, in order.
    With `lists`, into plain lists (see public_tasks)."""
    from django.db.models import Prefetch

    from progress.models import ProgressRecord
    from projects.models import Milestone

    return (
        Prefetch(
            "milestones",
            queryset=Milestone.objects.order_by("due", "position"),
            to_attr=LISTS["milestones"] if lists else None,
        ),
        Prefetch(
            "progress_records",
            queryset=ProgressRecord.objects.order_by("-as_of", "-created"),
            to_attr=LISTS["progress_records"] if lists else None,
        ),
    )


# Where public_tasks(lists=True) puts each task's related rows.
LISTS = {
    "milestones": "milestone_list",
    "progress_records": "record_list",
    "assignments": "assignment_list",
}


def related(task, name: str) -> list:
    """A task's prefetched `name` rows: the plain list if loaded so, else the manager's."""
    rows = getattr(task, LISTS[name], None)
    return rows if rows is not None else list(getattr(task, name).all())


def public_tasks(program=None, *, lists: bool = False):
    """The program's items (without one, every published item) with what the public pages
    show, in four queries.

    With `lists`, the related rows land in plain lists (task.milestone_list, …) that only
    item_facts() reads, not in the managers' caches: Django then builds no queryset per
    task and relation, which on a program page was a quarter of its time."""
    from django.db.models import Prefetch

    from projects.models import Program, Task, TaskUnit

    milestones, records = statements(lists)
    if program is not None:
        # Through the program's manager each task's .program is `program` itself, rather
        # than a Program and a Jurisdiction built again for every row; one program's items
        # in their document order.
        tasks = program.tasks.select_related("category").order_by("sort_key")
    else:
        tasks = Task.objects.filter(program__in=Program.objects.published()).select_related(
            "category", "program__jurisdiction"
        )
    return (
        tasks
        .prefetch_related(
            milestones,
            Prefetch(
                "assignments",
                queryset=TaskUnit.objects.select_related("unit").order_by("position"),
                to_attr=LISTS["assignments"] if lists else None,
            ),
            records,
        )
    )


# -- items -----------------------------------------------------------------------------------


def public_status(
    task_status: str,
    record_status: str | None,
    any_done: bool,
    known_overdue: bool,
) -> str:
    """An item's status as the public is told it: from statements, never from silence."""
    if TaskStatus.COMPLETED in (task_status, record_status):
        return TaskStatus.COMPLETED
    if record_status is None and not any_done:
        return NO_DATA
    if known_overdue or record_status == TaskStatus.BEHIND:
        return TaskStatus.BEHIND
    if record_status == TaskStatus.NOT_STARTED and not any_done:
        return TaskStatus.NOT_STARTED
    return TaskStatus.IN_PROGRESS


def milestone_state(state: str, due: datetime.date, known_until: datetime.date | None) -> str:
    """`state` is Milestone.state(today); an overdue milestone is only called overdue when a
    statement dated on or after its due date exists, otherwise nobody has said."""
    if state == MilestoneState.OVERDUE and (known_until is None or due > known_until):
        return UNKNOWN
    return state


@dataclass
class MilestoneFacts:
    milestone: object
    state: str  # what the public is told (UNKNOWN where nobody has said)
    rule_state: str = ""  # Milestone.state(today), the one rule every page shares

    @cached_property
    def state_label(self) -> str:
        return label(MILESTONE_LABELS[self.state])

    # What the timeline of the public pages shows, computed once per milestone rather than
    # by a blocktranslate per row in the template.
    @cached_property
    def when(self) -> str:
        return self.milestone.period_label

    @cached_property
    def state_text(self) -> str:
        """"已完成（3月28日）", else the state's label."""
        m = self.milestone
        if m.done_on:
            return _("已完成（%(date)s）") % {"date": date_format(m.done_on, "MONTH_DAY_FORMAT")}
        return self.state_label

    @cached_property
    def moved_texts(self) -> tuple[str, str] | None:
        """("原定3月31日", "调整为4月30日") for a milestone whose date was moved."""
        m = self.milestone
        if not m.was_moved:
            return None
        return (
            _("原定%(date)s") % {"date": date_format(m.original_due, "MONTH_DAY_FORMAT")},
            _("调整为%(date)s") % {"date": date_format(m.due, "MONTH_DAY_FORMAT")},
        )

    def text(self) -> str:
        """"3月31日前：出台方案（已完成，2024年3月28日）" for downloads."""
        m = self.milestone
        state = self.state_label
        if self.state == MilestoneState.DONE and m.done_on:
            state = _("%(state)s，%(date)s") % {"state": state, "date": day(m.done_on)}
        return _("%(when)s：%(text)s（%(state)s）") % {
            "when": m.period_label, "text": m.text, "state": state,
        }


@dataclass
class ItemFacts:
    task: object
    status: str
    record: object | None  # the latest public statement
    milestones: list[MilestoneFacts] = field(default_factory=list)
    achieved_as_of: datetime.date | None = None

    @cached_property
    def status_label(self) -> str:
        return label(STATUS_LABELS[self.status])

    # The item's lines on the program page, computed once per item (the template would
    # otherwise run a blocktranslate, a date filter and a URL reversal per row).
    @cached_property
    def heading(self) -> str:
        return _("第%(number)s项") % {"number": self.task.number}

    @cached_property
    def as_of_text(self) -> str:
        return _("截至%(date)s") % {"date": day(self.as_of)} if self.as_of else ""

    @cached_property
    def details_text(self) -> str:
        return _("查看第%(number)s项详情") % {"number": self.task.number}

    @cached_property
    def lead_unit(self):
        if not hasattr(self.task, LISTS["assignments"]):
            return self.task.lead_unit
        # Task.lead_assignment's rule, on the plain list of public_tasks(lists=True).
        return next((a.unit for a in related(self.task, "assignments") if a.is_lead), None)

    @cached_property
    def deadline_text(self) -> str:
        return day(self.task.deadline)

    @property
    def as_of(self) -> datetime.date | None:
        return self.record.as_of if self.record else None

    @property
    def title(self) -> str:
        """The full title: the item's name, else its whole content (never cut)."""
        return self.task.title or self.task.content

    @property
    def milestones_done(self) -> int:
        return sum(m.state == MilestoneState.DONE for m in self.milestones)

    @property
    def milestones_due(self) -> int:
        """Milestones whose date has come (and any done early)."""
        return sum(m.state not in NOT_YET_DUE for m in self.milestones)

    def milestones_text(self) -> str:
        if not self.milestones:
            return ""
        return _("节点目标：已完成 %(done)s 个，应完成 %(due)s 个，共 %(total)s 个") % {
            "done": self.milestones_done, "due": self.milestones_due,
            "total": len(self.milestones),
        }

    def target_text(self) -> str:
        """"量化目标：6000人；已完成：3000人（截至2024年3月31日）"."""
        task = self.task
        if task.target_value is None:
            return ""
        from projects.templatetags.numbers import plain_number

        unit = unit_label(task.target_unit)
        text = _("量化目标：%(value)s%(unit)s") % {
            "value": plain_number(task.target_value), "unit": unit,
        }
        if task.achieved_value is not None:
            text += _("；已完成：%(value)s%(unit)s") % {
                "value": plain_number(task.achieved_value), "unit": unit,
            }
            if self.achieved_as_of:
                text += _("（截至%(date)s）") % {"date": day(self.achieved_as_of)}
        return text

    def progress_heading(self) -> str:
        """Every progress text with its date."""
        if self.record is None:
            return ""
        if self.record.source == ProgressSource.IMPORT:
            return _("完成情况（截至%(date)s）") % {"date": day(self.record.as_of)}
        return _("最新进展（截至%(date)s）") % {"date": day(self.record.as_of)}


def item_words() -> dict[str, str]:
    """The labels repeated on every item of a program page, translated once per page."""
    return {
        "city_level": _("同时是市民生实事"),
        "lead_unit": _("牵头单位："),
        "deadline": _("完成时限："),
    }


def item_facts(task, today: datetime.date) -> ItemFacts:
    """Facts of a task loaded with public_tasks() (milestones and records prefetched)."""
    return item_facts_from(
        task,
        related(task, "progress_records"),
        [(m, m.state(today)) for m in related(task, "milestones")],
    )


def item_facts_from(task, records: list, milestones: list[tuple]) -> ItemFacts:
    """The same from what was read: `records` newest first, `milestones` as pairs of a
    milestone and its Milestone.state(today), in (due, position) order. Plain rows with the
    attributes read here do as well as models (the API's documents, api/documents.py)."""
    record = records[0] if records else None
    known_until = record.as_of if record else None
    milestones = [
        MilestoneFacts(m, milestone_state(state, m.due, known_until), state)
        for m, state in milestones
    ]
    status = public_status(
        task.status,
        record.status if record else None,
        any(m.state == MilestoneState.DONE for m in milestones),
        any(m.state == MilestoneState.OVERDUE for m in milestones),
    )
    reported = next((r for r in records if r.source == ProgressSource.REPORT), None)
    return ItemFacts(
        task=task,
        status=status,
        record=record,
        milestones=milestones,
        achieved_as_of=reported.as_of if reported and task.achieved_value is not None else None,
    )


UNITS_EN = {
    "人": "people", "人次": "person-times", "家": "businesses", "所": "schools",
    "套": "units", "户": "households", "个": "", "公里": "km", "千米": "km", "米": "m",
    "平方米": "m²", "亩": "mu", "万元": "10,000 yuan", "元": "yuan", "张": "beds",
    "宗": "cases", "条": "", "座": "", "间": "", "台": "", "辆": "vehicles", "场": "events",
    "次": "times", "项": "items", "宗次": "cases", "栋": "buildings", "吨": "t",
}


def unit_label(unit: str) -> str:
    """A unit of measure in the active language ("人" → " people" in English)."""
    from django.utils.translation import get_language

    if not unit or not (get_language() or "").startswith("en"):
        return unit
    english = UNITS_EN.get(unit, unit)
    return f" {english}" if english else ""


# -- programs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One task as counting needs it."""

    number: str
    status: str  # the public status
    as_of: datetime.date | None = None
    imported: bool = False


@dataclass(frozen=True)
class ProgramFacts:
    kind: str
    as_of: datetime.date | None
    declared: int | None
    items: int  # distinct item numbers published
    rows: int  # tasks, sub-items counted one by one
    missing: tuple[int, ...]
    completed: int  # items every row of which is completed
    statuses: tuple[tuple[str, int], ...]  # rows by public status, in STATUS_ORDER

    @property
    def basis(self) -> int:
        return self.declared or self.items

    @property
    def rate(self) -> int | None:
        if self.kind == PLAN or not self.basis:
            return None
        return round(100 * self.completed / self.basis)

    def label(self) -> str:
        if self.kind == FINAL:
            return pgettext("program label", "完成情况")
        if self.kind == PROGRESS:
            return _("进展情况（截至%(date)s）") % {"date": day(self.as_of)}
        return pgettext("program label", "年度计划")

    def count_text(self) -> str:
        """"计划共37项，公布36项（原文缺第22项）" or "共25项"."""
        if self.declared and self.declared != self.items:
            text = _("计划共%(declared)s项，公布%(items)s项") % {
                "declared": self.declared, "items": self.items,
            }
            if self.missing:
                numbers = _("、").join(str(n) for n in self.missing)
                text += _("（原文缺第%(numbers)s项）") % {"numbers": numbers}
            return text
        text = _("共%(items)s项") % {"items": self.items}
        if self.rows != self.items:
            text += _("（含子项共%(rows)s条）") % {"rows": self.rows}
        return text

    def rate_text(self) -> str:
        """The one percentage, or 暂无进展数据."""
        if self.rate is None:
            return str(STATUS_LABELS[NO_DATA])
        return _("已完成%(completed)s项，占计划%(basis)s项的%(rate)s%%") % {
            "completed": self.completed, "basis": self.basis, "rate": self.rate,
        }

    def basis_text(self) -> str:
        if self.rate is None:
            return ""
        if self.declared:
            return _("完成率＝已完成的项目数÷文件所称项目数；有子项的项目，子项全部完成才计为完成。")
        return _("完成率＝已完成的项目数÷公布的项目数；有子项的项目，子项全部完成才计为完成。")

    def status_counts(self) -> list[dict]:
        return [
            {"status": s, "label": str(STATUS_LABELS[s]), "count": n} for s, n in self.statuses
        ]


def summarise(declared: int | None, rows: list[Row]) -> ProgramFacts:
    """Pure: a program's counts and label from its rows."""
    by_item: dict[int, list[str]] = {}
    for row in rows:
        by_item.setdefault(item_number(row.number), []).append(row.status)
    dates = [r.as_of for r in rows if r.as_of]
    kind = FINAL if any(r.imported for r in rows) else PROGRESS if dates else PLAN
    missing = tuple(n for n in range(1, (declared or 0) + 1) if n not in by_item)
    counts = Counter(r.status for r in rows)
    return ProgramFacts(
        kind=kind,
        as_of=max(dates) if dates else None,
        declared=declared,
        items=len(by_item),
        rows=len(rows),
        missing=missing,
        completed=sum(
            all(s == TaskStatus.COMPLETED for s in statuses) for statuses in by_item.values()
        ),
        statuses=tuple((s, counts[s]) for s in STATUS_ORDER if counts[s]),
    )


def program_facts(program, items: list[ItemFacts]) -> ProgramFacts:
    return summarise(
        program.declared_items,
        [
            Row(
                number=i.task.number,
                status=i.status,
                as_of=i.as_of,
                imported=bool(i.record and i.record.source == ProgressSource.IMPORT),
            )
            for i in items
        ],
    )


def programs_facts(programs) -> dict[int, ProgramFacts]:
    """Facts of many programs in one query (the home page, the API's list)."""
    from django.db.models import Count, Max, Q

    from projects.models import Task

    rows: dict[int, list[Row]] = {p.pk: [] for p in programs}
    tasks = (
        Task.objects.filter(program__in=list(rows))
        .annotate(
            latest=Max("progress_records__as_of"),
            imported=Count(
                "progress_records", filter=Q(progress_records__source=ProgressSource.IMPORT)
            ),
        )
        .values_list("program_id", "number", "status", "latest", "imported")
    )
    for program_id, number, status, latest, imported in tasks:
        # Without the milestones at hand, a task with no statement is 暂无进展数据 unless the
        # rules already count it complete; with one, it reads as its stored status.
        if status != TaskStatus.COMPLETED and latest is None:
            status = NO_DATA
        rows[program_id].append(Row(number, status, latest, bool(imported)))
    return {p.pk: summarise(p.declared_items, rows[p.pk]) for p in programs}


# -- downloads and the API -----------------------------------------------------------------


def public_data(program, items: list[ItemFacts]) -> dict:
    """The interchange dict of `program` with what the public is told added: each item's
    public status and the date of its progress, each milestone's state (for downloads and
    the API; the importer ignores these keys)."""
    from importers.interchange import program_to_dict

    # The tasks are those of `items`, already loaded: only their leaders are read again.
    data = program_to_dict(program, [item.task for item in items])
    # The file's text outside the items stays with the office: a web page's menus and
    # footer may be among it, and the public reads the items, not the source's margins.
    del data["notes"]
    summary = program_facts(program, items)
    by_number = {item.task.number: item for item in items}
    # The labels translated once, not once per item and milestone (the API's time).
    statuses = {key: str(label) for key, label in STATUS_LABELS.items()}
    states = {key: str(label) for key, label in MILESTONE_LABELS.items()}
    done_on = _("，%(date)s")
    for task in data["tasks"]:
        item = by_number[task["number"]]
        task["public_status"] = item.status
        task["public_status_text"] = statuses[item.status]
        task["progress_heading"] = item.progress_heading()
        task["target_text"] = item.target_text()
        task["milestones_summary"] = item.milestones_text()
        # Both lists are ordered by (due, position).
        for milestone, mf in zip(task["milestones"], item.milestones, strict=True):
            milestone["state"] = mf.state
            milestone["state_text"] = states[mf.state] + (
                done_on % {"date": day(mf.milestone.done_on)} if mf.milestone.done_on else ""
            )
    data["public"] = {
        "label": summary.label(),
        "kind": summary.kind,
        "as_of": summary.as_of.isoformat() if summary.as_of else None,
        "declared_items": summary.declared,
        "published_items": summary.items,
        "missing_items": list(summary.missing),
        "completed_items": summary.completed,
        "completion_rate": summary.rate,
        "counts": summary.count_text(),
        "completion": summary.rate_text(),
        "basis": summary.basis_text(),
    }
    return data


# -- recent updates --------------------------------------------------------------------------


@dataclass
class Update:
    """One line of 近期更新: an approved progress statement, or an item declared complete."""

    record: object

    @property
    def task(self):
        return self.record.task

    @property
    def date(self) -> datetime.date:
        return self.record.as_of

    @property
    def is_completion(self) -> bool:
        return self.record.status == TaskStatus.COMPLETED

    @property
    def kind_label(self) -> str:
        return _("项目已完成") if self.is_completion else _("新批准的进展")

    @property
    def title(self) -> str:
        task = self.task
        return _("%(program)s 第%(number)s项 %(title)s") % {
            "program": task.program.local_title,
            "number": task.number,
            "title": task.title or task.content,
        }


def recent_updates(limit: int = 50) -> list[Update]:
    """Newest first: progress the office approved, and items completed, of published
    programs. Drafts and reports under review are never public."""
    from django.db.models import Q

    from progress.models import ProgressRecord
    from projects.models import Program

    records = (
        ProgressRecord.objects.filter(task__program__in=Program.objects.published())
        .filter(Q(source=ProgressSource.REPORT) | Q(status=TaskStatus.COMPLETED))
        .select_related("task__program__jurisdiction")
        .order_by("-as_of", "-created", "-pk")[:limit]
    )
    return [Update(record) for record in records]


# -- sharing ---------------------------------------------------------------------------------


def item_path(task, program) -> str:
    """The item page in the active language (/en/… in English)."""
    from django.urls import reverse

    return reverse("portal:task", args=[program.jurisdiction.code, program.year, task.number])


def item_base(program) -> str:
    """What every item page's path starts with: item_path() of item N is this and "N/"
    (one URL reversal per program page rather than one per item)."""
    from django.urls import reverse

    path = reverse("portal:task", args=[program.jurisdiction.code, program.year, "0"])
    return path.removesuffix("0/")


def item_qr_svg(url: str) -> str:
    """A QR code of `url` as a standalone SVG document (segno: pure Python, offline)."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(url).save(buffer, kind="svg", scale=4, title=url, xmldecl=False)
    return buffer.getvalue().decode()
