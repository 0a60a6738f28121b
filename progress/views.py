"""The reporting workbench (工作台): units file reports, the supervision office reviews them.

Views stay thin: they load objects through `access`, validate forms and call `workflow`.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.choices import Role
from accounts.models import Account
from accounts.scope import scope_of
from minsheng.lib.periods import Period
from projects import rules
from projects.models import Task, TaskUnit, refresh_if_stale

from . import access, workflow
from .choices import ChangeState, ReportState
from .forms import (
    AttachmentForm,
    ChangeRequestForm,
    ContributionForm,
    MilestoneUpdateForm,
    ReporterAccountForm,
    ReportForm,
    ReviewForm,
)
from .models import ChangeRequest, Report
from .todo import unit_todo

# Rows of the workbench's task list per page: an office of a city with its districts reads
# hundreds of items, and each row costs the server more than all the rest of the page.
TASKS_PER_PAGE = 50


@dataclass
class WorkbenchYears:
    """Which programme years the workbench lists: those still taking reports (the working
    year, and last year until 31 January), or the one past year asked for (?year=N), whose
    verdicts stand as they were at its close (rules.judged_on). With no year open, the
    latest."""

    open: list[int]
    closed: list[tuple[int, datetime.date]]  # (year, the day it closed for reporting)
    shown: list[int]

    @classmethod
    def of(cls, tasks, today: datetime.date, asked: str | None) -> "WorkbenchYears":
        years = list(
            tasks.order_by("-program__year").values_list("program__year", flat=True).distinct()
        )
        open_ = [y for y in years if rules.open_for_reporting(y, today)]
        closed = [(y, rules.reporting_closes(y)) for y in years if y not in open_]
        if asked and asked.isdigit() and int(asked) in years:
            shown = [int(asked)]
        else:
            shown = open_ or years[:1]
        return cls(open_, closed, shown)

    @property
    def past(self) -> tuple[int, datetime.date] | None:
        """The closed year shown, with its closing day, if the list is of one."""
        return next(((y, day) for y, day in self.closed if self.shown == [y]), None)


def home(request):
    """A reporter's tasks, or the supervision office's review queue; the tasks a page of
    TASKS_PER_PAGE at a time (?page=N, the other parameters of the address kept)."""
    access.require_member(request.user)
    scope = scope_of(request.user)
    today = timezone.localdate()
    years = WorkbenchYears.of(scope.tasks(), today, request.GET.get("year"))
    page = Paginator(
        scope.tasks()
        .filter(program__year__in=years.shown)
        .select_related("program__jurisdiction")
        .order_by("-program__year", "program__jurisdiction__code", "sort_key", "pk")
        .distinct(),
        TASKS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    tasks = list(page.object_list)
    prefetch_related_objects(
        tasks, Prefetch("assignments", queryset=TaskUnit.objects.select_related("unit"))
    )
    # Only the rows shown: their order does not depend on the state, so no other page's
    # rows need to be current for this one to be right.
    refresh_if_stale(tasks, today)
    context = {
        "tasks": tasks, "page": page, "years": years, "account": scope.account, "today": today,
    }
    if scope.is_admin or scope.is_office:
        # The queues hold what this office decides: its own jurisdiction's, not those below.
        own = scope.own_jurisdiction_q("task__program__jurisdiction")
        reports = Report.objects.filter(own)
        changes = ChangeRequest.objects.filter(own)
        context.update(
            awaiting_review=reports.filter(state=ReportState.SUBMITTED)
            .select_related("task__program__jurisdiction", "submitted_by")
            .order_by("submitted_at"),
            returned=reports.filter(state=ReportState.RETURNED)
            .select_related("task__program__jurisdiction")
            .order_by("reviewed_at"),
            pending_changes=changes.filter(state=ChangeState.PENDING)
            .select_related("task__program__jurisdiction", "milestone", "requested_by")
            .order_by("requested_at"),
        )
        return render(request, "progress/office_home.html", context)
    unit = scope.account.unit if scope.account else None
    context["todo"] = unit_todo(unit, context["today"])
    return render(request, "progress/unit_home.html", context)


def task_detail(request, pk):
    task_access = access.task_for(request.user, pk)
    task = task_access.task
    today = timezone.localdate()
    refresh_if_stale([task], today)
    reports = {
        r.period: r
        for r in task.reports.select_related("submitted_by", "reviewed_by").order_by("period")
    }
    periods = [(p, reports.get(p.key)) for p in task.program.reporting_periods()]
    return render(
        request,
        "progress/task_detail.html",
        {
            "task": task,
            "access": task_access,
            "periods": periods,
            "milestones": sorted(task.milestones_on(today), key=lambda m: (m.due, m.position)),
            "changes": task.change_requests.select_related("milestone", "requested_by", "decided_by"),
            "events": task.events.select_related("actor", "report"),
            "records": task.progress_records.all(),
            "notices": task.notices.select_related("unit"),
            "audit": audit_trail(task) if task_access.can_review else None,
            "today": today,
            "current_period": _period_to_report(task, today),
        },
    )


def audit_trail(task, limit=100):
    """Who changed what on this task, its milestones, reports and requests (newest first)."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from projects.models import Milestone

    from .models import ChangeRequest

    related = {
        Task: [task.pk],
        Milestone: [m.pk for m in task.milestones.all()],
        Report: list(task.reports.values_list("pk", flat=True)),
        ChangeRequest: list(task.change_requests.values_list("pk", flat=True)),
    }
    types = ContentType.objects.get_for_models(*related)
    condition = Q()
    for model, ids in related.items():
        if ids:
            condition |= Q(content_type=types[model], object_id__in=ids)
    entries = list(
        LogEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:limit]
    )
    readable = _AuditValues()
    for entry in entries:
        model = entry.content_type.model_class()
        entry.changed_fields = []
        for name, values in (entry.changes_dict or {}).items():
            field = _concrete_field(model, name)
            if field is None:
                continue  # a reverse relation auditlog noted: not something anyone changed
            before, after = (list(values) + ["", ""])[:2] if isinstance(values, list) else ("", values)
            entry.changed_fields.append(
                [field.verbose_name, readable.add(field, before), readable.add(field, after)]
            )
    readable.resolve()  # one query per kind of object named, not per row
    for entry in entries:
        entry.changed_fields = [
            (label, readable.text(before), readable.text(after))
            for label, before, after in entry.changed_fields
        ]
    return entries


