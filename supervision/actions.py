"""What the office does from the dashboard: remind a unit (催办) and record a notice."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Account
from accounts.scope import scope_of
from minsheng.lib.mail import absolute_url, render_mail
from progress import notify
from progress.choices import EventKind
from progress.models import TaskEvent
from progress.workflow import record
from projects.choices import MilestoneState


def last_reminded(task, today, days: int | None = None):
    """When the office last chased `task` up (催办) within `days` days of `today`
    (settings.REMIND_AGAIN_DAYS), or None."""
    days = settings.REMIND_AGAIN_DAYS if days is None else days
    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time.min)
    )
    event = (
        TaskEvent.objects.filter(
            task=task, kind=EventKind.REMINDED, note__startswith=REMIND_NOTE, at__gte=since
        )
        .order_by("-at")
        .first()
    )
    return timezone.localtime(event.at) if event else None


REMIND_NOTE = "催办："


def remind_unit(task, user, today=None) -> dict | None:
    """Mail the lead unit's reporters about `task` now; None when nobody can receive it.

    The mail (templates/mail/remind_*.txt) lists the overdue milestones and the periods not
    reported, with full dates, and links to the task on settings.SITE_URL."""
    unit = task.lead_unit
    if unit is None:
        return None
    recipients = Account.objects.reporter_emails(unit)
    if not recipients:
        return None
    today = today or timezone.localdate()
    # Milestone.state is the one rule (a completed task has met every milestone).
    overdue = [m for m in task.milestones.all() if m.state(today) == MilestoneState.OVERDUE]
    for milestone in overdue:
        milestone.days = (today - milestone.due).days
    # Signed by the office that sends it: a city office may remind a district's unit.
    office = scope_of(user).office or task.program.jurisdiction
    context = {
        "unit": unit, "task": task, "title": task.title or task.content[:80],
        "overdue": sorted(overdue, key=lambda m: (m.due, m.position)),
        "missing": task.owed_reports(today), "due": task.next_report_due,
        "link": absolute_url(reverse("progress:task", kwargs={"pk": task.pk})),
        "office": office, "today": today,
    }
    with translation.override("zh-hans"):  # an official mail, whatever the office's language
        subject, body = render_mail("remind", context)
    send_mail(subject, body, None, recipients)
    record(task, EventKind.REMINDED, user, note=f"{REMIND_NOTE}{unit.name}")
    return {"unit": unit.name, "count": len(recipients)}


@transaction.atomic
def record_notice(form):
    notice = form.save()
    record(
        notice.task,
        EventKind.NOTICE,
        notice.created_by,
        note=f"{notice.get_kind_display()} {notice.number}，回复期限{notice.reply_due:%Y-%m-%d}",
    )
    notify.notice_issued(notice)
    return notice
