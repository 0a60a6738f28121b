"""Public pages are cached whole for anonymous visitors, and dropped when published data change.

Every cache key carries a version number; any save or delete of something the public pages
show bumps it, so the next visitor gets a freshly built page. No list of keys to chase.
"""

from functools import wraps

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

VERSION_KEY = "portal:version"
TIMEOUT = 600


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        value = cache.get(VERSION_KEY, 1)
    return value


def bump(**kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def public_page(view):
    """Serve anonymous GETs from the cache; everyone else gets the live page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        # The date too: items' states move with the calendar, not only with saves.
        day = timezone.localdate().isoformat()
        key = f"portal:{version()}:{day}:{get_language()}:{request.get_full_path()}"
        hit = cache.get(key)
        if hit is not None:
            status, content_type, content, headers = hit
            response = HttpResponse(content, status=status, content_type=content_type)
            for name, value in headers.items():
                response[name] = value
            response["X-Portal-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = {
                name: response[name]
                for name in ("Content-Disposition",)
                if response.has_header(name)
            }
            cache.set(
                key, (200, response["Content-Type"], response.content, headers), TIMEOUT
            )
        return response

    return wrapped


def _connect():
    from progress.models import Attachment, ProgressRecord
    from projects.models import (
        Category,
        Jurisdiction,
        Leader,
        Milestone,
        Program,
        Task,
        TaskLeader,
        TaskUnit,
        Unit,
    )

    for model in (
        Jurisdiction, Program, Category, Task, TaskUnit, TaskLeader, Unit, Leader, Milestone,
        ProgressRecord, Attachment,
    ):
        post_save.connect(bump, sender=model, dispatch_uid=f"portal-bump-save-{model.__name__}")
        post_delete.connect(
            bump, sender=model, dispatch_uid=f"portal-bump-delete-{model.__name__}"
        )


_connect()
