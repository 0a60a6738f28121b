"""What the office does from the dashboard: remind a unit (催办) and record a notice."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from accounts.models import Account
from accounts.scope import scope_of
from progress import notify
from progress.choices import EventKind
from progress.workflow import record


def remind_unit(task, user) -> dict | None:
    """Mail the lead unit's reporters about `task` now; None when nobody can receive it."""
    unit = task.lead_unit
    if unit is None:
        return None
    recipients = Account.objects.reporter_emails(unit)
    if not recipients:
        return None
    link = settings.SITE_URL.rstrip("/") + reverse("progress:task", kwargs={"pk": task.pk})
    due = task.next_report_due
    lines = [f"{unit.name}：", "", f"请加快推进第{task.number}项：{task.title or task.content[:80]}"]
    if due:
        lines.append(f"下一期进展报告应于{due.month}月{due.day}日前报送。")
    # Signed by the office that sends it: a city office may remind a district's unit.
    office = scope_of(user).office or task.program.jurisdiction
    lines += ["", f"项目地址：{link}", "", f"{office}人民政府办公室督查室"]
    send_mail(f"【催办】{task.program} 第{task.number}项", "\n".join(lines), None, recipients)
    record(task, EventKind.REMINDED, user, note=f"催办：{unit.name}")
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
