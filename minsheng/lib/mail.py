"""Mail the portal sends: text in templates (templates/mail/), links from SITE_URL.

A mail is two templates, `<base>_subject.txt` (one line) and `<base>_body.txt`; both start
with {% autoescape off %}: mails are plain text, not HTML.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    """The address of `path` on the site as configured (SITE_URL), for mails read elsewhere."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def render_mail(template_base: str, context: dict) -> tuple[str, str]:
    """(subject, body) from `mail/<template_base>_subject.txt` and `_body.txt`."""
    subject = render_to_string(f"mail/{template_base}_subject.txt", context)
    # A subject is one line whatever the template's line breaks.
    subject = " ".join(subject.split())
    body = render_to_string(f"mail/{template_base}_body.txt", context).strip() + "\n"
    return subject, body


def send_templated(template_base: str, context: dict, recipients: list[str]) -> int:
    """Render and send one mail to `recipients`; 0 when there is nobody to send to."""
    if not recipients:
        return 0
    subject, body = render_mail(template_base, context)
    return send_mail(subject, body, None, list(recipients))
