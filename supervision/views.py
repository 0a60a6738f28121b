"""The supervision office's dashboard and its actions: remind, record a notice, export."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.scope import scope_of
from minsheng.lib.periods import Period
from progress import access
from projects.models import Program, Task
from projects.rules import Thresholds

from . import actions, bulletins, dashboard, documents, exports
from .filters import DashboardFilter
from .forms import BulletinForm, NoticeForm
from .models import Bulletin, SupervisionNotice


def _office_account(user):
    """The account whose jurisdiction bounds the view; None for an administrator."""
    access.require_member(user)
    scope = scope_of(user)
    if scope.is_admin:
        return None
    if scope.is_office:
        return scope.account
    raise PermissionDenied


def _dashboard(request):
    """The filter form and, when it is valid, the board; a refused filter gives no board
    at all (never an empty one, which would read as "nothing is wrong")."""
    _office_account(request.user)
    scope = scope_of(request.user)
    today = timezone.localdate()
    # The filters and lists below read the stored state: bring what this user sees up to date.
    scope.tasks().refresh_stale(today)
    filterset = DashboardFilter(request.GET, scope=scope)
    jurisdiction = filterset.jurisdiction
    if not filterset.is_valid():
        return filterset, None, jurisdiction
    data = filterset.form.cleaned_data
    window = data.get("window")
    if window is None:
        window = jurisdiction.warning_days if jurisdiction else 7
    year = int(data["year"]) if data.get("year") else None
    program = (
        Program.objects.filter(jurisdiction=jurisdiction, year=year).first()
        if jurisdiction and year
        else None
    )
    tasks = filterset.qs
    if jurisdiction and year and program is None:
        # No programme (a city over its districts): no task, and an empty board costs no query.
        tasks = tasks.none()
    # Every jurisdiction at once (an administrator): the figures counted in SQL and only the
    # page on screen of each list read; one jurisdiction's board reads its tasks' rows.
    build = dashboard.build if jurisdiction else dashboard.build_counted
    board = build(tasks, today, int(window), year=year)
    dashboard.arrange(board, request.GET)
    board.program = program
    # Reminders from the lists: the office's own tasks, a district's where it allows it.
    board.may_act = scope.may_supervise_in(jurisdiction) if jurisdiction else scope.is_admin
    board.rollup = None
    if filterset.rolls_up:
        board.rollup = dashboard.rollup(filterset.jurisdictions, jurisdiction, year, today)
    return filterset, board, jurisdiction


def _render_dashboard(request, filterset, board, jurisdiction, status=200):
    return render(
        request,
        "supervision/dashboard.html",
        {
            "filter": filterset,
            "board": board,
            "refused": board is None,
            "today": timezone.localdate(),
            "jurisdiction": jurisdiction,
            "year": filterset.form.cleaned_data.get("year") if board else None,
            "chart": board.months if board else [],
            "thresholds": jurisdiction.thresholds if jurisdiction else Thresholds(),
            "query": request.GET.urlencode(),
        },
        status=status,
    )


def dashboard_view(request):
    return _render_dashboard(request, *_dashboard(request))


def dashboard_export(request):
    filterset, board, jurisdiction = _dashboard(request)
    if board is None:
        # The same refusal as the page, not a workbook of empty lists.
        return _render_dashboard(request, filterset, board, jurisdiction, status=400)
    data = exports.dashboard_xlsx(board, jurisdiction, _filters_line(filterset))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"督查清单-{board.today:%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _filters_line(filterset) -> str:
    """The filters applied, as the export's third line: "行政区：开平市；年度：2024"."""
    shown = []
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        bound = filterset.form[name]
        choices = {
            str(key): label
            for key, label in (getattr(field, "choices", None) or getattr(field.widget, "choices", []))
        }
        text = choices.get(str(bound.value()), value)
        shown.append(f"{field.label}：{str(text).strip()}")
    return "；".join(shown)


def _back(request, *default, **kwargs):
    """To the page the form came from (only on this site), else to `default`."""
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(*default, **kwargs)


@require_POST
def remind(request, pk):
    task_access = access.task_for(request.user, pk)
    task_access.require(task_access.can_supervise)
    return _remind(request, [task_access.task], default=("progress:task",), pk=pk)