def _concrete_field(model, name):
    try:
        field = model._meta.get_field(name)
    except Exception:
        return None
    return field if field.concrete else None


class _AuditValues:
    """Stored audit values as people read them: choice labels, names of related objects,
    yes/no, local times; "None" as a dash."""

    def __init__(self):
        self.wanted = {}  # related model → set of pks
        self.names = {}  # (related model, pk) → name

    def add(self, field, value):
        value = None if value in (None, "None", "") else str(value)
        if value is None:
            return ("text", "—")
        if field.choices:
            return ("text", str(dict(field.flatchoices).get(value, value)))
        if field.is_relation and field.related_model is not None:
            self.wanted.setdefault(field.related_model, set()).add(value)
            return ("object", field.related_model, value)
        if field.get_internal_type() == "BooleanField":
            return ("text", _("是") if value == "True" else _("否"))
        if field.get_internal_type() == "DateTimeField":
            return ("text", _local_time(value))
        return ("text", value)

    def resolve(self):
        for model, pks in self.wanted.items():
            keys = [pk for pk in pks if pk.isdigit()]
            for pk, obj in model._default_manager.in_bulk(keys).items():
                name = obj.get_full_name() if hasattr(obj, "get_full_name") else ""
                self.names[(model, str(pk))] = name or str(obj)

    def text(self, value):
        if value[0] == "text":
            return value[1]
        _kind, model, pk = value
        return self.names.get((model, pk), _("已删除的%(model)s") % {"model": model._meta.verbose_name})


def _local_time(value: str) -> str:
    """auditlog keeps times as naive UTC text; people read them in local time."""
    import datetime

    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _period_to_report(task, today) -> Period | None:
    """The period whose report is next due, or else the latest period that has begun."""
    due = task.next_report_due and task.program.period_due_on(task.next_report_due)
    if due:
        return due
    periods = task.program.reporting_periods()
    started = [p for p in periods if p.start <= today]
    return started[-1] if started else (periods[0] if periods else None)


