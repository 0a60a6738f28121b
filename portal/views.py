"""The public portal: published programs, their items, the completion report, downloads.

Every view starts from `Program.objects.published()`; an unpublished program answers 404 on
every public URL. Progress comes only from ProgressRecord (imported completion tables and
reports the office approved); evidence only from approved reports, marked public.
"""

import csv
import io
from collections import Counter, OrderedDict
from itertools import groupby

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from importers import exporters
from minsheng.lib.spreadsheet import safe_row
from minsheng.lib.text import highlight
from progress.models import Attachment
from projects.choices import TaskStatus
from projects.models import Program, Task, TaskUnit, refresh_if_stale

from . import facts
from .cache import public_page
from .facts import public_tasks
from .forms import SearchForm

DOWNLOADS = ("xlsx", "docx", "json", "csv")


def _share(title, description, kind="website") -> dict:
    """What a shared link shows: the page title, meta description and Open Graph tags."""
    return {"title": title, "description": description, "type": kind}


def _fragment(name: str, context: dict) -> str:
    """A Jinja2 fragment (portal/jinja2/) for a Django template to insert: see minsheng/jinja.py."""
    return mark_safe(engines["jinja2"].get_template(name).render(context))  # noqa: S308


def _item_macros():
    """The item's figures and timeline, the same macros the program page's items call."""
    return engines["jinja2"].env.get_template("portal/_item.html").module


def _program(code, year, *, links: bool = False) -> Program:
    """The published program; with `links`, with what its links to the vote and the
    evaluation need (cycle_program_links) read in the same query."""
    programs = Program.objects.published().select_related("jurisdiction")
    if links:
        from cycle.templatetags.cycle import program_link_annotations

        programs = programs.annotate(**program_link_annotations())
    return get_object_or_404(programs, jurisdiction__code=code, year=year)


@public_page(scope="global")
def home(request):
    # The counts below read each item's stored status: bring it up to date first.
    Task.objects.filter(program__in=Program.objects.published()).refresh_stale(
        timezone.localdate()
    )
    programs = list(
        Program.objects.published()
        .select_related("jurisdiction")
        .order_by("jurisdiction__code", "-year")
    )
    # One more query than before: the counts need each program's item numbers and dates.
    summaries = facts.programs_facts(programs)
    for program in programs:
        program.facts = summaries[program.pk]
    share = _share(
        _("江门市民生实事"), _("江门市及所辖县（市、区）每年民生实事的计划、进展和完成情况。")
    )
    groups = [(place, list(group)) for place, group in groupby(programs, lambda p: p.jurisdiction)]
    return render(
        request,
        "portal/home.html",
        {
            "programs_html": _fragment("portal/_programs.html", {"groups": groups}),
            "form": SearchForm(),
            "share": share,
        },
    )


def _summaries(items):
    """Completion by category and milestones done by month, from rows already loaded."""
    categories = OrderedDict()
    for item in items:
        task = item.task
        entry = categories.setdefault(
            task.category_id, {"name": str(task.category), "numbers": {}}
        )
        done = entry["numbers"].setdefault(facts.item_number(task.number), True)
        entry["numbers"][facts.item_number(task.number)] = done and (
            item.status == TaskStatus.COMPLETED
        )
    summary = []
    for entry in categories.values():
        total, completed = len(entry["numbers"]), sum(entry["numbers"].values())
        rate = round(100 * completed / total) if total else 0
        summary.append({"name": entry["name"], "total": total, "completed": completed, "rate": rate})
    planned, achieved = Counter(), Counter()
    for item in items:
        for milestone in (mf.milestone for mf in item.milestones):
            planned[milestone.due.month] += 1
            if milestone.done_on:
                achieved[milestone.done_on.month] += 1
    months = [
        {"month": m, "planned": planned[m], "achieved": achieved[m]} for m in range(1, 13)
    ]
    return summary, months if planned else []


