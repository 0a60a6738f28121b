"""Mails to a unit when the office decides something about its work.

A mail that cannot be sent is logged, never raised: the decision stands and shows on the
workbench whatever the mail server does.
"""

import logging

from django.urls import reverse

from accounts.models import Account
from minsheng.lib.mail import absolute_url, send_templated

logger = logging.getLogger(__name__)


def mail_unit(unit, template_base: str, context: dict) -> int:
    """Send `mail/<template_base>_*.txt` to the unit's reporters; the number of mails sent."""
    if unit is None:
        return 0
    recipients = Account.objects.reporter_emails(unit)
    try:
        return send_templated(template_base, {"unit": unit, **context}, recipients)
    except Exception:
        logger.exception("mail %s to %s not sent", template_base, unit)
        return 0


def report_url(report) -> str:
    return absolute_url(
        reverse("progress:report", kwargs={"pk": report.task_id, "period": report.period})
    )


def task_url(task) -> str:
    return absolute_url(reverse("progress:task", kwargs={"pk": task.pk}))


def report_decided(report) -> int:
    """The office approved or returned `report`."""
    task = report.task
    template = "report_returned" if report.state == "returned" else "report_approved"
    return mail_unit(
        task.lead_unit, template, {"task": task, "report": report, "link": report_url(report)}
    )


def change_decided(change) -> int:
    task = change.task
    return mail_unit(
        task.lead_unit, "change_decided", {"task": task, "change": change, "link": task_url(task)}
    )


def notice_issued(notice) -> int:
    task = notice.task
    return mail_unit(
        notice.unit, "notice_issued", {"task": task, "notice": notice, "link": task_url(task)}
    )