def _period(task, key) -> Period:
    try:
        return task.program.period(key)
    except ValueError as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def report_edit(request, pk, period):
    """The lead unit's form for one period; everyone else who may see it reads it."""
    task_access = access.task_for(request.user, pk)
    task = task_access.task
    period = _period(task, period)
    draft = workflow.open_report(task, period)
    report = draft.report
    today = timezone.localdate()
    milestones = workflow.milestones_for_period(task, period)
    editable = task_access.can_file and (report.pk is None or report.is_editable)

    if request.method == "POST":
        task_access.require(task_access.can_file)
        if not editable:
            messages.error(request, _("该报告已提交，不能再修改。"))
            return redirect("progress:report", pk=task.pk, period=period.key)
        form = ReportForm(request.POST, request.FILES, instance=Report(task=task), task=task)
        lines = [MilestoneUpdateForm(request.POST, milestone=m, today=today) for m in milestones]
        if form.is_valid() and all(line.is_valid() for line in lines):
            try:
                saved = workflow.save_report(
                    task,
                    period,
                    request.user,
                    narrative=form.cleaned_data["narrative"],
                    figure=form.cleaned_data.get("figure"),
                    declares_complete=form.cleaned_data["declares_complete"],
                    updates=[line.as_update() for line in lines],
                    version=form.cleaned_data["version"],
                )
            except workflow.StaleDraft as exc:
                messages.error(request, exc.message)  # what was typed is shown again below
            except workflow.WorkflowError as exc:
                messages.error(request, exc.message)
                return redirect("progress:report", pk=task.pk, period=period.key)
            else:
                # The draft is saved: whatever follows can no longer lose what was typed.
                _evidence_steps(request, saved, form.cleaned_data.get("evidence"))
                if "submit" in request.POST:
                    if not form.cleaned_data["confirm"]:
                        messages.error(
                            request, _("草稿已保存。提交前请勾选“我已核对以上内容，确认提交”。")
                        )
                        return redirect("progress:report", pk=task.pk, period=period.key)
                    try:
                        workflow.submit(saved, request.user)
                    except workflow.WorkflowError as exc:
                        # The draft was saved; only the submission was refused.
                        messages.error(request, exc.message)
                        return redirect("progress:report", pk=task.pk, period=period.key)
                    messages.success(request, _("报告已提交，等待督查室审核。"))
                    return redirect("progress:task", pk=task.pk)
                messages.success(request, _("草稿已保存，可随时回来继续填写。"))
                return redirect("progress:report", pk=task.pk, period=period.key)
        else:
            messages.error(request, _("请修改下面标出的问题。"))
    else:
        form = ReportForm(
            instance=report,
            task=task,
            prefilled=draft.prefilled_from is not None,
            initial={"version": report.version if report.pk else None},
        )
        lines = [
            MilestoneUpdateForm(
                milestone=m,
                today=today,
                initial=_update_initial(draft.updates.get(m.pk)),
            )
            for m in milestones
        ]

    return render(
        request,
        "progress/report_form.html",
        {
            "task": task,
            "access": task_access,
            "period": period,
            "report": report,
            "draft": draft,
            "form": form,
            "lines": lines,
            "editable": editable,
            "review_form": ReviewForm(),
            "contribution_form": ContributionForm(
                initial={"text": _own_contribution(report, task_access)}
            ),
            "attachment_form": AttachmentForm(),
            # The files a co-unit may remove itself (the lead unit removes from its form).
            "removable": [a.pk for a in report.attachments.all() if task_access.may_remove(a)]
            if report.pk and report.is_editable and task_access.is_co_unit
            else [],
            "missing": workflow.missing_for_submission(report) if report.pk else [],
        },
    )


def _evidence_steps(request, report, upload) -> None:
    """The upload and the removal that came with a saved draft; each says how it went."""
    if upload is not None:
        try:
            workflow.attach(report, request.user, upload.name, _read_limited(upload))
            messages.success(request, _("已上传“%(name)s”。") % {"name": upload.name})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except workflow.WorkflowError as exc:
            messages.error(request, exc.message)
    remove = request.POST.get("remove", "")
    if remove.isdigit():
        attachment = report.attachments.filter(pk=int(remove)).first()
        if attachment is None:
            messages.error(request, _("要删除的材料不在这份报告中。"))
            return
        try:
            workflow.detach(attachment, request.user)
            messages.success(request, _("已删除“%(name)s”。") % {"name": attachment.original_name})
        except workflow.WorkflowError as exc:
            messages.error(request, exc.message)


def _update_initial(update) -> dict:
    if update is None:
        return {}
    return {
        "state": update.state,
        "done_on": update.done_on,
        "reason": update.reason,
        "remedy": update.remedy,
    }


def _own_contribution(report, task_access) -> str:
    if not report.pk or not task_access.is_co_unit:
        return ""
    own = report.contributions.filter(unit_id=task_access.unit_id).first()
    return own.text if own else ""


@require_POST
def report_review(request, pk):
    report, task_access = access.report_for(request.user, pk)
    task_access.require(task_access.can_review)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("progress:report", pk=report.task_id, period=report.period)
    try:
        if form.cleaned_data["decision"] == "approve":
            workflow.approve(report, request.user, form.cleaned_data["comment"])
            messages.success(request, _("已审核通过。"))
        else:
            workflow.return_report(report, request.user, form.cleaned_data["comment"])
            messages.success(request, _("已退回单位修改。"))
    except workflow.WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("progress:report", pk=report.task_id, period=report.period)


