"""Public pages are cached whole for anonymous visitors, and dropped when published data change.

Every cached page carries the version numbers it was built under, so no list of keys is
chased: a page whose versions moved is built again. A save or delete of
something the public pages show bumps the version of the changed object's jurisdiction (an
approval in 开平 leaves 江门's pages cached) and the global version, which the pages across
jurisdictions (home, search, 近期更新) and the API's lists carry. The same versions make the
ETag, so a repeated request with If-None-Match answers 304 without touching the database.

Each process also keeps the pages it served last in memory (`local`), under the same key and
with the version token they were built under: a hit then reads only the few bytes of the
versions from the shared cache, not the page, and serves the page only if the token still
agrees, so a save seen by any process refreshes every process's pages on their next request.
"""

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import get_language

GLOBAL = "portal:version"
# Bumped only when a change cannot be traced to its jurisdiction: then every page goes.
EPOCH = "portal:epoch"
TIMEOUT = 600


def _jurisdiction_key(code: str) -> str:
    return f"portal:version:{code}"


def _version_keys(code: str | None) -> list[str]:
    return [EPOCH, _jurisdiction_key(code)] if code else [GLOBAL]


def _start() -> int:
    """A new version number: random, so that a version lost with the cache (a flush, an
    eviction, a restart) never starts again at a number that pages or ETags were built
    under before."""
    return secrets.randbits(48)


def _token(keys: list[str], found: dict) -> str:
    """The versions among `found` as one token; a version never set yet starts at random."""
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, _start(), timeout=None)
    if missing:
        found = {**found, **cache.get_many(missing)}
    return ".".join(str(found.get(key, 1)) for key in keys)


def versions(code: str | None = None) -> str:
    """The versions a page depends on, as one token: global, or epoch and jurisdiction."""
    keys = _version_keys(code)
    return _token(keys, cache.get_many(keys))


def _incr(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, _start(), timeout=None)


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


class LocalPages:
    """The pages this process built or fetched last, least recently used dropped first,
    up to `max_bytes` of content. Entries are the shared cache's own tuples (token first)
    and expire with them; the caller serves one only when its token is current."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[str, tuple[float, int, tuple]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            expires, _size, entry = found
            if expires < time.monotonic():
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        size = len(entry[2])
        if size > self.max_bytes // 8:
            return  # one page must not push out most of the others
        with self.lock:
            if key in self.entries:
                self._drop(key)
            self.entries[key] = (time.monotonic() + TIMEOUT, size, entry)
            self.size += size
            while self.size > self.max_bytes:
                self._drop(next(iter(self.entries)))

    def _drop(self, key: str) -> None:
        self.size -= self.entries.pop(key)[1]

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


local = LocalPages(getattr(settings, "PORTAL_LOCAL_PAGES_BYTES", 16 * 1024 * 1024))


def public_page(view=None, *, scope="jurisdiction", vary=()):
    """Serve anonymous GETs from the cache, with an ETag; everyone else gets the live page.

    scope="jurisdiction": the page belongs to the jurisdiction of its `code` argument;
    scope="global": it shows several jurisdictions and follows any change.
    vary: request headers that choose the representation (the API's Accept).

    A hit costs one cache round trip: the page is stored under a key without versions,
    together with the version token it was built under, and served only if that token is
    the current versions'. A process that holds the page itself (`local`) reads only the
    versions; one that does not reads the page in the same get_many as the versions."""

    # Read from META: `request.headers` would first copy every header of the request.
    vary_meta = [f"HTTP_{name.upper().replace('-', '_')}" for name in vary]

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            keys = _version_keys(kwargs.get("code") if scope == "jurisdiction" else None)
            # The date too: items' states move with the calendar, not only with saves.
            day = timezone.localdate().isoformat()
            chosen = "|".join(request.META.get(name, "") for name in vary_meta)
            key = f"portal:page:{day}:{get_language()}:{chosen}:{request.get_full_path()}"
            asked = request.META.get("HTTP_IF_NONE_MATCH")
            # With no shared cache (DummyCache) the versions never move: nothing is kept.
            keep = request.method == "GET" and not isinstance(caches["default"], DummyCache)
            mine = local.get(key) if keep else None
            # The page's bytes are read with the versions only when this process has none
            # and the request may want them.
            want = request.method == "GET" and mine is None and not asked
            found = cache.get_many([*keys, key] if want else keys)
            token = _token(keys, found)
            tag = quote_etag(hashlib.sha1(f"{token}:{key}".encode()).hexdigest())
            if asked and (asked.strip() == "*" or tag in parse_etags(asked.replace("W/", ""))):
                response = HttpResponseNotModified()
                response["ETag"] = tag
                return response
            hit = None
            if request.method == "GET":
                if mine is not None and mine[0] == token:
                    hit = mine
                else:
                    # Another process may have built it under the current versions.
                    hit = found.get(key) if want else cache.get(key)
                    if keep and hit is not None and hit[0] == token:
                        local.put(key, hit)
            if hit is not None and hit[0] == token:
                _, content_type, content, headers = hit
                response = HttpResponse(content, content_type=content_type, headers=headers)
                response["X-Portal-Cache"] = "hit"
                response["ETag"] = tag
                return response
            response = view(request, *args, **kwargs)
            if response.status_code not in (200, 304):
                return response  # a 404 or a redirect is neither cached nor revalidated
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if (
                request.method == "GET"
                and response.status_code == 200
                and not response.streaming
                and not response.cookies
            ):
                headers = {
                    name: response[name]
                    for name in ("Content-Disposition", "X-Content-Type-Options", "Vary", "Allow")
                    if response.has_header(name)
                }
                entry = (token, response["Content-Type"], response.content, headers)
                cache.set(key, entry, TIMEOUT)
                if keep:
                    local.put(key, entry)
            response["ETag"] = tag
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
