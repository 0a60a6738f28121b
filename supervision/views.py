"""The supervision office's dashboard and its actions: remind, record a notice, export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.scope import scope_of
from progress import access
from projects.models import Program, Task
from projects.rules import Thresholds

from . import actions, dashboard, documents, exports
from .filters import DashboardFilter
from .forms import NoticeForm
from .models import SupervisionNotice


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
    board = dashboard.build(filterset.qs, today, int(window), year=year)
    board.program = (
        Program.objects.filter(jurisdiction=jurisdiction, year=year).first()
        if jurisdiction and year
        else None
    )
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
    data = exports.dashboard_xlsx(board, jurisdiction)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"督查清单-{board.today:%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


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
    sent = actions.remind_unit(task_access.task, request.user)
    if sent:
        messages.success(request, _("已向%(unit)s发送催办提醒（%(count)s人）。") % sent)
    else:
        messages.error(request, _("牵头单位没有可接收邮件的账号，请先为其开通账号。"))
    return _back(request, "progress:task", pk=pk)


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
    return render(request, "supervision/notice_form.html", {"task": task, "form": form})


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