@require_POST
def report_contribute(request, pk):
    report, task_access = access.report_for(request.user, pk)
    task_access.require(task_access.is_co_unit)
    form = ContributionForm(request.POST)
    if form.is_valid():
        try:
            workflow.contribute(
                report, task_access.scope.account.unit, request.user, form.cleaned_data["text"]
            )
            messages.success(request, _("配合工作情况已保存。"))
        except workflow.WorkflowError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("请填写配合工作情况（不超过 5000 字）。"))
    return redirect("progress:report", pk=report.task_id, period=report.period)


@require_POST
def report_attach(request, pk):
    report, task_access = access.report_for(request.user, pk)
    task_access.require(task_access.is_lead or task_access.is_co_unit)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            workflow.attach(report, request.user, upload.name, _read_limited(upload))
            messages.success(request, _("已上传“%(name)s”。") % {"name": upload.name})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except workflow.WorkflowError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("请选择要上传的文件。"))
    return redirect("progress:report", pk=report.task_id, period=report.period)


@require_POST
def attachment_remove(request, pk):
    """A co-unit removes evidence it uploaded while the report is a draft or returned."""
    attachment, task_access = access.attachment_for(request.user, pk)
    task_access.require(task_access.may_remove(attachment))
    report = attachment.report
    try:
        workflow.detach(attachment, request.user)
        messages.success(request, _("已删除“%(name)s”。") % {"name": attachment.original_name})
    except workflow.WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("progress:report", pk=report.task_id, period=report.period)


def _read_limited(upload) -> bytes:
    """The upload's bytes, stopping past the limit so a huge file is not read whole."""
    limit = settings.EVIDENCE_MAX_BYTES
    chunks, size = [], 0
    for chunk in upload.chunks():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            break
    return b"".join(chunks)


def attachment_download(request, pk):
    attachment, _task_access = access.attachment_for(request.user, pk)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    # Photos open in the browser; documents always download. Never rendered as HTML.
    response["Content-Disposition"] = content_disposition_header(
        not attachment.is_image, attachment.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def attachment_publish(request, pk):
    """The office decides whether a photo may appear on the public pages."""
    attachment, task_access = access.attachment_for(request.user, pk)
    task_access.require(task_access.can_review)
    attachment.is_public = request.POST.get("public") == "1" and attachment.is_image
    attachment.save(update_fields=["is_public"])
    if attachment.is_public:
        messages.success(request, _("已同意公开“%(name)s”。") % {"name": attachment.original_name})
    else:
        messages.success(request, _("“%(name)s”不公开。") % {"name": attachment.original_name})
    report = attachment.report
    return redirect("progress:report", pk=report.task_id, period=report.period)


@require_http_methods(["GET", "POST"])
def change_request_new(request, pk):
    task_access = access.task_for(request.user, pk)
    task_access.require(task_access.can_file)
    task = task_access.task
    form = ChangeRequestForm(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workflow.request_change(
                data["milestone"],
                request.user,
                kind=data["kind"],
                reason=data["reason"],
                proposed_due=data.get("proposed_due"),
                proposed_text=data.get("proposed_text", ""),
            )
            messages.success(request, _("申请已提交，等待督查室审批。"))
            return redirect("progress:task", pk=task.pk)
        except workflow.WorkflowError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(request, "progress/change_form.html", {"task": task, "form": form})


@require_POST
def change_request_decide(request, pk):
    change, task_access = access.change_request_for(request.user, pk)
    task_access.require(task_access.can_review)
    grant = request.POST.get("decision") == "grant"
    if request.POST.get("decision") not in ("grant", "refuse"):
        messages.error(request, _("请选择同意或不同意。"))
        return redirect("progress:task", pk=change.task_id)
    try:
        workflow.decide_change(
            change, request.user, grant=grant, comment=request.POST.get("comment", "")[:2000]
        )
        messages.success(request, _("已同意申请。") if grant else _("已不同意申请。"))
    except workflow.WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("progress:task", pk=change.task_id)


@require_http_methods(["GET", "POST"])
def reporter_accounts(request):
    """A supervision office lists and opens the reporter logins of its jurisdiction's units."""
    access.require_member(request.user)
    scope = scope_of(request.user)
    if not scope.may_open_accounts():
        raise PermissionDenied
    form = ReporterAccountForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        Account.create_user(
            username=data["username"],
            password=data["password1"],
            role=Role.REPORTER,
            jurisdiction=scope.office,
            unit=data["unit"],
            first_name=data["first_name"],
            email=data["email"],
        )
        messages.success(request, _("已为%(unit)s开通账号 %(username)s。") % {
            "unit": data["unit"], "username": data["username"]
        })
        return redirect("progress:accounts")
    accounts = scope.accounts().filter(role=Role.REPORTER).select_related("user", "unit")
    return render(request, "progress/accounts.html", {"form": form, "accounts": accounts})
