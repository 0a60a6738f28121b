"""Deployment checks for the public pages."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PROCESS_LOCAL = "django.core.cache.backends.locmem.LocMemCache"


@register(Tags.caches, deploy=True)
def shared_page_cache(app_configs, **kwargs):
    """The page cache's versions live in the default cache. A process-local one gives every
    server process its own versions, so a save in one process leaves the pages another has
    cached, and their ETags, as they were until they expire."""
    if settings.CACHES["default"]["BACKEND"] != PROCESS_LOCAL:
        return []
    return [
        Warning(
            "The default cache is process-local: with more than one server process, a change "
            "saved in one is not seen on the public pages the others have cached.",
            hint="Set REDIS_URL (cache and sessions in Redis), as README 'Running it as a "
            "service' does; or serve with a single process.",
            id="portal.W001",
        )
    ]
