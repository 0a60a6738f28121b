"""What a unit owes this week (本期待办): the same list on its workbench home and in the weekly
mail. Four queries whatever the number of tasks, periods and milestones; dates are pure.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from projects import rules
from projects.choices import TaskStatus
from projects.models import Milestone, OwedReport, Task

from .choices import ReportState
from .models import Report


@dataclass
class UnitTodo:
    today: datetime.date
    owed: list[OwedReport] = field(default_factory=list)  # due in the window, never begun
    drafts: list[Report] = field(default_factory=list)
    returned: list[Report] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    notices: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return (
            len(self.owed) + len(self.drafts) + len(self.returned)
            + len(self.milestones) + len(self.notices)
        )

    def __bool__(self) -> bool:
        return self.count > 0


def unit_todo(unit, today: datetime.date) -> UnitTodo:
    """The to-do list of `unit` as lead unit (the one that files) and as addressee of notices."""
    from supervision.models import SupervisionNotice  # supervision builds on progress

    todo = UnitTodo(today=today)
    if unit is None:
        return todo
    tasks = (
        Task.objects.filter(assignments__unit=unit, assignments__is_lead=True)
        .exclude(status=TaskStatus.COMPLETED)
        .with_reports()
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(done_on__isnull=True).order_by("due", "position"),
                to_attr="open_milestones",
            ),
        )
        .order_by("program__year", "program__jurisdiction__code", "sort_key")
        .distinct()
    )
    for task in tasks:
        horizon = today + datetime.timedelta(days=task.program.jurisdiction.warning_days)
        # Every report the task owes, late or not (a past year's closed program owes none):
        # never begun and due within the window, a draft, or sent back.
        for owed in task.owed_reports(today, until=datetime.date.max):
            report = owed.report
            if report is None:
                if owed.due <= horizon:
                    todo.owed.append(owed)
                continue
            report.task = task
            if report.state == ReportState.DRAFT:
                todo.drafts.append(report)
            elif report.state == ReportState.RETURNED:
                todo.returned.append(report)
        if not rules.open_for_reporting(task.program.year, today):
            continue  # a closed year's milestones are only ever updated through its reports
        for milestone in task.open_milestones:
            if milestone.due <= horizon:
                milestone.task = task
                todo.milestones.append(milestone)
    todo.owed.sort(key=lambda o: (o.due, o.task.sort_key))
    todo.milestones.sort(key=lambda m: (m.due, m.task.sort_key, m.position))
    # Notices stay on the list while their item is unfinished; past the reply date they say so.
    todo.notices = list(
        SupervisionNotice.objects.filter(unit=unit)
        .exclude(task__status=TaskStatus.COMPLETED)
        .select_related("task__program__jurisdiction", "jurisdiction")
        .order_by("reply_due", "pk")
    )
    return todo