@require_POST
def bulk_remind(request):
    """催办 several tasks at once (the dashboard's ticked rows), each checked on its own;
    back to the same list, at the same place."""
    ids = request.POST.getlist("tasks")
    if not ids or not all(i.isdigit() for i in ids):
        messages.error(request, _("请先勾选要催办的项目。"))
        return _back(request, "supervision:dashboard")
    tasks = []
    for pk in dict.fromkeys(ids):
        task_access = access.task_for(request.user, int(pk))
        task_access.require(task_access.can_supervise)
        tasks.append(task_access.task)
    return _remind(request, tasks, default=("supervision:dashboard",))


def _remind(request, tasks, default, **kwargs):
    """Send the 催办 for `tasks`; a task already chased up within REMIND_AGAIN_DAYS asks for
    confirmation first (nothing is sent until the office confirms)."""
    today = timezone.localdate()
    if request.POST.get("confirmed") != "1":
        recent = [(t, at) for t in tasks if (at := actions.last_reminded(t, today))]
        if recent:
            return render(
                request,
                "supervision/remind_confirm.html",
                {"tasks": tasks, "recent": recent, "days": settings.REMIND_AGAIN_DAYS,
                 "next": request.POST.get("next", ""), "action": request.path},
            )
    for task in tasks:
        sent = actions.remind_unit(task, request.user, today)
        if sent:
            messages.success(request, _("已向%(unit)s发送催办提醒（%(count)s人）。") % sent)
        else:
            messages.error(
                request,
                _("第%(number)s项：牵头单位没有可接收邮件的账号，请先为其开通账号。")
                % {"number": task.number}
                if len(tasks) > 1
                else _("牵头单位没有可接收邮件的账号，请先为其开通账号。"),
            )
    return _back(request, *default, **kwargs)


@require_POST
def program_publish(request, pk):
    """The office opens its program to the public, or closes it again."""
    _office_account(request.user)
    scope = scope_of(request.user)
    program = get_object_or_404(scope.programs().select_related("jurisdiction"), pk=pk)
    if not scope.may_manage_program(program):
        raise PermissionDenied
    if request.POST.get("publish") == "1":
        program.publish()
        messages.success(request, _("已公开%(program)s，公众现在可以看到。") % {"program": program})
    elif request.POST.get("confirmed") != "1":
        # Closing a program removes it from the public site: ask once before doing it.
        return render(
            request, "supervision/unpublish_confirm.html",
            {"program": program, "next": request.POST.get("next", "")},
        )
    else:
        program.unpublish()
        messages.success(request, _("已取消公开%(program)s。") % {"program": program})
    return _back(request, "supervision:dashboard")


@require_http_methods(["GET", "POST"])
def notice_new(request, pk):
    task_access = access.task_for(request.user, pk)
    task_access.require(task_access.can_supervise)
    task = task_access.task
    form = NoticeForm(
        request.POST or None, task=task, user=request.user, today=timezone.localdate()
    )
    if request.method == "POST" and form.is_valid():
        notice = actions.record_notice(form)
        messages.success(
            request, _("已登记%(notice)s，可下载 Word 文本打印盖章。") % {"notice": notice}
        )
        return redirect("progress:task", pk=task.pk)
    next_number = SupervisionNotice.next_number(
        task.program.jurisdiction, (form.instance.issued_on or timezone.localdate()).year
    )
    return render(
        request,
        "supervision/notice_form.html",
        {"task": task, "form": form, "next_number": next_number},
    )