@public_page
def program_detail(request, code, year):
    from cycle.templatetags.cycle import cycle_program_links

    program = _program(code, year, links=True)
    today = timezone.localdate()
    tasks = list(public_tasks(program, lists=True))
    refresh_if_stale(tasks, today)
    items = [facts.item_facts(task, today) for task in tasks]
    summary = facts.program_facts(program, items)
    status = request.GET.get("status", "")
    if status not in dict(summary.statuses):
        status = ""
    grouped = OrderedDict()
    for item in items:
        if not status or item.status == status:
            grouped.setdefault(item.task.category, []).append(item)
    categories, months = _summaries(items)
    # The page's body is one Jinja2 fragment (minsheng/jinja.py); the shell stays Django's.
    body = _fragment(
        "portal/_program.html",
        {
            "request": request,
            "program": program,
            "facts": summary,
            "status_counts": summary.status_counts(),
            "grouped": grouped.items(),
            "words": facts.item_words(),
            "item_base": facts.item_base(program),
            "categories": list(OrderedDict.fromkeys(item.task.category for item in items)),
            "status": status,
            "today": today,
            "category_chart": categories if summary.rate is not None else [],
            "month_chart": months,
            "downloads": DOWNLOADS,
            "cycle_links": render_to_string(
                "cycle/_program_links.html", cycle_program_links(program)
            ),
        },
    )
    return render(
        request,
        "portal/program.html",
        {
            "program": program,
            "body": body,
            "share": _share(
                program.local_title,
                _("%(title)s：%(count)s，每一项的节点目标和进展。")
                % {"title": program.local_title, "count": summary.count_text()},
            ),
        },
    )


@public_page
def task_detail(request, code, year, number):
    # The item with its program in one query: public_tasks() joins the program.
    task = get_object_or_404(
        public_tasks(lists=True).filter(program__jurisdiction__code=code, program__year=year),
        number=number,
    )
    program = task.program
    today = timezone.localdate()
    refresh_if_stale([task], today)
    item = facts.item_facts(task, today)
    photos = list(
        Attachment.objects.public_photos().filter(report__task=task).select_related("report")
    )
    body = _fragment(
        "portal/_task.html",
        {
            "request": request,
            "program": program,
            "task": task,
            "item": item,
            "assignments": facts.related(task, "assignments"),
            "records": facts.related(task, "progress_records"),
            "photos": photos,
        },
    )
    return render(
        request,
        "portal/task.html",
        {
            "program": program,
            "body": body,
            "share": _share(
                f"{item.heading} · {program.local_title}",
                _("%(program)s %(number)s %(title)s：%(status)s") % {
                    "program": program.local_title, "number": item.heading, "title": item.title,
                    "status": item.status_label,
                },
                kind="article",
            ),
        },
    )


