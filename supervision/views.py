"""The supervision office's dashboard and its actions: remind, record a notice, export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from progress import access
from projects.models import Program, Task
from projects.rules import Thresholds

from . import actions, dashboard, documents, exports
from .filters import DashboardFilter, years_in_scope
from .forms import NoticeForm
from .models import SupervisionNotice


def _office_account(user):
    """The account whose jurisdiction bounds the view; None for an administrator."""
    access.require_member(user)
    if user.is_superuser:
        return None
    account = getattr(user, "account", None)
    if account and account.is_supervisor and user.has_perm("progress.review_report"):
        return account
    raise PermissionDenied


def _dashboard(request):
    account = _office_account(request.user)
    today = timezone.localdate()
    # The filters and lists below read the stored state: bring what this user sees up to date.
    Task.objects.visible_to(request.user).refresh_stale(today)
    filterset = DashboardFilter(
        request.GET, account=account, years=years_in_scope(account), queryset=Task.objects.all()
    )
    tasks = filterset.qs if filterset.is_valid() else Task.objects.none()
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    jurisdiction = data.get("jurisdiction") or (account.jurisdiction if account else None)
    window = data.get("window")
    if window is None:
        window = jurisdiction.warning_days if jurisdiction else 7
    year = int(data["year"]) if data.get("year") else None
    board = dashboard.build(tasks, today, int(window), year=year)
    board.program = (
        Program.objects.filter(jurisdiction=jurisdiction, year=year).first()
        if jurisdiction and year
        else None
    )
    return filterset, board, jurisdiction


def dashboard_view(request):
    filterset, board, jurisdiction = _dashboard(request)
    return render(
        request,
        "supervision/dashboard.html",
        {
            "filter": filterset,
            "board": board,
            "jurisdiction": jurisdiction,
            "chart": board.months,
            "thresholds": jurisdiction.thresholds if jurisdiction else Thresholds(),
            "query": request.GET.urlencode(),
        },
    )


def dashboard_export(request):
    _filterset, board, jurisdiction = _dashboard(request)
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
    task_access.require(task_access.can_review)
    sent = actions.remind_unit(task_access.task, request.user)
    if sent:
        messages.success(request, _("已向%(unit)s发送催办提醒（%(count)s人）。") % sent)
    else:
        messages.error(request, _("牵头单位没有可接收邮件的账号，请先为其开通账号。"))
    return _back(request, "progress:task", pk=pk)


@require_POST
def program_publish(request, pk):
    """The office opens its program to the public, or closes it again."""
    account = _office_account(request.user)
    programs = Program.objects.all()
    if account is not None:
        programs = programs.filter(jurisdiction=account.jurisdiction_id)
    program = get_object_or_404(programs, pk=pk)
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
    task_access.require(task_access.can_review)
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