def notice_docx(request, pk):
    access.require_member(request.user)
    notice = get_object_or_404(
        SupervisionNotice.objects.filter(task__in=Task.objects.visible_to(request.user)), pk=pk
    )
    response = HttpResponse(
        documents.notice_docx(notice),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"{notice.get_kind_display()}-{notice.number}.docx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


# -- the monthly 通报 ------------------------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _office_program(request, pk):
    """A program the office may read; `may_manage` says whether it may write its bulletins."""
    _office_account(request.user)
    scope = scope_of(request.user)
    program = get_object_or_404(scope.programs().select_related("jurisdiction"), pk=pk)
    return program, scope.may_manage_program(program)


def _month(request, program) -> Period:
    """The month asked for (?month=2024-03), else this month or the program year's last."""
    today = timezone.localdate()
    try:
        month = Period.parse(request.GET.get("month") or request.POST.get("month") or "")
    except ValueError:
        month = Period(program.year, today.month if today.year == program.year else 12)
    if month.year != program.year or month.cadence != "monthly":
        month = Period(program.year, month.index if month.year == program.year else 12)
    return month


def reporting(request, pk):
    """Who reported on time: units × periods up to the month chosen."""
    program, may_manage = _office_program(request, pk)
    month = _month(request, program)
    matrix = bulletins.reporting_matrix(program, month, timezone.localdate())
    return render(
        request,
        "supervision/reporting.html",
        {"program": program, "matrix": matrix, "month": month,
         "months": bulletins.months_of(program), "may_manage": may_manage},
    )


@require_http_methods(["GET", "POST"])
def bulletin_list(request, pk):
    """The program's bulletins (the archive); POST drafts a new one for a month."""
    program, may_manage = _office_program(request, pk)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        month = _month(request, program)
        draft = bulletins.draft_bulletin(program, month, timezone.localdate())
        with transaction.atomic():
            bulletin = Bulletin.objects.create(
                jurisdiction=program.jurisdiction, year=program.year,
                number=Bulletin.next_number(program.jurisdiction, program.year),
                period=month.key, created_by=request.user,
                **{k: draft[k] for k in ("title", *Bulletin.SECTIONS)},
            )
        messages.success(request, _("已生成%(title)s，请核改后印发。") % {"title": bulletin.title})
        return redirect("supervision:bulletin", pk=bulletin.pk)
    return render(
        request,
        "supervision/bulletin_list.html",
        {"program": program, "may_manage": may_manage,
         "bulletins": Bulletin.objects.filter(jurisdiction=program.jurisdiction,
                                              year=program.year),
         "months": bulletins.months_of(program), "month": _month(request, program)},
    )


def _bulletin(request, pk):
    _office_account(request.user)
    scope = scope_of(request.user)
    bulletin = get_object_or_404(
        Bulletin.objects.filter(jurisdiction__in=scope.jurisdictions()).select_related(
            "jurisdiction"
        ),
        pk=pk,
    )
    program = get_object_or_404(
        Program.objects, jurisdiction=bulletin.jurisdiction, year=bulletin.year
    )
    return bulletin, program, scope.may_manage_program(program)


@require_http_methods(["GET", "POST"])
def bulletin_edit(request, pk):
    """Edit the sections while a draft; issue it; publish or withdraw it on the public site."""
    bulletin, program, may_manage = _bulletin(request, pk)
    form = BulletinForm(request.POST or None, instance=bulletin)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        action = request.POST.get("action", "save")
        if action in ("publish", "withdraw"):
            if not bulletin.is_issued:
                messages.error(request, _("通报印发后才能公开。"))
            else:
                bulletin.is_published = action == "publish"
                bulletin.save(update_fields=["is_published", "last_updated"])
                messages.success(
                    request,
                    _("已在公众网站公开本期通报。") if bulletin.is_published
                    else _("已从公众网站撤下本期通报。"),
                )
            return redirect("supervision:bulletin", pk=bulletin.pk)
        if bulletin.is_issued:
            messages.error(request, _("本期通报已印发，不能再修改。"))
            return redirect("supervision:bulletin", pk=bulletin.pk)
        if form.is_valid():
            bulletin = form.save(commit=False)
            if action == "issue":
                bulletin.issued_on = timezone.localdate()
            bulletin.save()
            messages.success(
                request,
                _("已印发%(title)s。") % {"title": bulletin.title} if action == "issue"
                else _("已保存。"),
            )
            return redirect("supervision:bulletin", pk=bulletin.pk)
    return render(
        request,
        "supervision/bulletin_form.html",
        {"bulletin": bulletin, "program": program, "form": form, "may_manage": may_manage},
    )


def _docx_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def bulletin_docx(request, pk):
    bulletin, _program, _may = _bulletin(request, pk)
    return _docx_response(documents.bulletin_docx(bulletin), f"{bulletin.title}.docx")


def public_bulletins(request):
    """The public list of issued bulletins their offices chose to publish."""
    return render(
        request,
        "supervision/public_bulletins.html",
        {"bulletins": Bulletin.objects.published().select_related("jurisdiction")},
    )


def public_bulletin_docx(request, pk):
    bulletin = get_object_or_404(Bulletin.objects.published(), pk=pk)
    return _docx_response(documents.bulletin_docx(bulletin), f"{bulletin.title}.docx")
