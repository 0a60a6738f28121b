"""The public portal: published programs, their items, the completion report, downloads.

Every view starts from `Program.objects.published()`; an unpublished program answers 404 on
every public URL. Progress comes only from ProgressRecord (imported completion tables and
reports the office approved); evidence only from approved reports, marked public.
"""

import csv
import io
from collections import Counter, OrderedDict

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from importers import exporters
from progress.choices import ReportState
from progress.models import Attachment, ProgressRecord
from projects.choices import TaskStatus
from projects.models import Milestone, Program, Task, TaskUnit, refresh_if_stale

from .cache import public_page
from .forms import SearchForm

DOWNLOADS = ("xlsx", "docx", "json", "csv")


def _program(code, year) -> Program:
    return get_object_or_404(
        Program.objects.published().select_related("jurisdiction"),
        jurisdiction__code=code,
        year=year,
    )


def public_tasks(program):
    """The program's items with what the public pages show, in five queries."""
    return (
        Task.objects.for_program(program)
        .select_related("category")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due", "position")),
            Prefetch(
                "assignments",
                queryset=TaskUnit.objects.select_related("unit").order_by("position"),
            ),
            Prefetch(
                "progress_records",
                queryset=ProgressRecord.objects.order_by("-as_of", "-created"),
            ),
        )
    )


def published_tasks():
    return Task.objects.filter(program__in=Program.objects.published())


@public_page
def home(request):
    published_tasks().refresh_stale(timezone.localdate())  # the counts below read status
    programs = (
        Program.objects.published()
        .select_related("jurisdiction")
        .annotate(
            task_count=Count("tasks"),
            completed_count=Count("tasks", filter=Q(tasks__status=TaskStatus.COMPLETED)),
        )
        .order_by("jurisdiction__code", "-year")
    )
    return render(request, "portal/home.html", {"programs": programs, "form": SearchForm()})


def _summaries(tasks, today):
    """Completion by category and milestones done by month, from rows already loaded."""
    categories = OrderedDict()
    for task in tasks:
        entry = categories.setdefault(
            task.category_id, {"name": str(task.category), "total": 0, "completed": 0}
        )
        entry["total"] += 1
        entry["completed"] += task.status == TaskStatus.COMPLETED
    for entry in categories.values():
        entry["rate"] = round(100 * entry["completed"] / entry["total"]) if entry["total"] else 0
    planned, achieved = Counter(), Counter()
    for task in tasks:
        for milestone in task.milestones.all():
            planned[milestone.due.month] += 1
            if milestone.done_on:
                achieved[milestone.done_on.month] += 1
    months = [
        {"month": m, "planned": planned[m], "achieved": achieved[m]} for m in range(1, 13)
    ]
    return list(categories.values()), months if planned else []


@public_page
def program_detail(request, code, year):
    program = _program(code, year)
    tasks = list(public_tasks(program))
    today = timezone.localdate()
    refresh_if_stale(tasks, today)
    window = program.jurisdiction.warning_days
    for task in tasks:
        records = list(task.progress_records.all())
        task.latest_record = records[0] if records else None
        task.timeline = task.milestones_on(today, window)
    grouped = OrderedDict()
    for task in tasks:
        grouped.setdefault(task.category, []).append(task)
    completed = sum(t.status == TaskStatus.COMPLETED for t in tasks)
    categories, months = _summaries(tasks, today)
    return render(
        request,
        "portal/program.html",
        {
            "program": program,
            "grouped": grouped,
            "task_count": len(tasks),
            "completed": completed,
            "rate": round(100 * completed / len(tasks)) if tasks else 0,
            # After the year, the page is the completion report (完成情况汇总表).
            "is_report": today.year > program.year,
            "today": today,
            "category_chart": categories,
            "month_chart": months,
            "downloads": DOWNLOADS,
        },
    )


@public_page
def task_detail(request, code, year, number):
    program = _program(code, year)
    task = get_object_or_404(public_tasks(program), number=number)
    today = timezone.localdate()
    refresh_if_stale([task], today)
    task.timeline = task.milestones_on(today, program.jurisdiction.warning_days)
    photos = Attachment.objects.filter(
        report__task=task,
        report__state=ReportState.APPROVED,
        is_public=True,
        content_type__startswith="image/",
    ).select_related("report")
    return render(
        request,
        "portal/task.html",
        {
            "program": program,
            "task": task,
            "lead": task.lead_unit,
            "records": list(task.progress_records.all()),
            "photos": photos,
            "today": today,
        },
    )


def evidence_photo(request, pk):
    """A photo the office approved for publication, of an approved report, of a published
    program. Anything else does not exist here."""
    photo = get_object_or_404(
        Attachment.objects.filter(
            is_public=True,
            report__state=ReportState.APPROVED,
            report__task__program__is_published=True,
            content_type__startswith="image/",
        ),
        pk=pk,
    )
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response


@public_page
def download(request, code, year, fmt):
    if fmt not in DOWNLOADS:
        raise Http404
    program = _program(code, year)
    kind = "完成情况汇总表" if timezone.localdate().year > program.year else "民生实事"
    name = f"{program.jurisdiction.name}{program.year}年{kind}.{fmt}"
    if fmt == "csv":
        program.tasks.refresh_stale()  # exporters.render does the same for the others
        data, content_type = program_csv(program), "text/csv; charset=utf-8"
    else:
        data, content_type = exporters.render(program, fmt), exporters.CONTENT_TYPES[fmt]
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


CSV_HEADER = [
    "大类", "序号", "事项名称", "工作任务", "牵头单位", "责任单位", "责任人", "完成时限",
    "状态", "节点目标", "最新进展",
]


def program_csv(program) -> bytes:
    """One row per item; UTF-8 with a BOM so that Excel on Chinese Windows reads it right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for task in public_tasks(program):
        assignments = list(task.assignments.all())
        records = list(task.progress_records.all())
        writer.writerow(
            [
                str(task.category),
                task.number,
                task.title,
                task.content,
                next((a.unit.name for a in assignments if a.is_lead), ""),
                "、".join(a.unit.name for a in assignments),
                "、".join(a.person for a in assignments if a.person),
                task.deadline.isoformat() if task.deadline else "",
                task.get_status_display(),
                "\n".join(f"{m.period_label}：{m.text}" for m in task.milestones.all()),
                records[0].narrative if records else "",
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@public_page
def search(request):
    form = SearchForm(request.GET or None)
    results = Task.objects.none()
    if form.is_valid():
        tasks = published_tasks()
        tasks.refresh_stale(timezone.localdate())  # the search filters on status
        results = form.search(tasks).select_related("program__jurisdiction", "category")
    page = Paginator(results, 30).get_page(request.GET.get("page"))
    return render(request, "portal/search.html", {"form": form, "page": page})