def evidence_photo(request, pk):
    """A photo the office approved for publication, of an approved report, of a published
    program. Anything else does not exist here."""
    photo = get_object_or_404(
        Attachment.objects.public_photos(),
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
    # The downloads are the office's Chinese documents, whatever the page language.
    with translation.override(settings.LANGUAGE_CODE):
        today = timezone.localdate()
        program.tasks.refresh_stale(today)  # the tables carry each item's status
        items = [facts.item_facts(task, today) for task in public_tasks(program)]
        kind = {facts.FINAL: "完成情况汇总表", facts.PROGRESS: "进展情况"}.get(
            facts.program_facts(program, items).kind, "民生实事"
        )
        name = f"{program.jurisdiction.name}{program.year}年{kind}.{fmt}"
        if fmt == "csv":
            data, content_type = program_csv(items), "text/csv; charset=utf-8"
        else:
            data = exporters.render(program, fmt, data=facts.public_data(program, items))
            content_type = exporters.CONTENT_TYPES[fmt]
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


CSV_HEADER = [
    "大类", "序号", "事项名称", "工作任务", "牵头单位", "责任单位", "责任人", "完成时限",
    "状态", "状态截至", "量化目标及完成数", "节点完成情况", "节点目标", "最新进展", "进展截至",
]


def program_csv(items) -> bytes:
    """One row per item; UTF-8 with a BOM so that Excel on Chinese Windows reads it right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for item in items:
        task = item.task
        assignments = list(task.assignments.all())
        writer.writerow(
            safe_row(  # a narrative beginning with "=" must not become a formula
                [
                    str(task.category),
                    task.number,
                    item.title,
                    task.content,
                    next((a.unit.name for a in assignments if a.is_lead), ""),
                    "、".join(a.unit.name for a in assignments),
                    "、".join(a.person for a in assignments if a.person),
                    task.deadline.isoformat() if task.deadline else "",
                    item.status_label,
                    item.as_of.isoformat() if item.as_of else "",
                    item.target_text(),
                    item.milestones_text(),
                    "\n".join(mf.text() for mf in item.milestones),
                    item.record.narrative if item.record else "",
                    item.as_of.isoformat() if item.record else "",
                ]
            )
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@public_page(scope="global")
def search(request):
    form = SearchForm(request.GET or None)
    results = Task.objects.none()
    if form.is_valid():
        published = Task.objects.filter(program__in=Program.objects.published())
        published.refresh_stale(timezone.localdate())  # the search filters on status
        results = (
            form.search(published)
            .select_related("program__jurisdiction", "category")
            .prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=TaskUnit.objects.select_related("unit").order_by("position"),
                ),
                *facts.statements(),
            )
        )
    today = timezone.localdate()
    status = form.cleaned_data.get("status") if form.is_valid() else ""
    if status:
        # The status the public is told comes from the statements: filter on it here.
        results = [t for t in results if facts.item_facts(t, today).status == status]
    page = Paginator(results, 30).get_page(request.GET.get("page"))
    words = form.words
    for task in page:
        task.snippet = mark_safe(_snippet(task, words))  # noqa: S308 - escaped by highlight()
        task.facts = facts.item_facts(task, today)
    share = _share(_("查找项目"), _("按关键词、年度、大类和责任单位查找已公布的民生实事项目。"))
    results = _fragment("portal/_results.html", {"page": page})
    return render(
        request,
        "portal/search.html",
        {"form": form, "page": page, "results_html": results, "share": share},
    )


def _snippet(task, words) -> str:
    """Why the item was found: the first field holding a search word, the words marked."""
    units = "、".join(a.unit.name for a in task.assignments.all())
    for label, text in (
        ("", task.title), ("", task.content), (_("大类："), task.category.name),
        (_("责任单位："), units),
    ):
        found = highlight(text, words)
        if found:
            return escape(label) + found
    return escape(task.content[:120])


@public_page
def task_qr(request, code, year, number):
    """The item page's address as a QR code, drawn here (no outside service) for posters."""
    program = _program(code, year)
    task = get_object_or_404(Task.objects.for_program(program), number=number)
    svg = facts.item_qr_svg(request.build_absolute_uri(facts.item_path(task, program)))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@public_page(scope="global")
def updates(request):
    share = _share(_("近期更新"), _("新批准的项目进展和已完成的项目。"))
    return render(
        request, "portal/updates.html", {"updates": facts.recent_updates(), "share": share}
    )


def set_language(request):
    """Django's switcher, taking the page's language from its URL so that it can send the
    visitor to the same page under /en/ or without a prefix."""
    from django.views.i18n import set_language as django_set_language

    page = request.POST.get("next", request.GET.get("next", ""))
    with translation.override(
        translation.get_language_from_path(page) or settings.LANGUAGE_CODE
    ):
        return django_set_language(request)


ROBOTS = """User-agent: *
Allow: /
Disallow: /admin/
Disallow: /work/
Disallow: /office/
Disallow: /imports/
Disallow: /accounts/
Sitemap: {sitemap}
"""


def robots_txt(request):
    from django.urls import reverse

    text = ROBOTS.format(sitemap=request.build_absolute_uri(reverse("sitemap")))
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
