"""Mail text from templates, with links to the configured site address (settings.SITE_URL)."""

from django.conf import settings
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    """`path` on the site's public address, never the address the request came in on."""
    return settings.SITE_URL.rstrip("/") + path


def render_mail(template_base: str, context: dict) -> tuple[str, str]:
    """(subject, body) from `<template_base>_subject.txt` and `<template_base>_body.txt`."""
    subject = render_to_string(f"{template_base}_subject.txt", context)
    body = render_to_string(f"{template_base}_body.txt", context)
    return " ".join(subject.split()), body.strip() + "\n"
