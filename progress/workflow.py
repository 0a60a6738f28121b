"""The reporting workflow: every step a unit or the office takes, in one place.

Views call these functions; each checks the state it starts from with a conditional UPDATE,
so a double click, two reporters on one draft or two supervisors on one report change the
record once. Every step appends to the task's history and recomputes the task's state.
"""

import datetime
import hashlib
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng.lib.periods import Period
from projects.models import Milestone, Task

from . import evidence, notify
from .choices import ChangeKind, ChangeState, EventKind, MilestoneProgressState, ReportState
from .models import (
    Attachment,
    ChangeRequest,
    Contribution,
    MilestoneUpdate,
    ProgressRecord,
    Report,
    TaskEvent,
)


class WorkflowError(Exception):
    """A step that cannot be taken now; the message is for the person who tried."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class StaleDraft(WorkflowError):
    """Somebody saved the draft since this form was opened."""


def record(task, kind, actor, report=None, note="") -> TaskEvent:
    return TaskEvent.objects.create(task=task, kind=kind, actor=actor, report=report, note=note)


def audit(instance, user, before: dict, after: dict) -> None:
    """Write the audit trail for a change made with a conditional UPDATE (which sends no
    signals, so django-auditlog would not see it)."""
    changes = {
        field: [_audit_text(before.get(field)), _audit_text(value)]
        for field, value in after.items()
        if before.get(field) != value
    }
    if changes:
        LogEntry.objects.log_create(
            instance,
            action=LogEntry.Action.UPDATE,
            changes=changes,
            actor=user if getattr(user, "pk", None) else None,
        )


def _audit_text(value) -> str:
    return "None" if value is None else str(value)


# -- what a period's report covers ------------------------------------------------------


def milestones_for_period(task: Task, period: Period) -> list[Milestone]:
    """The milestones a period's report speaks of: those due in the period, those overdue
    and not yet done, quarter targets that span it, and else the next one coming up."""
    chosen, upcoming = [], []
    for milestone in sorted(task.milestones.all(), key=lambda m: (m.due, m.position)):
        done_before = milestone.done_on is not None and milestone.done_on < period.start
        spans = (
            milestone.first_quarter is not None
            and period.cadence == "quarterly"
            and milestone.first_quarter <= period.index <= milestone.last_quarter
        )
        if period.start <= milestone.due <= period.end or spans:
            chosen.append(milestone)
        elif milestone.due < period.start and not done_before:
            chosen.append(milestone)
        elif milestone.due > period.end and not done_before:
            upcoming.append(milestone)
    if not any(period.start <= m.due <= period.end for m in chosen) and upcoming:
        chosen.append(upcoming[0])
    return chosen


def previous_report(task: Task, period: Period) -> Report | None:
    """The last approved report before `period`: what the office accepted, never a draft or a
    report still waiting for review."""
    return (
        Report.objects.filter(task=task, period__lt=period.key, state=ReportState.APPROVED)
        .prefetch_related("milestone_updates")
        .order_by("-period")
        .first()
    )


@dataclass
class ReportDraft:
    """What the form shows: the saved report, or a new one prefilled from the last period."""

    report: Report
    updates: dict[int, MilestoneUpdate]  # by milestone id
    prefilled_from: Report | None = None


def open_report(task: Task, period: Period) -> ReportDraft:
    report = (
        Report.objects.filter(task=task, period=period.key)
        .select_related("submitted_by", "reviewed_by")  # the form names who sent and who read
        .prefetch_related(
            "milestone_updates__milestone",
            # Who uploaded each file: a co-unit may remove its own (accounts.scope).
            Prefetch(
                "attachments", queryset=Attachment.objects.select_related("uploaded_by__account")
            ),
            "contributions__unit",
        )
        .first()
    )
    if report is not None:
        report.task = task  # the caller's, with its units and milestones already read
        return ReportDraft(report, {u.milestone_id: u for u in report.milestone_updates.all()})
    due = period.due(task.program.report_due_rule)
    report = Report(task=task, period=period.key, due=due)
    last = previous_report(task, period)
    if last is None:
        return ReportDraft(report, {})
    # Units write only what changed: the last period's figures and statements carry over.
    report.narrative = last.narrative
    report.figure = last.figure
    updates = {
        u.milestone_id: MilestoneUpdate(
            milestone_id=u.milestone_id,
            state=u.state,
            done_on=u.done_on,
            reason=u.reason,
            remedy=u.remedy,
        )
        for u in last.milestone_updates.all()
    }
    return ReportDraft(report, updates, prefilled_from=last)


# -- the lead unit ----------------------------------------------------------------------


def save_report(
    task: Task,
    period: Period,
    user,
    *,
    narrative: str,
    figure,
    declares_complete: bool,
    updates: list[dict],
    version: int | None,
) -> Report:
    """Save the lead unit's draft. `version` is the one the form was opened with (None for a
    report not yet saved); a draft saved meanwhile by someone else is never overwritten."""
    fields = {
        "narrative": narrative,
        "figure": figure,
        "declares_complete": declares_complete,
    }
    try:
        with transaction.atomic():
            if version is None:
                report = Report.objects.create(
                    task=task,
                    period=period.key,
                    due=period.due(task.program.report_due_rule),
                    created_by=user,
                    **fields,
                )
            else:
                report = Report.objects.get(task=task, period=period.key)
                before = {name: getattr(report, name) for name in fields}
                if not report.is_editable:
                    raise WorkflowError(_("该报告已提交，不能再修改。"))
                touched = Report.objects.filter(
                    pk=report.pk, version=version, state__in=[ReportState.DRAFT, ReportState.RETURNED]
                ).update(version=version + 1, last_updated=timezone.now(), **fields)
                if not touched:
                    raise StaleDraft(
                        _("保存失败：这份报告刚被他人修改过。您填写的内容仍在下方，请核对后再保存。")
                    )
                report.refresh_from_db()
                audit(report, user, before, fields)
            report.milestone_updates.all().delete()
            MilestoneUpdate.objects.bulk_create(
                MilestoneUpdate(report=report, **update) for update in updates if update["state"]
            )
            record(task, EventKind.DRAFT_SAVED, user, report, period.label)
    except IntegrityError as exc:
        # Two people started the same period's report at the same moment.
        raise StaleDraft(
            _("保存失败：这一期的报告刚被他人创建。您填写的内容仍在下方，请核对后再保存。")
        ) from exc
    return report


def missing_for_submission(report: Report) -> list[str]:
    """What still has to be filled in before the report can be submitted."""
    problems = []
    if not report.narrative.strip():
        problems.append(_("请填写本期工作进展。"))
    if report.task.target_value is not None and report.figure is None:
        problems.append(_("该项目有量化目标，请填写累计完成数。"))
    stated = {u.milestone_id for u in report.milestone_updates.all()}
    for milestone in milestones_for_period(report.task, report.period_obj):
        if milestone.pk not in stated:
            problems.append(
                _("请填写节点“%(label)s”的完成情况。") % {"label": milestone.period_label}
            )
    return problems


@transaction.atomic
def submit(report: Report, user) -> None:
    problems = missing_for_submission(report)
    if problems:
        raise WorkflowError(" ".join(problems))
    now = timezone.now()
    touched = Report.objects.filter(
        pk=report.pk, state__in=[ReportState.DRAFT, ReportState.RETURNED]
    ).update(state=ReportState.SUBMITTED, submitted_by=user, submitted_at=now, last_updated=now)
    if not touched:
        raise WorkflowError(_("该报告已经提交过了。"))
    audit(report, user, {"state": report.state}, {"state": ReportState.SUBMITTED})
    report.refresh_from_db()
    record(report.task, EventKind.SUBMITTED, user, report, report.period_label)
    report.task.refresh_state()


# -- co-units ---------------------------------------------------------------------------


@transaction.atomic
def contribute(report: Report, unit, user, text: str) -> Contribution:
    if report.state == ReportState.APPROVED:
        raise WorkflowError(_("该报告已审核通过，不能再补充。"))
    if not text.strip():
        raise WorkflowError(_("请填写配合工作情况。"))
    contribution, _created = Contribution.objects.update_or_create(
        report=report, unit=unit, defaults={"text": text.strip(), "author": user}
    )
    record(report.task, EventKind.CONTRIBUTED, user, report, f"{unit}：{text.strip()[:100]}")
    return contribution


@transaction.atomic
def attach(report: Report, user, name: str, data: bytes) -> Attachment:
    if report.state == ReportState.APPROVED:
        raise WorkflowError(_("该报告已审核通过，不能再上传材料。"))
    checked = evidence.check(name, data)
    attachment = Attachment(
        report=report,
        original_name=name[-200:],
        extension=checked.extension,
        content_type=checked.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
    )
    attachment.file.save("evidence", ContentFile(data), save=False)
    attachment.save()
    record(report.task, EventKind.ATTACHED, user, report, name)
    return attachment


@transaction.atomic
def detach(attachment: Attachment, user) -> None:
    """Remove evidence from a report the unit may still change (a draft or a returned one):
    once submitted, the office reviews what it was sent."""
    report = attachment.report
    if not report.is_editable:
        raise WorkflowError(_("报告已提交，不能再删除佐证材料。"))
    name, stored = attachment.original_name, attachment.file.name
    attachment.delete()
    if stored and not Attachment.objects.filter(file=stored).exists():
        # The file goes once the row is gone for good, never before a rollback could need it.
        storage = attachment.file.storage
        transaction.on_commit(lambda: storage.delete(stored))
    record(report.task, EventKind.DETACHED, user, report, name)


# -- the supervision office -------------------------------------------------------------


@transaction.atomic
def approve(report: Report, user, comment: str = "") -> None:
    now = timezone.now()
    touched = Report.objects.filter(pk=report.pk, state=ReportState.SUBMITTED).update(
        state=ReportState.APPROVED,
        reviewed_by=user,
        reviewed_at=now,
        review_comment=comment,
        last_updated=now,
    )
    if not touched:
        raise WorkflowError(_("该报告不在待审核状态，可能已被他人处理。"))
    audit(report, user, {"state": report.state}, {"state": ReportState.APPROVED})
    report.refresh_from_db()
    task = report.task
    for update in report.milestone_updates.select_related("milestone"):
        milestone = update.milestone
        milestone.reported_state = update.state
        milestone.done_on = update.done_on if update.state == MilestoneProgressState.DONE else None
        milestone.save(update_fields=["reported_state", "done_on"])
    if report.figure is not None:
        task.achieved_value = report.figure
        task.save(update_fields=["achieved_value"])
    ProgressRecord.objects.update_or_create(
        report=report,
        defaults={
            "task": task,
            "as_of": report.period_obj.end,
            "status": report.status_statement(),
            "narrative": report.narrative,
        },
    )
    record(task, EventKind.APPROVED, user, report, comment)
    task.refresh_state()
    notify.report_decided(report)


@transaction.atomic
def return_report(report: Report, user, comment: str) -> None:
    if not comment.strip():
        raise WorkflowError(_("退回时请写明需要修改的地方。"))
    now = timezone.now()
    touched = Report.objects.filter(pk=report.pk, state=ReportState.SUBMITTED).update(
        state=ReportState.RETURNED,
        reviewed_by=user,
        reviewed_at=now,
        review_comment=comment.strip(),
        last_updated=now,
    )
    if not touched:
        raise WorkflowError(_("该报告不在待审核状态，可能已被他人处理。"))
    audit(
        report, user, {"state": report.state, "review_comment": report.review_comment},
        {"state": ReportState.RETURNED, "review_comment": comment.strip()},
    )
    report.refresh_from_db()
    record(report.task, EventKind.RETURNED, user, report, comment.strip())
    report.task.refresh_state()
    notify.report_decided(report)


# -- extensions and adjusted milestones -------------------------------------------------


@transaction.atomic
def request_change(
    milestone: Milestone,
    user,
    *,
    kind: str,
    reason: str,
    proposed_due: datetime.date | None = None,
    proposed_text: str = "",
) -> ChangeRequest:
    if milestone.done_on is not None:
        raise WorkflowError(_("该节点已完成，不能申请延期或调整。"))
    if milestone.change_requests.filter(state=ChangeState.PENDING).exists():
        raise WorkflowError(_("该节点已有一份待审批的申请。"))
    request = ChangeRequest(
        task=milestone.task,
        milestone=milestone,
        kind=kind,
        reason=reason.strip(),
        proposed_due=proposed_due,
        proposed_text=proposed_text.strip(),
        original_due=milestone.due,
        original_text=milestone.text,
        requested_by=user,
    )
    request.full_clean()
    request.save()
    what = request.get_kind_display()
    record(milestone.task, EventKind.CHANGE_REQUESTED, user, note=f"{what}：{milestone.period_label}。{reason.strip()}")
    return request


@transaction.atomic
def decide_change(request: ChangeRequest, user, *, grant: bool, comment: str = "") -> None:
    if not grant and not comment.strip():
        raise WorkflowError(_("不同意时请写明理由。"))
    touched = ChangeRequest.objects.filter(pk=request.pk, state=ChangeState.PENDING).update(
        state=ChangeState.GRANTED if grant else ChangeState.REFUSED,
        decided_by=user,
        decided_at=timezone.now(),
        decision_comment=comment.strip(),
    )
    if not touched:
        raise WorkflowError(_("该申请已经审批过了。"))
    audit(
        request, user, {"state": request.state},
        {"state": ChangeState.GRANTED if grant else ChangeState.REFUSED},
    )
    request.refresh_from_db()
    milestone = request.milestone
    if grant:
        # The original date and target stay on record: set once, never overwritten.
        if milestone.original_due is None:
            milestone.original_due = milestone.due
            milestone.original_text = milestone.text
        if request.proposed_due:
            milestone.due = request.proposed_due
        if request.kind == ChangeKind.ADJUSTMENT and request.proposed_text:
            milestone.text = request.proposed_text
        try:
            milestone.full_clean(exclude=["task"])
        except ValidationError as exc:
            raise WorkflowError(" ".join(exc.messages)) from exc
        milestone.save(update_fields=["original_due", "original_text", "due", "text"])
    kind = EventKind.CHANGE_GRANTED if grant else EventKind.CHANGE_REFUSED
    record(request.task, kind, user, note=f"{milestone.period_label}。{comment.strip()}")
    request.task.refresh_state()
    notify.change_decided(request)
