"""Public pages are cached whole for anonymous visitors, and dropped when published data change.

Every cache key carries version numbers, so no list of keys is chased: a save or delete of
something the public pages show bumps the version of the changed object's jurisdiction (an
approval in 开平 leaves 江门's pages cached) and the global version, which the pages across
jurisdictions (home, search, 近期更新) and the API's lists carry. The same versions make the
ETag, so a repeated request with If-None-Match answers 304 without touching the database.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import etag

GLOBAL = "portal:version"
# Bumped only when a change cannot be traced to its jurisdiction: then every page goes.
EPOCH = "portal:epoch"
TIMEOUT = 600


def _jurisdiction_key(code: str) -> str:
    return f"portal:version:{code}"


def versions(code: str | None = None) -> str:
    """The versions a page depends on, as one token: global, or epoch and jurisdiction."""
    keys = [EPOCH, _jurisdiction_key(code)] if code else [GLOBAL]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, 1, timeout=None)
    if missing:
        found = {**found, **cache.get_many(missing)}
    return ".".join(str(found.get(key, 1)) for key in keys)


def _incr(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


# The way from each model that the public pages show to its jurisdiction's code.
PATHS = {
    "Jurisdiction": "code",
    "Program": "jurisdiction__code",
    "Category": "program__jurisdiction__code",
    "Task": "program__jurisdiction__code",
    "TaskUnit": "task__program__jurisdiction__code",
    "TaskLeader": "task__program__jurisdiction__code",
    "Milestone": "task__program__jurisdiction__code",
    "ProgressRecord": "task__program__jurisdiction__code",
    "Attachment": "report__task__program__jurisdiction__code",
    "Unit": "jurisdiction__code",
    "Leader": "jurisdiction__code",
    "VoteSession": "jurisdiction__code",
    "Evaluation": "program__jurisdiction__code",
}


def jurisdiction_code(instance) -> str | None:
    """Follow PATHS through the relations already loaded; one query for the rest, if any."""
    obj, parts = instance, PATHS[type(instance).__name__].split("__")
    while len(parts) > 1:
        field = obj._meta.get_field(parts[0])
        if not field.is_cached(obj):
            pk = getattr(obj, field.attname)
            if pk is None:
                return None
            return (
                field.related_model._base_manager.filter(pk=pk)
                .values_list("__".join(parts[1:]), flat=True)
                .first()
            )
        obj, parts = getattr(obj, parts[0]), parts[1:]
        if obj is None:
            return None
    return getattr(obj, parts[0])


def bump(sender=None, instance=None, **kwargs) -> None:
    code = jurisdiction_code(instance) if instance is not None else None
    keys = [GLOBAL, _jurisdiction_key(code) if code else EPOCH]

    def drop():
        for key in keys:
            _incr(key)

    drop()
    # Again at commit: a page read between the save and the commit holds the old data.
    transaction.on_commit(drop)


def public_page(view=None, *, scope="jurisdiction", vary=()):
    """Serve anonymous GETs from the cache, with an ETag; everyone else gets the live page.

    scope="jurisdiction": the page belongs to the jurisdiction of its `code` argument;
    scope="global": it shows several jurisdictions and follows any change.
    vary: request headers that choose the representation (the API's Accept)."""

    def decorate(view):
        def page_key(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
                return None
            if not hasattr(request, "portal_key"):  # once: the ETag and the cache share it
                code = kwargs.get("code") if scope == "jurisdiction" else None
                # The date too: items' states move with the calendar, not only with saves.
                day = timezone.localdate().isoformat()
                path = request.get_full_path()
                chosen = "|".join(request.headers.get(name, "") for name in vary)
                request.portal_key = (
                    f"portal:{versions(code)}:{day}:{get_language()}:{chosen}:{path}"
                )
            return request.portal_key

        def page_etag(request, *args, **kwargs):
            key = page_key(request, *args, **kwargs)
            return hashlib.sha1(key.encode()).hexdigest() if key else None

        @wraps(view)
        def cached(request, *args, **kwargs):
            if request.method != "GET" or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            key = page_key(request, *args, **kwargs)
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
                    for name in ("Content-Disposition", "X-Content-Type-Options", "Vary", "Allow")
                    if response.has_header(name)
                }
                cache.set(
                    key, (200, response["Content-Type"], response.content, headers), TIMEOUT
                )
            return response

        conditional = etag(page_etag)(cached)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = conditional(request, *args, **kwargs)
            if response.status_code not in (200, 304):
                del response["ETag"]  # a 404 or a redirect is not revalidated
            return response

        return wrapped

    return decorate(view) if view is not None else decorate


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
